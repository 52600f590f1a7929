// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Logic of the Clone step: runs the clone to each tested target (the Secondary, then the
 * optional Tertiary) as a CloneJob on a thread of its own (JobThread), and turns its progress
 * into the four stages (CloneStages), the Primary's and the Secondary's figures (bytes, files,
 * throughput, ETA, current path) and a time-stamped log.
 *
 * start() runs the targets not yet cloned; cancel() stops the running clone cleanly (the job
 * removes its snapshot and has the agent discard its staging area) and finishes Cancelled;
 * after a failure or a cancel, start() again is the retry. The outcome goes to the
 * WizardSession when the run ends. Nothing here blocks: the job's socket, snapshot and hashing
 * run on the job's threads; this object only receives queued signals. GUI thread only.
 */
#include "config/CloneStages.h"
#include "job/CloneJob.h"
#include "report/HardwareReport.h"
#include "job/JobThread.h"
#include "session/WizardSession.h"

#include <QObject>

#include <memory>

namespace st {

class CloneConfig : public QObject {
    Q_OBJECT
    Q_PROPERTY(st::CloneConfig::State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString targetLabel READ targetLabel NOTIFY stateChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY stateChanged)
    Q_PROPERTY(QString primaryFigures READ primaryFigures NOTIFY progressChanged)
    Q_PROPERTY(QString secondaryFigures READ secondaryFigures NOTIFY progressChanged)
    Q_PROPERTY(QStringList log READ log NOTIFY logAppended)

public:
    enum class State { Idle, Running, Cancelling, Succeeded, Failed, Cancelled };
    Q_ENUM(State)

    explicit CloneConfig(std::shared_ptr<WizardSession> session, QObject *parent = nullptr);
    ~CloneConfig() override;

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running || m_state == State::Cancelling; }
    /** Start (or, after a failure or cancel, retry) is possible. */
    bool canStart() const;
    /** Why start is not possible (no Secondary tested, no protection set), else empty. */
    QString startBlocker() const;

    /** "Cloning to the Secondary (198.18.0.2:7443)", with "1 of 2" when a Tertiary follows. */
    QString targetLabel() const;
    /** One line: what happened last ("Clone verified and applied.", the error, ...). */
    QString statusText() const { return m_status; }
    const QList<CloneStage> &stages() const { return m_stages.stages(); }
    const CloneStage &stage(const QString &id) const { return m_stages.stage(id); }
    const JobProgress &localProgress() const { return m_local; }
    const JobProgress &remoteProgress() const { return m_remote; }
    /** "1.2 GiB of 3.4 GiB · 1 200 of 4 000 files · 85 MiB/s · 0:32 left"; empty before the backup. */
    QString primaryFigures() const;
    /** The Secondary's figures, same form, prefixed by what it does ("Verifying: ..."). */
    QString secondaryFigures() const;
    const QStringList &log() const { return m_log; }
    /** What a live Secondary keeps of its own when the clone is applied at its boot, and what
     *  the boot regenerates: one line each, for the page to show before the clone starts. */
    static QStringList keptOnSecondary();
    static QStringList regeneratedAtBootLines();

    void start();
    void cancel();

Q_SIGNALS:
    void stateChanged();
    void progressChanged();
    void logAppended(const QString &line);
    /** The run ended (success, failure or cancel); the session has the outcome. */
    void runFinished(bool success);

private:
    void startTarget();
    void onJobFinished(const Status &result);
    void appendLog(const QString &line);
    void setState(State state, const QString &status);
    CloneSettings settingsFor(const TargetMachine &target) const;

    std::shared_ptr<WizardSession> m_session;
    CloneStages m_stages;
    State m_state = State::Idle;
    QString m_status;
    JobProgress m_local;
    JobProgress m_remote;
    bool m_haveLocal = false;   // m_local holds progress of the running clone
    bool m_haveRemote = false;  // m_remote holds progress from its Secondary
    QStringList m_log;
    QList<TargetMachine> m_targets;
    int m_targetIndex = 0;  // next target to clone; earlier ones are done
    std::shared_ptr<CloneReport> m_lastReport;  // written on the job's thread before finished() arrives
    std::shared_ptr<HardwareReport> m_lastFit;  // the fit check before it, likewise
    StepOutcome m_outcome;
    JobThread m_thread;  // last: destroyed first, so a running clone is cancelled and joined while the rest still exists
};

}  // namespace st
