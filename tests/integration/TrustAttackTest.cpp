// SPDX-License-Identifier: GPL-3.0-or-later
// Attacks on the trust layer with real processes: peers that offer only TLS 1.2 (openssl
// s_client / s_server) are refused on both sides; a man-in-the-middle relay (a real TCP relay
// that terminates TLS with its own self-signed certificate and re-originates TLS to the
// agent) is refused before any payload once the Primary has pinned the agent, and pairing
// through it fails because the proofs are bound to both fingerprints; the pairing code never
// reaches a log, the cli's output or a state file.
#include "AgentProcess.h"
#include "net/Identity.h"
#include "net/TlsPolicy.h"
#include "support/TestTree.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTcpServer>
#include <QThread>

#include <catch2/catch.hpp>

#include <atomic>

using namespace st;
using namespace st::test;

namespace {

QStringList cloneArgs(const QString &address, const QString &code, const QByteArray &src, const QByteArray &state)
{
    QStringList a{QStringLiteral("clone"), QStringLiteral("--secondary"), address,
                  QStringLiteral("--source-root"), s(src), QStringLiteral("--include"), QStringLiteral("/data"),
                  QStringLiteral("--state-dir"), s(state)};
    if (!code.isEmpty())
        a << QStringLiteral("--pairing-code") << code;
    return a;
}

bool isEmptyDir(const QByteArray &dir)
{
    return QDir(s(dir)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty();
}

quint16 freePort()
{
    QTcpServer probe;
    REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
    return probe.serverPort();
}

/** A self-signed certificate and key made by openssl (PEM files in @p dir). */
void makeOpensslCertificate(const QByteArray &dir)
{
    QByteArray out;
    REQUIRE(run(QStringLiteral("openssl"), {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                                            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                                            QStringLiteral("-subj"), QStringLiteral("/CN=tls12-peer"), QStringLiteral("-days"), QStringLiteral("2"),
                                            QStringLiteral("-keyout"), s(dir + "/key.pem"), QStringLiteral("-out"), s(dir + "/cert.pem")},
                &out) == 0);
}

/**
 * The man in the middle: listens on 127.0.0.1:listenPort, completes TLS with the Primary
 * using its own identity (asking for the Primary's certificate like the agent does), then
 * opens TLS to the agent with the same identity and relays the plaintext both ways. Runs in
 * its own thread with its own event loop (the test thread blocks on the cli process).
 */
class MitmRelay final : public QThread {
public:
    MitmRelay(Identity identity, quint16 listenPort, quint16 agentPort)
        : m_identity(std::move(identity)), m_listenPort(listenPort), m_agentPort(agentPort)
    {
    }
    ~MitmRelay() override
    {
        quit();
        wait();
    }
    bool waitListening()
    {
        QDeadlineTimer deadline(10000);
        while (!m_listening && !m_failed && !deadline.hasExpired())
            QThread::msleep(10);
        return m_listening;
    }
    qint64 bytesFromPrimary() const { return m_fromPrimary; }
    qint64 bytesFromAgent() const { return m_fromAgent; }
    int primaryHandshakes() const { return m_primaryHandshakes; }

protected:
    void run() override
    {
        Server server(this);
        if (!server.listen(QHostAddress::LocalHost, m_listenPort)) {
            m_failed = true;
            return;
        }
        m_listening = true;
        exec();
    }

private:
    /** Hands each accepted descriptor to relay() instead of making a plain QTcpSocket. */
    class Server final : public QTcpServer {
    public:
        explicit Server(MitmRelay *relay) : m_relay(relay) {}

    protected:
        void incomingConnection(qintptr descriptor) override { m_relay->relay(descriptor, this); }

    private:
        MitmRelay *m_relay;
    };

    void relay(qintptr descriptor, QObject *owner)
    {
        auto *down = new QSslSocket(owner);
        auto *up = new QSslSocket(owner);
        for (QSslSocket *sock : {down, up}) {
            sock->setSslConfiguration(tlsConfiguration(m_identity));
            QObject::connect(sock, &QSslSocket::sslErrors, sock, [sock](const QList<QSslError> &errors) { acceptSelfSigned(sock, errors); });
        }
        QObject::connect(down, &QSslSocket::encrypted, down, [this, up] {
            ++m_primaryHandshakes;
            up->connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_agentPort);
        });
        QObject::connect(down, &QSslSocket::readyRead, down, [this, down, up] {
            const QByteArray data = down->readAll();
            m_fromPrimary += data.size();
            m_pendingUp += data;
            if (up->isEncrypted())
                up->write(std::exchange(m_pendingUp, QByteArray()));
        });
        QObject::connect(up, &QSslSocket::encrypted, up, [this, up] {
            if (!m_pendingUp.isEmpty())
                up->write(std::exchange(m_pendingUp, QByteArray()));
        });
        QObject::connect(up, &QSslSocket::readyRead, up, [this, down, up] {
            const QByteArray data = up->readAll();
            m_fromAgent += data.size();
            down->write(data);
        });
        QObject::connect(down, &QSslSocket::disconnected, up, [up] { up->disconnectFromHost(); });
        QObject::connect(up, &QSslSocket::disconnected, down, [down] { down->disconnectFromHost(); });
        if (!down->setSocketDescriptor(descriptor)) {
            m_failed = true;
            return;
        }
        down->startServerEncryption();
    }

    Identity m_identity;
    quint16 m_listenPort;
    quint16 m_agentPort;
    QByteArray m_pendingUp;
    std::atomic<bool> m_listening{false};
    std::atomic<bool> m_failed{false};
    std::atomic<qint64> m_fromPrimary{0};
    std::atomic<qint64> m_fromAgent{0};
    std::atomic<int> m_primaryHandshakes{0};
};

Identity relayIdentity(const QByteArray &dir)
{
    Result<Identity> id = Identity::loadOrCreate(s(dir), QStringLiteral("mitm-relay"));
    REQUIRE(id.ok());
    return *id;
}

}  // namespace

TEST_CASE("a peer offering only TLS 1.2 is refused by the agent (openssl s_client -tls1_2)", "[trust][tls]")
{
    ScratchDir dir("tls12-agent");
    makeOpensslCertificate(dir.path());
    QDir().mkpath(s(dir / "root"));
    AgentProcess agent(dir / "root", dir / "agent-state", QStringLiteral("AAAA-BBBB-CCCC"), {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());
    auto handshake = [&](const QString &version) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("openssl"), {QStringLiteral("s_client"), version, QStringLiteral("-connect"), agent.address(),
                                            QStringLiteral("-cert"), s(dir / "cert.pem"), QStringLiteral("-key"), s(dir / "key.pem"),
                                            QStringLiteral("-brief")});
        REQUIRE(p.waitForStarted());
        p.closeWriteChannel();
        REQUIRE(p.waitForFinished(30000));
        return std::make_pair(p.exitCode(), p.readAll());
    };
    // The control: the same client with TLS 1.3 completes the handshake.
    const auto [ok13, out13] = handshake(QStringLiteral("-tls1_3"));
    INFO(out13.toStdString());
    CHECK(out13.contains("Protocol version: TLSv1.3"));
    const auto [rc12, out12] = handshake(QStringLiteral("-tls1_2"));
    INFO(out12.toStdString());
    CHECK(rc12 != 0);
    CHECK_FALSE(out12.contains("Protocol version: TLSv1.2"));
    CHECK(out12.contains("alert protocol version"));
    CHECK(isEmptyDir(dir / "root"));
}

TEST_CASE("a Secondary offering only TLS 1.2 is refused by the Primary (openssl s_server -tls1_2)", "[trust][tls]")
{
    ScratchDir dir("tls12-primary");
    makeOpensslCertificate(dir.path());
    writeFile(dir / "src/data/file", "payload\n");
    const quint16 port = freePort();
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(QStringLiteral("openssl"), {QStringLiteral("s_server"), QStringLiteral("-tls1_2"), QStringLiteral("-accept"),
                                             QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("-cert"), s(dir / "cert.pem"),
                                             QStringLiteral("-key"), s(dir / "key.pem"), QStringLiteral("-naccept"), QStringLiteral("1")});
    REQUIRE(server.waitForStarted());
    QByteArray serverOutput;
    QDeadlineTimer deadline(15000);
    while (!serverOutput.contains("ACCEPT") && !deadline.hasExpired() && server.state() == QProcess::Running) {
        server.waitForReadyRead(100);
        serverOutput += server.readAll();
    }
    REQUIRE(serverOutput.contains("ACCEPT"));
    CliRun clone = runBinary("servertwin-cli", cloneArgs(QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("AAAA-BBBB-CCCC"),
                                                         dir / "src", dir / "primary"));
    server.waitForFinished(10000);
    if (server.state() != QProcess::NotRunning) {
        server.kill();
        server.waitForFinished();
    }
    serverOutput += server.readAll();
    INFO(clone.output.toStdString());
    INFO(serverOutput.toStdString());
    CHECK(clone.exitCode == 1);
    CHECK(clone.output.contains("protocol version"));
    CHECK(clone.output.contains("does not offer TLS 1.3"));
    CHECK(clone.output.count("servertwin-cli: error:") == 1);
    CHECK(serverOutput.contains("unsupported protocol"));  // the Primary offered nothing below TLS 1.3
    QByteArray pins;
    if (QFile f(s(dir / "primary/secondaries.json")); f.open(QIODevice::ReadOnly))
        pins = f.readAll();
    CHECK_FALSE(pins.contains(QByteArray::number(port)));  // nothing was pinned
}

TEST_CASE("a man-in-the-middle relay with another certificate is refused before any payload once the agent is pinned", "[trust][mitm]")
{
    ScratchDir dir("mitm-pinned");
    const QByteArray src = dir / "src", root = dir / "root";
    writeFile(src + "/data/file", "payload\n");
    QDir().mkpath(s(root));
    const QString code = QStringLiteral("GGGG-HHHH-JJJJ");
    quint16 pinnedPort = 0;
    {
        AgentProcess agent(root, dir / "agent-state", code, {QStringLiteral("--no-owner")});
        REQUIRE(agent.started());
        pinnedPort = agent.port();
        CliRun paired = runBinary("servertwin-cli", cloneArgs(agent.address(), code, src, dir / "primary"));
        INFO(paired.output.toStdString());
        REQUIRE(paired.exitCode == 0);
    }
    writeFile(src + "/data/file", "changed after pairing\n");
    // The same agent (same identity) now sits behind the relay, which took over the pinned address.
    AgentProcess agent(root, dir / "agent-state", QString(), {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());
    const Identity mitm = relayIdentity(dir / "relay-state");
    MitmRelay relay(mitm, pinnedPort, agent.port());
    relay.start();
    REQUIRE(relay.waitListening());

    CliRun clone = runBinary("servertwin-cli", cloneArgs(QStringLiteral("127.0.0.1:%1").arg(pinnedPort), QString(), src, dir / "primary"));
    INFO(clone.output.toStdString());
    CHECK(clone.exitCode == 1);
    CHECK(clone.output.contains("certificate of 127.0.0.1"));
    CHECK(clone.output.contains("changed"));
    // The relay really was in the path (its certificate was presented) and never received a
    // byte of payload: the Primary stopped right after the handshake.
    CHECK(QString::fromUtf8(clone.output).remove(QLatin1Char('\n')).remove(QLatin1Char(' '))
              .contains(formatFingerprint(mitm.fingerprint())));
    CHECK(relay.bytesFromPrimary() == 0);
    QFile f(s(root + "/data/file"));
    REQUIRE(f.open(QIODevice::ReadOnly));
    CHECK(f.readAll() == "payload\n");  // the first clone's content, untouched
}

TEST_CASE("pairing through a man-in-the-middle relay fails: the proofs are bound to both fingerprints", "[trust][mitm]")
{
    ScratchDir dir("mitm-pairing");
    const QByteArray src = dir / "src", root = dir / "root";
    writeFile(src + "/data/file", "payload\n");
    QDir().mkpath(s(root));
    const QString code = QStringLiteral("KKKK-MMMM-NNNN");
    AgentProcess agent(root, dir / "agent-state", code, {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());
    const quint16 relayPort = freePort();
    MitmRelay relay(relayIdentity(dir / "relay-state"), relayPort, agent.port());
    relay.start();
    REQUIRE(relay.waitListening());

    CliRun viaRelay = runBinary("servertwin-cli", cloneArgs(QStringLiteral("127.0.0.1:%1").arg(relayPort), code, src, dir / "primary"));
    INFO(viaRelay.output.toStdString());
    CHECK(viaRelay.exitCode == 1);
    CHECK(viaRelay.output.contains("wrong pairing code"));
    CHECK(relay.primaryHandshakes() == 1);
    CHECK(relay.bytesFromPrimary() > 0);  // the relay carried the pairing attempt...
    CHECK(isEmptyDir(root));             // ...but nothing was cloned
    QByteArray pins;
    if (QFile f(s(dir / "primary/secondaries.json")); f.open(QIODevice::ReadOnly))
        pins = f.readAll();
    CHECK_FALSE(pins.contains(QByteArray::number(relayPort)));

    // The code itself was right: the same Primary pairs directly with it.
    CliRun direct = runBinary("servertwin-cli", cloneArgs(agent.address(), code, src, dir / "primary"));
    INFO(direct.output.toStdString());
    CHECK(direct.exitCode == 0);
}

TEST_CASE("the pairing code never reaches the agent's log, the cli's output or a state file", "[trust][pairing]")
{
    ScratchDir dir("code-secrecy");
    const QByteArray src = dir / "src", root = dir / "root";
    writeFile(src + "/data/file", "payload\n");
    QDir().mkpath(s(root));
    const QString portFile = s(dir / "agent.port");
    QProcess agent;  // stdout (the console, where the code is shown) and stderr (the log) kept apart
    agent.start(binary("servertwin-agent"), {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--root"), s(root),
                                             QStringLiteral("--state-dir"), s(dir / "agent-state"), QStringLiteral("--port-file"), portFile,
                                             QStringLiteral("--no-owner")});
    REQUIRE(agent.waitForStarted());
    QByteArray console;
    QDeadlineTimer deadline(15000);
    while (!console.contains("Certificate fingerprint:") && !deadline.hasExpired() && agent.state() == QProcess::Running) {
        agent.waitForReadyRead(100);
        console += agent.readAllStandardOutput();
    }
    // Not a terminal (this could be a service's journal): the console names the command
    // instead, and the root-only command asks the running agent.
    INFO(console.toStdString());
    REQUIRE(console.contains("servertwin-agent pairing-code"));
    CliRun asked = runBinary("servertwin-agent", {QStringLiteral("pairing-code"), QStringLiteral("--state-dir"), s(dir / "agent-state")}, 10000);
    INFO(asked.output.toStdString());
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("Pairing code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})"))
                                          .match(QString::fromUtf8(asked.output));
    REQUIRE(m.hasMatch());
    const QByteArray formatted = m.captured(1).toLatin1();
    const QByteArray canonical = QByteArray(formatted).replace('-', "");
    QFile pf(portFile);
    REQUIRE(pf.open(QIODevice::ReadOnly));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(pf.readAll().trimmed().toUInt());

    CliRun wrong = runBinary("servertwin-cli", cloneArgs(address, QStringLiteral("ZZZZ-ZZZZ-ZZZZ"), src, dir / "other-primary"));
    CliRun clone = runBinary("servertwin-cli", cloneArgs(address, QString::fromLatin1(formatted), src, dir / "primary"));
    INFO(clone.output.toStdString());
    REQUIRE(clone.exitCode == 0);
    agent.terminate();
    REQUIRE(agent.waitForFinished(10000));
    const QByteArray log = agent.readAllStandardError();
    INFO(log.toStdString());
    CHECK(log.contains("paired"));  // the log did record the pairing...
    console += agent.readAllStandardOutput();
    for (const QByteArray &secret : {formatted, canonical, QByteArray("ZZZZ-ZZZZ-ZZZZ"), QByteArray("ZZZZZZZZZZZZ")}) {
        CHECK_FALSE(log.contains(secret));  // ...but no code
        CHECK_FALSE(console.contains(secret));
        CHECK_FALSE(clone.output.contains(secret));
        CHECK_FALSE(wrong.output.contains(secret));
    }
    for (const QByteArray &stateDir : {dir / "agent-state", dir / "primary", dir / "other-primary"}) {
        QDirIterator it(s(stateDir), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            REQUIRE(f.open(QIODevice::ReadOnly));
            const QByteArray content = f.readAll();
            INFO(f.fileName().toStdString());
            CHECK_FALSE(content.contains(formatted));
            CHECK_FALSE(content.contains(canonical));
        }
    }
}
