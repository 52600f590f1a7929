// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/AgentSession.h"

#include "agent/AgentServer.h"
#include "agent/RestoreReportJson.h"
#include "net/Identity.h"
#include "net/Messages.h"
#include "util/RawPath.h"
#include "util/Version.h"

#include <QHostInfo>
#include <QStorageInfo>
#include <QSysInfo>

namespace st {

namespace {
constexpr qint64 kAckEvery = 1 << 20;

qint64 freeBytesOf(const QByteArray &root)
{
    return QStorageInfo(QString::fromLocal8Bit(root)).bytesAvailable();
}
}  // namespace

AgentSession::AgentSession(QSslSocket *socket, AgentServer *server) : QObject(server), m_socket(socket), m_server(server)
{
    m_socket->setParent(this);
    // No socket read-buffer limit (QSslSocket stalls with one): the protocol's send window
    // bounds what can arrive ahead of the restore worker.
    m_peerFingerprint = certificateFingerprint(m_socket->peerCertificate());
    m_progressTimer.setInterval(250);
    connect(&m_progressTimer, &QTimer::timeout, this, &AgentSession::sendProgress);
    connect(m_socket, &QSslSocket::readyRead, this, &AgentSession::onReadyRead);
    connect(m_socket, &QSslSocket::disconnected, this, [this] {
        if (m_worker && (m_state == State::Receiving))
            abortRestore(makeError(ErrorCode::Network, QStringLiteral("the Primary disconnected during the transfer")));
        if (!m_worker)
            Q_EMIT closed();
    });
    if (m_peerFingerprint.isEmpty()) {
        sendError(makeError(ErrorCode::Tls, QStringLiteral("a client certificate is required")));
        closeSoon();
        return;
    }
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &AgentSession::onReadyRead, Qt::QueuedConnection);
}

AgentSession::~AgentSession()
{
    if (m_ownsClone)
        m_server->releaseClone();
}

void AgentSession::onReadyRead()
{
    while (m_state != State::Done) {
        if (!m_pendingChunk.isEmpty()) {
            const qint64 size = m_pendingChunk.size();
            if (!m_worker->offer(m_pendingChunk))
                return;  // resumes on spaceAvailable()
            m_pendingChunk.clear();
            accepted(size);
        }
        auto frame = m_reader.next(*m_socket);
        if (!frame) {
            sendError(frame.error());
            abortRestore(frame.error());
            closeSoon();
            return;
        }
        if (!frame->has_value())
            return;
        if (!handleFrame(**frame))
            return;
    }
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
        return true;
    }
    if (frame.type == Type::PairRequest && m_state == State::Handshaken) {
        handlePair(frame);
        return true;
    }
    if (!m_paired) {
        sendError(makeError(ErrorCode::Auth, QStringLiteral("this Primary is not paired with the agent: pair first with the code on the Secondary's console")));
        closeSoon();
        return false;
    }
    switch (frame.type) {
    case Type::BeginClone:
        if (m_state != State::Handshaken)
            break;
        handleBegin(frame);
        return true;
    case Type::Data:
        if (m_state != State::Receiving)
            break;
        m_streamHash.add(frame.payload.constData(), static_cast<size_t>(frame.payload.size()));
        m_streamBytes += frame.payload.size();
        m_pendingChunk = frame.payload;
        if (!m_worker->offer(m_pendingChunk))
            return false;
        m_pendingChunk.clear();
        accepted(frame.payload.size());
        return true;
    case Type::EndData:
        if (m_state != State::Receiving)
            break;
        handleEndData(frame);
        return true;
    case Type::Cancel:
        abortRestore(makeError(ErrorCode::Cancelled, QStringLiteral("cancelled by the Primary")));
        return true;
    default:
        break;
    }
    sendError(makeError(ErrorCode::Protocol, QStringLiteral("unexpected %1 message").arg(proto::typeName(static_cast<quint8>(frame.type)))));
    abortRestore(makeError(ErrorCode::Protocol, QStringLiteral("protocol violation by the Primary")));
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
    m_state = State::Handshaken;
    msg::Welcome w;
    w.protocol = kProtocolVersion;
    w.version = productVersion();
    w.host = QHostInfo::localHostName();
    w.os = QSysInfo::prettyProductName();
    w.paired = m_paired;
    w.freeBytes = freeBytesOf(m_server->config().root);
    sendJson(proto::Type::Welcome, w.toJson());
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
    if (!m_server->tryClaimClone()) {
        sendError(makeError(ErrorCode::InvalidArgument, QStringLiteral("another clone is being restored on this Secondary; try again when it has finished")));
        closeSoon();
        return;
    }
    m_ownsClone = true;
    RestoreOptions options;
    options.root = m_server->config().root;
    options.cloneId = begin->cloneId;
    options.restoreOwnership = m_server->config().restoreOwnership;
    options.expectedBytes = begin->totalBytes;
    options.expectedFiles = begin->totalFiles;
    options.protectedPaths = m_server->protectedPaths();
    m_worker = new RestoreWorker(options, this);
    connect(m_worker, &RestoreWorker::spaceAvailable, this, &AgentSession::onReadyRead);
    connect(m_worker, &RestoreWorker::finished, this, &AgentSession::onRestoreFinished);
    m_state = State::Receiving;
    m_clock.start();
    m_worker->start();
    m_progressTimer.start();
    Q_EMIT m_server->logLine(QStringLiteral("clone %1 from %2: receiving %3 files")
                                 .arg(begin->cloneId, begin->sourceHost).arg(begin->totalFiles));
    msg::Ready ready;
    ready.freeBytes = freeBytesOf(m_server->config().root);
    sendJson(proto::Type::Ready, ready.toJson());
}

void AgentSession::handleEndData(const proto::Frame &frame)
{
    auto json = proto::parseJson(frame);
    auto end = json ? msg::EndData::parse(*json) : Result<msg::EndData>(json.error());
    if (!end) {
        abortRestore(end.error());
        return;
    }
    const QByteArray digest = m_streamHash.finish();
    if (!m_pendingChunk.isEmpty()) {
        // EndData is processed only after every Data frame was taken (onReadyRead stops at a full queue).
        abortRestore(makeError(ErrorCode::Protocol, QStringLiteral("internal: stream ended with data still pending")));
        return;
    }
    if (end->compressedBytes != m_streamBytes || end->sha256 != digest) {
        abortRestore(makeError(ErrorCode::Verify, QStringLiteral("the clone stream arrived damaged: %1 bytes received, %2 sent, or checksums differ")
                                                      .arg(m_streamBytes).arg(end->compressedBytes)));
        return;
    }
    m_state = State::Finishing;
    m_worker->finishInput();
}

void AgentSession::accepted(qint64 bytes)
{
    m_acceptedBytes += bytes;
    if (m_acceptedBytes - m_ackedBytes >= kAckEvery) {
        m_ackedBytes = m_acceptedBytes;
        sendJson(proto::Type::Ack, msg::Ack{m_acceptedBytes}.toJson());
    }
}

void AgentSession::abortRestore(const Error &why)
{
    if (m_worker)
        m_worker->abort(why);
}

void AgentSession::onRestoreFinished(const Result<RestoreReport> &result)
{
    m_progressTimer.stop();
    sendProgress();
    msg::ResultMsg out;
    if (result) {
        const QList<RemovedPath> &removed = result->apply.removed;
        for (qsizetype i = 0; i < removed.size(); i += msg::ReportItems::kMaxItems) {
            msg::ReportItems batch;
            batch.kind = QStringLiteral("removed");
            for (qsizetype j = i; j < std::min(removed.size(), i + msg::ReportItems::kMaxItems); ++j)
                batch.items.append({removed[j].path, removed[j].reason});
            sendJson(proto::Type::ReportItems, batch.toJson());
        }
        out.ok = true;
        out.report = restoreReportToJson(*result);
        Q_EMIT m_server->logLine(QStringLiteral("clone restored and verified: %1 files, %2 removed, %3 ms")
                                     .arg(result->files).arg(removed.size()).arg(m_clock.elapsed()));
    } else {
        out.ok = false;
        out.code = errorCodeName(result.error().code);
        out.message = result.error().message;
        Q_EMIT m_server->logLine(QStringLiteral("clone failed: %1").arg(result.error().message));
    }
    sendJson(proto::Type::Result, out.toJson());
    m_worker->deleteLater();
    m_worker = nullptr;
    m_server->releaseClone();
    m_ownsClone = false;
    m_state = State::Handshaken;
    m_pendingChunk.clear();
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        Q_EMIT closed();
}

void AgentSession::sendProgress()
{
    if (!m_worker)
        return;
    const RestoreProgress &p = m_worker->progress();
    msg::Progress m;
    m.stage = restoreStageName(static_cast<RestoreStage>(p.stage.load()));
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

void AgentSession::sendJson(proto::Type type, const QJsonObject &object)
{
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(proto::encodeJson(type, object));
}

void AgentSession::closeSoon()
{
    m_state = State::Done;
    m_socket->flush();
    m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState && !m_worker)
        Q_EMIT closed();
}

}  // namespace st
