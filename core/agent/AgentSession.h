// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief One Primary's connection to the agent: hello, pairing, keepalive, and feeding at
 * most one clone's CloneReceiver.
 *
 * The socket arrives encrypted (TLS 1.3, client certificate presented). Until the peer's
 * fingerprint is pinned (at once for a paired Primary, or by pairing on this connection) only
 * Hello and then PairRequest are accepted, each at most kUnauthenticatedFrameLimit bytes; any
 * other frame is refused at its header, before its body is buffered. What the agent sends is
 * bounded too: a peer that leaves more than the write limit unread (AgentConfig:
 * unauthenticatedWriteLimit before it is trusted, sessionWriteLimit after) is dropped, and
 * a Result's ReportItems are produced only as the socket drains, so a large outcome never
 * sits in memory twice. BeginClone creates the
 * clone's CloneReceiver through AgentServer (one clone per agent at a time), Resume attaches
 * to the one a lost link (or a killed agent) left and answers with the durable offset. Data
 * frames are checked (offset, SHA-256; a bad chunk is asked for again with Resend), written to
 * the receiver's spool and acknowledged only after fdatasync; EndData ends the stream (the
 * worker checks its size and SHA-256), and the worker's result goes back as ReportItems
 * batches and a Result. Progress is sent four times a second, Ping is answered with Pong. A
 * lost connection, or no frame for the idle timeout, detaches the receiver (it waits for a
 * Resume) instead of aborting the restore; Cancel (in any state: on the clone's own
 * connection, or naming the clone on a new one) or a protocol violation aborts it before Apply
 * and discards its staging at once. A Resume for a clone that has ended is answered from its
 * recorded outcome (OutcomeRecord). Once paired, operation Requests (net/Operation.h) go to
 * the server's ServiceRegistry, one OperationCall each (at most kMaxCallsInFlight unanswered,
 * ids unique among them); their Events and Response are written as they come, and the calls
 * go with the connection. Lives in the agent's main thread.
 */
#include "agent/CloneReceiver.h"
#include "net/Protocol.h"

#include <QElapsedTimer>
#include <QSet>
#include <QObject>
#include <QPointer>
#include <QSslSocket>
#include <QTimer>

#include <optional>

namespace st {

class AgentServer;

class AgentSession : public QObject {
    Q_OBJECT
public:
    /** Largest Hello or PairRequest an unauthenticated peer may send. */
    static constexpr qsizetype kUnauthenticatedFrameLimit = 16 << 10;
    /** Operation requests one connection may have unanswered at a time. */
    static constexpr qsizetype kMaxCallsInFlight = 8;

    /** @p connectionId is the listener's; @p pinned: the peer's certificate is a paired Primary's. */
    AgentSession(QSslSocket *socket, AgentServer *server, quint64 connectionId, bool pinned);
    ~AgentSession() override;

    /** Another session resumed this one's clone: close without touching the clone. */
    void supersede();
    /** The agent stops serving (a simulated reboot): drop the connection now, as the host going down would. */
    void closeNow();

Q_SIGNALS:
    void closed();

private:
    enum class State { Hello, Handshaken, Receiving, Finishing, Done };
    void onReadyRead();
    bool handleFrame(const proto::Frame &frame);  // false = stop reading
    void handleHello(const proto::Frame &frame);
    void handlePair(const proto::Frame &frame);
    void handleBegin(const proto::Frame &frame);
    void handleResume(const proto::Frame &frame);
    bool handleData(const proto::Frame &frame);
    void handleEndData(const proto::Frame &frame);
    void handleCancel(const proto::Frame &frame);
    /** An operation Request (net/Operation.h): dispatched to its service, answered with Events and one Response. */
    void handleRequest(const proto::Frame &frame);
    void attachTo(CloneReceiver *receiver);
    bool flushAndAck();
    /** ReportItems batches, then the Result. */
    void sendOutcome(const OutcomeRecord &outcome);
    /** Sends the pending outcome's next ReportItems batches while the socket has room, then its Result. */
    void pumpOutcome();
    qint64 unsentBytes() const;
    void sendProgress();
    void sendError(const Error &error);
    /** False when the peer was dropped for not reading (the frame is not sent). */
    bool sendJson(proto::Type type, const QJsonObject &object);
    void closeSoon();
    void failClone(const Error &why);

    QSslSocket *m_socket;
    AgentServer *m_server;
    quint64 m_connectionId;
    std::optional<OutcomeRecord> m_outcomeToSend;
    qsizetype m_outcomeSent = 0;  // removed paths of m_outcomeToSend already sent
    proto::FrameReader m_reader;
    State m_state = State::Hello;
    QByteArray m_peerFingerprint;
    QString m_peerHost;
    bool m_paired = false;
    bool m_cancelled = false;  // the Primary cancelled: Data and EndData still in flight are ignored
    QPointer<CloneReceiver> m_receiver;
    qint64 m_unflushed = 0;
    qint64 m_ackedBytes = -1;
    QTimer m_progressTimer;
    QTimer m_idleTimer;
    QElapsedTimer m_clock;
    QSet<qint64> m_callsInFlight;  // Request ids not answered yet
};

}  // namespace st
