// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The pre-flight of an apply: walks the whole apply against the live root, changing
 * nothing, and refuses the clone if any step of it would be refused, so that a refused
 * clone leaves the root exactly as it was. After it passes, only genuine I/O failures
 * (EIO, ENOSPC, a root changed by someone else meanwhile) can stop the apply part-way.
 *
 * Owns the decisions TreeApplier would make, replayed in manifest order with the same rules:
 *  - the manifest: include roots and exclude patterns (checkManifestHeader()), every path safe;
 *  - per entry: its parent chain resolved in the root with openat2(RESOLVE_IN_ROOT |
 *    RESOLVE_NO_SYMLINKS). A symlink or non-directory on the way is refused, unless the clone
 *    lists that path itself, earlier, as a directory: then the apply replaces it (a symlink
 *    the Secondary has where the Primary has a directory) and nothing is written through it.
 *    An implicit parent (one the manifest does not list) is never replaced: the Primary did
 *    not send it. A missing parent is brought from staging with everything below it;
 *  - the staged entry has the manifest's type; an existing entry of another type can be
 *    replaced: a directory holding no protected path and no mount point, a non-directory
 *    that is not itself a mount point;
 *  - every change can be made: directories receiving or losing names are writable, not on a
 *    read-only filesystem, not immutable or append-only; replaced and removed nodes (whole
 *    subtrees) and directories that get the Primary's metadata are not immutable or
 *    append-only (ChangeChecks);
 *  - mirroring: TreeMirror's own walk in Mode::Check, so every removal is checked too;
 *  - filesystems other than the one an entry is staged on (mounts below the root, where
 *    entries are copied instead of renamed): the copies fit in their free space and inodes,
 *    counting the files they replace as freed one by one.
 * Errors name the path and what to do; they do not say that nothing was changed (the caller,
 * TreeApplier, adds that). Blocking, one worker thread; honours the CancelToken.
 */
#include "archive/Manifest.h"
#include "profile/ExcludeMatcher.h"
#include "restore/apply/CachedDir.h"
#include "restore/apply/StagedTrees.h"
#include "util/CancelToken.h"
#include "util/Result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>

#include <sys/types.h>

namespace st::apply {

class ApplyPreflight {
public:
    /** @p trees: where each entry is staged (one tree, or one per filesystem the clone is
     *  staged on); @p protectedPaths: normalised (normaliseProtectedPaths()). */
    ApplyPreflight(int rootFd, const StagedTrees &trees, const Manifest &manifest, const ExcludeMatcher &excludes,
                   const QList<QByteArray> &protectedPaths, CancelToken cancel);

    /** The first reason the apply would fail, or success. Changes nothing. */
    Status run();

private:
    /** Free space and inodes of one filesystem the apply copies onto. */
    struct ForeignFs {
        QByteArray path;  // a directory on it, for messages
        qint64 freeBytes = 0;
        qint64 freeInodes = -1;  // -1: no fixed inode table
        qint64 blockSize = 4096;
        qint64 running = 0;  // bytes the copies so far need, less what replacing freed
        qint64 peak = 0;
        qint64 inodes = 0;
    };

    Status checkEntry(const ManifestEntry &e);
    Status checkMissingParent(const ManifestEntry &e, const Error &openError);
    Status checkReplacement(const QByteArray &path, int rootDir, const struct stat &existing);
    Status checkDestination(int dirFd, const QByteArray &dirPath, bool removes);
    Status checkMirror();
    Status checkForeignSpace() const;
    /** Books @p e onto the filesystem of @p dev (a no-op on the filesystem @p e is staged on); @p freed: bytes the replaced entry held. */
    Status account(const ManifestEntry &e, dev_t dev, int dirFd, const QByteArray &dirPath, qint64 freed);
    Result<dev_t> deviceOf(int fd, const QByteArray &path) const;
    /** The filesystem that the subtree holding @p path, which the apply moves in whole, lands on; nullptr if none does. */
    const dev_t *movedAncestor(const QByteArray &path) const;

    int m_rootFd;
    StagedTrees m_trees;
    const Manifest &m_manifest;
    const ExcludeMatcher &m_excludes;
    const QList<QByteArray> &m_protected;
    CancelToken m_cancel;
    CachedDir m_rootParent;
    CachedDir m_stageParent;
    QList<dev_t> m_treeDevs;  // per staged tree (StagedTrees' index)
    QHash<QByteArray, dev_t> m_moved;         // subtrees moved in whole -> the filesystem they land on
    QSet<QByteArray> m_writableDirs;          // destination checks passed (path + '\0' + removes)
    QHash<dev_t, ForeignFs> m_foreign;
};

/** @p paths normalised ("/var/lib/x/" -> "var/lib/x"); an error names one that is not a relative path below the root. */
Result<QList<QByteArray>> normaliseProtectedPaths(const QList<QByteArray> &paths);

}  // namespace st::apply
