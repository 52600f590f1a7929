// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/RebootConfig.h"

#include "config/StepText.h"
#include "job/ConfirmClonesJob.h"
#include "report/CloneReport.h"


namespace st {

QList<RebootPhaseRow> RebootConfig::initialPhases()
{
    using Row = RebootPhaseRow;
    return {Row{QStringLiteral("ask"), RebootConfig::tr("Asking it to reboot"), Row::State::Pending, 0},
            Row{QStringLiteral("going-down"), RebootConfig::tr("Going down"), Row::State::Pending, 0},
            Row{QStringLiteral("away"), RebootConfig::tr("Applying the clone at boot, booting"), Row::State::Pending, 0},
            Row{QStringLiteral("back"), RebootConfig::tr("Back in a new boot"), Row::State::Pending, 0},
            Row{QStringLiteral("starting"), RebootConfig::tr("Starting its services"), Row::State::Pending, 0},
            Row{QStringLiteral("checked"), RebootConfig::tr("Healthy, clone confirmed"), Row::State::Pending, 0}};
}

RebootConfig::RebootConfig(std::shared_ptr<WizardSession> session, QObject *parent)
    : QObject(parent), m_session(std::move(session)), m_rows(initialPhases())
{
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &RebootConfig::phasesChanged);
    connect(&m_thread, &JobThread::logMessage, this, &RebootConfig::appendLog);
    connect(&m_thread, &JobThread::finished, this, &RebootConfig::onJobFinished);
}

RebootConfig::~RebootConfig() = default;  // m_thread cancels and joins a running job

int RebootConfig::rowOf(RebootPhase phase)
{
    switch (phase) {
    case RebootPhase::Connecting:
    case RebootPhase::CheckingBefore:
    case RebootPhase::Requesting: return 0;
    case RebootPhase::GoingDown: return 1;
    case RebootPhase::Down: return 2;
    case RebootPhase::Back: return 3;
    case RebootPhase::Starting: return 4;
    case RebootPhase::Done: return 5;
    }
    return 0;  // not reached: every enumerator is handled above
}

bool RebootConfig::canStart() const
{
    return !isRunning() && m_state != State::Succeeded && m_state != State::AwaitingDecision && m_state != State::RolledBack
           && startBlocker().isEmpty();
}

QString RebootConfig::startBlocker() const
{
    for (const TargetMachine &t : m_session->targets())
        if (const TargetRecord *r = m_session->record().find(t.address); r && r->succeeded(InstallStep::Clone) && r->clone->stagedForReboot)
            return {};
    return tr("No clone is staged on a Secondary: run the Clone step first.");
}

QString RebootConfig::targetLabel() const
{
    return st::targetLabel(m_targets.isEmpty() ? m_session->targets() : m_targets, m_targetIndex, tr("Rebooting the %1 (%2)"), tr("Rebooting the %1 (%2), %3 of %4"));
}

QList<RebootPhaseRow> RebootConfig::phases() const
{
    QList<RebootPhaseRow> rows = m_rows;
    if (m_currentRow >= 0 && rows[m_currentRow].state == RebootPhaseRow::State::Running)
        rows[m_currentRow].elapsedMs += m_rowClock.elapsed();
    return rows;
}

void RebootConfig::start()
{
    if (!canStart())
        return;
    if (m_state == State::Idle || m_targets.isEmpty()) {
        m_targets.clear();
        for (const TargetMachine &t : m_session->targets())
            if (const TargetRecord *r = m_session->record().find(t.address); r && r->succeeded(InstallStep::Clone) && r->clone->stagedForReboot)
                m_targets.append(t);
        m_targetIndex = 0;
        m_outcome = StepOutcome{};
        m_outcome.startedAt = QDateTime::currentDateTime();
    } else {
        appendLog(tr("retrying the reboot of %1").arg(m_targets.value(m_targetIndex).address));
    }
    m_outcome.attempts += 1;
    m_action = Action::Reboot;
    startTarget();
}

QList<TargetMachine> RebootConfig::targetsAwaitingDecision() const
{
    QList<TargetMachine> out;
    for (const TargetMachine &t : m_targets)
        if (const TargetRecord *r = m_session->record().find(t.address); r && r->reboot && !r->reboot->clonesUnconfirmed.isEmpty())
            out.append(t);
    return out;
}

void RebootConfig::refresh()
{
    if (m_state != State::RolledBack || !startBlocker().isEmpty())
        return;
    for (const TargetMachine &t : m_session->targets())
        if (const TargetRecord *r = m_session->record().find(t.address); r && r->ran(InstallStep::Reboot))
            return;  // no new clone since the rollback
    m_targets.clear();
    m_targetIndex = 0;
    m_irreversible = false;
    m_rows = initialPhases();
    m_currentRow = -1;
    appendLog(tr("a new clone is staged: the reboot starts over"));
    setState(State::Idle, QString());
    Q_EMIT phasesChanged();
}

void RebootConfig::keepTwin()
{
    if (m_state == State::AwaitingDecision)
        begin(Action::Confirm);
}

void RebootConfig::rollBack()
{
    if (m_state == State::AwaitingDecision)
        begin(Action::RollBack);
}

void RebootConfig::begin(Action action)
{
    m_action = action;
    m_targets = targetsAwaitingDecision();
    m_targetIndex = 0;
    startTarget();
}

void RebootConfig::startTarget()
{
    const TargetMachine target = m_targets.at(m_targetIndex);
    LinkOptions link = target.link;
    link.pairingCode.clear();  // pinned by the connection test and the clone
    if (m_action == Action::Confirm) {
        setState(State::Running, tr("Confirming the clone on the %1…").arg(target.role));
        appendLog(tr("confirming the clone applied on %1").arg(target.address));
        auto confirmed = std::make_shared<QStringList>();
        m_lastConfirmed = confirmed;
        m_thread.start([link] { return new ConfirmClonesJob(link); }, {},
                       [confirmed](Job *job) { *confirmed = static_cast<ConfirmClonesJob *>(job)->confirmed(); });
        return;
    }
    m_rows = initialPhases();
    if (m_action == Action::RollBack)
        m_rows.last().title = tr("Back to its previous system");
    m_currentRow = -1;
    m_applyLog.clear();
    Q_EMIT applyLogChanged();
    m_lastReport = std::make_shared<RebootReport>();
    if (m_action == Action::RollBack) {
        setState(State::Running, tr("Rolling back: the %1 reboots and restores, while it boots, what the clone replaced.").arg(target.role));
        appendLog(tr("rolling back the clone on %1 (%2)").arg(target.address, target.info.host));
    } else {
        setState(State::Running, tr("In progress. The %1 reboots, applies the clone while it boots and comes back as the twin.").arg(target.role));
        appendLog(tr("rebooting %1 (%2)").arg(target.address, target.info.host));
    }

    RebootSettings settings = m_template;
    settings.link = link;
    settings.confirmClones = m_confirmAutomatically;
    settings.rollBackClones = m_action == Action::RollBack;
    settings.reason = m_action == Action::RollBack ? tr("rollback of the clone, asked for from the ServerTwin wizard")
                                                   : tr("installation step 3 from the ServerTwin wizard");
    const std::shared_ptr<RebootReport> report = m_lastReport;
    m_thread.start([settings] { return new RebootJob(settings); },
                   [this](Job *job) {
                       // On the job's thread; `this` receives queued (it lives on the GUI thread).
                       auto *reboot = static_cast<RebootJob *>(job);
                       connect(reboot, &RebootJob::phaseChanged, this, &RebootConfig::onPhase);
                       connect(reboot, &RebootJob::bootLogReceived, this, [this](const QStringList &lines) {
                           m_applyLog = lines;
                           Q_EMIT applyLogChanged();
                       });
                   },
                   [report](Job *job) { *report = static_cast<RebootJob *>(job)->report(); });
    m_ticker.start();
    Q_EMIT phasesChanged();
}

void RebootConfig::onPhase(RebootPhase phase, qint64 /*elapsedMs*/)
{
    const int row = rowOf(phase);
    if (phase == RebootPhase::GoingDown && !m_irreversible) {
        m_irreversible = true;  // the target accepted: its reboot goes on whatever happens here
        Q_EMIT stateChanged();
    }
    if (row == m_currentRow)
        return;
    if (m_currentRow >= 0) {
        if (row < m_currentRow) {
            // Back to an earlier phase: lost again while starting, or the second reboot of a
            // rollback. The rows from there on start over.
            for (int i = row; i < m_rows.size(); ++i)
                m_rows[i] = initialPhases()[i];
        } else {
            m_rows[m_currentRow].elapsedMs += m_rowClock.elapsed();
            m_rows[m_currentRow].state = RebootPhaseRow::State::Done;
            for (int i = m_currentRow + 1; i < row; ++i) {
                m_rows[i].state = RebootPhaseRow::State::Done;  // passed through without a stop (e.g. systemd had finished starting)
                m_rows[i].elapsedMs = -1;
            }
        }
    }
    m_currentRow = row;
    m_rowClock.restart();
    m_rows[row].state = phase == RebootPhase::Done ? RebootPhaseRow::State::Done : RebootPhaseRow::State::Running;
    Q_EMIT phasesChanged();
}

void RebootConfig::cancel()
{
    if (m_state != State::Running)
        return;
    setState(State::Cancelling, m_irreversible ? tr("Stopping the wait; the reboot itself goes on…") : tr("Cancelling before the reboot is requested…"));
    m_thread.cancel();
}

void RebootConfig::onJobFinished(const Status &result)
{
    m_ticker.stop();
    const TargetMachine &target = m_targets.at(m_targetIndex);
    if (m_action == Action::Confirm) {
        if (TargetRecord *r = m_session->record().find(target.address); r && r->reboot) {
            r->reboot->clonesConfirmed += *m_lastConfirmed;
            if (result)
                r->reboot->clonesUnconfirmed.clear();
        }
    } else {
        if (m_currentRow >= 0 && m_rows[m_currentRow].state == RebootPhaseRow::State::Running) {
            m_rows[m_currentRow].elapsedMs += m_rowClock.elapsed();
            m_rows[m_currentRow].state = result ? RebootPhaseRow::State::Done : RebootPhaseRow::State::Failed;
        }
        m_session->record().recordReboot(target.role, target.address, *m_lastReport);  // a retry replaces the failed attempt's
        if (!m_lastReport->bootLog.isEmpty() && m_lastReport->bootLog != m_applyLog) {
            m_applyLog = m_lastReport->bootLog;
            Q_EMIT applyLogChanged();
        }
        for (const QString &w : m_lastReport->warnings + m_lastReport->cloneNotes)
            appendLog(w);
        Q_EMIT phasesChanged();
    }

    if (result && m_targetIndex + 1 < m_targets.size()) {
        if (m_action == Action::Reboot)
            appendLog(tr("%1 is back: %2").arg(target.address, m_lastReport->summaryText()));
        ++m_targetIndex;
        startTarget();
        return;
    }
    finishRun(result);
}

void RebootConfig::finishRun(const Status &result)
{
    if (!result && m_action != Action::Reboot) {
        // A failed confirm or rollback leaves the decision open: the engineer may try again.
        appendLog(tr("failed: %1").arg(result.error().message));
        setState(State::AwaitingDecision, tr("%1 — keep the twin or roll back, again.").arg(result.error().message));
        Q_EMIT runFinished(false);
        return;
    }
    State state = State::Succeeded;
    QString status;
    Status outcome = result;
    if (!result) {
        state = result.error().code == ErrorCode::Cancelled ? State::Cancelled : State::Failed;
        status = result.error().message;
        appendLog(state == State::Cancelled ? status : tr("failed: %1").arg(status));
    } else if (m_action == Action::RollBack) {
        state = State::RolledBack;
        m_irreversible = false;  // the Secondary runs its previous system: the Clone step can run again
        status = tr("Rolled back: the Secondary runs the system it had before the clone again. Go Back to clone anew, or on to the summary.");
        outcome = makeError(ErrorCode::Cancelled, tr("the clone was rolled back on the engineer's request; the Secondary runs its previous system"));
        appendLog(status);
    } else if (m_action == Action::Reboot && !targetsAwaitingDecision().isEmpty()) {
        state = State::AwaitingDecision;
        status = tr("Back in a new boot and healthy, the clone applied and not yet confirmed. Look at the Secondary, then keep the twin or roll back.");
        outcome = makeError(ErrorCode::Refused, tr("the clone applied at boot waits for the engineer's confirmation"));
        appendLog(m_lastReport->summaryText());
    } else if (m_action == Action::Confirm) {
        status = tr("The twin is kept: the clone is confirmed and what it replaced released.");
        appendLog(status);
    } else {
        status = m_lastReport->simulated
                     ? tr("Back in a new boot (simulated reboot of the demo sandbox), the clone applied at boot and confirmed.")
                     : tr("Back in a new boot as %1, healthy; the clone applied at boot is confirmed.").arg(m_lastReport->hostAfter);
        appendLog(m_lastReport->summaryText());
    }
    m_outcome.result = outcome;
    m_outcome.finishedAt = QDateTime::currentDateTime();
    m_outcome.log = m_log;
    m_session->setRebootOutcome(m_outcome);
    setState(state, status);
    Q_EMIT runFinished(state == State::Succeeded);
}

void RebootConfig::appendLog(const QString &line)
{
    const QString stamped = timeStamped(line);
    m_log.append(stamped);
    Q_EMIT logAppended(stamped);
}

void RebootConfig::setState(State state, const QString &status)
{
    m_state = state;
    m_status = status;
    Q_EMIT stateChanged();
}

}  // namespace st
