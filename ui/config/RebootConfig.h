// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Logic of the Reboot step: reboots each target the clone was staged on (the Secondary,
 * then the Tertiary) with a RebootJob on a thread of its own. The target applies the staged
 * clone at boot; when it is back in a new boot and healthy the clone is confirmed, when not
 * it is rolled back through a second reboot and the step fails saying so.
 *
 * Shows the reboot as phases with their elapsed time (asking, going down, away: applying the
 * clone at boot and booting, back, starting services, checked), the apply log the target
 * kept of its boot, and a time-stamped log. The step is irreversible once a target accepted
 * the reboot (isIrreversible(): the page disables Back). cancel() before that leaves the
 * target untouched; after it, it only stops waiting. After a failure or a cancel, start()
 * again is the retry (of the target that failed; earlier ones stay done). The outcome goes to
 * the WizardSession (its InstallationRecord and rebootOutcome()) when the run ends.
 *
 * With confirmAutomatically off, a twin that is back healthy is not confirmed at once: the
 * step waits (AwaitingDecision) for the engineer's word after a look at the Secondary:
 * keepTwin() confirms the applied clones (ConfirmClonesJob), rollBack() reboots each target
 * once more to restore what the clone replaced (RebootJob with rollBackClones), which ends the
 * installation (RolledBack) unless the engineer goes back to the Clone step: the Secondary
 * runs its previous system again, so the step is no longer irreversible, and refresh() after
 * a new clone starts it over.
 * GUI thread only; the job's socket and timers run on the job's thread.
 */
#include "job/JobThread.h"
#include "job/RebootJob.h"
#include "session/WizardSession.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace st {

/** One row of the Reboot page. */
struct RebootPhaseRow {
    enum class State { Pending, Running, Done, Failed };
    QString id;       // "ask", "going-down", "away", "back", "starting", "checked"
    QString title;    // for people
    State state = State::Pending;
    qint64 elapsedMs = 0;  // time spent in the phase (so far, while it runs); -1: passed without a stop
};

class RebootConfig : public QObject {
    Q_OBJECT
    Q_PROPERTY(st::RebootConfig::State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString targetLabel READ targetLabel NOTIFY stateChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY stateChanged)
    Q_PROPERTY(QStringList log READ log NOTIFY logAppended)

public:
    enum class State { Idle, Running, Cancelling, AwaitingDecision, Succeeded, Failed, Cancelled, RolledBack };
    Q_ENUM(State)
    /** What a run does: the reboot, or the engineer's word after it. */
    enum class Action { Reboot, Confirm, RollBack };

    explicit RebootConfig(std::shared_ptr<WizardSession> session, QObject *parent = nullptr);
    ~RebootConfig() override;

    /** Tune the jobs (tests: shorter timeouts). Applied to the next start(). */
    void setSettingsTemplate(const RebootSettings &settings) { m_template = settings; }
    /** Confirm a twin that is back healthy at once (default), or wait for keepTwin()/rollBack(). */
    bool confirmAutomatically() const { return m_confirmAutomatically; }
    void setConfirmAutomatically(bool on) { m_confirmAutomatically = on; }

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running || m_state == State::Cancelling; }
    /** keepTwin() or rollBack() is running. */
    bool isCarryingOutDecision() const { return isRunning() && m_action != Action::Reboot; }
    /** A target accepted its reboot in this run: there is no going back to the Clone step. */
    bool isIrreversible() const { return m_irreversible; }
    bool canStart() const;
    /** Why start is not possible (no clone staged), else empty. */
    QString startBlocker() const;

    /** "Rebooting the Secondary (host, 198.18.0.2:7443)", with "1 of 2" when a Tertiary follows. */
    QString targetLabel() const;
    QString statusText() const { return m_status; }
    /** The rows before anything ran, in order. */
    static QList<RebootPhaseRow> initialPhases();
    /** The phases of the target being rebooted (or last rebooted), elapsed times as of now. */
    QList<RebootPhaseRow> phases() const;
    /** What the target did at its new boot (the agent's apply log), once it answered. */
    const QStringList &applyLog() const { return m_applyLog; }
    const QStringList &log() const { return m_log; }

    void start();
    void cancel();
    /** On entering the step: after a rollback, a clone staged since (the Clone step run
     *  again) makes the step fresh (Idle, its rows pending); otherwise nothing changes. */
    void refresh();
    /** AwaitingDecision: confirm the applied clones; the step then succeeds. */
    void keepTwin();
    /** AwaitingDecision: roll the applied clones back through another reboot of each target. */
    void rollBack();

Q_SIGNALS:
    void stateChanged();
    /** A phase changed or a second passed while running: re-read phases(). */
    void phasesChanged();
    void applyLogChanged();
    void logAppended(const QString &line);
    void runFinished(bool success);

private:
    void begin(Action action);
    void startTarget();
    void onPhase(RebootPhase phase, qint64 elapsedMs);
    void onJobFinished(const Status &result);
    void finishRun(const Status &result);
    QList<TargetMachine> targetsAwaitingDecision() const;
    void appendLog(const QString &line);
    void setState(State state, const QString &status);
    static int rowOf(RebootPhase phase);

    std::shared_ptr<WizardSession> m_session;
    RebootSettings m_template;
    bool m_confirmAutomatically = true;
    Action m_action = Action::Reboot;
    State m_state = State::Idle;
    QString m_status;
    QStringList m_log;
    QStringList m_applyLog;
    QList<TargetMachine> m_targets;  // the targets whose clone is staged, in order
    int m_targetIndex = 0;
    bool m_irreversible = false;
    QList<RebootPhaseRow> m_rows;
    int m_currentRow = -1;
    QElapsedTimer m_rowClock;  // since the current row started
    QTimer m_ticker;           // elapsed time of the running row, once a second
    StepOutcome m_outcome;
    std::shared_ptr<RebootReport> m_lastReport;  // written on the job's thread before finished() arrives
    std::shared_ptr<QStringList> m_lastConfirmed;  // ConfirmClonesJob: the clones it confirmed
    JobThread m_thread;  // last: destroyed first, so a running job is cancelled and joined while the rest still exists
};

}  // namespace st
