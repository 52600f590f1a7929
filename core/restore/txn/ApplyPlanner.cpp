// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/txn/ApplyPlanner.h"

#include "restore/TreeApplier.h"
#include "restore/apply/ApplyPaths.h"
#include "restore/apply/CachedDir.h"
#include "restore/apply/FsWalk.h"
#include "restore/apply/StagedEntry.h"
#include "restore/apply/TreeMirror.h"
#include "util/RawPath.h"
#include "util/SafeFs.h"

#include <QHash>
#include <QSet>

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

namespace st::txn {

namespace {
using namespace st::apply;

class Planner {
public:
    Planner(int rootFd, const StagedTrees &trees, const Manifest &manifest, const ExcludeMatcher &excludes,
            const QList<QByteArray> &protectedPaths, const CancelToken &cancel)
        : m_rootFd(rootFd), m_trees(trees), m_manifest(manifest), m_excludes(excludes), m_protected(protectedPaths),
          m_cancel(cancel)
    {
    }

    Result<Plan> run();

private:
    Status planEntry(const ManifestEntry &e);
    Status planMissingAncestor(const QByteArray &path);
    Status planPlace(const QByteArray &path, int rootDir, const struct stat &staged);
    Status checkSameFilesystem(int rootDir, const QByteArray &path);
    Status checkReplaceable(const QByteArray &path, int rootDir, const struct stat &existing);
    Status planMirror();
    bool underPlacedSubtree(const QByteArray &path) const;

    int m_rootFd;
    const StagedTrees &m_trees;
    const Manifest &m_manifest;
    const ExcludeMatcher &m_excludes;
    const QList<QByteArray> &m_protected;
    CancelToken m_cancel;
    CachedDir m_rootParent;
    CachedDir m_stageParent;
    QList<dev_t> m_treeDevs;  // per staged tree (StagedTrees' index)
    QSet<QByteArray> m_placedDirs;
    QSet<QByteArray> m_metaPaths;
    QList<ApplyStep> m_steps;
    QList<ApplyStep> m_metas;
    qint64 m_entriesApplied = 0;
};

bool Planner::underPlacedSubtree(const QByteArray &path) const
{
    if (m_placedDirs.isEmpty())
        return false;
    for (QByteArray p = parentPath(path); !p.isEmpty(); p = parentPath(p))
        if (m_placedDirs.contains(p))
            return true;
    return false;
}

Result<Plan> Planner::run()
{
    for (qsizetype i = 0; i < m_trees.count(); ++i) {
        struct stat st {};
        if (fstat(m_trees.tree(i), &st) != 0)
            return errnoError(errno, QStringLiteral("cannot stat the staging area"));
        m_treeDevs.append(st.st_dev);
    }

    for (const ManifestEntry &e : m_manifest.entries()) {
        if (m_cancel.isCancelled())
            return makeError(ErrorCode::Cancelled, QStringLiteral("planning the apply cancelled"));
        if (Status s = planEntry(e); !s)
            return s.error();
    }
    if (Status s = planMirror(); !s)
        return s.error();
    std::stable_sort(m_metas.begin(), m_metas.end(),
                     [](const ApplyStep &a, const ApplyStep &b) { return pathDepth(a.path) > pathDepth(b.path); });
    m_steps.append(m_metas);
    return Plan{m_steps, m_entriesApplied};
}

Status Planner::checkSameFilesystem(int rootDir, const QByteArray &path)
{
    struct stat st {};
    if (fstat(rootDir, &st) != 0)
        return pathError(errno, QStringLiteral("cannot stat the directory of %1"), path);
    if (st.st_dev == m_treeDevs[m_trees.areaOf(path)])
        return {};
    return makeError(ErrorCode::Refused,
                     QStringLiteral("%1 lies on another filesystem than its staged copy (a filesystem mounted since the clone was staged?), "
                                    "and an apply at boot moves entries only within one filesystem: clone again")
                         .arg(displayPath(path)));
}

Status Planner::planEntry(const ManifestEntry &e)
{
    if (const auto why = unsafePathReason(e.path))
        return makeError(ErrorCode::Hostile, QStringLiteral("unsafe path %1 in the manifest: %2").arg(displayPath(e.path), *why));
    if (isAtOrBelowAny(e.path, m_protected))
        return {};
    ++m_entriesApplied;
    if (underPlacedSubtree(e.path))
        return {};

    const QByteArray name = baseName(e.path);
    Result<int> rootDir = m_rootParent.get(m_rootFd, parentPath(e.path));
    if (!rootDir) {
        if (!isNotFound(rootDir.error()))
            return rootDir.error().withContext(QStringLiteral("cannot plan %1").arg(displayPath(e.path)));
        return planMissingAncestor(e.path);
    }
    Result<StagedEntry> staged = stagedEntry(m_stageParent, m_trees.treeFor(e.path), e.path, e.type, e.path);
    if (!staged)
        return staged.error();

    struct stat existing {};
    if (fstatat(*rootDir, name.constData(), &existing, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT)
            return pathError(errno, QStringLiteral("cannot stat %1 in the root"), e.path);
        return planPlace(e.path, *rootDir, staged->st);
    }
    if (S_ISDIR(existing.st_mode) && S_ISDIR(staged->st.st_mode)) {
        Result<UniqueFd> stagedFd = openForReading(staged->dir, name, O_DIRECTORY);
        if (!stagedFd)
            return stagedFd.error().withContext(QStringLiteral("cannot plan %1").arg(displayPath(e.path)));
        Result<NodeMetadata> next = readMetadata(NodeRef::open(stagedFd->get(), e.path));
        if (!next)
            return next.error();
        Result<NodeMetadata> previous = readMetadata(NodeRef::at(*rootDir, name, e.path));
        if (!previous)
            return previous.error();
        m_metas.append(ApplyStep::meta(e.path, MetaAll, std::move(*next), std::move(*previous)));
        m_metaPaths.insert(e.path);
        return {};
    }
    if (Status s = checkReplaceable(e.path, *rootDir, existing); !s)
        return s;
    m_steps.append(ApplyStep::aside(e.path, false));
    return planPlace(e.path, *rootDir, staged->st);
}

Status Planner::checkReplaceable(const QByteArray &path, int rootDir, const struct stat &existing)
{
    if (Status s = checkSameFilesystem(rootDir, path); !s)
        return s;
    if (!S_ISDIR(existing.st_mode))
        return {};
    for (const QByteArray &p : m_protected)
        if (p != path && isSameOrBelow(p, path))
            return makeError(ErrorCode::Refused, QStringLiteral("cannot replace directory %1: it holds the protected path %2")
                                                     .arg(displayPath(path), displayPath(p)));
    Result<QByteArray> mount = findMountPoint(rootDir, baseName(path), path);
    if (!mount)
        return mount.error();
    if (!mount->isEmpty())
        return makeError(ErrorCode::Refused, QStringLiteral("cannot replace directory %1: %2 is a mount point; unmount it or exclude %1")
                                                 .arg(displayPath(path), displayPath(*mount)));
    return {};
}

Status Planner::planPlace(const QByteArray &path, int rootDir, const struct stat &staged)
{
    if (Status s = checkSameFilesystem(rootDir, path); !s)
        return s;
    m_steps.append(ApplyStep::place(path));
    if (S_ISDIR(staged.st_mode)) {
        m_placedDirs.insert(path);
        // Its times as staged (renaming a directory to another parent may touch them).
        NodeMetadata meta{staged, {}};
        m_metas.append(ApplyStep::meta(path, MetaTimes, meta, meta));
        m_metaPaths.insert(path);
    }
    return {};
}

Status Planner::planMissingAncestor(const QByteArray &path)
{
    Result<QByteArray> prefix = firstMissingAncestor(m_rootFd, path);
    if (!prefix)
        return prefix.error();
    Result<int> rootDir = m_rootParent.get(m_rootFd, parentPath(*prefix));
    if (!rootDir)
        return rootDir.error().withContext(QStringLiteral("cannot plan %1").arg(displayPath(path)));
    Result<StagedEntry> staged = stagedEntry(m_stageParent, m_trees.treeFor(*prefix), *prefix, EntryType::Directory, path);
    if (!staged)
        return staged.error();
    return planPlace(*prefix, *rootDir, staged->st);
}

Status Planner::planMirror()
{
    const QSet<QByteArray> implicit = implicitDirectories(m_manifest);
    TreeMirror mirror(m_rootFd, m_manifest, implicit, m_excludes, m_protected, m_cancel, TreeMirror::Mode::Check);
    QList<RemovedPath> removals;
    if (Status s = mirror.run(removals); !s)
        return s;
    for (const RemovedPath &r : removals) {
        Result<ParentAndName> parent = openParentBeneath(m_rootFd, r.path);
        if (!parent)
            return parent.error().withContext(QStringLiteral("cannot plan the removal of %1").arg(displayPath(r.path)));
        if (Status s = checkSameFilesystem(parent->parent.get(), r.path); !s)
            return s;
        m_steps.append(ApplyStep::aside(r.path, true));
        // A directory that loses names and gets no metadata of the Primary keeps its own times.
        const QByteArray dir = parentPath(r.path);
        if (!dir.isEmpty() && !m_metaPaths.contains(dir)) {
            Result<NodeMetadata> meta = readMetadata(NodeRef::open(parent->parent.get(), dir));
            if (!meta)
                return meta.error();
            m_metas.append(ApplyStep::meta(dir, MetaTimes, *meta, *meta));
            m_metaPaths.insert(dir);
        }
    }
    return {};
}

}  // namespace

Result<Plan> planApply(int rootFd, const StagedTrees &trees, const Manifest &manifest, const ExcludeMatcher &excludes,
                       const QList<QByteArray> &protectedPaths, const CancelToken &cancel)
{
    return Planner(rootFd, trees, manifest, excludes, protectedPaths, cancel).run();
}

}  // namespace st::txn
