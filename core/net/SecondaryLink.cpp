// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/SecondaryLink.h"

#include "net/PairingCode.h"
#include "net/PinStore.h"
#include "net/TlsPolicy.h"
#include "util/Version.h"

#include <QHostInfo>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace st {

namespace {
constexpr int kNotSentLowWater = 256 << 10;
}  // namespace

Result<QPair<QString, quint16>> parseAddress(const QString &address)
{
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("address \"%1\" must be HOST:PORT").arg(address));
    QString host = address.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = address.mid(colon + 1).toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("address \"%1\" has no valid port").arg(address));
    return QPair<QString, quint16>(host, static_cast<quint16>(port));
}

SecondaryLink::SecondaryLink(LinkOptions options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    qRegisterMetaType<st::SecondaryInfo>();
    qRegisterMetaType<st::Error>();
    qRegisterMetaType<st::proto::Frame>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_state == State::Connecting || m_state == State::Hello || m_state == State::Pairing)
            fail(makeError(ErrorCode::Network, QStringLiteral("no answer from the Secondary at %1 within %2 s")
                                                   .arg(peerName()).arg(m_options.connectTimeoutMs / 1000)));
        else
            fail(makeError(ErrorCode::Network, QStringLiteral("the Secondary at %1 stopped answering (nothing received for %2 s)")
                                                   .arg(peerName()).arg(m_options.keepaliveTimeoutMs / 1000.0)));
    });
    m_pingTimer.setInterval(std::max(100, m_options.keepaliveTimeoutMs / 3));
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Ready)
            sendJson(proto::Type::Ping, QJsonObject());
    });
}

SecondaryLink::~SecondaryLink()
{
    if (m_socket)
        m_socket->abort();
}

namespace {
Error handshakeError(const QString &peer, const QString &tlsError)
{
    // OpenSSL's words when the two sides share no protocol version.
    static const QStringList versionMismatch{QStringLiteral("protocol version"), QStringLiteral("unsupported protocol"),
                                             QStringLiteral("wrong version number"), QStringLiteral("no protocols available")};
    for (const QString &words : versionMismatch)
        if (tlsError.contains(words, Qt::CaseInsensitive))
            return makeError(ErrorCode::Tls, QStringLiteral("TLS with %1 refused: it does not offer TLS 1.3, the only version ServerTwin accepts (%2)")
                                                 .arg(peer, tlsError));
    return makeError(ErrorCode::Tls, QStringLiteral("TLS handshake with %1 failed: %2").arg(peer, tlsError));
}
}  // namespace

QString SecondaryLink::peerName() const
{
    return QStringLiteral("%1:%2").arg(m_options.host).arg(m_options.port);
}

void SecondaryLink::open()
{
    if (!m_options.pairingCode.isEmpty()) {
        const auto canonical = PairingCode::normalise(m_options.pairingCode);
        if (!canonical) {
            fail(makeError(ErrorCode::InvalidArgument, QStringLiteral("pairing code \"%1\" is malformed: it has 12 letters and digits, like ABCD-EFGH-JKMN")
                                                           .arg(m_options.pairingCode.left(20))));
            return;
        }
        m_canonicalCode = *canonical;
    }
    m_state = State::Connecting;
    m_socket = new QSslSocket(this);
    m_socket->setSslConfiguration(tlsConfiguration(m_options.identity));
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        if (!acceptSelfSigned(m_socket, errors)) {
            QStringList texts;
            for (const QSslError &e : errors)
                texts << e.errorString();
            fail(makeError(ErrorCode::Tls, QStringLiteral("TLS with %1 refused: %2").arg(peerName(), texts.join(QStringLiteral("; ")))));
        }
    });
    connect(m_socket, &QSslSocket::connected, this, [this] {
        m_peerAnswered = true;
        // Keep the kernel's queue of not-yet-sent bytes short: bytes queued when a link dies
        // are sent again after the resume, and a short queue sends them from where they were.
        const int lowat = kNotSentLowWater;
        ::setsockopt(static_cast<int>(m_socket->socketDescriptor()), IPPROTO_TCP, TCP_NOTSENT_LOWAT, &lowat, sizeof lowat);
    });
    connect(m_socket, &QSslSocket::encrypted, this, &SecondaryLink::onEncrypted);
    connect(m_socket, &QSslSocket::readyRead, this, &SecondaryLink::onReadyRead);
    connect(m_socket, &QSslSocket::bytesWritten, this, [this] {
        if (m_state == State::Ready)
            Q_EMIT bytesWritten();
    });
    connect(m_socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (m_state == State::Closed)
            return;
        if (error == QAbstractSocket::RemoteHostClosedError && m_state == State::Ready) {
            fail(makeError(ErrorCode::Network, QStringLiteral("the Secondary at %1 closed the connection").arg(peerName())));
            return;
        }
        if (error == QAbstractSocket::SslHandshakeFailedError) {
            fail(handshakeError(peerName(), m_socket->errorString()));
            return;
        }
        fail(makeError(ErrorCode::Network, QStringLiteral("cannot reach the Secondary at %1: %2").arg(peerName(), m_socket->errorString())));
    });
    m_timer.start(m_options.connectTimeoutMs);
    m_socket->connectToHostEncrypted(m_options.host, m_options.port, m_options.host);
}

void SecondaryLink::onEncrypted()
{
    if (m_state != State::Connecting)
        return;
    if (m_socket->sessionProtocol() != QSsl::TlsV1_3) {
        fail(makeError(ErrorCode::Tls, QStringLiteral("%1 did not negotiate TLS 1.3").arg(peerName())));
        return;
    }
    m_info.fingerprint = certificateFingerprint(m_socket->peerCertificate());
    auto pins = PinStore::load(m_options.pinFile);
    if (!pins) {
        fail(pins.error());
        return;
    }
    if (const auto pin = pins->pinFor(peerName())) {
        if (pin->fingerprint != m_info.fingerprint) {
            fail(makeError(ErrorCode::Tls,
                           QStringLiteral("the certificate of %1 changed: pinned %2, presented %3; if the Secondary was reinstalled, "
                                          "remove the pin with 'servertwin-cli unpin %1' and pair again")
                               .arg(peerName(), formatFingerprint(pin->fingerprint), formatFingerprint(m_info.fingerprint))));
            return;
        }
        m_pinned = true;
    } else if (m_canonicalCode.isEmpty()) {
        fail(makeError(ErrorCode::Auth, QStringLiteral("not paired with %1 yet: give the pairing code shown on the Secondary's console (--pairing-code)")
                                            .arg(peerName())));
        return;
    }
    m_state = State::Hello;
    msg::Hello hello;
    hello.protocol = kProtocolVersion;
    hello.product = QStringLiteral("servertwin");
    hello.version = productVersion();
    hello.host = QHostInfo::localHostName();
    for (Operation op : kAllOperations)
        hello.operations.offer(op, 1);
    sendJson(proto::Type::Hello, hello.toJson());
}

void SecondaryLink::onReadyRead()
{
    while (m_socket && m_state != State::Closed) {
        auto frame = m_reader.next(*m_socket);
        if (!frame) {
            fail(frame.error());
            return;
        }
        if (!frame->has_value())
            break;
        if (m_state == State::Ready)
            m_timer.start(m_options.keepaliveTimeoutMs);
        if (m_state == State::Ready && (*frame)->type == proto::Type::Pong)
            continue;
        handleFrame(**frame);
    }
}

void SecondaryLink::handleFrame(const proto::Frame &frame)
{
    if (frame.type == proto::Type::Error) {
        auto json = proto::parseJson(frame);
        auto err = json ? msg::ErrorMsg::parse(*json) : Result<msg::ErrorMsg>(json.error());
        fail(err ? err->toError().withContext(QStringLiteral("the Secondary refused")) : err.error());
        return;
    }
    switch (m_state) {
    case State::Hello: {
        if (frame.type != proto::Type::Welcome) {
            fail(makeError(ErrorCode::Protocol, QStringLiteral("expected Welcome from %1, got %2").arg(peerName(), proto::typeName(static_cast<quint8>(frame.type)))));
            return;
        }
        auto json = proto::parseJson(frame);
        auto welcome = json ? msg::Welcome::parse(*json) : Result<msg::Welcome>(json.error());
        if (!welcome) {
            fail(welcome.error());
            return;
        }
        if (welcome->protocol != kProtocolVersion) {
            fail(makeError(ErrorCode::Protocol, QStringLiteral("the agent at %1 speaks protocol %2, this Primary speaks %3: install the same ServerTwin version on both")
                                                    .arg(peerName()).arg(welcome->protocol).arg(kProtocolVersion)));
            return;
        }
        m_info.host = welcome->host;
        m_info.os = welcome->os;
        m_info.version = welcome->version;
        m_info.freeBytes = welcome->freeBytes;
        m_info.bootId = welcome->bootId;
        m_info.operations = welcome->operations;
        if (m_pinned && welcome->paired) {
            becomeReady();
            return;
        }
        if (m_canonicalCode.isEmpty()) {
            fail(makeError(ErrorCode::Auth, QStringLiteral("the Secondary at %1 does not know this Primary any more: pair again with the code shown on its console (--pairing-code)")
                                                .arg(peerName())));
            return;
        }
        startPairing();
        return;
    }
    case State::Pairing: {
        if (frame.type != proto::Type::PairResult) {
            fail(makeError(ErrorCode::Protocol, QStringLiteral("expected PairResult from %1").arg(peerName())));
            return;
        }
        auto json = proto::parseJson(frame);
        auto result = json ? msg::PairResult::parse(*json) : Result<msg::PairResult>(json.error());
        if (!result) {
            fail(result.error());
            return;
        }
        if (!result->ok) {
            const ErrorCode code = msg::errorCodeFromName(result->code) == ErrorCode::LockedOut ? ErrorCode::LockedOut : ErrorCode::Auth;
            fail(makeError(code, QStringLiteral("pairing with %1 failed: %2").arg(peerName(), result->message)));
            return;
        }
        const QByteArray mine = certificateFingerprint(m_options.identity.certificate);
        const QByteArray expected = PairingCode::proof(m_canonicalCode, PairingCode::Role::Agent, mine, m_info.fingerprint);
        if (!PairingCode::proofsEqual(expected, result->proof)) {
            fail(makeError(ErrorCode::Auth, QStringLiteral("%1 could not prove it knows the pairing code: possible man in the middle, nothing was sent")
                                                .arg(peerName())));
            return;
        }
        auto pins = PinStore::load(m_options.pinFile);
        if (!pins) {
            fail(pins.error());
            return;
        }
        if (Status s = pins->pin(peerName(), m_info.fingerprint, m_info.host); !s) {
            fail(s.error());
            return;
        }
        m_info.newlyPaired = true;
        becomeReady();
        return;
    }
    case State::Ready:
        Q_EMIT frameReceived(frame);
        return;
    default:
        fail(makeError(ErrorCode::Protocol, QStringLiteral("unexpected %1 from %2").arg(proto::typeName(static_cast<quint8>(frame.type)), peerName())));
    }
}

void SecondaryLink::becomeReady()
{
    m_state = State::Ready;
    m_timer.start(m_options.keepaliveTimeoutMs);
    m_pingTimer.start();
    Q_EMIT ready(m_info);
}

void SecondaryLink::startPairing()
{
    m_state = State::Pairing;
    const QByteArray mine = certificateFingerprint(m_options.identity.certificate);
    msg::PairRequest request;
    request.proof = PairingCode::proof(m_canonicalCode, PairingCode::Role::Client, mine, m_info.fingerprint);
    sendJson(proto::Type::PairRequest, request.toJson());
}

void SecondaryLink::sendFrame(proto::Type type, const QByteArray &payload)
{
    if (m_socket && m_state != State::Closed)
        m_queued += std::max<qint64>(0, m_socket->write(proto::encode(type, payload)));
}

void SecondaryLink::sendJson(proto::Type type, const QJsonObject &object)
{
    if (m_socket && m_state != State::Closed)
        m_queued += std::max<qint64>(0, m_socket->write(proto::encodeJson(type, object)));
}

qint64 SecondaryLink::bytesNotSent() const
{
    if (m_notSentAtFailure >= 0)
        return m_notSentAtFailure;
    if (!m_socket)
        return 0;
    // Encrypted bytes carry TLS 1.3 record overhead (22 bytes per record of up to 16 KiB):
    // count them as fewer plaintext bytes (1/512 and a few records less), so that what is
    // reported as not sent is never more than it was.
    const qint64 encrypted = m_socket->encryptedBytesToWrite();
    const qint64 plain = m_socket->bytesToWrite() + std::max<qint64>(0, encrypted - encrypted / 512 - 4096);
    return std::min(plain, m_queued);
}

qint64 SecondaryLink::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite() : 0;
}

void SecondaryLink::close()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_timer.stop();
    m_pingTimer.stop();
    if (m_socket) {
        m_socket->flush();
        m_socket->disconnectFromHost();
    }
}

void SecondaryLink::fail(const Error &error)
{
    if (m_state == State::Closed)
        return;
    m_notSentAtFailure = bytesNotSent();  // abort() drops the buffers
    m_state = State::Closed;
    m_timer.stop();
    m_pingTimer.stop();
    if (m_socket) {
        // A dead link's bytes must not reach the agent later (the kernel would go on sending
        // what it holds after close()): reset the connection and drop them.
        if (const qintptr fd = m_socket->socketDescriptor(); fd >= 0) {
            const linger reset{1, 0};
            ::setsockopt(static_cast<int>(fd), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        }
        m_socket->abort();
    }
    Q_EMIT failed(error);
}

}  // namespace st
