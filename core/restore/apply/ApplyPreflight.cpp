// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/apply/ApplyPreflight.h"

#include "restore/apply/ApplyPaths.h"
#include "restore/apply/ChangeChecks.h"
#include "restore/apply/FsWalk.h"
#include "restore/apply/StagedEntry.h"
#include "restore/apply/TreeMirror.h"
#include "util/RawPath.h"
#include "util/SafeFs.h"
#include "util/HumanBytes.h"


#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <cerrno>

namespace st::apply {

namespace {
/** "cannot <what> <path>: <message>", keeping the code and a Cancelled error as it is. */
Error withPath(Error e, const QString &what, const QByteArray &path)
{
    if (e.code == ErrorCode::Cancelled)
        return e;
    e.message = QStringLiteral("%1 %2: %3").arg(what, displayPath(path), e.message);
    return e;
}
}  // namespace

Result<QList<QByteArray>> normaliseProtectedPaths(const QList<QByteArray> &paths)
{
    QList<QByteArray> out;
    for (const QByteArray &p : paths) {
        const std::optional<QByteArray> norm = normaliseRelative(p);
        if (!norm)
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("protected path %1 is not a relative path below the root")
                                                             .arg(displayPath(p)));
        out.append(*norm);
    }
    return out;
}

ApplyPreflight::ApplyPreflight(int rootFd, const StagedTrees &trees, const Manifest &manifest, const ExcludeMatcher &excludes,
                               const QList<QByteArray> &protectedPaths, CancelToken cancel)
    : m_rootFd(rootFd), m_trees(trees), m_manifest(manifest), m_excludes(excludes),
      m_protected(protectedPaths), m_cancel(std::move(cancel))
{
}

Status ApplyPreflight::run()
{
    // The manifest on its own first: nothing of the root is looked at for a malformed one.
    if (Status s = checkManifestHeader(m_manifest.header); !s)
        return s;
    for (const ManifestEntry &e : m_manifest.entries()) {
        if (const auto why = unsafePathReason(e.path))
            return makeError(ErrorCode::Hostile, QStringLiteral("unsafe path %1 in the manifest: %2").arg(displayPath(e.path), *why));
        // The nearest listed ancestor must be a directory (its own check covers those above it).
        for (QByteArray p = parentPath(e.path); !p.isEmpty(); p = parentPath(p)) {
            const ManifestEntry *above = m_manifest.find(p);
            if (!above)
                continue;
            if (above->type != EntryType::Directory)
                return makeError(ErrorCode::Hostile, QStringLiteral("the manifest lists %1 below %2, which it lists as a %3")
                                                         .arg(displayPath(e.path), displayPath(p), entryKindName(above->type)));
            break;
        }
    }

    m_treeDevs.clear();
    for (qsizetype i = 0; i < m_trees.count(); ++i) {
        Result<dev_t> dev = deviceOf(m_trees.tree(i), QByteArrayLiteral("the staging area"));
        if (!dev)
            return dev.error();
        m_treeDevs.append(*dev);
    }

    for (const ManifestEntry &e : m_manifest.entries()) {
        if (m_cancel.isCancelled())
            return makeError(ErrorCode::Cancelled, QStringLiteral("apply cancelled before anything was changed (at %1)").arg(displayPath(e.path)));
        if (isAtOrBelowAny(e.path, m_protected))
            continue;  // skipped by the apply
        if (const dev_t *dev = movedAncestor(e.path)) {
            if (Status s = account(e, *dev, -1, {}, 0); !s)  // comes along with its moved ancestor
                return s;
            continue;
        }
        if (Status s = checkEntry(e); !s)
            return s;
    }
    if (Status s = checkMirror(); !s)
        return s;
    return checkForeignSpace();
}

Status ApplyPreflight::checkEntry(const ManifestEntry &e)
{
    const QByteArray parent = parentPath(e.path);
    const QByteArray name = baseName(e.path);
    Result<int> rootDir = m_rootParent.get(m_rootFd, parent);
    if (!rootDir)
        return checkMissingParent(e, rootDir.error());
    Result<StagedEntry> stagedAt = stagedEntry(m_stageParent, m_trees.treeFor(e.path), e.path, e.type, e.path);
    if (!stagedAt)
        return stagedAt.error();
    const struct stat &staged = stagedAt->st;

    Result<dev_t> dev = deviceOf(*rootDir, parent);
    if (!dev)
        return dev.error();
    struct stat existing {};
    if (fstatat(*rootDir, name.constData(), &existing, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT)
            return pathError(errno, QStringLiteral("cannot stat %1 in the root"), e.path);
        if (Status s = checkDestination(*rootDir, parent, false); !s)
            return withPath(s.error(), QStringLiteral("cannot apply"), e.path);
        if (S_ISDIR(staged.st_mode))
            m_moved.insert(e.path, *dev);
        return account(e, *dev, *rootDir, parent, 0);
    }

    if (S_ISDIR(existing.st_mode) && S_ISDIR(staged.st_mode)) {
        // Kept; it takes the Primary's metadata in the last pass.
        if (Status s = checkMetadataChangeable(*rootDir, name, e.path); !s)
            return withPath(s.error(), QStringLiteral("cannot give the Primary's metadata to"), e.path);
        return {};
    }

    if (Status s = checkReplacement(e.path, *rootDir, existing); !s)
        return s;
    if (Status s = checkDestination(*rootDir, parent, true); !s)
        return withPath(s.error(), QStringLiteral("cannot replace"), e.path);
    if (S_ISDIR(staged.st_mode))
        m_moved.insert(e.path, *dev);
    const qint64 freed = S_ISREG(existing.st_mode) ? static_cast<qint64>(existing.st_blocks) * 512 : 0;
    return account(e, *dev, *rootDir, parent, freed);
}

Status ApplyPreflight::checkMissingParent(const ManifestEntry &e, const Error &openError)
{
    // As the apply's placeMissingAncestor(): the first missing directory above the entry is
    // brought from staging whole; a non-directory on the way is refused, never replaced or
    // followed (the manifest does not list it, so the Primary did not send it).
    QByteArray prefix;
    for (const QByteArray &part : parentPath(e.path).split('/')) {
        prefix = joinPath(prefix, part);
        Result<struct stat> st = lstatBeneath(m_rootFd, prefix);
        if (st && S_ISDIR(st->st_mode))
            continue;
        if (st && S_ISLNK(st->st_mode))
            return makeError(ErrorCode::Hostile, QStringLiteral("cannot apply %1: %2 in the root is a symlink and the clone has no directory entry for it "
                                                                "(nothing is written through a symlink; remove the link or clone %2 itself)")
                                                     .arg(displayPath(e.path), displayPath(prefix)));
        if (st)
            return makeError(ErrorCode::Io, QStringLiteral("cannot apply %1: %2 in the root is a %3 and the clone has no entry for it")
                                                .arg(displayPath(e.path), displayPath(prefix), fileTypeName(st->st_mode)));
        if (!isNotFound(st.error()))
            return st.error().withContext(QStringLiteral("cannot apply %1").arg(displayPath(e.path)));

        const QByteArray above = parentPath(prefix);
        Result<int> rootDir = m_rootParent.get(m_rootFd, above);
        if (!rootDir)
            return rootDir.error().withContext(QStringLiteral("cannot apply %1").arg(displayPath(e.path)));
        if (auto staged = stagedEntry(m_stageParent, m_trees.treeFor(prefix), prefix, EntryType::Directory, e.path); !staged)
            return staged.error();
        if (Status s = checkDestination(*rootDir, above, false); !s)
            return withPath(s.error(), QStringLiteral("cannot apply"), e.path);
        Result<dev_t> dev = deviceOf(*rootDir, above);
        if (!dev)
            return dev.error();
        m_moved.insert(prefix, *dev);
        if (Status s = account(ManifestEntry{prefix, EntryType::Directory, 0, {}, {}}, *dev, *rootDir, above, 0); !s)
            return s;
        return account(e, *dev, *rootDir, above, 0);
    }
    return openError.withContext(QStringLiteral("cannot apply %1").arg(displayPath(e.path)));
}

Status ApplyPreflight::checkReplacement(const QByteArray &path, int rootDir, const struct stat &existing)
{
    const ManifestEntry *entry = m_manifest.find(path);
    const QString kind = entry ? entryKindName(entry->type) : QStringLiteral("entry");
    const QByteArray name = baseName(path);
    if (S_ISDIR(existing.st_mode)) {
        for (const QByteArray &p : m_protected)
            if (p != path && isSameOrBelow(p, path))
                return makeError(ErrorCode::Io, QStringLiteral("cannot replace directory %1 with a %2 from the Primary: it holds the protected path %3")
                                                    .arg(displayPath(path), kind, displayPath(p)));
        Result<QByteArray> mount = findMountPoint(rootDir, name, path);
        if (!mount)
            return mount.error();
        if (!mount->isEmpty())
            return makeError(ErrorCode::Io, QStringLiteral("cannot replace directory %1 with a %2 from the Primary: %3 is a mount point; unmount it or exclude %1")
                                                .arg(displayPath(path), kind, displayPath(*mount)));
        if (Status s = checkRemovable(rootDir, name, path, m_cancel); !s)
            return withPath(s.error(), QStringLiteral("cannot replace directory"), path);
        return {};
    }
    Result<bool> mount = isMountRoot(rootDir, name, path);
    if (!mount)
        return mount.error();
    if (*mount)
        return makeError(ErrorCode::Io, QStringLiteral("cannot replace %1 with a %2 from the Primary: it is a mount point; unmount it or exclude it")
                                            .arg(displayPath(path), kind));
    if (Status s = checkNodeChangeable(rootDir, name, path); !s)
        return withPath(s.error(), QStringLiteral("cannot replace"), path);
    return {};
}

Status ApplyPreflight::checkDestination(int dirFd, const QByteArray &dirPath, bool removes)
{
    const QByteArray passed = dirPath + '\0' + '1';
    const QByteArray key = removes ? passed : dirPath + '\0' + '0';
    if (m_writableDirs.contains(key) || m_writableDirs.contains(passed))
        return {};
    if (Status s = checkDirectoryWritable(dirFd, dirPath, removes); !s)
        return s;
    m_writableDirs.insert(key);
    return {};
}

Status ApplyPreflight::checkMirror()
{
    const QSet<QByteArray> implicit = implicitDirectories(m_manifest);
    TreeMirror mirror(m_rootFd, m_manifest, implicit, m_excludes, m_protected, m_cancel, TreeMirror::Mode::Check);
    QList<RemovedPath> wouldRemove;
    return mirror.run(wouldRemove);
}

Status ApplyPreflight::account(const ManifestEntry &e, dev_t dev, int dirFd, const QByteArray &dirPath, qint64 freed)
{
    if (dev == m_treeDevs[m_trees.areaOf(e.path)])
        return {};  // renamed: takes no space
    auto it = m_foreign.find(dev);
    if (it == m_foreign.end()) {
        ForeignFs fs;
        fs.path = dirPath;
        struct statvfs vfs {};
        if (dirFd < 0 || fstatvfs(dirFd, &vfs) != 0)
            return pathError(dirFd < 0 ? EBADF : errno, QStringLiteral("cannot stat the filesystem of %1"), dirPath);
        fs.blockSize = std::max<qint64>(static_cast<qint64>(vfs.f_frsize), 512);
        fs.freeBytes = static_cast<qint64>(vfs.f_bavail) * fs.blockSize;
        if (vfs.f_files > 0)
            fs.freeInodes = static_cast<qint64>(vfs.f_favail);
        it = m_foreign.insert(dev, fs);
    }
    ForeignFs &fs = *it;
    qint64 bytes = fs.blockSize;  // a directory, link or node
    if (e.type == EntryType::File)
        bytes = (e.size + fs.blockSize - 1) / fs.blockSize * fs.blockSize;
    else if (e.type == EntryType::HardLink)
        bytes = 0;  // a link to the copy of its target
    fs.running += bytes;
    fs.peak = std::max(fs.peak, fs.running);
    fs.running -= freed;  // the replaced file goes when its copy is renamed over it
    if (e.type != EntryType::HardLink)
        ++fs.inodes;
    return {};
}

Status ApplyPreflight::checkForeignSpace() const
{
    for (const ForeignFs &fs : m_foreign) {
        const QString where = fs.path.isEmpty() ? QStringLiteral("the root") : displayPath(fs.path);
        if (fs.peak > fs.freeBytes)
            return makeError(ErrorCode::NoSpace, QStringLiteral("not enough free space on the filesystem mounted at or above %1 for what the clone copies onto it: "
                                                                "%2 free, about %3 needed (free some space there or exclude it)")
                                                     .arg(where, humanBytes(fs.freeBytes), humanBytes(fs.peak)));
        if (fs.freeInodes >= 0 && fs.inodes > fs.freeInodes)
            return makeError(ErrorCode::NoSpace, QStringLiteral("not enough free inodes on the filesystem mounted at or above %1: %2 free, the clone copies %3 entries onto it")
                                                     .arg(where).arg(fs.freeInodes).arg(fs.inodes));
    }
    return {};
}

Result<dev_t> ApplyPreflight::deviceOf(int fd, const QByteArray &path) const
{
    struct stat st {};
    if (fstat(fd, &st) != 0)
        return pathError(errno, QStringLiteral("cannot stat %1"), path);
    return st.st_dev;
}

const dev_t *ApplyPreflight::movedAncestor(const QByteArray &path) const
{
    if (m_moved.isEmpty())
        return nullptr;
    for (QByteArray p = path; !p.isEmpty(); p = parentPath(p)) {
        const auto it = m_moved.constFind(p);
        if (it != m_moved.constEnd())
            return &*it;
    }
    return nullptr;
}

}  // namespace st::apply
