// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Primary's authenticated connection to an agent: TLS, pin check, hello, pairing.
 *
 * open() connects, completes the TLS 1.3 handshake (accepting only self-signed errors for the
 * presented certificate), compares the agent's fingerprint with the pin for this address
 * before anything is sent (a changed certificate aborts), exchanges Hello/Welcome, and pairs
 * with the one-time code when either side has no pin yet (mutual HMAC proofs bound to both
 * fingerprints; the agent's proof is checked before the pin is stored). Then ready() is
 * emitted and the link carries frames both ways. Keepalive: once ready, the link sends Ping
 * every third of keepaliveTimeoutMs (the agent answers Pong, which is not passed on) and
 * fails when no frame at all arrived for keepaliveTimeoutMs, so a silently hung link is
 * noticed within a bounded time. The socket keeps at most 256 KiB of not-yet-sent bytes in
 * the kernel (TCP_NOTSENT_LOWAT), so little more than what is in flight is lost with a link.
 * failed() is emitted at most once, with a one-line error (a TLS version the peer lacks
 * is named as such); after it the link is reset (SO_LINGER 0), so bytes the kernel still
 * held never reach the agent late. Event-driven, lives in one thread.
 */
#include "net/Identity.h"
#include "net/Messages.h"
#include "net/Protocol.h"
#include "util/Result.h"

#include <QObject>
#include <QPointer>
#include <QSslSocket>
#include <QTimer>

namespace st {

struct LinkOptions {
    QString host;
    quint16 port = 0;
    QString pairingCode;   // as typed; empty when relying on a pin
    QString pinFile;       // the Primary's pins (PinStore)
    Identity identity;
    int connectTimeoutMs = 15000;
    int idleTimeoutMs = 120000;      // a clone gives up when the agent stays unreachable this long (across reconnects)
    int keepaliveTimeoutMs = 10000;  // a ready link with no frame from the agent for this long is dead
};

struct SecondaryInfo {
    QString host;
    QString os;
    QString version;
    QByteArray fingerprint;
    qint64 freeBytes = 0;
    bool newlyPaired = false;
    QString bootId;               // the agent host's boot at this connection (empty from an agent that predates it)
    msg::OperationSet operations; // what the agent offers beside the clone
};

/** Parses "host:port" / "[v6]:port". */
Result<QPair<QString, quint16>> parseAddress(const QString &address);

class SecondaryLink : public QObject {
    Q_OBJECT
public:
    explicit SecondaryLink(LinkOptions options, QObject *parent = nullptr);
    ~SecondaryLink() override;

    void open();
    void sendFrame(proto::Type type, const QByteArray &payload);
    void sendJson(proto::Type type, const QJsonObject &object);
    qint64 bytesToWrite() const;
    /** Bytes of frames written to this link so far (all types, frame headers included). */
    qint64 bytesQueued() const { return m_queued; }
    /** Of bytesQueued(), at most how many have not left this process (its TLS and socket
     *  buffers); taken when the link failed, before its buffers were dropped. */
    qint64 bytesNotSent() const;
    void close();
    const SecondaryInfo &info() const { return m_info; }
    /** The TCP connection was established: something listens at the address (the agent, unless a relay). */
    bool peerAnswered() const { return m_peerAnswered; }
    QString peerName() const;

Q_SIGNALS:
    void ready(const st::SecondaryInfo &info);
    void frameReceived(const st::proto::Frame &frame);
    void bytesWritten();
    void failed(const st::Error &error);

private:
    enum class State { Idle, Connecting, Hello, Pairing, Ready, Closed };
    void onEncrypted();
    void onReadyRead();
    void handleFrame(const proto::Frame &frame);
    void fail(const Error &error);
    void startPairing();
    void becomeReady();

    LinkOptions m_options;
    QSslSocket *m_socket = nullptr;
    proto::FrameReader m_reader;
    QTimer m_timer;
    QTimer m_pingTimer;
    State m_state = State::Idle;
    SecondaryInfo m_info;
    QString m_canonicalCode;
    bool m_pinned = false;
    bool m_peerAnswered = false;
    qint64 m_queued = 0;
    qint64 m_notSentAtFailure = -1;
};

}  // namespace st

Q_DECLARE_METATYPE(st::SecondaryInfo)
Q_DECLARE_METATYPE(st::Error)
Q_DECLARE_METATYPE(st::proto::Frame)
