// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/AgentListener.h"

#include "net/TlsPolicy.h"

#include <QHostAddress>

#include <sys/ioctl.h>

namespace st {

AgentListener::AgentListener(const Identity &identity, Limits limits, QObject *parent)
    : QTcpServer(parent), m_tls(tlsConfiguration(identity)), m_limits(limits), m_slots(limits.admission)
{
    m_clock.start();
    // The kernel queue only has to hold what arrives between two turns of the event loop.
    setListenBacklogSize(1024);
    m_sweep.setInterval(250);
    connect(&m_sweep, &QTimer::timeout, this, &AgentListener::sweep);
    m_sweep.start();
    m_report.setInterval(60000);
    connect(&m_report, &QTimer::timeout, this, &AgentListener::reportDrops);
    m_report.start();
}

QString AgentListener::addressKey(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString();
    // One IPv6 host usually holds a whole /64: count it as one peer.
    Q_IPV6ADDR bytes = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString() + QStringLiteral("/64");
}

void AgentListener::incomingConnection(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;  // closes the descriptor
        return;
    }
    const quint64 id = m_nextId++;
    // A connection accepted in the same turn of the event loop may have sent its ClientHello
    // already, unread: the kernel knows, and such a one is not idle.
    const auto hasSent = [this](quint64 other) {
        const auto it = m_pending.constFind(other);
        int queued = 0;
        return it != m_pending.cend() && it->socket && ::ioctl(static_cast<int>(it->socket->socketDescriptor()), FIONREAD, &queued) == 0 && queued > 0;
    };
    for (quint64 victim : m_slots.admit(id, addressKey(socket->peerAddress()), hasSent))
        drop(victim, &m_droppedForRoom);
    Pending pending;
    pending.socket = socket;
    pending.handshakeDeadline = m_clock.elapsed() + m_limits.handshakeTimeoutMs;
    pending.authDeadline = m_clock.elapsed() + m_limits.authTimeoutMs;
    m_pending.insert(id, pending);

    socket->setSslConfiguration(m_tls);
    connect(socket, &QSslSocket::sslErrors, socket, [socket](const QList<QSslError> &errors) {
        acceptSelfSigned(socket, errors);  // unknown Primaries may say Hello and pair; trust comes after
    });
    connect(socket, &QSslSocket::encrypted, this, [this, socket, id] {
        auto it = m_pending.find(id);
        if (it == m_pending.end())
            return;
        it->encrypted = true;
        Q_EMIT secured(socket, id);
    });
    // A peer that goes away during its handshake (or before it is trusted) frees its slot at
    // once; the socket is deleted by whoever owns it by then.
    connect(socket, &QSslSocket::disconnected, this, [this, socket, id] {
        auto it = m_pending.find(id);
        if (it == m_pending.end())
            return;
        const bool ours = !it->encrypted;
        m_pending.erase(it);
        m_slots.release(id);
        if (ours)
            socket->deleteLater();
    });
    // The TLS handshake starts when the peer has sent something (its ClientHello, left unread
    // in the socket for the handshake to take): a connection that never sends costs no TLS
    // state, and is the first to go when its address needs room.
    connect(
        socket, &QSslSocket::readyRead, this,
        [this, socket, id] {
            if (!m_pending.contains(id))
                return;
            m_slots.engage(id);
            socket->startServerEncryption();
        },
        Qt::SingleShotConnection);
}

void AgentListener::markAuthenticated(quint64 id)
{
    m_pending.remove(id);
    m_slots.release(id);
}

void AgentListener::drop(quint64 id, int *counter)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    const QPointer<QSslSocket> socket = it->socket;
    const bool ours = !it->encrypted;
    m_pending.erase(it);
    m_slots.release(id);
    ++*counter;
    if (!socket)
        return;
    socket->abort();  // its owner (a session, once secured) sees it disconnect and closes
    if (ours)
        socket->deleteLater();
}

void AgentListener::dropPending()
{
    int dropped = 0;
    for (quint64 id : m_pending.keys())
        drop(id, &dropped);
}

void AgentListener::sweep()
{
    const qint64 now = m_clock.elapsed();
    QList<quint64> handshakeLate, authLate;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (!it->encrypted && now >= it->handshakeDeadline)
            handshakeLate.append(it.key());
        else if (now >= it->authDeadline)
            authLate.append(it.key());
    }
    for (quint64 id : handshakeLate)
        drop(id, &m_droppedHandshake);
    for (quint64 id : authLate)
        drop(id, &m_droppedAuth);
}

void AgentListener::reportDrops()
{
    if (m_droppedForRoom + m_droppedHandshake + m_droppedAuth == 0)
        return;
    Q_EMIT logLine(QStringLiteral("dropped unauthenticated connections in the last minute: %1 to make room (at most %2 per address, "
                                  "%3 in all), %4 without a TLS handshake within %5 s, %6 neither pinned nor paired within %7 s")
                       .arg(m_droppedForRoom).arg(m_limits.admission.perAddress).arg(m_limits.admission.total)
                       .arg(m_droppedHandshake).arg(m_limits.handshakeTimeoutMs / 1000)
                       .arg(m_droppedAuth).arg(m_limits.authTimeoutMs / 1000));
    m_droppedForRoom = m_droppedHandshake = m_droppedAuth = 0;
}

}  // namespace st
