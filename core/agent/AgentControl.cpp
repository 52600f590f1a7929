// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/AgentControl.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>

#include <algorithm>

#include <sys/socket.h>
#include <unistd.h>

namespace st {

namespace {
constexpr qint64 kMaxRequest = 256;
const QByteArray kPairingCodeRequest = QByteArrayLiteral("pairing-code");

/** The uid of the process at the other end of a Unix socket; -1 when it cannot be told. */
qint64 peerUid(qintptr descriptor)
{
    struct ucred cred{};
    socklen_t size = sizeof cred;
    if (::getsockopt(static_cast<int>(descriptor), SOL_SOCKET, SO_PEERCRED, &cred, &size) != 0 || size != sizeof cred)
        return -1;
    return static_cast<qint64>(cred.uid);
}
}  // namespace

AgentControl::AgentControl(QString stateDir, std::function<QJsonObject()> answer, QObject *parent)
    : QObject(parent), m_stateDir(std::move(stateDir)), m_answer(std::move(answer)), m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &AgentControl::onConnection);
}

AgentControl::~AgentControl()
{
    m_server->close();  // removes the socket file
}

QString AgentControl::socketPath(const QString &stateDir)
{
    return QDir(QFileInfo(stateDir).absoluteFilePath()).filePath(QStringLiteral("control.sock"));
}

Status AgentControl::listen()
{
    const QString path = socketPath(m_stateDir);
    if (QFile::encodeName(path).size() >= 108)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the state directory's path is too long for its control socket %1 (at most 107 bytes)").arg(path));
    {
        QLocalSocket probe;
        probe.connectToServer(path);
        if (probe.waitForConnected(1000))
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("another agent is running with the state directory %1 (it answers on %2)")
                                                             .arg(QFileInfo(m_stateDir).absoluteFilePath(), path));
    }
    QLocalServer::removeServer(path);  // a socket file a killed agent left behind
    if (!m_server->listen(path))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the control socket %1: %2").arg(path, m_server->errorString()));
    return {};
}

void AgentControl::onConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        const qint64 uid = peerUid(socket->socketDescriptor());
        QPointer<QLocalSocket> guarded(socket);
        // The request is read first in every case, so the answer (or the refusal) never races the
        // client's own write.
        connect(socket, &QLocalSocket::readyRead, this, [this, guarded, uid] {
            if (!guarded)
                return;
            if (!guarded->canReadLine()) {
                if (guarded->bytesAvailable() > kMaxRequest)
                    guarded->abort();
                return;
            }
            const QByteArray request = guarded->readLine(kMaxRequest).trimmed();
            QJsonObject reply;
            if (uid != 0 && uid != static_cast<qint64>(::geteuid())) {
                Q_EMIT logLine(QStringLiteral("control socket: refused a request from uid %1 (only root may ask for the pairing code)").arg(uid));
                reply = {{QStringLiteral("error"), QStringLiteral("only root may ask the agent for its pairing code")}};
            } else {
                reply = request == kPairingCodeRequest ? m_answer() : QJsonObject{{QStringLiteral("error"), QStringLiteral("unknown request")}};
            }
            guarded->write(QJsonDocument(reply).toJson(QJsonDocument::Compact) + '\n');
            guarded->disconnectFromServer();
        });
    }
}

Result<QJsonObject> requestPairingCode(const QString &stateDir, int timeoutMs)
{
    const QString path = AgentControl::socketPath(stateDir);
    QLocalSocket socket;
    socket.connectToServer(path);
    if (!socket.waitForConnected(timeoutMs)) {
        if (socket.error() == QLocalSocket::SocketAccessError)
            return makeError(ErrorCode::Permission, QStringLiteral("not allowed to ask the agent (%1): run this as root").arg(path));
        return makeError(ErrorCode::Network, QStringLiteral("no agent is running with the state directory %1 (cannot connect to %2: %3)")
                                                 .arg(QFileInfo(stateDir).absoluteFilePath(), path, socket.errorString()));
    }
    socket.write(kPairingCodeRequest + '\n');
    socket.waitForBytesWritten(timeoutMs);
    QByteArray line;
    QDeadlineTimer deadline(timeoutMs);
    while (!line.endsWith('\n') && !deadline.hasExpired()) {
        if (socket.bytesAvailable() == 0
            && (socket.state() != QLocalSocket::ConnectedState || !socket.waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())))))
            break;
        line += socket.read(4096);
        if (line.size() > 65536)
            break;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(line);
    if (!doc.isObject())
        return makeError(ErrorCode::Protocol, QStringLiteral("the agent gave no answer on %1").arg(path));
    const QJsonObject reply = doc.object();
    if (reply.contains(QStringLiteral("error")))
        return makeError(ErrorCode::Permission, reply.value(QStringLiteral("error")).toString());
    return reply;
}

}  // namespace st
