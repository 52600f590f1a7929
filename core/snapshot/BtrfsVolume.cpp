// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot/BtrfsVolume.h"

#include "util/RawPath.h"
#include "util/UniqueFd.h"

#include <linux/btrfs.h>
#include <linux/magic.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <fcntl.h>

#include <cerrno>

namespace st {

namespace {

constexpr ino_t kSubvolumeRootInode = 256;  // BTRFS_FIRST_FREE_OBJECTID

QString uuidHex(const unsigned char *uuid)
{
    const QByteArray raw(reinterpret_cast<const char *>(uuid), BTRFS_UUID_SIZE);
    if (raw == QByteArray(BTRFS_UUID_SIZE, '\0'))
        return {};
    return QString::fromLatin1(raw.toHex());
}

Result<UniqueFd> openDirectory(const QByteArray &path)
{
    UniqueFd fd(::open(path.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid())
        return errnoError(errno, QStringLiteral("cannot open \"%1\"").arg(displayPath(path)));
    return fd;
}

QByteArray parentOf(const QByteArray &path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash <= 0 ? QByteArrayLiteral("/") : path.left(slash);
}

}  // namespace

bool isBtrfsSubvolumeRoot(const QByteArray &path)
{
    struct stat st {};
    struct statfs fs {};
    return ::lstat(path.constData(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_ino == kSubvolumeRootInode
           && ::statfs(path.constData(), &fs) == 0 && fs.f_type == BTRFS_SUPER_MAGIC;
}

Result<QByteArray> btrfsSubvolumeRootOf(const QByteArray &canonicalPath, const QByteArray &mountPoint)
{
    struct stat st {};
    if (::lstat(canonicalPath.constData(), &st) != 0)
        return errnoError(errno, QStringLiteral("cannot inspect \"%1\"").arg(displayPath(canonicalPath)));
    const dev_t device = st.st_dev;
    QByteArray current = canonicalPath;
    for (;;) {
        if (S_ISDIR(st.st_mode) && st.st_ino == kSubvolumeRootInode)
            return current;
        if (current == mountPoint || current == "/")
            break;
        current = parentOf(current);
        if (::lstat(current.constData(), &st) != 0)
            return errnoError(errno, QStringLiteral("cannot inspect \"%1\"").arg(displayPath(current)));
        if (st.st_dev != device)
            break;
    }
    return makeError(ErrorCode::Io, QStringLiteral("the btrfs subvolume holding \"%1\" has its root outside the mount "
                                                   "\"%2\" (a mounted subdirectory): mount the subvolume itself to snapshot it")
                                        .arg(displayPath(canonicalPath), displayPath(mountPoint)));
}

Result<QString> btrfsFilesystemUuid(const QByteArray &path)
{
    Result<UniqueFd> fd = openDirectory(path);
    if (!fd)
        return fd.error();
    struct btrfs_ioctl_fs_info_args args {};
    if (::ioctl(fd->get(), BTRFS_IOC_FS_INFO, &args) < 0)
        return errnoError(errno, QStringLiteral("cannot read the btrfs filesystem UUID of \"%1\"").arg(displayPath(path)));
    return uuidHex(args.fsid);
}

Result<BtrfsSubvolumeInfo> btrfsSubvolumeInfo(const QByteArray &path)
{
    Result<UniqueFd> fd = openDirectory(path);
    if (!fd)
        return fd.error();
    struct btrfs_ioctl_get_subvol_info_args args {};
    // Some kernels return 1 (a btree search's "not exact" result) after filling in everything.
    if (::ioctl(fd->get(), BTRFS_IOC_GET_SUBVOL_INFO, &args) < 0)
        return errnoError(errno, QStringLiteral("cannot read btrfs subvolume information of \"%1\"").arg(displayPath(path)));
    BtrfsSubvolumeInfo info;
    info.uuid = uuidHex(args.uuid);
    info.parentUuid = uuidHex(args.parent_uuid);
    __u64 flags = 0;  // args.flags holds the root item's flags, not the ioctl ones: ask for those
    if (::ioctl(fd->get(), BTRFS_IOC_SUBVOL_GETFLAGS, &flags) < 0)
        return errnoError(errno, QStringLiteral("cannot read the btrfs subvolume flags of \"%1\"").arg(displayPath(path)));
    info.readOnly = (flags & BTRFS_SUBVOL_RDONLY) != 0;
    info.id = args.treeid;
    return info;
}

Result<QStringList> btrfsSnapshotCommand(const QByteArray &subvolumeRoot, const QByteArray &snapshotPath)
{
    Result<QString> source = pathArgument(subvolumeRoot);
    if (!source)
        return source.error();
    Result<QString> dest = pathArgument(snapshotPath);
    if (!dest)
        return dest.error();
    return QStringList{QStringLiteral("btrfs"), QStringLiteral("subvolume"), QStringLiteral("snapshot"),
                       QStringLiteral("-r"), *source, *dest};
}

Result<QStringList> btrfsDeleteCommand(const QByteArray &snapshotPath)
{
    Result<QString> path = pathArgument(snapshotPath);
    if (!path)
        return path.error();
    return QStringList{QStringLiteral("btrfs"), QStringLiteral("subvolume"), QStringLiteral("delete"), *path};
}

Result<QByteArray> ensureBtrfsSnapshotDir(const QByteArray &subvolumeRoot)
{
    const QByteArray dir = (subvolumeRoot == "/" ? QByteArray() : subvolumeRoot) + '/' + kBtrfsSnapshotDirName;
    if (::mkdir(dir.constData(), 0700) != 0 && errno != EEXIST)
        return errnoError(errno, QStringLiteral("cannot create \"%1\"").arg(displayPath(dir)));
    struct stat st {};
    if (::lstat(dir.constData(), &st) != 0)
        return errnoError(errno, QStringLiteral("cannot inspect \"%1\"").arg(displayPath(dir)));
    if (!S_ISDIR(st.st_mode))
        return makeError(ErrorCode::Io, QStringLiteral("\"%1\" exists and is not a directory: move it away so snapshots "
                                                       "can be created there").arg(displayPath(dir)));
    return dir;
}

Status removeDirIfEmpty(const QByteArray &dir)
{
    if (::rmdir(dir.constData()) == 0 || errno == ENOTEMPTY || errno == EEXIST || errno == ENOENT)
        return {};
    return errnoError(errno, QStringLiteral("cannot remove \"%1\"").arg(displayPath(dir)));
}

}  // namespace st
