// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/RebootJob.h"

#include "job/CloneAfterBoot.h"
#include "report/CloneReport.h"

#include <QJsonArray>

namespace st {

namespace {
constexpr int kConnectGiveUpMs = 120000;  // before the request: the agent must be there
}  // namespace

QString rebootPhaseName(RebootPhase phase)
{
    switch (phase) {
    case RebootPhase::Connecting: return QStringLiteral("connecting");
    case RebootPhase::CheckingBefore: return QStringLiteral("checking the system before");
    case RebootPhase::Requesting: return QStringLiteral("asking the Secondary to reboot");
    case RebootPhase::GoingDown: return QStringLiteral("going down");
    case RebootPhase::Down: return QStringLiteral("down: shutting down, applying at boot or booting");
    case RebootPhase::Back: return QStringLiteral("back in a new boot");
    case RebootPhase::Starting: return QStringLiteral("systemd starting units");
    case RebootPhase::Done: return QStringLiteral("done");
    }
    return QString();  // not reached: every enumerator is handled above
}

RebootJob::RebootJob(RebootSettings settings, QObject *parent) : Job(parent), m_settings(std::move(settings))
{
    m_report.secondaryAddress = QStringLiteral("%1:%2").arg(m_settings.link.host).arg(m_settings.link.port);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        finish(makeError(ErrorCode::Network,
                         QStringLiteral("the Secondary at %1 was not back and healthy %2 min after it accepted the reboot (last: %3); on its console, check "
                                        "whether it waits in the boot loader or in emergency mode, is still applying a clone (journalctl -b -u servertwin-apply), "
                                        "and that servertwin-agent runs (systemctl status servertwin-agent)")
                             .arg(m_report.secondaryAddress).arg(m_settings.timeoutMs / 60000.0, 0, 'f', 1).arg(rebootPhaseName(m_phase))));
    });
    m_poll.setSingleShot(true);
    connect(&m_poll, &QTimer::timeout, this, [this] { askStatus(false); });
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &RebootJob::tick);
}

RebootJob::~RebootJob() = default;

void RebootJob::doStart()
{
    m_clock.start();
    m_phaseClock.start();
    m_ticker.start();
    ReconnectPolicy policy;
    policy.giveUpAfterMs = std::min(kConnectGiveUpMs, std::max(m_settings.link.idleTimeoutMs, 1000));
    m_connection = new AgentConnection(m_settings.link, policy, this);
    connect(m_connection, &AgentConnection::ready, this, &RebootJob::onReady);
    connect(m_connection, &AgentConnection::lost, this, &RebootJob::onLost);
    connect(m_connection, &AgentConnection::failed, this, &RebootJob::onFailed);
    connect(m_connection, &AgentConnection::logMessage, this, [this](const QString &line) {
        if (!m_accepted)
            Q_EMIT logMessage(line);
    });
    setPhase(RebootPhase::Connecting);
    m_connection->open();
}

void RebootJob::doCancel()
{
    if (m_accepted)
        finish(makeError(ErrorCode::Cancelled, QStringLiteral("stopped waiting for the Secondary at %1; its reboot goes on").arg(m_report.secondaryAddress)));
    else
        finish(makeError(ErrorCode::Cancelled, QStringLiteral("reboot cancelled; the Secondary at %1 was not asked to reboot").arg(m_report.secondaryAddress)));
}

void RebootJob::setPhase(RebootPhase phase)
{
    if (phase == m_phase && m_phaseClock.isValid() && phase != RebootPhase::Connecting)
        return;
    m_phase = phase;
    m_phaseClock.restart();
    Q_EMIT phaseChanged(phase, m_clock.elapsed());
    Q_EMIT logMessage(QStringLiteral("reboot: %1 (%2 s)").arg(rebootPhaseName(phase)).arg(m_clock.elapsed() / 1000));
    tick();
}

void RebootJob::tick()
{
    JobProgress p;
    p.stage = Stage::Reboot;
    p.currentItem = rebootPhaseName(m_phase);
    Q_EMIT progress(p);
}

void RebootJob::onReady(const SecondaryInfo &info)
{
    if (isFinished())
        return;
    if (!m_accepted) {
        if (!info.operations.offers(Operation::Reboot) || !info.operations.offers(Operation::SystemStatus)) {
            finish(makeError(ErrorCode::Unsupported, QStringLiteral("the agent at %1 (version %2) cannot reboot its host on request: install this version of servertwin-agent there")
                                                         .arg(m_report.secondaryAddress, info.version)));
            return;
        }
        m_report.bootIdBefore = info.bootId;
        m_connection->endOutage();
        askStatus(true);
        return;
    }
    // Waiting for the new boot.
    if (info.bootId.isEmpty() || info.bootId == m_report.bootIdBefore) {
        m_connection->retryLater(QStringLiteral("the agent still answers in the boot it was asked to leave"));
        return;
    }
    m_connection->endOutage();
    if (m_phase == RebootPhase::GoingDown)
        m_report.goingDownMs = m_sinceAccepted.elapsed();
    m_report.downMs = m_sinceAccepted.elapsed() - m_report.goingDownMs;
    m_report.bootIdAfter = info.bootId;
    setPhase(RebootPhase::Back);
    askStatus(false);
}

void RebootJob::askStatus(bool before)
{
    if (before)
        setPhase(RebootPhase::CheckingBefore);
    PendingRequest *r = m_connection->request(Operation::SystemStatus, 1, {});
    connect(r, &PendingRequest::finished, this, [this, before](const Result<QJsonObject> &answer) {
        if (isFinished())
            return;
        if (!answer) {
            if (answer.error().code == ErrorCode::Network)
                return;  // the link failed: onLost/onFailed decide
            finish(answer.error().withContext(QStringLiteral("system status of %1").arg(m_report.secondaryAddress)));
            return;
        }
        auto status = msg::SystemStatus::parse(*answer);
        if (!status) {
            finish(status.error());
            return;
        }
        if (before)
            onStatusBefore(*status);
        else
            onStatusAfter(*status);
    });
}

void RebootJob::onStatusBefore(const msg::SystemStatus &status)
{
    m_report.failedBefore = status.failedUnits;
    m_report.simulated = status.simulatedBoot;
    m_clonesBefore = status.clones;
    if (!m_report.failedBefore.isEmpty())
        Q_EMIT logMessage(QStringLiteral("units failed on the Secondary before the reboot: %1").arg(m_report.failedBefore.join(QStringLiteral(", "))));
    if (!m_settings.rollBackClones) {
        requestReboot();
        return;
    }
    QStringList applied;
    for (const msg::StagedClone &c : status.clones)
        if (c.phase == QLatin1String("applied"))
            applied.append(c.cloneId);
    if (applied.isEmpty()) {
        finish(makeError(ErrorCode::Refused, QStringLiteral("the Secondary at %1 holds no applied, unconfirmed clone to roll back").arg(m_report.secondaryAddress)));
        return;
    }
    rollBackThenReboot(applied);
}

void RebootJob::requestReboot()
{
    setPhase(RebootPhase::Requesting);
    PendingRequest *r = m_connection->request(Operation::Reboot, 1, msg::RebootRequest{m_settings.reason}.toJson());
    connect(r, &PendingRequest::finished, this, [this](const Result<QJsonObject> &answer) {
        if (isFinished())
            return;
        if (!answer) {
            if (answer.error().code == ErrorCode::Network)
                return;  // lost before the answer: onLost/onFailed decide
            finish(answer.error().withContext(QStringLiteral("the Secondary at %1 refused to reboot").arg(m_report.secondaryAddress)));
            return;
        }
        auto accepted = msg::RebootAccepted::parse(*answer);
        if (!accepted) {
            finish(accepted.error());
            return;
        }
        if (isCancelRequested()) {
            // Too late to take back: the agent accepted before it saw our cancel.
            Q_EMIT logMessage(QStringLiteral("the Secondary accepted the reboot before the cancel; waiting for it"));
        }
        m_accepted = true;
        m_sinceAccepted.start();
        m_report.bootIdBefore = accepted->bootId;
        m_report.simulated = accepted->simulated;
        ReconnectPolicy policy;
        policy.giveUpAfterMs = m_settings.timeoutMs + 60000;  // the job's own deadline comes first
        policy.firstDelayMs = 500;
        policy.maxDelayMs = m_settings.retryMaxDelayMs;
        policy.retryBeforeFirstContact = true;
        m_connection->setPolicy(policy);
        m_deadline.start(m_settings.timeoutMs);
        setPhase(RebootPhase::GoingDown);
    });
}

void RebootJob::onLost(const Error &error)
{
    if (isFinished())
        return;
    if (!m_accepted) {
        // Before the request was accepted nothing has changed on the Secondary: a lost link
        // is simply retried (within the connect budget) and the system checked again.
        return;
    }
    if (m_phase == RebootPhase::GoingDown) {
        m_report.goingDownMs = m_sinceAccepted.elapsed();
        Q_EMIT logMessage(QStringLiteral("the Secondary went away (%1)").arg(error.message));
        setPhase(RebootPhase::Down);
    } else if (m_phase == RebootPhase::Back || m_phase == RebootPhase::Starting) {
        Q_EMIT logMessage(QStringLiteral("lost the Secondary again while it was starting (%1); waiting").arg(error.message));
        setPhase(RebootPhase::Down);
    }
}

void RebootJob::onFailed(const Error &error)
{
    if (isFinished())
        return;
    finish(error);
}

void RebootJob::onStatusAfter(const msg::SystemStatus &status)
{
    if (status.bootId != m_report.bootIdAfter) {  // rebooted again meanwhile: wait for that boot
        m_connection->retryLater(QStringLiteral("the Secondary rebooted again"));
        return;
    }
    m_report.hostAfter = status.host;
    m_report.systemState = status.systemState;
    m_report.failedAfter = status.failedUnits;
    if (status.bootLog != m_report.bootLog) {
        m_report.bootLog = status.bootLog;
        Q_EMIT bootLogReceived(m_report.bootLog);
    }
    const QString &state = status.systemState;
    if (state == QLatin1String("initializing") || state == QLatin1String("starting")) {
        setPhase(RebootPhase::Starting);
        m_poll.start(m_settings.startingPollMs);
        return;
    }
    m_report.startingMs = m_sinceAccepted.elapsed() - m_report.goingDownMs - m_report.downMs;
    const Status health = healthOf(status);
    const CloneVerdict verdict = judgeClonesAfterBoot(m_clonesBefore, status.clones, health, m_rollingBack, m_settings.confirmClones,
                                                      m_settings.rollbackOnUnhealthy);
    for (const QString &note : verdict.notes) {
        m_report.cloneNotes.append(note);
        Q_EMIT logMessage(note);
    }
    switch (verdict.action) {
    case CloneVerdict::Action::Finish:
        if (m_rollingBack)
            for (const msg::StagedClone &c : status.clones)
                if (c.phase == QLatin1String("rolled-back"))
                    m_report.clonesRolledBack.append(c.cloneId);
        if (!verdict.result) {
            finish(verdict.result);
        } else if (m_unhealthy) {
            finish(makeError(m_unhealthy->code, QStringLiteral("%1; the clone was rolled back and the Secondary runs its previous system again").arg(m_unhealthy->message)));
        } else {
            if (!m_rollingBack)
                m_report.clonesUnconfirmed = verdict.clones;
            setPhase(RebootPhase::Done);
            finish({});
        }
        return;
    case CloneVerdict::Action::Confirm:
        callOnClones(Operation::CloneConfirm, verdict.clones, [this, clones = verdict.clones] {
            m_report.clonesConfirmed = clones;
            setPhase(RebootPhase::Done);
            finish({});
        });
        return;
    case CloneVerdict::Action::RollBack:
        m_unhealthy = verdict.result.error();
        rollBackThenReboot(verdict.clones);
        return;
    }
}

Status RebootJob::healthOf(const msg::SystemStatus &status)
{
    const QString &state = status.systemState;
    if (!m_settings.expectedHost.isEmpty() && status.host != m_settings.expectedHost)
        return makeError(ErrorCode::Verify, QStringLiteral("the Secondary came back as host \"%1\", expected \"%2\"").arg(status.host, m_settings.expectedHost));
    m_report.newlyFailed.clear();
    for (const QString &unit : status.failedUnits)
        if (!m_report.failedBefore.contains(unit))
            m_report.newlyFailed.append(unit);
    if (!m_report.newlyFailed.isEmpty())
        return makeError(ErrorCode::Verify, QStringLiteral("the Secondary is back, but these units failed after the reboot: %1 (see journalctl -b -u UNIT there)")
                                                .arg(m_report.newlyFailed.join(QStringLiteral(", "))));
    if (state == QLatin1String("maintenance") || state == QLatin1String("stopping") || state == QLatin1String("unknown"))
        return makeError(ErrorCode::Verify, QStringLiteral("the Secondary is back, but systemd reports the system %1").arg(state));
    if (state == QLatin1String("degraded"))
        m_report.warnings.append(QStringLiteral("systemd reports the system degraded by units that had failed before the reboot: %1")
                                     .arg(m_report.failedBefore.join(QStringLiteral(", "))));
    if (state == QLatin1String("offline") && !status.simulatedBoot)
        m_report.warnings.append(QStringLiteral("the Secondary does not run systemd: its services were not checked"));
    return {};
}

void RebootJob::callOnClones(Operation op, QStringList clones, std::function<void()> then)
{
    if (clones.isEmpty()) {
        then();
        return;
    }
    const QString id = clones.takeFirst();
    PendingRequest *r = m_connection->request(op, 1, msg::CloneRef{id}.toJson());
    connect(r, &PendingRequest::finished, this, [this, op, id, clones, then](const Result<QJsonObject> &answer) {
        if (isFinished())
            return;
        if (!answer) {
            finish(answer.error().withContext(QStringLiteral("%1 of clone %2 on %3").arg(operationName(op), id, m_report.secondaryAddress)));
            return;
        }
        Q_EMIT logMessage(QStringLiteral("%1: clone %2").arg(operationName(op), id));
        callOnClones(op, clones, then);
    });
}

void RebootJob::rollBackThenReboot(const QStringList &clones)
{
    callOnClones(Operation::CloneRollback, clones, [this] {
        m_rollingBack = true;
        m_accepted = false;
        m_deadline.stop();
        m_report.bootIdBefore = m_report.bootIdAfter;
        requestReboot();
    });
}

void RebootJob::finish(const Status &status)
{
    if (isFinished())
        return;
    m_deadline.stop();
    m_poll.stop();
    m_ticker.stop();
    if (m_connection)
        m_connection->close();
    m_report.ok = status.ok();
    if (!status)
        m_report.error = status.error();
    m_report.totalMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    emitResult(status);
}

}  // namespace st
