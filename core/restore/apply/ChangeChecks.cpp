// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/apply/ChangeChecks.h"

#include "restore/apply/FsWalk.h"
#include "util/RawPath.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>

namespace st::apply {

namespace {
QString where(const QByteArray &path)
{
    return path.isEmpty() ? QStringLiteral("the root") : displayPath(path);
}

/** statx attributes of (@p dirFd, @p name); @p name empty: @p dirFd itself. */
Result<quint64> attributesOf(int dirFd, const QByteArray &name, const QByteArray &path)
{
    struct statx stx {};
    const int flags = AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | (name.isEmpty() ? AT_EMPTY_PATH : 0);
    if (statx(dirFd, name.isEmpty() ? "" : name.constData(), flags, STATX_TYPE, &stx) != 0)
        return errnoError(errno, QStringLiteral("cannot stat %1").arg(where(path)));
    return static_cast<quint64>(stx.stx_attributes & stx.stx_attributes_mask);
}

Status checkAttributes(quint64 attributes, const QByteArray &path, bool appendMatters)
{
    if (attributes & STATX_ATTR_IMMUTABLE)
        return makeError(ErrorCode::Permission, QStringLiteral("%1 is immutable: clear the flag (chattr -i) or exclude it").arg(where(path)));
    if (appendMatters && (attributes & STATX_ATTR_APPEND))
        return makeError(ErrorCode::Permission, QStringLiteral("%1 is append-only: clear the flag (chattr -a) or exclude it").arg(where(path)));
    return {};
}
}  // namespace

Status checkDirectoryWritable(int dirFd, const QByteArray &path, bool removes)
{
    if (faccessat(dirFd, ".", W_OK | X_OK, 0) != 0) {
        const int err = errno;
        if (err == EROFS)
            return makeError(ErrorCode::Permission, QStringLiteral("%1 is on a read-only filesystem: remount it read-write or exclude it").arg(where(path)));
        if (err != EPERM)  // EPERM: immutable, named below
            return errnoError(err, QStringLiteral("cannot write to directory %1").arg(where(path)));
    }
    Result<quint64> attributes = attributesOf(dirFd, {}, path);
    if (!attributes)
        return attributes.error();
    return checkAttributes(*attributes, path, removes);
}

Status checkNodeChangeable(int dirFd, const QByteArray &name, const QByteArray &path)
{
    Result<quint64> attributes = attributesOf(dirFd, name, path);
    if (!attributes)
        return attributes.error();
    return checkAttributes(*attributes, path, true);
}

Status checkMetadataChangeable(int dirFd, const QByteArray &name, const QByteArray &path)
{
    if (Status s = checkNodeChangeable(dirFd, name, path); !s)
        return s;
    struct statvfs vfs {};
    Result<UniqueFd> fd = openForReading(dirFd, name, O_DIRECTORY);
    if (!fd)
        return fd.error();
    if (fstatvfs(fd->get(), &vfs) != 0)
        return errnoError(errno, QStringLiteral("cannot stat the filesystem of %1").arg(where(path)));
    if (vfs.f_flag & ST_RDONLY)
        return makeError(ErrorCode::Permission, QStringLiteral("%1 is on a read-only filesystem: remount it read-write or exclude it").arg(where(path)));
    return {};
}

Status checkRemovable(int dirFd, const QByteArray &name, const QByteArray &path, const CancelToken &cancel)
{
    if (cancel.isCancelled())
        return makeError(ErrorCode::Cancelled, QStringLiteral("cancelled while checking %1").arg(where(path)));
    if (Status s = checkNodeChangeable(dirFd, name, path); !s)
        return s;
    struct stat st {};
    if (fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errnoError(errno, QStringLiteral("cannot stat %1").arg(where(path)));
    if (!S_ISDIR(st.st_mode))
        return {};
    Result<UniqueFd> fd = openForReading(dirFd, name, O_DIRECTORY);
    if (!fd)
        return fd.error();
    if (Status s = checkDirectoryWritable(fd->get(), path, true); !s)
        return s;
    Result<QList<QByteArray>> children = listDirectory(fd->get(), path);
    if (!children)
        return children.error();
    for (const QByteArray &child : *children)
        if (Status s = checkRemovable(fd->get(), child, joinPath(path, child), cancel); !s)
            return s;
    return {};
}

}  // namespace st::apply
