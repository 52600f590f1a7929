// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Decides, before anything is created, which snapshots a SelectionPlan needs.
 *
 * For every include root: its canonical path, the mount holding it and the provider the mode
 * asks for. btrfs: one read-only snapshot per distinct subvolume that holds an include root
 * (a nested subvolume is not part of its parent's snapshot, so it gets its own). LVM: one
 * snapshot per origin LV (found by the mount's device number in the lvs report). none: the
 * live path. `auto` falls back to none with a warning per volume; a forced provider the volume
 * cannot do is an error naming the volume. Only reads (lstat, ioctls, lvs). Thread-safe.
 */
#include "profile/SelectionPlan.h"
#include "snapshot/LvmVolume.h"
#include "snapshot/MountTable.h"
#include "snapshot/Snapshot.h"
#include "snapshot/SnapshotEnvironment.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace st {

struct PlannedSnapshot {
    QString provider;     // "btrfs" | "lvm"
    QByteArray origin;    // btrfs: subvolume root; lvm: the mount point the LV was found at
    MountEntry mount;     // the mount holding the origin
    LvmVolume lv;         // lvm: the origin LV
};

struct PlannedView {
    QByteArray includeRoot;  // relative, as in the plan
    QByteArray livePath;     // absolute path of the include root on the live system
    QByteArray volume;       // mount point, for the report
    int snapshot = -1;       // index in SnapshotLayout::snapshots; -1 = read live
    QByteArray relative;     // path below the snapshot's top directory ("" = the top itself)
};

struct SnapshotLayout {
    QList<PlannedSnapshot> snapshots;
    QList<PlannedView> views;
    QStringList warnings;
};

Result<SnapshotLayout> planSnapshots(const SelectionPlan &plan, SnapshotMode mode, SnapshotEnvironment &env);

}  // namespace st
