// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/AgentConnection.h"

namespace st {

AgentConnection::AgentConnection(LinkOptions options, ReconnectPolicy policy, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_policy(policy)
{
    m_address = QStringLiteral("%1:%2").arg(m_options.host).arg(m_options.port);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &AgentConnection::openLink);
}

AgentConnection::~AgentConnection()
{
    m_done = true;
    if (m_link)
        m_link->disconnect(this);
}

void AgentConnection::open()
{
    m_done = false;
    openLink();
}

void AgentConnection::close()
{
    m_done = true;
    m_ready = false;
    m_retry.stop();
    failPending(makeError(ErrorCode::Cancelled, QStringLiteral("the connection to %1 was closed").arg(m_address)));
    if (m_link) {
        m_link->disconnect(this);
        m_link->close();
    }
}

void AgentConnection::setPolicy(ReconnectPolicy policy)
{
    m_policy = policy;
}

void AgentConnection::openLink()
{
    if (m_done)
        return;
    if (m_link) {
        m_link->disconnect(this);
        m_link->close();
        m_link->deleteLater();
    }
    m_ready = false;
    LinkOptions options = m_options;
    if (m_outage.isValid())  // a reconnection: fail fast and try again rather than wait out a long connect timeout
        options.connectTimeoutMs = std::min(options.connectTimeoutMs, std::max(2000, options.keepaliveTimeoutMs));
    m_link = new SecondaryLink(options, this);
    connect(m_link, &SecondaryLink::failed, this, &AgentConnection::onLinkFailed);
    connect(m_link, &SecondaryLink::ready, this, &AgentConnection::onReady);
    connect(m_link, &SecondaryLink::frameReceived, this, &AgentConnection::onFrame);
    connect(m_link, &SecondaryLink::bytesWritten, this, &AgentConnection::bytesWritten);
    m_link->open();
}

void AgentConnection::onReady(const SecondaryInfo &info)
{
    m_ready = true;
    m_agentSeen = true;
    ++m_connections;
    Q_EMIT ready(info);
}

void AgentConnection::onLinkFailed(const Error &error)
{
    m_ready = false;
    m_agentSeen = m_agentSeen || m_link->peerAnswered();
    failPending(error);
    if (m_done)
        return;
    if (error.code != ErrorCode::Network || !(m_agentSeen || m_policy.retryBeforeFirstContact)) {
        giveUp(error);
        return;
    }
    m_lastError = error;
    if (!m_outage.isValid()) {
        m_outage.start();
        m_delayStep = 0;
        Q_EMIT logMessage(QStringLiteral("lost the connection to the Secondary (%1); reconnecting").arg(error.message));
    }
    if (m_outage.elapsed() >= m_policy.giveUpAfterMs) {
        giveUp(makeError(ErrorCode::Network, QStringLiteral("the Secondary at %1 stayed unreachable for %2 s (%3)")
                                                 .arg(m_address).arg(m_outage.elapsed() / 1000).arg(error.message)));
        return;
    }
    Q_EMIT lost(error);
    scheduleAttempt();
}

void AgentConnection::retryLater(const QString &why)
{
    if (m_done)
        return;
    m_ready = false;
    const Error error = makeError(ErrorCode::Network, why);
    failPending(error);
    if (m_link) {
        m_link->disconnect(this);
        m_link->close();
        m_link->deleteLater();
        m_link = nullptr;
    }
    m_lastError = error;
    if (!m_outage.isValid()) {
        m_outage.start();
        m_delayStep = 0;
    }
    if (m_outage.elapsed() >= m_policy.giveUpAfterMs) {
        giveUp(makeError(ErrorCode::Network, QStringLiteral("the Secondary at %1 was not as expected for %2 s (%3)")
                                                 .arg(m_address).arg(m_outage.elapsed() / 1000).arg(why)));
        return;
    }
    scheduleAttempt();
}

void AgentConnection::scheduleAttempt()
{
    if (m_done)
        return;
    qint64 delay = m_policy.firstDelayMs;
    for (int i = 0; i < m_delayStep && delay < m_policy.maxDelayMs; ++i)
        delay *= 2;
    m_delayStep = std::min(m_delayStep + 1, 30);
    // Never sleep past the deadline: the last attempt is made when it is due.
    const qint64 left = m_policy.giveUpAfterMs - (m_outage.isValid() ? m_outage.elapsed() : 0);
    m_retry.start(static_cast<int>(std::clamp<qint64>(std::min<qint64>(delay, m_policy.maxDelayMs), 0, std::max<qint64>(0, left))));
}

void AgentConnection::giveUp(const Error &error)
{
    m_done = true;
    m_retry.stop();
    Q_EMIT failed(error);
}

void AgentConnection::failPending(const Error &error)
{
    const auto pending = std::exchange(m_pending, {});
    for (const QPointer<PendingRequest> &r : pending) {
        if (!r)
            continue;
        Q_EMIT r->finished(error);
        r->deleteLater();
    }
}

PendingRequest *AgentConnection::request(Operation operation, int version, const QJsonObject &body)
{
    auto *pending = new PendingRequest(operation, m_nextRequestId++, this);
    if (!m_ready || !m_link) {
        const Error e = makeError(ErrorCode::Network, QStringLiteral("not connected to the Secondary at %1").arg(m_address));
        QMetaObject::invokeMethod(pending, [pending, e] {
            Q_EMIT pending->finished(e);
            pending->deleteLater();
        }, Qt::QueuedConnection);
        return pending;
    }
    m_pending.insert(pending->id(), pending);
    m_link->sendJson(proto::Type::Request, msg::OperationRequest{pending->id(), operationName(operation), version, body}.toJson());
    return pending;
}

void AgentConnection::onFrame(const proto::Frame &frame)
{
    if (frame.type != proto::Type::Response && frame.type != proto::Type::Event) {
        Q_EMIT frameReceived(frame);
        return;
    }
    auto json = proto::parseJson(frame);
    qint64 id = 0;
    Result<QJsonObject> result = QJsonObject();
    QString eventName;
    QJsonObject eventBody;
    if (!json) {
        result = json.error();
    } else if (frame.type == proto::Type::Response) {
        auto r = msg::OperationResponse::parse(*json);
        if (r) {
            id = r->id;
            result = r->result;
        } else {
            result = r.error();
        }
    } else {
        auto e = msg::OperationEvent::parse(*json);
        if (e) {
            id = e->id;
            eventName = e->event;
            eventBody = e->body;
        } else {
            result = e.error();
        }
    }
    const QPointer<PendingRequest> pending = m_pending.value(id);
    if (!result.ok() && id == 0) {  // unparseable: the agent broke the protocol
        if (m_link)
            m_link->close();
        failPending(result.error());
        giveUp(result.error());
        return;
    }
    if (!pending) {
        const Error e = makeError(ErrorCode::Protocol, QStringLiteral("the Secondary answered request %1, which is not pending").arg(id));
        if (m_link)
            m_link->close();
        failPending(e);
        giveUp(e);
        return;
    }
    if (frame.type == proto::Type::Event) {
        Q_EMIT pending->eventReceived(eventName, eventBody);
        return;
    }
    m_pending.remove(id);
    Q_EMIT pending->finished(result);
    pending->deleteLater();
}

}  // namespace st
