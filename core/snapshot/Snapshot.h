// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Point-in-time views of the protection set for one backup run.
 *
 * A SnapshotSet is created for a SelectionPlan and a mode (auto|btrfs|lvm|vss|none). For every
 * include root it picks the volume holding it and a provider for that volume: btrfs (a
 * read-only subvolume snapshot), LVM (lvcreate --snapshot, mounted read-only), or none (live
 * read with change detection). `auto` uses btrfs or LVM where the volume supports it and falls
 * back to none with a warning. Each include root then has a readPath: the absolute directory
 * its content is read from (inside the snapshot, or the live path for none).
 *
 * Everything a set creates is recorded first in a journal in the state directory, so
 * release() (also run by the destructor), and at the next run cleanLeftoverSnapshots() after
 * a crash, remove exactly what ServerTwin created and nothing else.
 *
 * create() and release() block (they run commands): call them on a worker thread.
 */
#include "profile/SelectionPlan.h"
#include "util/CancelToken.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace st {

enum class SnapshotMode { Auto, Btrfs, Lvm, Vss, None };
std::optional<SnapshotMode> parseSnapshotMode(const QString &text);
QString snapshotModeName(SnapshotMode mode);

struct SnapshotView {
    QByteArray includeRoot;  // relative, as in the plan
    QByteArray readPath;     // absolute directory (or file) to read the include root from
    QString provider;        // "btrfs", "lvm", "none"
    QByteArray volume;       // mount point of the source volume (for the report)
};

class SnapshotSet {
public:
    virtual ~SnapshotSet() = default;
    /** One view per include root of the plan, in the plan's order. */
    virtual const QList<SnapshotView> &views() const = 0;
    /** E.g. "no snapshot support on /boot (vfat): read live". Shown to the engineer. */
    virtual QStringList warnings() const = 0;
    /** True when every view comes from a snapshot (no live reads). */
    virtual bool pointInTime() const = 0;
    /** Removes every snapshot of this set (idempotent). */
    virtual Status release() = 0;

    /**
     * Creates the snapshots. A failure leaves nothing behind. @p stateDir holds the journal.
     * Forcing a provider a volume cannot do (btrfs on ext4) is an error naming the volume.
     */
    static Result<std::unique_ptr<SnapshotSet>> create(const SelectionPlan &plan, SnapshotMode mode,
                                                       const QString &stateDir, CancelToken cancel);
};

/** Removes snapshots a crashed or killed earlier run left behind (from the journal). */
Status cleanLeftoverSnapshots(const QString &stateDir, QStringList *removed = nullptr);

}  // namespace st
