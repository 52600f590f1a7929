// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot/MountTable.h"

#include "util/RawPath.h"

#include <QFile>

#include <sys/stat.h>
#include <sys/vfs.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>

namespace st {

bool MountEntry::readOnly() const
{
    return mountOptions.split(',').contains(QByteArrayLiteral("ro"));
}

QByteArray MountEntry::option(const QByteArray &name) const
{
    for (const QByteArray *list : {&mountOptions, &superOptions}) {
        for (const QByteArray &opt : list->split(',')) {
            if (opt == name)
                return QByteArrayLiteral("");
            if (opt.startsWith(name + '='))
                return opt.mid(name.size() + 1);
        }
    }
    return {};
}

QByteArray unescapeMountField(const QByteArray &field)
{
    QByteArray out;
    out.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        const char c = field[i];
        if (c == '\\' && i + 3 < field.size()) {
            const QByteArray digits = field.mid(i + 1, 3);
            bool octal = digits.size() == 3;
            for (const char d : digits)
                octal = octal && d >= '0' && d <= '7';
            if (octal) {
                out.append(char(((digits[0] - '0') << 6) | ((digits[1] - '0') << 3) | (digits[2] - '0')));
                i += 3;
                continue;
            }
        }
        out.append(c);
    }
    return out;
}

Result<QList<MountEntry>> parseMountInfo(const QByteArray &text)
{
    QList<MountEntry> mounts;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QByteArray &line = lines[n];
        if (line.trimmed().isEmpty())
            continue;
        const QList<QByteArray> f = line.split(' ');
        const qsizetype dash = f.indexOf(QByteArrayLiteral("-"), 6);
        const QList<QByteArray> dev = f.size() > 2 ? f[2].split(':') : QList<QByteArray>();
        bool okId = false, okParent = false, okMajor = false, okMinor = false;
        MountEntry m;
        if (dash >= 6 && dash + 2 < f.size() && dev.size() == 2) {
            m.mountId = f[0].toInt(&okId);
            m.parentId = f[1].toInt(&okParent);
            m.major = dev[0].toUInt(&okMajor);
            m.minor = dev[1].toUInt(&okMinor);
        }
        if (!okId || !okParent || !okMajor || !okMinor)
            return makeError(ErrorCode::Io, QStringLiteral("mount table line %1 is malformed: %2")
                                                .arg(n + 1).arg(QString::fromUtf8(line.left(200))));
        m.root = unescapeMountField(f[3]);
        m.mountPoint = unescapeMountField(f[4]);
        m.mountOptions = f[5];
        m.fsType = unescapeMountField(f[dash + 1]);
        m.source = unescapeMountField(f[dash + 2]);
        m.superOptions = dash + 3 < f.size() ? f[dash + 3] : QByteArray();
        mounts.append(m);
    }
    return mounts;
}

Result<QList<MountEntry>> readMountTable()
{
    QFile file(QStringLiteral("/proc/self/mountinfo"));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read /proc/self/mountinfo: %1").arg(file.errorString()));
    return parseMountInfo(file.readAll());
}

const MountEntry *findMount(const QList<MountEntry> &mounts, const QByteArray &canonicalPath)
{
    const MountEntry *best = nullptr;
    for (const MountEntry &m : mounts) {
        const bool holds = m.mountPoint == "/" || canonicalPath == m.mountPoint
                           || canonicalPath.startsWith(m.mountPoint + '/');
        if (holds && (!best || m.mountPoint.size() >= best->mountPoint.size()))
            best = &m;
    }
    return best;
}

QList<QByteArray> mountPointsBelow(const QList<MountEntry> &mounts, const QByteArray &canonicalDir)
{
    const QByteArray prefix = canonicalDir == "/" ? canonicalDir : canonicalDir + '/';
    QList<QByteArray> below;
    for (const MountEntry &m : mounts) {
        if (m.mountPoint.size() > prefix.size() && m.mountPoint.startsWith(prefix))
            below.append(m.mountPoint.mid(prefix.size()));
    }
    std::sort(below.begin(), below.end());
    below.erase(std::unique(below.begin(), below.end()), below.end());
    return below;
}

Result<QByteArray> canonicalPath(const QByteArray &absPath)
{
    if (!absPath.startsWith('/'))
        return makeError(ErrorCode::Internal, QStringLiteral("\"%1\" is not absolute").arg(displayPath(absPath)));
    struct stat st {};
    if (::lstat(absPath.constData(), &st) != 0)
        return errnoError(errno, QStringLiteral("cannot inspect \"%1\"").arg(displayPath(absPath)));
    QByteArray dir = absPath;
    QByteArray leaf;
    if (S_ISLNK(st.st_mode)) {
        const qsizetype slash = absPath.lastIndexOf('/');
        dir = slash == 0 ? QByteArrayLiteral("/") : absPath.left(slash);
        leaf = absPath.mid(slash + 1);
    }
    char buffer[PATH_MAX];
    if (!::realpath(dir.constData(), buffer))
        return errnoError(errno, QStringLiteral("cannot resolve \"%1\"").arg(displayPath(dir)));
    QByteArray resolved(buffer);
    if (!leaf.isEmpty())
        resolved = resolved == "/" ? '/' + leaf : resolved + '/' + leaf;
    return resolved;
}

QByteArray relativeTo(const QByteArray &path, const QByteArray &base)
{
    if (path == base)
        return {};
    if (base == "/")
        return path.mid(1);
    return path.mid(base.size() + 1);
}

Result<VolumeInfo> volumeFor(const QByteArray &canonicalPath, const QList<MountEntry> &mounts)
{
    const MountEntry *mount = findMount(mounts, canonicalPath);
    if (!mount)
        return makeError(ErrorCode::Io, QStringLiteral("no mount in /proc/self/mountinfo holds \"%1\"")
                                            .arg(displayPath(canonicalPath)));
    VolumeInfo info;
    info.path = canonicalPath;
    info.mount = *mount;
    struct statfs fs {};
    if (::statfs(mount->mountPoint.constData(), &fs) != 0)
        return errnoError(errno, QStringLiteral("cannot statfs \"%1\"").arg(displayPath(mount->mountPoint)));
    info.fsMagic = qint64(fs.f_type);
    return info;
}

}  // namespace st
