// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/ConfirmClonesJob.h"

#include "net/SystemMessages.h"

namespace st {

namespace {
constexpr int kConnectGiveUpMs = 120000;
}  // namespace

ConfirmClonesJob::ConfirmClonesJob(LinkOptions link, QObject *parent)
    : Job(parent), m_link(std::move(link)), m_address(QStringLiteral("%1:%2").arg(m_link.host).arg(m_link.port))
{
}

ConfirmClonesJob::~ConfirmClonesJob() = default;

void ConfirmClonesJob::doStart()
{
    ReconnectPolicy policy;
    policy.giveUpAfterMs = std::min(kConnectGiveUpMs, std::max(m_link.idleTimeoutMs, 1000));
    m_connection = new AgentConnection(m_link, policy, this);
    connect(m_connection, &AgentConnection::ready, this, &ConfirmClonesJob::onReady);
    connect(m_connection, &AgentConnection::failed, this, [this](const Error &error) { finish(Status(error)); });
    connect(m_connection, &AgentConnection::logMessage, this, &Job::logMessage);
    m_connection->open();
}

void ConfirmClonesJob::doCancel()
{
    finish(makeError(ErrorCode::Cancelled, m_confirmed.isEmpty()
                                               ? QStringLiteral("cancelled; no clone on %1 was confirmed").arg(m_address)
                                               : QStringLiteral("cancelled after confirming %1 on %2").arg(m_confirmed.join(QStringLiteral(", ")), m_address)));
}

void ConfirmClonesJob::onReady(const SecondaryInfo &info)
{
    if (isFinished() || m_asked)
        return;
    if (!info.operations.offers(Operation::CloneConfirm) || !info.operations.offers(Operation::SystemStatus)) {
        finish(makeError(ErrorCode::Unsupported, QStringLiteral("the agent at %1 (version %2) cannot confirm a clone: install this version of servertwin-agent there")
                                                     .arg(m_address, info.version)));
        return;
    }
    m_asked = true;
    m_connection->endOutage();
    PendingRequest *r = m_connection->request(Operation::SystemStatus, 1, {});
    connect(r, &PendingRequest::finished, this, [this](const Result<QJsonObject> &answer) {
        if (isFinished())
            return;
        if (!answer) {
            finish(answer.error().withContext(QStringLiteral("system status of %1").arg(m_address)));
            return;
        }
        auto status = msg::SystemStatus::parse(*answer);
        if (!status) {
            finish(status.error());
            return;
        }
        for (const msg::StagedClone &c : status->clones)
            if (c.phase == QLatin1String("applied"))
                m_pending.append(c.cloneId);
        if (m_pending.isEmpty()) {
            finish(makeError(ErrorCode::Refused, QStringLiteral("the Secondary at %1 holds no applied, unconfirmed clone to confirm").arg(m_address)));
            return;
        }
        confirmNext();
    });
}

void ConfirmClonesJob::confirmNext()
{
    if (isFinished())
        return;
    if (m_pending.isEmpty()) {
        finish({});
        return;
    }
    if (isCancelRequested())
        return;  // doCancel() finishes
    const QString id = m_pending.takeFirst();
    PendingRequest *r = m_connection->request(Operation::CloneConfirm, 1, msg::CloneRef{id}.toJson());
    connect(r, &PendingRequest::finished, this, [this, id](const Result<QJsonObject> &answer) {
        if (isFinished())
            return;
        if (!answer) {
            finish(answer.error().withContext(QStringLiteral("clone.confirm of clone %1 on %2").arg(id, m_address)));
            return;
        }
        m_confirmed.append(id);
        Q_EMIT logMessage(QStringLiteral("confirmed clone %1 on %2: what it replaced is released").arg(id, m_address));
        confirmNext();
    });
}

void ConfirmClonesJob::finish(const Status &status)
{
    if (isFinished())
        return;
    if (m_connection)
        m_connection->close();
    emitResult(status);
}

}  // namespace st
