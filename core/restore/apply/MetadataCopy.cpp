// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/apply/MetadataCopy.h"

#include "util/RawPath.h"

#include <QSet>

#include <fcntl.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>

namespace st::apply {

namespace {

bool unsupported(int err)
{
    return err == ENOTSUP || err == EOPNOTSUPP;
}

Error nodeError(int err, const QString &what, const NodeRef &node)
{
    return errnoError(err, what + QLatin1Char(' ') + displayPath(node.path));
}

/** The path the l*xattr calls use for a dirfd+name node. */
QByteArray procPath(const NodeRef &node)
{
    return QByteArrayLiteral("/proc/self/fd/") + QByteArray::number(node.dirFd) + '/' + node.name;
}

ssize_t listNames(const NodeRef &node, char *buf, size_t size)
{
    if (node.fd >= 0)
        return flistxattr(node.fd, buf, size);
    return llistxattr(procPath(node).constData(), buf, size);
}

ssize_t getValue(const NodeRef &node, const char *name, void *buf, size_t size)
{
    if (node.fd >= 0)
        return fgetxattr(node.fd, name, buf, size);
    return lgetxattr(procPath(node).constData(), name, buf, size);
}

int setValue(const NodeRef &node, const Xattr &x)
{
    const auto size = static_cast<size_t>(x.value.size());
    if (node.fd >= 0)
        return fsetxattr(node.fd, x.name.constData(), x.value.constData(), size, 0);
    return lsetxattr(procPath(node).constData(), x.name.constData(), x.value.constData(), size, 0);
}

int removeValue(const NodeRef &node, const QByteArray &name)
{
    if (node.fd >= 0)
        return fremovexattr(node.fd, name.constData());
    return lremovexattr(procPath(node).constData(), name.constData());
}

Result<QList<QByteArray>> xattrNames(const NodeRef &node)
{
    QByteArray buf;
    for (int attempt = 0; attempt < 8; ++attempt) {
        const ssize_t need = listNames(node, nullptr, 0);
        if (need < 0) {
            if (unsupported(errno))
                return QList<QByteArray>();
            return nodeError(errno, QStringLiteral("cannot list extended attributes of"), node);
        }
        if (need == 0)
            return QList<QByteArray>();
        buf.resize(need);
        const ssize_t got = listNames(node, buf.data(), static_cast<size_t>(buf.size()));
        if (got < 0 && errno == ERANGE)
            continue;  // grew in between
        if (got < 0)
            return nodeError(errno, QStringLiteral("cannot list extended attributes of"), node);
        QList<QByteArray> names;
        for (const QByteArray &n : buf.left(got).split('\0'))
            if (!n.isEmpty())
                names.append(n);
        return names;
    }
    return makeError(ErrorCode::Io, QStringLiteral("extended attributes of %1 keep changing").arg(displayPath(node.path)));
}

Result<QList<Xattr>> readXattrs(const NodeRef &node)
{
    Result<QList<QByteArray>> names = xattrNames(node);
    if (!names)
        return names.error();
    QList<Xattr> out;
    for (const QByteArray &name : *names) {
        QByteArray value;
        bool done = false;
        for (int attempt = 0; attempt < 8 && !done; ++attempt) {
            const ssize_t need = getValue(node, name.constData(), nullptr, 0);
            if (need < 0 && errno == ENODATA) {
                done = true;  // removed in between
                break;
            }
            if (need < 0)
                return nodeError(errno, QStringLiteral("cannot read extended attribute %1 of").arg(QString::fromUtf8(name)), node);
            value.resize(need);
            const ssize_t got = need == 0 ? 0 : getValue(node, name.constData(), value.data(), static_cast<size_t>(need));
            if (got < 0 && errno == ERANGE)
                continue;
            if (got < 0)
                return nodeError(errno, QStringLiteral("cannot read extended attribute %1 of").arg(QString::fromUtf8(name)), node);
            value.truncate(got);
            out.append(Xattr{name, value});
            done = true;
        }
        if (!done)
            return makeError(ErrorCode::Io, QStringLiteral("extended attribute %1 of %2 keeps changing")
                                                .arg(QString::fromUtf8(name), displayPath(node.path)));
    }
    return out;
}

Status writeXattrs(const NodeRef &node, const QList<Xattr> &wanted)
{
    Result<QList<QByteArray>> present = xattrNames(node);
    if (!present)
        return present.error();
    QSet<QByteArray> keep;
    for (const Xattr &x : wanted)
        keep.insert(x.name);
    for (const QByteArray &name : *present) {
        if (keep.contains(name))
            continue;
        if (removeValue(node, name) != 0 && errno != ENODATA && !unsupported(errno))
            return nodeError(errno, QStringLiteral("cannot remove extended attribute %1 of").arg(QString::fromUtf8(name)), node);
    }
    for (const Xattr &x : wanted) {
        if (setValue(node, x) != 0)
            return nodeError(errno, QStringLiteral("cannot set extended attribute %1 on").arg(QString::fromUtf8(x.name)), node);
    }
    return {};
}

}  // namespace

Result<struct stat> statNode(const NodeRef &node)
{
    struct stat st {};
    const int rc = node.fd >= 0 ? fstat(node.fd, &st) : fstatat(node.dirFd, node.name.constData(), &st, AT_SYMLINK_NOFOLLOW);
    if (rc != 0)
        return nodeError(errno, QStringLiteral("cannot stat"), node);
    return st;
}

Result<NodeMetadata> readMetadata(const NodeRef &node)
{
    NodeMetadata meta;
    Result<struct stat> st = statNode(node);
    if (!st)
        return st.error();
    meta.st = *st;
    Result<QList<Xattr>> xattrs = readXattrs(node);
    if (!xattrs)
        return xattrs.error();
    meta.xattrs = std::move(*xattrs);
    return meta;
}

Status applyMetadata(const NodeRef &node, const NodeMetadata &meta, int parts)
{
    const bool isLink = S_ISLNK(meta.st.st_mode);
    if (parts & MetaOwner) {
        const int rc = node.fd >= 0 ? fchown(node.fd, meta.st.st_uid, meta.st.st_gid)
                                    : fchownat(node.dirFd, node.name.constData(), meta.st.st_uid, meta.st.st_gid,
                                               AT_SYMLINK_NOFOLLOW);
        if (rc != 0)
            return nodeError(errno, QStringLiteral("cannot set the owner of"), node);
    }
    if ((parts & MetaMode) && !isLink) {
        const mode_t mode = meta.st.st_mode & 07777;
        const int rc = node.fd >= 0 ? fchmod(node.fd, mode)
                                    : fchmodat(node.dirFd, node.name.constData(), mode, AT_SYMLINK_NOFOLLOW);
        if (rc != 0)
            return nodeError(errno, QStringLiteral("cannot set the mode of"), node);
    }
    if (parts & MetaXattrs) {
        if (Status s = writeXattrs(node, meta.xattrs); !s)
            return s;
    }
    if (parts & MetaTimes) {
        const timespec ts[2] = {meta.st.st_atim, meta.st.st_mtim};
        const int rc = node.fd >= 0 ? futimens(node.fd, ts)
                                    : utimensat(node.dirFd, node.name.constData(), ts, AT_SYMLINK_NOFOLLOW);
        if (rc != 0)
            return nodeError(errno, QStringLiteral("cannot set the times of"), node);
    }
    return {};
}

}  // namespace st::apply
