// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/apply/FsWalk.h"

#include "util/RawPath.h"
#include "util/SafeFs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace st::apply {

Result<QList<QByteArray>> listDirectory(int dirFd, const QByteArray &path)
{
    const int dupFd = fcntl(dirFd, F_DUPFD_CLOEXEC, 0);
    if (dupFd < 0)
        return errnoError(errno, QStringLiteral("cannot read directory %1").arg(displayPath(path)));
    DIR *dir = fdopendir(dupFd);
    if (!dir) {
        const int err = errno;
        ::close(dupFd);
        return errnoError(err, QStringLiteral("cannot read directory %1").arg(displayPath(path)));
    }
    rewinddir(dir);
    QList<QByteArray> names;
    errno = 0;
    while (dirent *e = readdir(dir)) {
        const QByteArray name(e->d_name);
        if (name != "." && name != "..")
            names.append(name);
        errno = 0;
    }
    const int err = errno;
    closedir(dir);
    if (err != 0)
        return errnoError(err, QStringLiteral("cannot read directory %1").arg(displayPath(path)));
    return names;
}

Result<UniqueFd> openForReading(int dirFd, const QByteArray &relPath, int flags)
{
    Result<UniqueFd> fd = openBeneath(dirFd, relPath, O_RDONLY | O_NOATIME | flags);
    if (!fd && fd.error().code == ErrorCode::Permission)
        return openBeneath(dirFd, relPath, O_RDONLY | flags);
    return fd;
}

Result<bool> isMountRoot(int dirFd, const QByteArray &name, const QByteArray &path)
{
    struct statx stx {};
    if (statx(dirFd, name.constData(), AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_TYPE, &stx) != 0)
        return errnoError(errno, QStringLiteral("cannot stat %1").arg(displayPath(path)));
    if (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
        return (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
    // Kernels before 5.8: a mount point sits on another device than its parent.
    struct stat self {}, parent {};
    if (fstatat(dirFd, name.constData(), &self, AT_SYMLINK_NOFOLLOW) != 0 || fstat(dirFd, &parent) != 0)
        return errnoError(errno, QStringLiteral("cannot stat %1").arg(displayPath(path)));
    return self.st_dev != parent.st_dev;
}

Result<QByteArray> findMountPoint(int dirFd, const QByteArray &name, const QByteArray &path)
{
    Result<bool> mount = isMountRoot(dirFd, name, path);
    if (!mount)
        return mount.error();
    if (*mount)
        return path;
    struct stat st {};
    if (fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errnoError(errno, QStringLiteral("cannot stat %1").arg(displayPath(path)));
    if (!S_ISDIR(st.st_mode))
        return QByteArray();
    Result<UniqueFd> fd = openForReading(dirFd, name, O_DIRECTORY);
    if (!fd)
        return fd.error();
    Result<QList<QByteArray>> children = listDirectory(fd->get(), path);
    if (!children)
        return children.error();
    for (const QByteArray &child : *children) {
        struct stat cst {};
        if (fstatat(fd->get(), child.constData(), &cst, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT)
                continue;
            return errnoError(errno, QStringLiteral("cannot stat %1").arg(displayPath(joinPath(path, child))));
        }
        if (!S_ISDIR(cst.st_mode))
            continue;
        Result<QByteArray> below = findMountPoint(fd->get(), child, joinPath(path, child));
        if (!below || !below->isEmpty())
            return below;
    }
    return QByteArray();
}

}  // namespace st::apply
