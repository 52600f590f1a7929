// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Removes the snapshots an earlier run left behind, from the journal, proving each is
 * ServerTwin's before touching it.
 *
 * An entry is skipped while its owner process still runs (and, for this process, while its
 * set is alive). btrfs: the path must still be "<origin>/.servertwin-snapshots/servertwin-*",
 * on the journalled filesystem UUID, a read-only subvolume with the journalled UUID (or, if
 * the run died before recording it, whose parent UUID is the journalled origin's). LVM: the
 * LV must still be named servertwin-* and be a snapshot of the journalled origin; its mount
 * directory is unmounted only when that snapshot is what is mounted there. Anything else is
 * left alone and its entry dropped; an entry whose filesystem is not mounted right now is
 * kept for a later run. A command the dead owner started (it survives a SIGKILL of its parent
 * and may still be creating the snapshot) is waited for before the entry is judged.
 * Blocking; any thread.
 */
#include "snapshot/SnapshotEnvironment.h"

#include <QString>
#include <QStringList>

namespace st {

Status cleanLeftoverSnapshotsWith(const QString &stateDir, SnapshotEnvironment &env, QStringList *removed);

}  // namespace st
