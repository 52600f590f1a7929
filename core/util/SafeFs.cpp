// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/SafeFs.h"

#include "util/RawPath.h"

#include <QList>

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace st {

namespace {
long sysOpenat2(int dirfd, const char *path, open_how *how)
{
    return syscall(SYS_openat2, dirfd, path, how, sizeof(open_how));
}

Error fsError(int err, const QString &what, const QByteArray &path)
{
    Error e = errnoError(err, what + QLatin1Char(' ') + displayPath(path));
    if (err == ENOENT)
        e.details = QStringLiteral("ENOENT");
    else if (err == ELOOP || err == EXDEV)
        e.code = ErrorCode::Hostile;
    return e;
}
}  // namespace

Result<UniqueFd> openBeneath(int rootFd, const QByteArray &relPath, int flags, mode_t mode)
{
    open_how how{};
    how.flags = static_cast<__u64>(flags | O_CLOEXEC | O_NOFOLLOW);
    how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    const QByteArray path = relPath.isEmpty() ? QByteArrayLiteral(".") : relPath;
    long fd;
    do {
        fd = sysOpenat2(rootFd, path.constData(), &how);
    } while (fd < 0 && (errno == EINTR || errno == EAGAIN));
    if (fd < 0)
        return fsError(errno, QStringLiteral("cannot open"), relPath);
    return UniqueFd(static_cast<int>(fd));
}

Result<ParentAndName> openParentBeneath(int rootFd, const QByteArray &relPath)
{
    if (const auto why = unsafePathReason(relPath))
        return makeError(ErrorCode::Hostile, QStringLiteral("unsafe path %1: %2").arg(displayPath(relPath), *why));
    Result<UniqueFd> parent = openBeneath(rootFd, parentPath(relPath), O_RDONLY | O_DIRECTORY);
    if (!parent)
        return parent.error();
    return ParentAndName{std::move(*parent), baseName(relPath)};
}

Result<struct stat> lstatBeneath(int rootFd, const QByteArray &relPath)
{
    struct stat st{};
    if (relPath.isEmpty()) {
        if (fstat(rootFd, &st) != 0)
            return fsError(errno, QStringLiteral("cannot stat"), relPath);
        return st;
    }
    Result<ParentAndName> pn = openParentBeneath(rootFd, relPath);
    if (!pn)
        return pn.error();
    if (fstatat(pn->parent.get(), pn->name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return fsError(errno, QStringLiteral("cannot stat"), relPath);
    return st;
}

bool isNotFound(const Error &error)
{
    return error.details == QStringLiteral("ENOENT");
}

Status removeRecursiveAt(int dirFd, const QByteArray &name)
{
    struct stat st{};
    if (fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return {};
        return fsError(errno, QStringLiteral("cannot stat"), name);
    }
    if (!S_ISDIR(st.st_mode)) {
        if (unlinkat(dirFd, name.constData(), 0) != 0 && errno != ENOENT)
            return fsError(errno, QStringLiteral("cannot remove"), name);
        return {};
    }
    const int fd = openat(dirFd, name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return fsError(errno, QStringLiteral("cannot open"), name);
    DIR *dir = fdopendir(fd);
    if (!dir) {
        const int err = errno;
        ::close(fd);
        return fsError(err, QStringLiteral("cannot read"), name);
    }
    QList<QByteArray> children;
    while (dirent *e = readdir(dir)) {
        const QByteArray child(e->d_name);
        if (child != "." && child != "..")
            children.append(child);
    }
    Status result;
    for (const QByteArray &child : children) {
        if (Status s = removeRecursiveAt(dirfd(dir), child); !s) {
            result = s;
            break;
        }
    }
    closedir(dir);
    if (!result)
        return result;
    if (unlinkat(dirFd, name.constData(), AT_REMOVEDIR) != 0 && errno != ENOENT)
        return fsError(errno, QStringLiteral("cannot remove directory"), name);
    return {};
}

}  // namespace st
