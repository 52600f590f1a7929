// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/LocalSystemProbe.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

namespace st {

namespace {

/** The fstype column of /proc/self/mountinfo for mount @p mountId, or empty. */
QString mountInfoType(quint64 mountId)
{
    QFile file(QStringLiteral("/proc/self/mountinfo"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray prefix = QByteArray::number(mountId) + ' ';
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.startsWith(prefix))
            continue;
        // "<id> <parent> <maj:min> <root> <mount point> <options> [optional...] - <fstype> <source> <super options>"
        const qsizetype dash = line.indexOf(" - ");
        if (dash < 0)
            return {};
        const QByteArray rest = line.mid(dash + 3);
        return QString::fromUtf8(rest.left(rest.indexOf(' ')));
    }
    return {};
}

/** The name the mount table gives the filesystem of @p path (exact: matched by mount ID). */
QString mountTypeName(const QByteArray &path)
{
    struct statx stx {};
    if (::statx(AT_FDCWD, path.constData(), AT_NO_AUTOMOUNT, STATX_MNT_ID, &stx) != 0 || !(stx.stx_mask & STATX_MNT_ID))
        return {};
    return mountInfoType(stx.stx_mnt_id);
}

}  // namespace

QString fileSystemTypeName(quint64 magic)
{
    switch (magic) {
    case BTRFS_SUPER_MAGIC: return QStringLiteral("btrfs");
    case EXT4_SUPER_MAGIC: return QStringLiteral("ext2/3/4");
    case XFS_SUPER_MAGIC: return QStringLiteral("xfs");
    case TMPFS_MAGIC: return QStringLiteral("tmpfs");
    case OVERLAYFS_SUPER_MAGIC: return QStringLiteral("overlay");
    case SQUASHFS_MAGIC: return QStringLiteral("squashfs");
    case NFS_SUPER_MAGIC: return QStringLiteral("nfs");
    case F2FS_SUPER_MAGIC: return QStringLiteral("f2fs");
    case MSDOS_SUPER_MAGIC: return QStringLiteral("vfat");
    case REISERFS_SUPER_MAGIC: return QStringLiteral("reiserfs");
    case 0x2fc12fc1: return QStringLiteral("zfs");            // not in linux/magic.h
    case 0x65735546: return QStringLiteral("fuse");           // FUSE_SUPER_MAGIC (linux/fs.h internal)
    case 0x5346544e: return QStringLiteral("ntfs");
    case 0xca451a4e: return QStringLiteral("bcachefs");
    default: return QStringLiteral("0x") + QString::number(magic, 16);
    }
}

quint32 LocalSystemProbe::effectiveUid() const
{
    return ::geteuid();
}

Result<FileSystemInfo> LocalSystemProbe::fileSystem(const QString &path) const
{
    if (path.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("filesystem check: no path given"));
    QString current = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    struct statfs sfs {};
    for (;;) {
        if (::statfs(QFile::encodeName(current).constData(), &sfs) == 0)
            break;
        const int err = errno;
        if ((err != ENOENT && err != ENOTDIR) || current == QLatin1String("/"))
            return errnoError(err, QStringLiteral("statfs %1").arg(current));
        current = QFileInfo(current).path();  // nearest existing ancestor
    }
    FileSystemInfo info;
    info.measuredPath = current;
    info.typeMagic = static_cast<quint64>(sfs.f_type);
    info.typeName = mountTypeName(QFile::encodeName(current));
    if (info.typeName.isEmpty())
        info.typeName = fileSystemTypeName(info.typeMagic);
    info.availableBytes = static_cast<qint64>(sfs.f_bavail) * static_cast<qint64>(sfs.f_bsize);
    return info;
}

bool LocalSystemProbe::isExecutableFile(const QString &path) const
{
    const QByteArray encoded = QFile::encodeName(path);
    struct stat sb {};
    return ::stat(encoded.constData(), &sb) == 0 && S_ISREG(sb.st_mode) && ::access(encoded.constData(), X_OK) == 0;
}

}  // namespace st
