// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/apply/ApplyPaths.h"

#include "util/RawPath.h"

#include <sys/stat.h>

namespace st::apply {

mode_t expectedFileType(EntryType type)
{
    switch (type) {
    case EntryType::File:
    case EntryType::HardLink:
        return S_IFREG;
    case EntryType::Directory:
        return S_IFDIR;
    case EntryType::Symlink:
        return S_IFLNK;
    case EntryType::Fifo:
        return S_IFIFO;
    case EntryType::CharDevice:
        return S_IFCHR;
    case EntryType::BlockDevice:
        return S_IFBLK;
    }
    return 0;
}

QString fileTypeName(mode_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return QStringLiteral("file");
    case S_IFDIR: return QStringLiteral("directory");
    case S_IFLNK: return QStringLiteral("symlink");
    case S_IFIFO: return QStringLiteral("fifo");
    case S_IFCHR: return QStringLiteral("character device");
    case S_IFBLK: return QStringLiteral("block device");
    case S_IFSOCK: return QStringLiteral("socket");
    default: return QStringLiteral("unknown file type");
    }
}

QString entryKindName(EntryType type)
{
    return type == EntryType::HardLink ? QStringLiteral("file") : entryTypeName(type);
}

QSet<QByteArray> implicitDirectories(const Manifest &manifest)
{
    QSet<QByteArray> out;
    for (const ManifestEntry &e : manifest.entries()) {
        QByteArray dir = parentPath(e.path);
        while (!dir.isEmpty() && !out.contains(dir) && manifest.indexOf(dir) < 0) {
            out.insert(dir);
            dir = parentPath(dir);
        }
    }
    return out;
}

int pathDepth(const QByteArray &path)
{
    return path.isEmpty() ? 0 : static_cast<int>(path.count('/')) + 1;
}

bool isAtOrBelowAny(const QByteArray &path, const QList<QByteArray> &dirs)
{
    for (const QByteArray &d : dirs)
        if (isSameOrBelow(path, d))
            return true;
    return false;
}

bool isAncestorOfAny(const QByteArray &path, const QList<QByteArray> &paths)
{
    for (const QByteArray &p : paths)
        if (p != path && isSameOrBelow(p, path))
            return true;
    return false;
}

}  // namespace st::apply
