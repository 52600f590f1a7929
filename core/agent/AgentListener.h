// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The agent's listening socket and everything a connection goes through before it is
 * trusted: TCP accept, the TLS 1.3 handshake, the pre-authentication slot and its deadlines.
 *
 * Every connection is accepted at once (the listen queue never fills, whatever peers do) and
 * its TLS handshake starts when the peer first sends (its ClientHello), so an idle connection
 * holds no TLS state. It takes a slot of the AdmissionControl: per peer address (an IPv4 address or an IPv6 /64) and
 * in total, dropping the oldest unauthenticated connection of the busiest address when full.
 * A connection that has not finished its TLS handshake within the handshake timeout, or has
 * not proved a pinned certificate or paired within the authentication timeout (counted from
 * its accept), is dropped. When a handshake finishes, secured() hands the socket on; the
 * agent calls markAuthenticated() as soon as the peer's certificate is pinned (at once for a
 * paired Primary, after a successful pairing otherwise), which frees its slot and ends its
 * deadline. Drops are summed up in one log line a minute at most, never one per connection.
 *
 * Replaces QSslServer, whose pending-connection limit in Qt 6.4 counts connections still in
 * their handshake and stops accepting for good once peers leave it full. Lives in the
 * agent's main thread; sockets are parented to the listener until secured() hands them on.
 */
#include "agent/AdmissionControl.h"
#include "net/Identity.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

namespace st {

struct AgentListenerLimits {
    AdmissionLimits admission;
    int handshakeTimeoutMs = 10000;  // TCP accept to the end of the TLS handshake
    int authTimeoutMs = 30000;       // TCP accept to a pinned or freshly paired certificate
};

class AgentListener : public QTcpServer {
    Q_OBJECT
public:
    using Limits = AgentListenerLimits;

    AgentListener(const Identity &identity, Limits limits, QObject *parent = nullptr);

    /** The peer of connection @p id proved a pinned certificate: it leaves the pre-authentication pool. */
    void markAuthenticated(quint64 id);
    /** The address key slots are counted by (IPv4 address, IPv4-mapped as IPv4; IPv6 /64 prefix). */
    static QString addressKey(const QHostAddress &address);
    int unauthenticatedCount() const { return m_slots.count(); }
    /** Drops every connection not handed on yet (a simulated reboot; close() stops accepting). */
    void dropPending();

Q_SIGNALS:
    /** TLS is up on @p socket (connection @p id); the receiver takes ownership (reparents it). */
    void secured(QSslSocket *socket, quint64 id);
    void logLine(const QString &line);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Pending {
        QPointer<QSslSocket> socket;
        qint64 handshakeDeadline = 0;
        qint64 authDeadline = 0;
        bool encrypted = false;
    };
    void drop(quint64 id, int *counter);
    void sweep();
    void reportDrops();

    QSslConfiguration m_tls;
    Limits m_limits;
    AdmissionControl m_slots;
    QHash<quint64, Pending> m_pending;
    quint64 m_nextId = 1;
    QElapsedTimer m_clock;
    QTimer m_sweep;
    QTimer m_report;
    int m_droppedForRoom = 0;
    int m_droppedHandshake = 0;
    int m_droppedAuth = 0;
};

}  // namespace st
