// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/TreeApplier.h"

#include "restore/apply/ApplyPaths.h"
#include "restore/apply/ApplyPreflight.h"
#include "restore/apply/CachedDir.h"
#include "restore/apply/CrossDeviceCopy.h"
#include "restore/apply/FsWalk.h"
#include "restore/apply/MetadataCopy.h"
#include "restore/apply/StagedEntry.h"
#include "restore/apply/TreeMirror.h"
#include "util/RawPath.h"
#include "util/SafeFs.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace st {

namespace {
using namespace st::apply;

/** A directory whose metadata is (re)applied in the last pass. */
struct PendingDir {
    QByteArray path;
    NodeMetadata meta;
    int parts = MetaTimes;
};

/** One apply run: moves entries, mirrors, then fixes directory metadata. */
class ApplyPass {
public:
    ApplyPass(int rootFd, int stagingFd, const Manifest &manifest, const ExcludeMatcher &excludes,
              QList<QByteArray> protectedPaths, CancelToken cancel, ProgressCounters *progress)
        : m_rootFd(rootFd), m_stagingFd(stagingFd), m_manifest(manifest), m_excludes(excludes),
          m_protected(std::move(protectedPaths)), m_cancel(cancel), m_progress(progress), m_copier(rootFd, cancel)
    {
    }

    Result<ApplyReport> run();

private:
    enum class Outcome { Applied, Skipped };
    Result<Outcome> applyEntry(const ManifestEntry &e);
    Status moveIntoPlace(const QByteArray &path, EntryType type, int rootDir, int stageDir, const struct stat &staged);
    Status placeMissingAncestor(const QByteArray &path);
    Status replaceExisting(const QByteArray &path, EntryType type, int rootDir, const struct stat &existing,
                           const struct stat &staged);
    Status applyDirectoryMetadata();
    bool underMovedSubtree(const QByteArray &path) const;
    void invalidate(const QByteArray &path)
    {
        m_rootParent.invalidate(path);
        m_stageParent.invalidate(path);
    }

    int m_rootFd;
    int m_stagingFd;
    const Manifest &m_manifest;
    const ExcludeMatcher &m_excludes;
    QList<QByteArray> m_protected;
    CancelToken m_cancel;
    ProgressCounters *m_progress;
    CrossDeviceCopy m_copier;
    CachedDir m_rootParent;
    CachedDir m_stageParent;
    QSet<QByteArray> m_moved;  // directories moved in whole; their entries come along
    QList<PendingDir> m_pending;
    ApplyReport m_report;
};

bool ApplyPass::underMovedSubtree(const QByteArray &path) const
{
    if (m_moved.isEmpty())
        return false;
    for (QByteArray p = path; !p.isEmpty(); p = parentPath(p))
        if (m_moved.contains(p))
            return true;
    return false;
}

Result<ApplyReport> ApplyPass::run()
{
    for (const ManifestEntry &e : m_manifest.entries()) {
        if (m_cancel.isCancelled())
            return makeError(ErrorCode::Cancelled, QStringLiteral("apply cancelled before %1").arg(displayPath(e.path)));
        if (m_progress)
            m_progress->setCurrent(e.path);
        Result<Outcome> outcome = applyEntry(e);
        if (!outcome)
            return outcome.error();
        if (*outcome == Outcome::Applied)
            ++m_report.entriesApplied;
        if (m_progress)
            ++m_progress->filesDone;  // one per manifest entry (the caller sets the total)
    }

    const QSet<QByteArray> implicit = implicitDirectories(m_manifest);
    TreeMirror mirror(m_rootFd, m_manifest, implicit, m_excludes, m_protected, m_cancel);
    if (Status s = mirror.run(m_report.removed); !s)
        return s.error();

    if (Status s = applyDirectoryMetadata(); !s)
        return s.error();
    return m_report;
}

Result<ApplyPass::Outcome> ApplyPass::applyEntry(const ManifestEntry &e)
{
    if (const auto why = unsafePathReason(e.path))
        return makeError(ErrorCode::Hostile, QStringLiteral("unsafe path %1 in the manifest: %2").arg(displayPath(e.path), *why));
    if (isAtOrBelowAny(e.path, m_protected))
        return Outcome::Skipped;  // the agent's own directories are never replaced
    if (underMovedSubtree(e.path))
        return Outcome::Applied;

    const QByteArray parent = parentPath(e.path);
    const QByteArray name = baseName(e.path);
    Result<int> rootDir = m_rootParent.get(m_rootFd, parent);
    if (!rootDir) {
        if (!isNotFound(rootDir.error()))
            return rootDir.error().withContext(QStringLiteral("cannot apply %1").arg(displayPath(e.path)));
        if (Status s = placeMissingAncestor(e.path); !s)
            return s.error();
        return Outcome::Applied;
    }
    Result<StagedEntry> stagedAt = stagedEntry(m_stageParent, m_stagingFd, e.path, e.type, e.path);
    if (!stagedAt)
        return stagedAt.error();
    const struct stat &staged = stagedAt->st;
    const int stageDir = stagedAt->dir;

    struct stat existing {};
    if (fstatat(*rootDir, name.constData(), &existing, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT)
            return pathError(errno, QStringLiteral("cannot stat %1 in the root"), e.path);
        if (Status s = moveIntoPlace(e.path, e.type, *rootDir, stageDir, staged); !s)
            return s.error();
        return Outcome::Applied;
    }

    if (S_ISDIR(existing.st_mode) && S_ISDIR(staged.st_mode)) {
        // Kept and descended; the staged directory's metadata is captured now, before any of
        // its children leave it (which changes its mtime).
        Result<UniqueFd> fd = openForReading(stageDir, name, O_DIRECTORY);
        if (!fd)
            return fd.error().withContext(QStringLiteral("cannot apply %1").arg(displayPath(e.path)));
        Result<NodeMetadata> meta = readMetadata(NodeRef::open(fd->get(), e.path));
        if (!meta)
            return meta.error();
        m_pending.append(PendingDir{e.path, std::move(*meta), MetaAll});
        return Outcome::Applied;
    }

    if (Status s = replaceExisting(e.path, e.type, *rootDir, existing, staged); !s)
        return s.error();
    if (Status s = moveIntoPlace(e.path, e.type, *rootDir, stageDir, staged); !s)
        return s.error();
    return Outcome::Applied;
}

Status ApplyPass::replaceExisting(const QByteArray &path, EntryType type, int rootDir, const struct stat &existing,
                                  const struct stat &staged)
{
    const QString reason = QStringLiteral("replaced by a %1 from the Primary").arg(entryKindName(type));
    const QByteArray name = baseName(path);
    if (S_ISDIR(existing.st_mode)) {
        for (const QByteArray &p : m_protected)
            if (p != path && isSameOrBelow(p, path))
                return makeError(ErrorCode::Io, QStringLiteral("cannot replace directory %1 with a %2 from the Primary: it holds the protected path %3")
                                                    .arg(displayPath(path), entryKindName(type), displayPath(p)));
        Result<QByteArray> mount = findMountPoint(rootDir, name, path);
        if (!mount)
            return mount.error();
        if (!mount->isEmpty())
            return makeError(ErrorCode::Io, QStringLiteral("cannot replace directory %1 with a %2 from the Primary: %3 is a mount point; unmount it or exclude %1")
                                                .arg(displayPath(path), entryKindName(type), displayPath(*mount)));
        if (Status s = removeRecursiveAt(rootDir, name); !s) {
            Error e = s.error();
            e.message = QStringLiteral("cannot replace %1: %2").arg(displayPath(path), e.message);
            return e;
        }
        invalidate(path);
        m_report.removed.append(RemovedPath{path, reason});
        return {};
    }
    if (S_ISDIR(staged.st_mode)) {
        // rename(2) cannot put a directory over a non-directory: remove it first.
        if (unlinkat(rootDir, name.constData(), 0) != 0 && errno != ENOENT)
            return pathError(errno, QStringLiteral("cannot replace %1"), path);
    }
    if ((existing.st_mode & S_IFMT) != (staged.st_mode & S_IFMT))
        m_report.removed.append(RemovedPath{path, reason});
    return {};
}

Status ApplyPass::moveIntoPlace(const QByteArray &path, EntryType type, int rootDir, int stageDir, const struct stat &staged)
{
    const QByteArray name = baseName(path);
    const bool isDir = S_ISDIR(staged.st_mode);
    if (isDir)
        m_pending.append(PendingDir{path, NodeMetadata{staged, {}}, MetaTimes});

    // A second name of a file that an earlier cross-filesystem copy holds: link to that copy.
    if (type == EntryType::HardLink || (S_ISREG(staged.st_mode) && staged.st_nlink > 1)) {
        Result<QByteArray> temp = m_copier.linkToTemp(staged, rootDir, path);
        if (!temp)
            return temp.error();
        if (!temp->isEmpty()) {
            if (renameat(rootDir, temp->constData(), rootDir, name.constData()) != 0) {
                const int err = errno;
                unlinkat(rootDir, temp->constData(), 0);
                return pathError(err, QStringLiteral("cannot put hard link %1 into place"), path);
            }
            if (unlinkat(stageDir, name.constData(), 0) != 0 && errno != ENOENT)
                return pathError(errno, QStringLiteral("cannot remove staged %1"), path);
            return {};
        }
    }

    if (renameat(stageDir, name.constData(), rootDir, name.constData()) == 0) {
        if (isDir) {
            m_moved.insert(path);
            ++m_report.renamedSubtrees;
            invalidate(path);
        }
        return {};
    }
    if (errno != EXDEV)
        return pathError(errno, QStringLiteral("cannot move %1 into the root"), path);

    // The destination is on another filesystem: copy beside it, then rename into place.
    Result<QByteArray> temp = m_copier.copyToTemp(stageDir, name, rootDir, path);
    if (!temp)
        return temp.error();
    if (renameat(rootDir, temp->constData(), rootDir, name.constData()) != 0) {
        const int err = errno;
        (void)removeRecursiveAt(rootDir, *temp);
        return pathError(err, QStringLiteral("cannot put the copy of %1 into place"), path);
    }
    if (Status s = removeRecursiveAt(stageDir, name); !s)
        return s.error().withContext(QStringLiteral("cannot clear staged %1").arg(displayPath(path)));
    ++m_report.copiedAcrossFilesystems;
    if (isDir) {
        m_moved.insert(path);
        invalidate(path);
    }
    return {};
}

Status ApplyPass::placeMissingAncestor(const QByteArray &path)
{
    // The manifest does not list a directory above @p path and the root lacks it: bring the
    // staged one (created by the extractor as an implicit parent) with everything below it.
    Result<QByteArray> prefix = firstMissingAncestor(m_rootFd, path);
    if (!prefix)
        return prefix.error();
    Result<int> rootDir = m_rootParent.get(m_rootFd, parentPath(*prefix));
    if (!rootDir)
        return rootDir.error().withContext(QStringLiteral("cannot apply %1").arg(displayPath(path)));
    Result<StagedEntry> staged = stagedEntry(m_stageParent, m_stagingFd, *prefix, EntryType::Directory, path);
    if (!staged)
        return staged.error();
    return moveIntoPlace(*prefix, EntryType::Directory, *rootDir, staged->dir, staged->st);
}

Status ApplyPass::applyDirectoryMetadata()
{
    std::stable_sort(m_pending.begin(), m_pending.end(),
                     [](const PendingDir &a, const PendingDir &b) { return pathDepth(a.path) > pathDepth(b.path); });
    for (const PendingDir &d : m_pending) {
        if (m_cancel.isCancelled())
            return makeError(ErrorCode::Cancelled, QStringLiteral("apply cancelled before the metadata of %1").arg(displayPath(d.path)));
        Result<UniqueFd> fd = openBeneath(m_rootFd, d.path, O_RDONLY | O_DIRECTORY);
        if (!fd)
            return fd.error().withContext(QStringLiteral("cannot set the metadata of %1").arg(displayPath(d.path)));
        if (Status s = applyMetadata(NodeRef::open(fd->get(), d.path), d.meta, d.parts); !s)
            return s;
    }
    return {};
}

}  // namespace

TreeApplier::TreeApplier(int rootFd, int stagingFd, const Manifest &manifest, const ExcludeMatcher &excludes,
                         QList<QByteArray> protectedPaths, CancelToken cancel, ProgressCounters *progress)
    : m_rootFd(rootFd), m_stagingFd(stagingFd), m_manifest(manifest), m_excludes(excludes),
      m_protected(std::move(protectedPaths)), m_cancel(std::move(cancel)), m_progress(progress)
{
}

Result<ApplyReport> TreeApplier::run()
{
    // Everything that can refuse the clone is checked before the first change.
    const QString refused = QStringLiteral("the clone was refused and nothing in the root was changed");
    Result<QList<QByteArray>> protectedPaths = normaliseProtectedPaths(m_protected);
    if (!protectedPaths)
        return protectedPaths.error().withContext(refused);
    if (Status s = ApplyPreflight(m_rootFd, StagedTrees(m_stagingFd), m_manifest, m_excludes, *protectedPaths, m_cancel).run(); !s)
        return s.error().code == ErrorCode::Cancelled ? s.error() : s.error().withContext(refused);
    if (m_cancel.isCancelled())
        return makeError(ErrorCode::Cancelled, QStringLiteral("apply cancelled before anything was changed"));

    ApplyPass pass(m_rootFd, m_stagingFd, m_manifest, m_excludes, *protectedPaths, m_cancel, m_progress);
    Result<ApplyReport> applied = pass.run();
    if (!applied)
        return applied.error().withContext(QStringLiteral("applying the clone stopped part-way (the root holds a mix of old and new files; run the clone again)"));
    return applied;
}

}  // namespace st
