// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/apply/TreeMirror.h"

#include "restore/apply/ApplyPaths.h"
#include "restore/apply/ChangeChecks.h"
#include "restore/apply/FsWalk.h"
#include "util/RawPath.h"
#include "util/SafeFs.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

namespace st::apply {

Result<QList<QByteArray>> mirrorRoots(const Manifest &manifest)
{
    QList<QByteArray> roots;
    for (const QByteArray &inc : manifest.header.includes) {
        const std::optional<QByteArray> norm = normaliseRelative(inc);
        if (!norm || (!norm->isEmpty() && unsafePathReason(*norm)))
            return makeError(ErrorCode::Hostile, QStringLiteral("manifest include root %1 is not a safe relative path")
                                                     .arg(displayPath(inc)));
        roots.append(*norm);
    }
    std::sort(roots.begin(), roots.end());
    QList<QByteArray> out;
    for (const QByteArray &r : roots)
        if (!isAtOrBelowAny(r, out))
            out.append(r);
    return out;
}

TreeMirror::TreeMirror(int rootFd, const Manifest &manifest, const QSet<QByteArray> &implicitDirs,
                       const ExcludeMatcher &excludes, const QList<QByteArray> &protectedPaths, CancelToken cancel,
                       Mode mode)
    : m_rootFd(rootFd), m_manifest(manifest), m_implicit(implicitDirs), m_excludes(excludes),
      m_protected(protectedPaths), m_cancel(std::move(cancel)), m_mode(mode)
{
}

Status TreeMirror::run(QList<RemovedPath> &removed)
{
    Result<QList<QByteArray>> roots = mirrorRoots(m_manifest);
    if (!roots)
        return roots.error();
    for (const QByteArray &inc : *roots) {
        if (isAtOrBelowAny(inc, m_protected) || (!inc.isEmpty() && m_excludes.isExcluded(inc, true)))
            continue;
        // The include root and every directory above it must be real directories in the root;
        // otherwise there is nothing below it to mirror (and nothing is followed to get there).
        bool reachable = true;
        QByteArray prefix;
        for (const QByteArray &part : inc.split('/')) {
            if (inc.isEmpty())
                break;
            prefix = joinPath(prefix, part);
            Result<struct stat> st = lstatBeneath(m_rootFd, prefix);
            if (!st && isNotFound(st.error())) {
                reachable = false;
                break;
            }
            if (!st)
                return st.error();
            if (!S_ISDIR(st->st_mode)) {
                reachable = false;
                break;
            }
        }
        if (!reachable)
            continue;
        Result<UniqueFd> fd = openBeneath(m_rootFd, inc, O_RDONLY | O_DIRECTORY);
        if (!fd)
            return fd.error();
        if (Status s = mirrorDirectory(fd->get(), inc, removed); !s)
            return s;
    }
    return {};
}

Status TreeMirror::mirrorDirectory(int dirFd, const QByteArray &dirPath, QList<RemovedPath> &removed)
{
    Result<QList<QByteArray>> names = listDirectory(dirFd, dirPath);
    if (!names)
        return names.error();
    for (const QByteArray &name : *names) {
        if (m_cancel.isCancelled())
            return makeError(ErrorCode::Cancelled, QStringLiteral("cancelled while mirroring %1").arg(displayPath(dirPath)));
        if (Status s = handleChild(dirFd, name, joinPath(dirPath, name), removed); !s)
            return s;
    }
    return {};
}

Status TreeMirror::handleChild(int dirFd, const QByteArray &name, const QByteArray &path, QList<RemovedPath> &removed)
{
    if (isAtOrBelowAny(path, m_protected))
        return {};
    struct stat st {};
    if (fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return {};
        return errnoError(errno, QStringLiteral("cannot stat %1").arg(displayPath(path)));
    }
    const bool isDir = S_ISDIR(st.st_mode);
    if (const ManifestEntry *entry = m_manifest.find(path)) {
        if (entry->type == EntryType::Directory && isDir)
            return descend(dirFd, name, path, removed);
        return {};
    }
    if (isDir && (m_implicit.contains(path) || isAncestorOfAny(path, m_protected)))
        return descend(dirFd, name, path, removed);
    if (m_excludes.isExcluded(path, isDir))
        return {};
    return removeChild(dirFd, name, path, isDir, removed);
}

Status TreeMirror::removeChild(int dirFd, const QByteArray &name, const QByteArray &path, bool isDir,
                               QList<RemovedPath> &removed)
{
    if (isDir) {
        Result<QByteArray> mount = findMountPoint(dirFd, name, path);
        if (!mount)
            return mount.error();
        if (*mount == path)
            return {};  // a mounted filesystem the Primary does not have: not ours to empty
        if (!mount->isEmpty())
            return descend(dirFd, name, path, removed);  // remove around the mount point
    }
    if (m_mode == Mode::Check) {
        Status s = checkDirectoryWritable(dirFd, parentPath(path), true);
        if (s)
            s = checkRemovable(dirFd, name, path, m_cancel);
        if (!s) {
            Error e = s.error();
            if (e.code != ErrorCode::Cancelled)
                e.message = QStringLiteral("cannot remove %1 (not present on the Primary): %2").arg(displayPath(path), e.message);
            return e;
        }
        removed.append(RemovedPath{path, QStringLiteral("not present on the Primary")});
        return {};
    }
    if (Status s = removeRecursiveAt(dirFd, name); !s) {
        Error e = s.error();
        e.message = QStringLiteral("cannot remove %1: %2").arg(displayPath(path), e.message);
        return e;
    }
    removed.append(RemovedPath{path, QStringLiteral("not present on the Primary")});
    return {};
}

Status TreeMirror::descend(int dirFd, const QByteArray &name, const QByteArray &path, QList<RemovedPath> &removed)
{
    Result<UniqueFd> fd = openBeneath(dirFd, name, O_RDONLY | O_DIRECTORY);
    if (!fd)
        return fd.error().withContext(QStringLiteral("mirror %1").arg(displayPath(path)));
    return mirrorDirectory(fd->get(), path, removed);
}

}  // namespace st::apply
