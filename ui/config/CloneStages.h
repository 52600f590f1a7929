// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The clone as the engineer sees it: four stages with their own progress, fed by the
 * CloneJob's progress (Primary side) and its remote progress (the Secondary's agent).
 *
 *  - Snapshot: scanning the protection set, connecting, quiescing and taking the snapshot
 *    (job stages Stage::Scan, Connect, Snapshot; no fraction known: shown as busy);
 *  - Backup: reading and compressing the snapshot on the Primary (Stage::Transfer: bytes read);
 *  - Transfer: the stream arriving and staged on the Secondary (remote Stage::Receive);
 *  - Restore: verification against the manifest and the apply on the Secondary (remote
 *    Stage::Verify then Stage::Apply, half of the bar each).
 * Backup and Transfer run at the same time (the stream is pipelined). Plain value type.
 */
#include "job/Job.h"
#include "util/Stage.h"

#include <QList>
#include <QString>
#include <optional>

namespace st {

struct CloneStage {
    enum class State { Pending, Running, Done, Failed, Cancelled };
    QString id;           // "snapshot", "backup", "transfer", "restore"
    State state = State::Pending;
    double fraction = 0;  // 0..1; < 0 = running, amount unknown
    std::optional<Stage> activity;  // the job stage that runs now (none while pending)
};

class CloneStages {
public:
    CloneStages();

    const QList<CloneStage> &stages() const { return m_stages; }
    const CloneStage &stage(const QString &id) const;

    /** Progress of the Primary's side (CloneJob::progress). */
    void onLocal(const JobProgress &progress);
    /** Progress of the Secondary's agent (CloneJob::remoteProgress). */
    void onRemote(const JobProgress &progress);
    /** The job finished: every stage done on success; otherwise running stages failed or cancelled. */
    void onFinished(bool success, bool cancelled);
    /** All stages pending again (a retry or the next target). */
    void reset();

private:
    CloneStage &at(const QString &id);
    void run(const QString &id, double fraction, Stage activity);
    void complete(const QString &id);

    QList<CloneStage> m_stages;
};

}  // namespace st
