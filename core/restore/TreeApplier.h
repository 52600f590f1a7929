// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Moves a verified staging tree into the live root and mirrors the include roots.
 *
 * Staging and root are on the same filesystem, so entries move by rename(2): a path that
 * does not exist in the root takes the whole staged subtree in one rename; an existing
 * directory is kept and descended into; any other existing entry (or one of another type) is
 * replaced. If a rename crosses filesystems (EXDEV: a separate mount under the root), the
 * entry is copied to a temporary name beside its destination and renamed into place.
 * Existing directories get the staged directory's mode, owner, xattrs/ACLs and times, in a
 * last pass deepest first.
 *
 * Mirroring: under every include root of the manifest, whatever exists in the root but not
 * in the manifest is removed (recursively) and listed with the reason, except paths matched
 * by the exclude patterns (left untouched) and the protected paths (the agent's own
 * staging/state directories). Paths are resolved inside the root without following symlinks
 * (openat2 RESOLVE_IN_ROOT|RESOLVE_NO_SYMLINKS); nothing outside the root is touched.
 *
 * Before the first change, ApplyPreflight replays the whole apply against the live root
 * (manifest header and paths, every parent chain, type conflicts, protected paths, mount
 * points, read-only, immutable and append-only targets, the mirror's removals, space on other
 * filesystems): a clone it refuses leaves the root exactly as it was, and the error says so
 * ("the clone was refused and nothing in the root was changed: ..."). An error after that
 * (I/O, a root changed meanwhile) says the apply stopped part-way.
 * Blocking, one worker thread; honours CancelToken between entries; advances ProgressCounters.
 */
#include "archive/Manifest.h"
#include "profile/ExcludeMatcher.h"
#include "util/CancelToken.h"
#include "util/ProgressCounters.h"
#include "util/Result.h"

#include <QList>
#include <QString>

namespace st {

struct RemovedPath {
    QByteArray path;  // relative to the root
    QString reason;
};

struct ApplyReport {
    qint64 entriesApplied = 0;
    qint64 renamedSubtrees = 0;
    qint64 copiedAcrossFilesystems = 0;
    QList<RemovedPath> removed;
};

class TreeApplier {
public:
    /**
     * @p rootFd, @p stagingFd: open directories. @p protectedPaths: root-relative paths never
     * removed or descended into by mirroring (e.g. ".servertwin-staging").
     */
    TreeApplier(int rootFd, int stagingFd, const Manifest &manifest, const ExcludeMatcher &excludes,
                QList<QByteArray> protectedPaths, CancelToken cancel, ProgressCounters *progress = nullptr);
    Result<ApplyReport> run();

private:
    int m_rootFd;
    int m_stagingFd;
    const Manifest &m_manifest;
    const ExcludeMatcher &m_excludes;
    QList<QByteArray> m_protected;
    CancelToken m_cancel;
    ProgressCounters *m_progress;
};

}  // namespace st
