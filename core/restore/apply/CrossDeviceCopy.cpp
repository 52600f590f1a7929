// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/apply/CrossDeviceCopy.h"

#include "restore/apply/FsWalk.h"
#include "restore/apply/MetadataCopy.h"
#include "util/RawPath.h"
#include "util/SafeFs.h"

#include <QRandomGenerator>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace st::apply {

namespace {
Error pathError(int err, const QString &what, const QByteArray &path)
{
    return errnoError(err, what + QLatin1Char(' ') + displayPath(path));
}

QPair<quint64, quint64> inodeKey(const struct stat &st)
{
    return {static_cast<quint64>(st.st_dev), static_cast<quint64>(st.st_ino)};
}

Status copyMetadata(const NodeRef &from, const NodeRef &to, int parts)
{
    Result<NodeMetadata> meta = readMetadata(from);
    if (!meta)
        return meta.error();
    return applyMetadata(to, *meta, parts);
}
}  // namespace

CrossDeviceCopy::CrossDeviceCopy(int rootFd, CancelToken cancel)
    : m_rootFd(rootFd), m_cancel(cancel), m_reader(cancel)
{
}

QByteArray CrossDeviceCopy::temporaryName()
{
    const quint64 r = QRandomGenerator::system()->generate64();
    return QByteArrayLiteral(".servertwin-tmp-") + QByteArray::number(r, 16).rightJustified(16, '0');
}

static Result<QByteArray> freeTemporaryName(int dirFd, const QByteArray &finalPath)
{
    for (int attempt = 0; attempt < 16; ++attempt) {
        const QByteArray name = CrossDeviceCopy::temporaryName();
        struct stat st {};
        if (fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT)
                return name;
            return pathError(errno, QStringLiteral("cannot stat a temporary name beside"), finalPath);
        }
    }
    return makeError(ErrorCode::Io, QStringLiteral("no free temporary name beside %1").arg(displayPath(finalPath)));
}

QByteArray CrossDeviceCopy::currentLocation(const QByteArray &finalPath) const
{
    if (!m_currentFinal.isEmpty() && isSameOrBelow(finalPath, m_currentFinal))
        return m_currentTemp + finalPath.mid(m_currentFinal.size());
    return finalPath;
}

Result<QByteArray> CrossDeviceCopy::copyToTemp(int srcDirFd, const QByteArray &srcName, int dstDirFd,
                                               const QByteArray &finalPath)
{
    Result<QByteArray> temp = freeTemporaryName(dstDirFd, finalPath);
    if (!temp)
        return temp;
    m_currentFinal = finalPath;
    m_currentTemp = joinPath(parentPath(finalPath), *temp);
    Status s = copyNode(srcDirFd, srcName, dstDirFd, *temp, finalPath);
    m_currentFinal.clear();
    m_currentTemp.clear();
    if (!s) {
        (void)removeRecursiveAt(dstDirFd, *temp);
        return s.error();
    }
    return temp;
}

Result<QByteArray> CrossDeviceCopy::linkToTemp(const struct stat &st, int dstDirFd, const QByteArray &finalPath)
{
    if (!m_copies.contains(inodeKey(st)))
        return QByteArray();
    Result<QByteArray> temp = freeTemporaryName(dstDirFd, finalPath);
    if (!temp)
        return temp;
    Result<int> linked = tryLink(st, dstDirFd, *temp, finalPath);
    if (!linked)
        return linked.error();
    return *linked ? *temp : QByteArray();
}

Result<int> CrossDeviceCopy::tryLink(const struct stat &st, int dstDirFd, const QByteArray &dstName,
                                     const QByteArray &finalPath)
{
    const auto it = m_copies.constFind(inodeKey(st));
    if (it == m_copies.constEnd())
        return 0;
    const QByteArray source = currentLocation(*it);
    Result<ParentAndName> pn = openParentBeneath(m_rootFd, source);
    if (!pn) {
        if (isNotFound(pn.error()))
            return 0;
        return pn.error();
    }
    if (linkat(pn->parent.get(), pn->name.constData(), dstDirFd, dstName.constData(), 0) != 0) {
        if (errno == EXDEV || errno == ENOENT)
            return 0;
        return pathError(errno, QStringLiteral("cannot hard-link %1 to").arg(displayPath(source)), finalPath);
    }
    return 1;
}

Status CrossDeviceCopy::copyNode(int srcDirFd, const QByteArray &srcName, int dstDirFd, const QByteArray &dstName,
                                 const QByteArray &finalPath)
{
    if (m_cancel.isCancelled())
        return makeError(ErrorCode::Cancelled, QStringLiteral("cancelled while copying %1").arg(displayPath(finalPath)));
    struct stat st {};
    if (fstatat(srcDirFd, srcName.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return pathError(errno, QStringLiteral("cannot stat the staged"), finalPath);

    switch (st.st_mode & S_IFMT) {
    case S_IFREG:
        return copyFile(srcDirFd, srcName, st, dstDirFd, dstName, finalPath);
    case S_IFDIR:
        return copyDirectory(srcDirFd, srcName, dstDirFd, dstName, finalPath);
    case S_IFLNK: {
        QByteArray target(static_cast<qsizetype>(st.st_size) + 1, '\0');
        const ssize_t n = readlinkat(srcDirFd, srcName.constData(), target.data(), static_cast<size_t>(target.size()));
        if (n < 0)
            return pathError(errno, QStringLiteral("cannot read the staged symlink"), finalPath);
        if (n >= target.size())
            return makeError(ErrorCode::Io, QStringLiteral("staged symlink %1 changed while copying").arg(displayPath(finalPath)));
        target.truncate(n);
        if (symlinkat(target.constData(), dstDirFd, dstName.constData()) != 0)
            return pathError(errno, QStringLiteral("cannot create symlink"), finalPath);
        return copyMetadata(NodeRef::at(srcDirFd, srcName, finalPath), NodeRef::at(dstDirFd, dstName, finalPath),
                            MetaOwner | MetaXattrs | MetaTimes);
    }
    case S_IFIFO:
    case S_IFCHR:
    case S_IFBLK:
        if (mknodat(dstDirFd, dstName.constData(), (st.st_mode & S_IFMT) | 0600, st.st_rdev) != 0)
            return pathError(errno, QStringLiteral("cannot create"), finalPath);
        return copyMetadata(NodeRef::at(srcDirFd, srcName, finalPath), NodeRef::at(dstDirFd, dstName, finalPath), MetaAll);
    default:
        return makeError(ErrorCode::Io, QStringLiteral("cannot copy %1: it is a %2")
                                            .arg(displayPath(finalPath), QStringLiteral("socket")));
    }
}

Status CrossDeviceCopy::copyFile(int srcDirFd, const QByteArray &srcName, const struct stat &st, int dstDirFd,
                                 const QByteArray &dstName, const QByteArray &finalPath)
{
    if (st.st_nlink > 1) {
        Result<int> linked = tryLink(st, dstDirFd, dstName, finalPath);
        if (!linked)
            return linked.error();
        if (*linked)
            return {};
    }
    Result<UniqueFd> src = openForReading(srcDirFd, srcName);
    if (!src)
        return src.error();
    struct stat sst {};
    if (fstat(src->get(), &sst) != 0)
        return pathError(errno, QStringLiteral("cannot stat the staged"), finalPath);
    if (!S_ISREG(sst.st_mode) || sst.st_ino != st.st_ino)
        return makeError(ErrorCode::Io, QStringLiteral("staged file %1 changed while copying").arg(displayPath(finalPath)));
    Result<UniqueFd> dst = openBeneath(dstDirFd, dstName, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (!dst)
        return dst.error();
    const int out = dst->get();
    Status data = m_reader.read(
        src->get(), sst.st_size, finalPath,
        [&](qint64 offset, const char *bytes, qint64 len) -> Status {
            qint64 done = 0;
            while (done < len) {
                const ssize_t n = pwrite(out, bytes + done, static_cast<size_t>(len - done), offset + done);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    return pathError(n < 0 ? errno : EIO, QStringLiteral("cannot write"), finalPath);
                done += n;
            }
            m_bytes += len;
            return {};
        },
        [](qint64, qint64) -> Status { return {}; });
    if (!data)
        return data;
    if (ftruncate(out, sst.st_size) != 0)
        return pathError(errno, QStringLiteral("cannot set the size of"), finalPath);
    if (Status s = copyMetadata(NodeRef::open(src->get(), finalPath), NodeRef::open(out, finalPath), MetaAll); !s)
        return s;
    if (st.st_nlink > 1)
        m_copies.insert(inodeKey(st), finalPath);
    return {};
}

Status CrossDeviceCopy::copyDirectory(int srcDirFd, const QByteArray &srcName, int dstDirFd, const QByteArray &dstName,
                                      const QByteArray &finalPath)
{
    Result<UniqueFd> src = openForReading(srcDirFd, srcName, O_DIRECTORY);
    if (!src)
        return src.error();
    if (mkdirat(dstDirFd, dstName.constData(), 0700) != 0)
        return pathError(errno, QStringLiteral("cannot create directory"), finalPath);
    Result<UniqueFd> dst = openBeneath(dstDirFd, dstName, O_RDONLY | O_DIRECTORY);
    if (!dst)
        return dst.error();
    Result<QList<QByteArray>> children = listDirectory(src->get(), finalPath);
    if (!children)
        return children.error();
    for (const QByteArray &child : *children) {
        if (Status s = copyNode(src->get(), child, dst->get(), child, joinPath(finalPath, child)); !s)
            return s;
    }
    return copyMetadata(NodeRef::open(src->get(), finalPath), NodeRef::open(dst->get(), finalPath), MetaAll);
}

}  // namespace st::apply
