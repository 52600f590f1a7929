// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/AgentSession.h"

#include "agent/AgentServer.h"
#include "agent/RestoreReportJson.h"
#include "agent/service/OperationCall.h"
#include "net/Identity.h"
#include "net/Messages.h"
#include "util/RawPath.h"
#include "util/Version.h"

#include <QHostInfo>
#include <QStorageInfo>
#include <QSysInfo>

namespace st {

namespace {
constexpr qint64 kAckEvery = 1 << 20;  // well below the send window, so the Primary never waits for an Ack
constexpr qint64 kOutcomeHighWater = 256 << 10;  // ReportItems are produced while less than this waits to be sent

qint64 freeBytesOf(const QByteArray &root)
{
    return QStorageInfo(QString::fromLocal8Bit(root)).bytesAvailable();
}
}  // namespace

AgentSession::AgentSession(QSslSocket *socket, AgentServer *server, quint64 connectionId, bool pinned)
    : QObject(server), m_socket(socket), m_server(server), m_connectionId(connectionId)
{
    m_socket->setParent(this);
    if (!pinned)
        m_reader.restrict({proto::Type::Hello, proto::Type::PairRequest}, kUnauthenticatedFrameLimit);
    // No socket read-buffer limit (QSslSocket stalls with one): the protocol's send window
    // bounds what can arrive ahead of the acknowledgements.
    m_peerFingerprint = certificateFingerprint(m_socket->peerCertificate());
    m_progressTimer.setInterval(250);
    connect(&m_progressTimer, &QTimer::timeout, this, &AgentSession::sendProgress);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_server->config().idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        Q_EMIT m_server->logLine(QStringLiteral("closing the connection from %1: nothing received for %2 s")
                                     .arg(m_peerHost.isEmpty() ? QStringLiteral("a Primary") : m_peerHost)
                                     .arg(m_idleTimer.interval() / 1000));
        m_state = State::Done;
        m_socket->abort();
    });
    connect(m_socket, &QSslSocket::readyRead, this, &AgentSession::onReadyRead);
    connect(m_socket, &QSslSocket::encryptedBytesWritten, this, [this] {
        if (m_outcomeToSend)
            pumpOutcome();
    });
    connect(m_socket, &QSslSocket::disconnected, this, [this] {
        m_progressTimer.stop();
        m_idleTimer.stop();
        if (m_receiver) {
            if (m_state == State::Receiving || m_state == State::Finishing)
                Q_EMIT m_server->logLine(QStringLiteral("clone %1: the Primary's connection was lost; waiting for it to resume")
                                             .arg(m_receiver->cloneId()));
            m_receiver->detach(this);
            m_receiver = nullptr;
        }
        m_state = State::Done;
        Q_EMIT closed();
    });
    if (m_peerFingerprint.isEmpty()) {
        sendError(makeError(ErrorCode::Tls, QStringLiteral("a client certificate is required")));
        closeSoon();
        return;
    }
    m_idleTimer.start();
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &AgentSession::onReadyRead, Qt::QueuedConnection);
}

AgentSession::~AgentSession()
{
    if (m_receiver)
        m_receiver->detach(this);
}

void AgentSession::supersede()
{
    if (m_receiver)
        Q_EMIT m_server->logLine(QStringLiteral("clone %1: the Primary continues on a new connection").arg(m_receiver->cloneId()));
    m_receiver = nullptr;  // attached to the new session already
    m_progressTimer.stop();
    m_state = State::Done;
    m_socket->abort();
}

void AgentSession::closeNow()
{
    m_progressTimer.stop();
    m_socket->abort();  // disconnected() detaches the receiver and emits closed()
}

void AgentSession::onReadyRead()
{
    while (m_state != State::Done) {
        auto frame = m_reader.next(*m_socket);
        if (!frame) {
            sendError(frame.error());
            failClone(frame.error());
            closeSoon();
            return;
        }
        if (!frame->has_value())
            break;
        m_idleTimer.start();
        if (!handleFrame(**frame))
            return;
    }
    // Everything that arrived is written: make it durable, then acknowledge it.
    if (m_state != State::Done)
        flushAndAck();
}

bool AgentSession::handleFrame(const proto::Frame &frame)
{
    using proto::Type;
    if (m_state == State::Hello) {
        if (frame.type != Type::Hello) {
            sendError(makeError(ErrorCode::Protocol, QStringLiteral("expected Hello first")));
            closeSoon();
            return false;
        }
        handleHello(frame);
        return m_state != State::Done;
    }
    if (frame.type == Type::PairRequest && m_state == State::Handshaken) {  // also a pinned Primary that pairs again
        handlePair(frame);
        return m_state != State::Done;
    }
    if (!m_paired) {
        sendError(makeError(ErrorCode::Auth, QStringLiteral("this Primary is not paired with the agent: pair first with the code on the Secondary's console")));
        closeSoon();
        return false;
    }
    if (m_cancelled && (frame.type == Type::Data || frame.type == Type::EndData))
        return true;  // in flight before the Primary's Cancel
    switch (frame.type) {
    case Type::Ping:
        return sendJson(Type::Pong, QJsonObject());
    case Type::BeginClone:
        if (m_state != State::Handshaken)
            break;
        handleBegin(frame);
        return m_state != State::Done;
    case Type::Resume:
        if (m_state != State::Handshaken)
            break;
        handleResume(frame);
        return m_state != State::Done;
    case Type::Data:
        if (m_state != State::Receiving)
            break;
        return handleData(frame);
    case Type::EndData:
        if (m_state != State::Receiving)
            break;
        handleEndData(frame);
        return true;
    case Type::Cancel:
        handleCancel(frame);
        return m_state != State::Done;
    case Type::Request:
        handleRequest(frame);
        return m_state != State::Done;
    default:
        break;
    }
    sendError(makeError(ErrorCode::Protocol, QStringLiteral("unexpected %1 message").arg(proto::typeName(static_cast<quint8>(frame.type)))));
    failClone(makeError(ErrorCode::Protocol, QStringLiteral("protocol violation by the Primary")));
    closeSoon();
    return false;
}

void AgentSession::handleHello(const proto::Frame &frame)
{
    auto json = proto::parseJson(frame);
    auto hello = json ? msg::Hello::parse(*json) : Result<msg::Hello>(json.error());
    if (!hello) {
        sendError(hello.error());
        closeSoon();
        return;
    }
    if (hello->protocol != kProtocolVersion) {
        sendError(makeError(ErrorCode::Protocol, QStringLiteral("the Primary speaks protocol %1, this agent speaks %2: install the same ServerTwin version on both")
                                                     .arg(hello->protocol).arg(kProtocolVersion)));
        closeSoon();
        return;
    }
    m_peerHost = hello->host;
    m_paired = m_server->isPaired(m_peerFingerprint);
    if (m_paired) {
        // Pinned (also when another connection paired it since this one was accepted).
        m_reader.lift();
        m_server->authenticated(m_connectionId);
    }
    m_state = State::Handshaken;
    msg::Welcome w;
    w.protocol = kProtocolVersion;
    w.version = productVersion();
    w.host = QHostInfo::localHostName();
    w.os = QSysInfo::prettyProductName();
    w.paired = m_paired;
    w.freeBytes = freeBytesOf(m_server->config().root);
    w.bootId = m_server->boot().bootId();
    w.operations = m_server->services().offered();
    sendJson(proto::Type::Welcome, w.toJson());
}

void AgentSession::handleRequest(const proto::Frame &frame)
{
    auto json = proto::parseJson(frame);
    auto request = json ? msg::OperationRequest::parse(*json) : Result<msg::OperationRequest>(json.error());
    if (!request || m_callsInFlight.contains(request->id) || m_callsInFlight.size() >= kMaxCallsInFlight) {
        const Error e = !request ? request.error()
                        : m_callsInFlight.contains(request->id)
                            ? makeError(ErrorCode::Protocol, QStringLiteral("the Primary reused request id %1 while it was unanswered").arg(request->id))
                            : makeError(ErrorCode::Protocol, QStringLiteral("the Primary has more than %1 requests unanswered").arg(kMaxCallsInFlight));
        sendError(e);
        failClone(makeError(ErrorCode::Protocol, QStringLiteral("protocol violation by the Primary")));
        closeSoon();
        return;
    }
    m_callsInFlight.insert(request->id);
    const QString operation = request->operation;
    auto *call = new OperationCall(std::move(*request), m_peerFingerprint, m_peerHost, this);
    connect(call, &OperationCall::eventReady, this, [this](const msg::OperationEvent &e) {
        if (m_state != State::Done)
            sendJson(proto::Type::Event, e.toJson());
    });
    connect(call, &OperationCall::finished, this, [this, call](const msg::OperationResponse &r) {
        m_callsInFlight.remove(r.id);
        call->deleteLater();
        if (m_state != State::Done && sendJson(proto::Type::Response, r.toJson()))
            m_socket->flush();
    });
    m_server->services().dispatch(call, operation);
}

void AgentSession::handlePair(const proto::Frame &frame)
{
    auto json = proto::parseJson(frame);
    auto request = json ? msg::PairRequest::parse(*json) : Result<msg::PairRequest>(json.error());
    if (!request) {
        sendError(request.error());
        closeSoon();
        return;
    }
    QString message;
    const auto outcome = m_server->checkPairing(request->proof, m_peerFingerprint, &message);
    msg::PairResult result;
    if (outcome == PairingGuard::Outcome::Accepted) {
        result.ok = true;
        result.proof = m_server->agentProof(m_peerFingerprint);
        if (Status s = m_server->rememberPrimary(m_peerFingerprint, m_peerHost); !s) {
            sendError(s.error());
            closeSoon();
            return;
        }
        m_paired = true;
        m_reader.lift();
        m_server->authenticated(m_connectionId);
        sendJson(proto::Type::PairResult, result.toJson());
        return;
    }
    result.ok = false;
    result.code = errorCodeName(outcome == PairingGuard::Outcome::LockedOut ? ErrorCode::LockedOut : ErrorCode::Auth);
    result.message = message;
    sendJson(proto::Type::PairResult, result.toJson());
    closeSoon();
}

void AgentSession::handleBegin(const proto::Frame &frame)
{
    auto json = proto::parseJson(frame);
    auto begin = json ? msg::BeginClone::parse(*json) : Result<msg::BeginClone>(json.error());
    if (!begin) {
        sendError(begin.error());
        closeSoon();
        return;
    }
    QPointer<QObject> previous = m_server->receiver() ? m_server->receiver()->session() : nullptr;
    auto receiver = m_server->beginClone(*begin, m_peerFingerprint, this);
    if (auto *old = qobject_cast<AgentSession *>(previous.data()); receiver && old && old != this)
        old->supersede();  // the same clone begun again on a new connection
    if (!receiver) {
        sendError(receiver.error());
        closeSoon();
        return;
    }
    attachTo(*receiver);
    m_state = State::Receiving;
    Q_EMIT m_server->logLine(QStringLiteral("clone %1 from %2: receiving %3 files")
                                 .arg(begin->cloneId, begin->sourceHost).arg(begin->totalFiles));
    msg::Ready ready;
    ready.freeBytes = freeBytesOf(m_server->config().root);
    sendJson(proto::Type::Ready, ready.toJson());
}

void AgentSession::handleResume(const proto::Frame &frame)
{
    auto json = proto::parseJson(frame);
    auto resume = json ? msg::Resume::parse(*json) : Result<msg::Resume>(json.error());
    if (!resume) {
        sendError(resume.error());
        closeSoon();
        return;
    }
    if (!m_server->unfinishedClone(resume->cloneId, m_peerFingerprint)) {
        if (const OutcomeRecord *done = m_server->finishedClone(resume->cloneId, resume->sourceHost, m_peerFingerprint)) {
            // The clone has ended (maybe before a restart of this agent): its outcome again.
            Q_EMIT m_server->logLine(QStringLiteral("clone %1: the Primary resumed a clone that has ended; sending its outcome again").arg(resume->cloneId));
            sendJson(proto::Type::Resumed, msg::Resumed{done->streamBytes, true}.toJson());
            const OutcomeRecord outcome = *done;
            sendOutcome(outcome);
            return;
        }
    }
    QPointer<QObject> previous = m_server->receiver() ? m_server->receiver()->session() : nullptr;
    auto receiver = m_server->resumeClone(*resume, m_peerFingerprint, this);
    if (!receiver) {
        Q_EMIT m_server->logLine(QStringLiteral("refused to resume clone %1: no staging for it").arg(resume->cloneId));
        sendError(receiver.error());
        closeSoon();
        return;
    }
    if (auto *old = qobject_cast<AgentSession *>(previous.data()); old && old != this)
        old->supersede();
    attachTo(*receiver);
    msg::Resumed resumed;
    resumed.offset = (*receiver)->durableOffset();
    resumed.complete = (*receiver)->inputEnded();
    m_ackedBytes = resumed.offset;
    m_state = resumed.complete ? State::Finishing : State::Receiving;
    Q_EMIT m_server->logLine(QStringLiteral("clone %1: the Primary resumed at %2 bytes").arg(resume->cloneId).arg(resumed.offset));
    sendJson(proto::Type::Resumed, resumed.toJson());
}

void AgentSession::handleCancel(const proto::Frame &frame)
{
    auto json = proto::parseJson(frame);
    auto cancel = json ? msg::Cancel::parse(*json) : Result<msg::Cancel>(json.error());
    if (!cancel) {
        sendError(cancel.error());
        failClone(cancel.error());
        closeSoon();
        return;
    }
    const Error why = makeError(ErrorCode::Cancelled, QStringLiteral("cancelled by the Primary"));
    if (m_receiver && (cancel->cloneId.isEmpty() || cancel->cloneId == m_receiver->cloneId())) {
        // This connection's own clone; the Result follows when the worker has discarded the staging.
        if (!m_receiver->result()) {
            Q_EMIT m_server->logLine(QStringLiteral("clone %1: cancelled by the Primary; discarding its staging").arg(m_receiver->cloneId()));
            m_cancelled = true;
            m_receiver->cancel(why);
        }
        return;
    }
    if (cancel->cloneId.isEmpty())
        return;  // nothing attached here and no clone named: nothing to discard
    if (CloneReceiver *r = m_server->unfinishedClone(cancel->cloneId, m_peerFingerprint)) {
        // Sent on a new connection after a lost link: the clone waits for a Resume that will not come.
        QPointer<QObject> previous = r->session();
        r->attach(this, r->attempt());
        if (auto *old = qobject_cast<AgentSession *>(previous.data()); old && old != this)
            old->supersede();
        attachTo(r);
        m_cancelled = true;
        Q_EMIT m_server->logLine(QStringLiteral("clone %1: cancelled by the Primary after a lost connection; discarding its staging").arg(r->cloneId()));
        r->cancel(why);
        return;
    }
    msg::ResultMsg out;
    out.ok = false;
    out.code = errorCodeName(ErrorCode::Cancelled);
    out.message = QStringLiteral("this Secondary holds no staging for clone %1; nothing to discard").arg(cancel->cloneId);
    sendJson(proto::Type::Result, out.toJson());
}

void AgentSession::attachTo(CloneReceiver *receiver)
{
    m_receiver = receiver;
    m_cancelled = false;
    m_unflushed = 0;
    m_ackedBytes = -1;
    connect(receiver, &CloneReceiver::finished, this, [this, receiver] {
        if (m_receiver == receiver && receiver->session() == this && receiver->outcome())
            sendOutcome(*receiver->outcome());
    });
    if (!m_clock.isValid())
        m_clock.start();
    if (!receiver->result())
        m_progressTimer.start();
}

bool AgentSession::handleData(const proto::Frame &frame)
{
    auto header = proto::parseDataHeader(frame.payload);
    qint64 resendFrom = 0;
    QString reason;
    auto outcome = header ? m_receiver->takeChunk(*header, frame.payload.constData() + proto::kDataHeaderSize,
                                                  frame.payload.size() - proto::kDataHeaderSize, &resendFrom, &reason)
                          : Result<CloneReceiver::ChunkOutcome>(header.error());
    if (!outcome) {
        sendError(outcome.error());
        failClone(outcome.error());
        closeSoon();
        return false;
    }
    switch (*outcome) {
    case CloneReceiver::ChunkOutcome::Written:
        m_unflushed += frame.payload.size() - proto::kDataHeaderSize;
        if (m_unflushed >= kAckEvery)
            return flushAndAck();
        return true;
    case CloneReceiver::ChunkOutcome::Ignored:
        return true;
    case CloneReceiver::ChunkOutcome::ResendRequested:
        Q_EMIT m_server->logLine(QStringLiteral("clone %1: %2; asking for it again").arg(m_receiver->cloneId(), reason));
        sendJson(proto::Type::Resend, msg::Resend{resendFrom, reason}.toJson());
        return true;
    }
    return true;
}

bool AgentSession::flushAndAck()
{
    if (!m_receiver || m_state != State::Receiving)
        return true;
    m_unflushed = 0;
    auto durable = m_receiver->flush();
    if (!durable) {
        sendError(durable.error());
        failClone(durable.error());
        closeSoon();
        return false;
    }
    if (*durable != m_ackedBytes) {
        m_ackedBytes = *durable;
        sendJson(proto::Type::Ack, msg::Ack{*durable}.toJson());
    }
    return true;
}

void AgentSession::handleEndData(const proto::Frame &frame)
{
    if (m_receiver->awaitingResend())
        return;  // sent before the Primary saw our Resend: it follows the re-sent data again
    if (!flushAndAck())
        return;
    auto json = proto::parseJson(frame);
    auto end = json ? msg::EndData::parse(*json) : Result<msg::EndData>(json.error());
    if (!end) {
        failClone(end.error());
        return;
    }
    m_state = State::Finishing;
    if (Status s = m_receiver->endData(end->compressedBytes, end->sha256); !s)
        failClone(s.error());
}

void AgentSession::failClone(const Error &why)
{
    if (m_receiver && !m_receiver->result())
        m_receiver->cancel(why);
}

void AgentSession::sendOutcome(const OutcomeRecord &outcome)
{
    m_progressTimer.stop();
    sendProgress();
    const msg::ResultMsg &out = outcome.result;
    if (out.ok)
        Q_EMIT m_server->logLine(QStringLiteral("clone %1 restored and verified: %2 files, %3 removed, %4 ms")
                                     .arg(outcome.cloneId)
                                     .arg(static_cast<qint64>(out.report.value(QStringLiteral("files")).toDouble()))
                                     .arg(outcome.removed.size())
                                     .arg(m_clock.isValid() ? m_clock.elapsed() : 0));
    else
        Q_EMIT m_server->logLine(QStringLiteral("clone %1 failed: %2").arg(outcome.cloneId, out.message));
    m_outcomeToSend = outcome;
    m_outcomeSent = 0;
    pumpOutcome();
}

void AgentSession::pumpOutcome()
{
    if (!m_outcomeToSend || m_state == State::Done)
        return;
    const OutcomeRecord &outcome = *m_outcomeToSend;
    while (m_outcomeSent < outcome.removed.size()) {
        if (unsentBytes() >= kOutcomeHighWater)
            return;  // encryptedBytesWritten brings us back
        msg::ReportItems batch;
        batch.kind = QStringLiteral("removed");
        batch.items = outcome.removed.mid(m_outcomeSent, msg::ReportItems::kMaxItems);
        m_outcomeSent += batch.items.size();
        if (!sendJson(proto::Type::ReportItems, batch.toJson()))
            return;
    }
    const OutcomeRecord done = std::move(*m_outcomeToSend);
    m_outcomeToSend.reset();
    if (m_server->config().stopBeforeResult) {
        Q_EMIT m_server->stoppedBeforeResult(done.cloneId);
        m_state = State::Done;
        m_socket->abort();
        return;
    }
    if (!sendJson(proto::Type::Result, done.result.toJson()))
        return;
    if (m_state != State::Done)
        m_state = State::Handshaken;
}

qint64 AgentSession::unsentBytes() const
{
    return m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite();
}

void AgentSession::sendProgress()
{
    if (!m_receiver)
        return;
    const RestoreProgress &p = m_receiver->progress();
    msg::Progress m;
    m.stage = p.stage.load();
    m.filesDone = p.counters.filesDone;
    m.filesTotal = p.counters.filesTotal;
    m.bytesDone = p.counters.bytesDone;
    m.bytesTotal = p.counters.bytesTotal;
    m.current = p.counters.current().left(4095);
    sendJson(proto::Type::Progress, m.toJson());
}

void AgentSession::sendError(const Error &error)
{
    msg::ErrorMsg m;
    m.code = errorCodeName(error.code);
    m.message = error.message;
    sendJson(proto::Type::Error, m.toJson());
}

bool AgentSession::sendJson(proto::Type type, const QJsonObject &object)
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return false;
    const QByteArray frame = proto::encodeJson(type, object);
    const qint64 limit = m_paired ? m_server->config().sessionWriteLimit : m_server->config().unauthenticatedWriteLimit;
    if (unsentBytes() + frame.size() > limit) {
        // A peer that asks (Ping, Hello...) and does not read would grow this buffer forever.
        Q_EMIT m_server->logLine(QStringLiteral("closing the connection from %1: it does not read what the agent sends (%2 bytes waiting, limit %3)")
                                     .arg(m_peerHost.isEmpty() ? m_socket->peerAddress().toString() : m_peerHost)
                                     .arg(unsentBytes()).arg(limit));
        m_state = State::Done;  // like a lost link: a clone attached here waits for a Resume
        m_progressTimer.stop();
        m_socket->abort();
        return false;
    }
    m_socket->write(frame);
    return true;
}

void AgentSession::closeSoon()
{
    m_state = State::Done;
    m_progressTimer.stop();
    m_socket->flush();
    m_socket->disconnectFromHost();
}

}  // namespace st
