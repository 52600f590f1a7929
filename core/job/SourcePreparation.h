// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The first step of every backup: one consistent source to read from.
 *
 * prepareSource() removes snapshots a killed earlier run left behind, freezes the protected
 * applications (their declared freeze commands), creates the snapshots (SnapshotSet) and
 * thaws again — thaw always runs, whatever happened in between — and returns the read roots
 * for CloneWriter plus what the report needs (providers, warnings, freeze window). The
 * PreparedSource releases the snapshots when destroyed (after the read), also after a failure
 * or a cancel. Blocking: call it on the backup's worker thread.
 */
#include "profile/SelectionPlan.h"
#include "snapshot/Snapshot.h"
#include "util/CancelToken.h"
#include "util/Result.h"

#include <QHash>
#include <QStringList>
#include <memory>

namespace st {

struct PreparedSource {
    std::unique_ptr<SnapshotSet> snapshots;
    QHash<QByteArray, QByteArray> readRoots;  // for CloneWriterOptions
    QHash<QByteArray, QString> skipPaths;     // mount points a snapshot shows as plain directories
    bool liveRead = true;                     // some include root is read live
    QString snapshotSummary;                  // e.g. "btrfs" or "btrfs, none"
    QStringList warnings;
    QStringList quiesceLog;
    qint64 freezeWindowMs = 0;
    QStringList leftoversRemoved;

    PreparedSource() = default;
    PreparedSource(PreparedSource &&) = default;
    PreparedSource &operator=(PreparedSource &&) = default;
    ~PreparedSource();
    /** Removes the snapshots now (the destructor does it too); returns what went wrong. */
    Status release();
};

struct CloneReport;
/** Copies what the report shows about the source (providers, warnings, freeze window). */
void recordSource(CloneReport &report, const PreparedSource &source);

Result<std::unique_ptr<PreparedSource>> prepareSource(const SelectionPlan &plan, SnapshotMode mode,
                                                      const QString &stateDir, CancelToken cancel);

}  // namespace st
