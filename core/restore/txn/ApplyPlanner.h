// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Turns a verified staging tree into the steps of a journaled apply (ApplyStep),
 * changing nothing: the same decisions TreeApplier makes in place, made up front so that
 * every destructive change becomes a move aside that a rollback can undo.
 *
 * Per manifest entry, in manifest order (parents first): protected paths and what lies
 * below a subtree already placed whole are skipped; a path the root lacks is placed (a
 * missing parent the manifest does not list is placed with its subtree); a directory on
 * both sides is kept and gets a Meta step (the Primary's metadata, the old one kept); any
 * other existing entry is put aside and the staged one placed. Then the mirroring
 * (TreeMirror in check mode) adds an Aside for every path the Primary does not have, and
 * the Meta steps come last, deepest first (also the times of a directory placed whole, and
 * of an implicit directory that loses names, so its times stay as they were).
 *
 * Every step must be a rename on one filesystem: an entry is staged on the filesystem it goes
 * to (StagedTrees: the root's staging tree, or the area of a filesystem mounted below the
 * root), and one whose directory in the root lies on another filesystem than its staged copy
 * is refused, as are a replaced directory holding a protected path or a mount point. Run ApplyPreflight first:
 * the planner assumes its checks passed. Blocking, one worker thread; honours the CancelToken.
 */
#include "archive/Manifest.h"
#include "profile/ExcludeMatcher.h"
#include "restore/apply/StagedTrees.h"
#include "restore/txn/PlanFile.h"
#include "util/CancelToken.h"

#include <QList>

namespace st::txn {

/**
 * The steps that apply the staged trees @p trees to the root @p rootFd. @p protectedPaths:
 * normalised root-relative paths left alone (the agent's own, the host's kept files).
 */
Result<Plan> planApply(int rootFd, const apply::StagedTrees &trees, const Manifest &manifest, const ExcludeMatcher &excludes,
                                   const QList<QByteArray> &protectedPaths, const CancelToken &cancel);

}  // namespace st::txn
