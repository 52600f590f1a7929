// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief One Primary's connection to the agent: hello, pairing, and at most one clone.
 *
 * The socket arrives encrypted (TLS 1.3, client certificate presented). Nothing but Hello and
 * PairRequest is accepted until the peer's fingerprint is pinned. BeginClone starts a
 * RestoreWorker (only one clone per agent at a time, through AgentServer::tryClaimClone()),
 * Data frames feed it (frames wait in the socket buffer while the worker's queue is full;
 * the Primary's send window, advanced by Ack messages, bounds how much can wait), EndData checks the compressed byte count and SHA-256 before the stream is closed,
 * and the worker's result goes back as ReportItems batches and a Result. Progress is sent
 * four times a second. A lost connection or a Cancel aborts the restore before Apply.
 * Lives in the agent's main thread.
 */
#include "agent/RestoreWorker.h"
#include "net/Protocol.h"
#include "util/Sha256.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSslSocket>
#include <QTimer>

namespace st {

class AgentServer;

class AgentSession : public QObject {
    Q_OBJECT
public:
    AgentSession(QSslSocket *socket, AgentServer *server);
    ~AgentSession() override;

Q_SIGNALS:
    void closed();

private:
    enum class State { Hello, Handshaken, Receiving, Finishing, Done };
    void onReadyRead();
    bool handleFrame(const proto::Frame &frame);  // false = stop reading for now
    void handleHello(const proto::Frame &frame);
    void handlePair(const proto::Frame &frame);
    void handleBegin(const proto::Frame &frame);
    void handleEndData(const proto::Frame &frame);
    void onRestoreFinished(const Result<RestoreReport> &result);
    void sendProgress();
    void sendError(const Error &error);
    void sendJson(proto::Type type, const QJsonObject &object);
    void closeSoon();
    void abortRestore(const Error &why);
    void accepted(qint64 bytes);

    QSslSocket *m_socket;
    AgentServer *m_server;
    proto::FrameReader m_reader;
    State m_state = State::Hello;
    QByteArray m_peerFingerprint;
    QString m_peerHost;
    bool m_paired = false;
    bool m_ownsClone = false;
    RestoreWorker *m_worker = nullptr;
    QByteArray m_pendingChunk;
    Sha256 m_streamHash;
    qint64 m_streamBytes = 0;
    qint64 m_acceptedBytes = 0;
    qint64 m_ackedBytes = 0;
    QTimer m_progressTimer;
    QElapsedTimer m_clock;
};

}  // namespace st
