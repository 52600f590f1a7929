// SPDX-License-Identifier: GPL-3.0-or-later
// Two Identities in a real mutual TLS 1.3 handshake over 127.0.0.1, with the peer certificate
// pinned by fingerprint: sslErrors are ignored (list form only) when every error is one that a
// self-signed, pinned certificate produces and names exactly the pinned certificate.
#include <catch2/catch.hpp>

#include "support/TestTree.h"
#include "net/Identity.h"

#include <QFile>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QTest>

#include <algorithm>
#include <sstream>

using namespace st;

namespace {

constexpr int kTimeoutMs = 15000;

/** What a self-signed certificate that is not in any CA list produces (see the report/lead's transport). */
const QList<QSslError::SslError> kPinnableErrors{QSslError::SelfSignedCertificate, QSslError::HostNameMismatch};

Identity makeIdentity(const test::ScratchDir &dir, const char *name)
{
    auto id = Identity::loadOrCreate(QFile::decodeName(dir / name), QString::fromLatin1(name));
    REQUIRE(id.ok());
    return *id;
}

QSslConfiguration tlsConfiguration(const Identity *id)
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setProtocol(QSsl::TlsV1_3OrLater);
    c.setPeerVerifyMode(QSslSocket::VerifyPeer);
    c.setCaCertificates({});  // trust no CA: only the pinned certificate is acceptable
    if (id) {
        c.setLocalCertificate(id->certificate);
        c.setPrivateKey(id->privateKey);
    }
    return c;
}

/** One side's view of the handshake. */
struct Side {
    QList<QSslError::SslError> errorsSeen;
    bool pinAccepted = false;
    bool pinRefused = false;
    bool encrypted = false;
    QByteArray peerFingerprint;  // as seen after encrypted()
    QSsl::SslProtocol protocol = QSsl::UnknownProtocol;
    QByteArray received;
};

/** The pin policy under test: accept only pinnable errors that all name the pinned certificate. */
void checkPinnedErrors(QSslSocket *socket, const QList<QSslError> &errors, const QByteArray &pinned, Side &side)
{
    for (const QSslError &e : errors)
        side.errorsSeen.append(e.error());
    bool ok = !errors.isEmpty() && !pinned.isEmpty() && certificateFingerprint(socket->peerCertificate()) == pinned;
    for (const QSslError &e : errors) {
        if (!kPinnableErrors.contains(e.error()) || certificateFingerprint(e.certificate()) != pinned)
            ok = false;
    }
    if (ok) {
        socket->ignoreSslErrors(errors);
        side.pinAccepted = true;
    } else {
        side.pinRefused = true;
    }
}

struct Handshake {
    Side client;
    Side server;
    bool clientClosed = false;
    bool serverSawConnection = false;
};

/**
 * Runs one connection. @p clientId may be null (client presents no certificate). The client
 * writes "ping" once encrypted; the server answers "pong" to it.
 */
Handshake runHandshake(const Identity &serverId, const Identity *clientId, const QByteArray &clientPins,
                       const QByteArray &serverPins, bool expectSuccess)
{
    Handshake h;
    // Receiver for the server-side socket connections. Not the QSslServer: it disconnects every
    // socket -> server connection when the handshake completes.
    QObject serverSide;
    QSslServer server;
    server.setSslConfiguration(tlsConfiguration(&serverId));
    REQUIRE(server.listen(QHostAddress::LocalHost, 0));

    QObject::connect(&server, &QSslServer::sslErrors, &server,
                     [&](QSslSocket *s, const QList<QSslError> &errors) { checkPinnedErrors(s, errors, serverPins, h.server); });
    QObject::connect(&server, &QSslServer::startedEncryptionHandshake, &serverSide, [&](QSslSocket *s) {
        h.serverSawConnection = true;
        QObject::connect(s, &QSslSocket::encrypted, &serverSide, [&h, s] {
            h.server.encrypted = true;
            h.server.peerFingerprint = certificateFingerprint(s->peerCertificate());
            h.server.protocol = s->sessionProtocol();
        });
        QObject::connect(s, &QSslSocket::readyRead, &serverSide, [&h, s] {
            h.server.received += s->readAll();
            if (h.server.received == QByteArrayLiteral("ping"))
                s->write(QByteArrayLiteral("pong"));
        });
    });

    QSslSocket client;
    client.setSslConfiguration(tlsConfiguration(clientId));
    QObject::connect(&client, &QSslSocket::sslErrors, &client,
                     [&](const QList<QSslError> &errors) { checkPinnedErrors(&client, errors, clientPins, h.client); });
    QObject::connect(&client, &QSslSocket::encrypted, &client, [&] {
        h.client.encrypted = true;
        h.client.peerFingerprint = certificateFingerprint(client.peerCertificate());
        h.client.protocol = client.sessionProtocol();
        client.write(QByteArrayLiteral("ping"));
    });
    QObject::connect(&client, &QSslSocket::readyRead, &client, [&] { h.client.received += client.readAll(); });
    QObject::connect(&client, &QSslSocket::disconnected, &client, [&] { h.clientClosed = true; });
    QObject::connect(&client, &QSslSocket::errorOccurred, &client, [&](QAbstractSocket::SocketError) {
        h.clientClosed = true;
    });

    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort());
    if (expectSuccess) {
        const bool finished = QTest::qWaitFor(
            [&] { return h.client.received == QByteArrayLiteral("pong") || h.clientClosed; }, kTimeoutMs);
        CHECK(finished);
    } else {
        const bool closed = QTest::qWaitFor([&] { return h.clientClosed; }, kTimeoutMs);
        CHECK(closed);
        QTest::qWait(200);  // let any stray bytes arrive, so the assertions below would see them
    }
    client.abort();
    return h;
}

std::string errorNames(const QList<QSslError::SslError> &errors)
{
    std::ostringstream out;
    for (QSslError::SslError e : errors)
        out << int(e) << ' ';
    return out.str();
}

}  // namespace

TEST_CASE("Mutual TLS 1.3 handshake with pinned self-signed identities", "[tls]")
{
    REQUIRE(QSslSocket::supportsSsl());
    test::ScratchDir dir("tls");
    const Identity agent = makeIdentity(dir, "agent-host");
    const Identity primary = makeIdentity(dir, "primary-host");

    const Handshake h = runHandshake(agent, &primary, agent.fingerprint(), primary.fingerprint(), true);
    INFO("client errors: " << errorNames(h.client.errorsSeen) << " server errors: " << errorNames(h.server.errorsSeen));

    REQUIRE(h.client.encrypted);
    REQUIRE(h.server.encrypted);
    CHECK(h.client.pinAccepted);
    CHECK(h.server.pinAccepted);
    CHECK(!h.client.pinRefused);
    CHECK(!h.server.pinRefused);
    CHECK(h.client.peerFingerprint == agent.fingerprint());
    CHECK(h.server.peerFingerprint == primary.fingerprint());
    CHECK(h.client.protocol == QSsl::TlsV1_3);
    CHECK(h.server.protocol == QSsl::TlsV1_3);
    CHECK(h.server.received == QByteArrayLiteral("ping"));
    CHECK(h.client.received == QByteArrayLiteral("pong"));

    // The exact errors Qt reports for a pinned self-signed peer (the transport accepts the same set).
    QList<QSslError::SslError> clientErrors = h.client.errorsSeen;
    std::sort(clientErrors.begin(), clientErrors.end());
    CHECK(clientErrors == QList<QSslError::SslError>{QSslError::SelfSignedCertificate, QSslError::HostNameMismatch});
    CHECK(h.server.errorsSeen == QList<QSslError::SslError>{QSslError::SelfSignedCertificate});
}

TEST_CASE("Client refuses an agent whose certificate is not the pinned one", "[tls]")
{
    test::ScratchDir dir("tls");
    const Identity agent = makeIdentity(dir, "agent-host");
    const Identity primary = makeIdentity(dir, "primary-host");
    const Identity impostor = makeIdentity(dir, "impostor");

    const Handshake h = runHandshake(agent, &primary, impostor.fingerprint(), primary.fingerprint(), false);
    INFO("client errors: " << errorNames(h.client.errorsSeen));
    CHECK(h.clientClosed);
    CHECK(h.client.pinRefused);
    CHECK(!h.client.pinAccepted);
    CHECK(!h.client.encrypted);
    CHECK(!h.server.encrypted);
    CHECK(h.server.received.isEmpty());
    CHECK(h.client.received.isEmpty());
}

TEST_CASE("Agent refuses a client whose certificate is not the pinned one", "[tls]")
{
    test::ScratchDir dir("tls");
    const Identity agent = makeIdentity(dir, "agent-host");
    const Identity primary = makeIdentity(dir, "primary-host");
    const Identity impostor = makeIdentity(dir, "impostor");

    const Handshake h = runHandshake(agent, &impostor, agent.fingerprint(), primary.fingerprint(), false);
    INFO("server errors: " << errorNames(h.server.errorsSeen));
    CHECK(h.clientClosed);
    CHECK(h.server.pinRefused);
    CHECK(!h.server.pinAccepted);
    CHECK(!h.server.encrypted);
    CHECK(h.server.received.isEmpty());  // the client's "ping" never reaches the application
    CHECK(h.client.received.isEmpty());
}

TEST_CASE("Agent refuses a client that presents no certificate", "[tls]")
{
    test::ScratchDir dir("tls");
    const Identity agent = makeIdentity(dir, "agent-host");
    const Identity primary = makeIdentity(dir, "primary-host");

    const Handshake h = runHandshake(agent, nullptr, agent.fingerprint(), primary.fingerprint(), false);
    INFO("server errors: " << errorNames(h.server.errorsSeen));
    CHECK(h.clientClosed);
    CHECK(h.server.errorsSeen == QList<QSslError::SslError>{QSslError::NoPeerCertificate});
    CHECK(h.server.pinRefused);
    CHECK(!h.server.encrypted);
    CHECK(h.server.received.isEmpty());
    CHECK(h.client.received.isEmpty());
}
