// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Linux SnapshotSet: carries out a SnapshotLayout (btrfs and LVM snapshots), owns
 * what it created, and removes it on release() or destruction.
 *
 * Every snapshot is journalled before it is created and unjournalled after it is gone. btrfs:
 * "<subvolume root>/.servertwin-snapshots/<tag>" (read-only). LVM: snapshot LV "<tag>-<n>" of
 * the origin, mounted read-only at "<stateDir>/snapshot-mounts/<tag>-<n>". A failure halfway
 * through create() releases what was already made. Blocking (runs commands): one worker
 * thread at a time; not shared between threads.
 */
#include "snapshot/Snapshot.h"
#include "snapshot/SnapshotEnvironment.h"
#include "snapshot/SnapshotJournal.h"
#include "snapshot/SnapshotPlanner.h"

namespace st {

class SnapshotSetImpl final : public SnapshotSet {
public:
    static Result<std::unique_ptr<SnapshotSetImpl>> create(const SelectionPlan &plan, SnapshotMode mode,
                                                           const QString &stateDir, CancelToken cancel,
                                                           SnapshotEnvironment env);
    ~SnapshotSetImpl() override;

    const QList<SnapshotView> &views() const override { return m_views; }
    QStringList warnings() const override { return m_warnings; }
    bool pointInTime() const override;
    Status release() override;

    /**
     * Fails when an LVM snapshot overflowed (invalidated, or 100% full): what was read from it
     * is not a consistent copy. btrfs snapshots cannot overflow. Call before trusting a backup;
     * release() checks it too and reports an overflow as its error.
     */
    Status checkHealthy();

    /** The set's tag ("servertwin-<UTC yyyyMMddTHHmmss>-<pid>[-n]"). */
    QString tag() const { return m_tag; }
    /** The snapshots still held: btrfs snapshot directories, LVM mount directories. */
    QList<QByteArray> snapshotPaths() const;

    /**
     * Test hook: forgets every snapshot without removing it, as if the process had been
     * killed; their journal entries stay, so cleanLeftoverSnapshots() must find them.
     */
    void abandon();

private:
    struct Held {
        JournalEntry entry;
        QByteArray fsType;       // lvm: filesystem to mount
        QString device;          // lvm: snapshot device path
        bool lvCreated = false;  // lvm
        bool mounted = false;    // lvm
    };

    SnapshotSetImpl(QString stateDir, SnapshotEnvironment env);
    JournalEntry newEntry(const PlannedSnapshot &planned) const;
    Status createBtrfs(const PlannedSnapshot &planned);
    Status createLvm(const PlannedSnapshot &planned, int number, qint64 freeShare, qint64 *used);
    Status releaseOne(Held &held);
    Status releaseBtrfs(Held &held);
    Status releaseLvm(Held &held);

    QString m_stateDir;
    SnapshotEnvironment m_env;
    SnapshotJournal m_journal;
    ProcessIdentity m_process;
    QString m_tag;
    QList<Held> m_held;  // in creation order
    QList<SnapshotView> m_views;
    QStringList m_warnings;
};

/** Builds the tag of a new set: unique within this process even for sets made in one second. */
QString newSnapshotTag();

}  // namespace st
