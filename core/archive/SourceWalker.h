// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Walks the protection set on the source: every entry to clone, in stream order.
 *
 * Order: for each include root (sorted), its parent directories not yet emitted, then the
 * include root and everything below it, pre-order, names sorted bytewise (deterministic
 * streams). Excluded paths are pruned (never opened). Symlinks are never followed. Below an
 * include root the walk stays on that root's filesystem: another mount point is reported as
 * skipped (include it explicitly to clone it). Sockets are skipped (tar cannot carry them);
 * entries that vanish while walking are skipped. The visitor receives an open directory fd
 * of the entry's parent so it can open the entry with openat(..., O_NOFOLLOW).
 *
 * Read roots: an include root may be read from elsewhere than <sourceRoot>/<include> — a
 * snapshot of its volume. Parents of include roots are always read from the live tree (their
 * metadata only); everything from the include root down comes from its read root.
 * Blocking, one thread; honours CancelToken between entries.
 */
#include "profile/SelectionPlan.h"
#include "util/CancelToken.h"
#include "util/Result.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <functional>

#include <sys/stat.h>

namespace st {

struct WalkEntry {
    QByteArray relPath;
    QByteArray name;       // last component
    struct stat st{};
    int parentFd = -1;     // valid during the visit only
    bool isIncludeParent = false;  // a parent directory of an include root, emitted without its content
};

class SourceWalker {
public:
    using Visitor = std::function<Status(const WalkEntry &)>;
    using SkipReporter = std::function<void(const QByteArray &relPath, const QString &reason)>;

    /** @p readRoots: include root -> absolute path to read it from (missing = live path). */
    SourceWalker(const SelectionPlan &plan, CancelToken cancel, QHash<QByteArray, QByteArray> readRoots = {});
    /** Paths (relative) to report as skipped with the given reason instead of reading them. */
    void setSkipPaths(QHash<QByteArray, QString> skip) { m_skip = std::move(skip); }
    Status walk(const Visitor &visit, const SkipReporter &skipped);
    /** The absolute path an entry is read from (inside a read root when it has one). */
    QByteArray sourcePathOf(const QByteArray &relPath) const;

private:
    Status walkDirectory(int dirFd, const QByteArray &relDir, dev_t device, const Visitor &visit,
                         const SkipReporter &skipped, int depth);
    const SelectionPlan &m_plan;
    CancelToken m_cancel;
    QHash<QByteArray, QByteArray> m_readRoots;
    QHash<QByteArray, QString> m_skip;
};

/** Files and bytes a backup will read, for totals and estimates (a fast metadata-only walk). */
struct ScanTotals {
    qint64 entries = 0;
    qint64 files = 0;
    qint64 bytes = 0;        // logical sizes of regular files
    qint64 allocated = 0;    // bytes actually allocated (holes excluded)
};
Result<ScanTotals> scanSelection(const SelectionPlan &plan, CancelToken cancel);

/** Last component of an absolute path and an open fd of its directory. */
Result<QPair<int, QByteArray>> openParentOf(const QByteArray &absolutePath);

}  // namespace st
