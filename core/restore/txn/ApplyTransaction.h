// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief A verified clone applied to a root as a transaction that survives power cuts and
 * can be rolled back, after Qt Installer Framework's operations (backup -> perform ->
 * record, undo in reverse from a journal on disk).
 *
 * Its directory <root>/.servertwin-staging/<id>/ holds the staged tree (tree/, verified),
 * the manifest, the plan (PlanFile: every step, written durably before the first one runs),
 * what the steps put aside (backup/) and the state (TransactionState). What goes onto another
 * filesystem mounted below the root (a separate /boot or /var) is staged in an area on that
 * filesystem, <mount>/.servertwin-staging/<id>/ with its own tree/ and backup/ (StagingAreas;
 * the directory's "areas" file lists them). So every step is one rename (RENAME_NOREPLACE)
 * within one filesystem, or a metadata change, and a step can tell by looking whether it
 * happened: a run after a power cut replays the plan from its first step, skipping what is
 * done, in the direction the state says.
 *
 *  - apply(): Staged -> plans against the root as it is now (ApplyPreflight, then
 *    planApply), writes the plan, Applying, runs it forward, Applied. Called again in
 *    Applying (the previous run was cut) it continues; in Applied it does nothing. If a step
 *    fails, or the apply was cut kMaxAttempts times, it rolls back at once (RolledBack, the
 *    error kept in the state) and returns the error.
 *  - rollback(): Applying / Applied / RollingBack -> undoes every step in reverse (then the
 *    directories' metadata), RolledBack; the root is as it was before the apply.
 *  - commit(): Applied -> the directory is retired (one rename to a ".retired-" name, so the
 *    transaction is gone at once); purgeRetired() then removes what the clone replaced, which
 *    can take long: the agent runs it off its event loop.
 *  - discard(): Staged / RolledBack / Failed -> retired the same way.
 * Blocking: call on a worker thread (or the agent's boot-time command); one object per
 * thread. ProgressCounters count steps.
 */
#include "archive/Manifest.h"
#include "restore/TreeApplier.h"
#include "restore/apply/StagedTrees.h"
#include "restore/txn/PlanFile.h"
#include "restore/txn/TransactionState.h"
#include "util/ProgressCounters.h"
#include "util/UniqueFd.h"

#include <QStringList>
#include <functional>
#include <vector>

namespace st::txn {

class ApplyTransaction {
public:
    /** An apply cut this many times (a boot that never finished it) is rolled back instead. */
    static constexpr int kMaxAttempts = 3;

    enum class Direction { Forward, Undo };
    /** Called before step @p index runs (tests: a hook that never returns is a power cut there). */
    using StepHook = std::function<void(Direction, qsizetype index)>;

    /** ".servertwin-staging/<id>" (root-relative). */
    static QByteArray directoryOf(const QString &id);

    /**
     * Makes the verified staging directory of clone @p id (tree/ filled by the restore) a
     * transaction: moves what goes onto other filesystems mounted below the root into their
     * areas (refusing a filesystem that cannot hold it), saves @p manifest and @p state
     * (phase Staged) durably. On an error, remove() takes the staging away.
     */
    static Result<ApplyTransaction> stage(int rootFd, const QString &id, const Manifest &manifest, TransactionState state,
                                          const CancelToken &cancel = CancelToken());
    /** Removes the staging directory @p name that is no transaction (a failed or killed
     *  restore's), with its areas on other filesystems; a missing one is fine. */
    static Status remove(int rootFd, const QByteArray &name);
    static Result<ApplyTransaction> open(int rootFd, const QString &id);
    /** The ids of the transactions under the root (staging directories holding a state). */
    static Result<QStringList> list(int rootFd);
    /** Removes the retired transactions' directories (blocking; any thread). */
    static Status purgeRetired(int rootFd);

    const TransactionState &state() const { return m_state; }
    /** An apply has begun on it (a boot that was cut may have left it Staged, or Applying). */
    bool started() const { return m_state.phase == Phase::Applying || (m_state.phase == Phase::Staged && m_state.attempts > 0); }
    void setStepHook(StepHook hook) { m_hook = std::move(hook); }

    /** Staged: plans against the root as it is now and returns what the apply would do,
     *  changing nothing (the refusal the apply would give, or the plan). */
    Result<Plan> check() const;
    Result<ApplyReport> apply(ProgressCounters *progress = nullptr);
    Status rollback(ProgressCounters *progress = nullptr);
    Status commit();
    Status discard();
    /** Applied: records that the next boot rolls it back (durably). */
    Status requestRollback();
    /** Records that the host's own steps after the apply or rollback ran (durably). */
    Status markHostFinished();

    /** The plan (once apply() has made it). */
    Result<Plan> loadPlan() const;
    /** The mount points (root-relative) of the filesystems it has areas on. */
    const QList<QByteArray> &areas() const { return m_areaMounts; }
    /** The staged tree and the backup tree holding @p path (root-relative; the same path below them). */
    int treeFdFor(const QByteArray &path) const { return m_trees.treeFor(path); }
    int backupFdFor(const QByteArray &path) const;

private:
    ApplyTransaction() = default;
    Result<Plan> computePlan() const;
    Status setPhase(Phase phase, const QString &error = {});
    Status runForward(const Plan &plan, ProgressCounters *progress);
    Status runUndo(const Plan &plan, ProgressCounters *progress);
    Status forwardStep(const ApplyStep &step);
    Status undoStep(const ApplyStep &step);
    Result<ApplyReport> reportOf(const Plan &plan) const;
    Status finishRollback(const Plan &plan, ProgressCounters *progress, const QString &cause);
    /** syncfs() on the root and on every area's filesystem. */
    Status syncAll(const QString &what) const;

    struct AreaFds {
        UniqueFd tree;
        UniqueFd backup;
    };

    UniqueFd m_rootFd;
    UniqueFd m_parentFd;  // .servertwin-staging
    UniqueFd m_dirFd;     // .servertwin-staging/<id>
    UniqueFd m_treeFd;    // tree/
    UniqueFd m_backupFd;  // backup/
    QList<QByteArray> m_areaMounts;  // the areas' mount points
    std::vector<AreaFds> m_areaFds;  // per area, in m_areaMounts' order
    apply::StagedTrees m_trees{-1};  // the root's tree, then the areas' (borrowed from the fds above)
    QString m_id;
    TransactionState m_state;
    StepHook m_hook;
};

}  // namespace st::txn
