// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 10: the agent under hostile peers (real agent processes on 127.0.0.1). Each case is
// a defect found by an attacker's test of an earlier agent, and fails on that agent.
#include "integration/AgentProcess.h"
#include "load/AgentProbe.h"
#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QThread>

#include <memory>
#include <sys/stat.h>

using namespace st;
using namespace st::test;

namespace {

const QString kCode = QStringLiteral("K7QF-3M9X-TR2C");

QStringList cloneArgs(const QString &address, const QByteArray &src, const QByteArray &state, const QString &code = QString())
{
    QStringList a{QStringLiteral("clone"), QStringLiteral("--secondary"), address, QStringLiteral("--source-root"), s(src),
                  QStringLiteral("--include"), QStringLiteral("/data"), QStringLiteral("--state-dir"), s(state),
                  QStringLiteral("--snapshot"), QStringLiteral("none")};
    if (!code.isEmpty())
        a << QStringLiteral("--pairing-code") << code;
    return a;
}

/** Pairs the Primary state @p primaryState with @p agent through a real (tiny) clone; returns its identity. */
Identity pairPrimary(const AgentProcess &agent, const QByteArray &dir, const QByteArray &primaryState)
{
    writeFile(dir + "/pair-src/data/hello", "hello\n");
    CliRun paired = runBinary("servertwin-cli", cloneArgs(agent.address(), dir + "/pair-src", primaryState, kCode));
    INFO(paired.output.toStdString());
    REQUIRE(paired.exitCode == 0);
    auto id = Identity::loadOrCreate(s(primaryState), QStringLiteral("unused"));
    REQUIRE(id);
    return *id;
}

/** Polls @p condition every 50 ms for at most @p ms. */
template <typename F>
bool eventually(int ms, F condition)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms) {
        if (condition())
            return true;
        QThread::msleep(50);
    }
    return condition();
}

std::vector<std::unique_ptr<QTcpSocket>> plainConnections(quint16 port, int count, const QString &from = QString())
{
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        if (!from.isEmpty())
            socket->bind(QHostAddress(from), 0);
        socket->connectToHost(QStringLiteral("127.0.0.1"), port);
        socket->waitForConnected(2000);
        sockets.push_back(std::move(socket));
    }
    return sockets;
}

}  // namespace

TEST_CASE("plain TCP connections that never start TLS cannot switch the agent off", "[hostile][preauth]")
{
    ScratchDir dir("hostile-plain");
    QDir().mkpath(s(dir / "root"));
    AgentProcess agent(dir / "root", dir / "agent-state", kCode, {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());
    const Identity primary = pairPrimary(agent, dir.path(), dir / "primary-state");

    // The attacker's recipe against Qt 6.4's QSslServer: 30 connections, closed after 2 s.
    {
        auto sockets = plainConnections(agent.port(), 30);
        QThread::msleep(2000);
        for (auto &socket : sockets)
            socket->abort();
    }
    // Nothing is left half-closed on the agent's side, and a Primary gets in at once.
    INFO(agent.output().toStdString());
    CHECK(eventually(3000, [&] { return tcpSocketsInState(agent.port(), "08") == 0; }));
    HandshakeResult after = primaryHandshake(agent.port(), primary, 5000);
    INFO(after.error.toStdString());
    CHECK(after.ms >= 0);
    CHECK(after.ms < 2000 * kSlowdown);
    CHECK(after.paired);

    // 300 held open, from the Primary's own address: it still gets in.
    auto held = plainConnections(agent.port(), 300);
    HandshakeResult during = primaryHandshake(agent.port(), primary, 5000);
    INFO(during.error.toStdString());
    CHECK(during.ms >= 0);
    CHECK(during.ms < 3000 * kSlowdown);
    // The agent holds at most its total of unauthenticated connections; the rest it has closed.
    CHECK(eventually(3000, [&] { return tcpSocketsInState(agent.port(), "01") <= 256 + 4; }));
    held.clear();
    CHECK(eventually(3000, [&] { return tcpSocketsInState(agent.port(), "08") == 0; }));
}

TEST_CASE("a connection that does not finish its TLS handshake in time is dropped", "[hostile][preauth]")
{
    ScratchDir dir("hostile-deadline");
    QDir().mkpath(s(dir / "root"));
    AgentProcess agent(dir / "root", dir / "agent-state", kCode, {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());
    auto sockets = plainConnections(agent.port(), 3);
    QElapsedTimer clock;
    clock.start();
    for (auto &socket : sockets)
        REQUIRE(socket->state() == QAbstractSocket::ConnectedState);
    // The handshake deadline is 10 s: the agent closes them itself.
    CHECK(eventually(14000, [&] {
        for (auto &socket : sockets) {
            socket->waitForReadyRead(10);
            if (socket->state() == QAbstractSocket::ConnectedState)
                return false;
        }
        return true;
    }));
    CHECK(clock.elapsed() >= 9000);
}

TEST_CASE("before pairing only Hello and PairRequest are accepted: an unpaired Ping gets an error and the door", "[hostile][preauth]")
{
    ScratchDir dir("hostile-unpaired");
    QDir().mkpath(s(dir / "root"));
    AgentProcess agent(dir / "root", dir / "agent-state", kCode, {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());
    const Identity stranger = strangerIdentity(dir / "stranger");
    const qint64 baseline = procStatusKiB(agent.pid(), "VmRSS");

    // A stranger's Welcome says "not paired"; the proper handshake works.
    HandshakeResult hello = primaryHandshake(agent.port(), stranger, 5000);
    INFO(hello.error.toStdString());
    REQUIRE(hello.ms >= 0);
    CHECK_FALSE(hello.paired);

    // Ping floods from strangers that do not read: each is closed at its first Ping.
    QProcess peers;
    peers.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    peers.start(hostilePeersBinary(), {QStringLiteral("--target"), agent.address(), QStringLiteral("--ping-flood"), QStringLiteral("20"),
                                             QStringLiteral("--pause"), QStringLiteral("20")});
    REQUIRE(peers.waitForStarted(5000));
    REQUIRE(peers.waitForReadyRead(10000));
    QThread::msleep(5000);
    peers.terminate();
    REQUIRE(peers.waitForFinished(10000));
    const QByteArray report = peers.readAllStandardOutput();
    INFO(report.toStdString());
    const QJsonObject flood = QJsonDocument::fromJson(report.split('\n').value(1)).object().value(QStringLiteral("pingFlood")).toObject();
    CHECK(flood.value(QStringLiteral("handshakes")).toInteger() >= 20);
    CHECK(flood.value(QStringLiteral("dropped")).toInteger() >= 20);  // every one of them was closed, again and again
    const qint64 peak = procStatusKiB(agent.pid(), "VmHWM");
    INFO("agent RSS before " << baseline << " KiB, peak " << peak << " KiB");
    if (memoryBoundsChecked())
        CHECK(peak - baseline < 48 * 1024);
    CHECK(agent.output().contains("Certificate fingerprint"));
}

TEST_CASE("a paired Primary that does not read what the agent sends is dropped, with bounded memory", "[hostile][preauth]")
{
    ScratchDir dir("hostile-slow");
    QDir().mkpath(s(dir / "root"));
    AgentProcess agent(dir / "root", dir / "agent-state", kCode, {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());
    pairPrimary(agent, dir.path(), dir / "primary-state");
    const qint64 baseline = procStatusKiB(agent.pid(), "VmRSS");
    QProcess peers;
    peers.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    peers.start(hostilePeersBinary(), {QStringLiteral("--target"), agent.address(), QStringLiteral("--slow-readers"), QStringLiteral("2"),
                                             QStringLiteral("--identity"), s(dir / "primary-state"), QStringLiteral("--pause"), QStringLiteral("200")});
    REQUIRE(peers.waitForStarted(5000));
    const bool dropped = agent.waitForOutput("does not read what the agent sends", 60000);
    peers.terminate();
    peers.waitForFinished(10000);
    INFO(agent.output().toStdString());
    CHECK(dropped);
    const qint64 peak = procStatusKiB(agent.pid(), "VmHWM");
    INFO("agent RSS before " << baseline << " KiB, peak " << peak << " KiB");
    if (memoryBoundsChecked())
        CHECK(peak - baseline < 48 * 1024);
}

TEST_CASE("the pairing lockout and the count of wrong codes survive a restart of the agent", "[hostile][pairing]")
{
    ScratchDir dir("hostile-lockout");
    const QByteArray src = dir / "src", root = dir / "root";
    writeFile(src + "/data/file", "payload\n");
    QDir().mkpath(s(root));
    {
        AgentProcess agent(root, dir / "agent-state", kCode, {QStringLiteral("--no-owner")});
        REQUIRE(agent.started());
        for (int i = 0; i < 4; ++i)
            CHECK(runBinary("servertwin-cli", cloneArgs(agent.address(), src, dir / "p", QStringLiteral("AAAA-BBBB-CCC%1").arg(i))).exitCode == 1);
    }
    {
        // Four wrong codes before the restart: the fifth, after it, locks.
        AgentProcess agent(root, dir / "agent-state", kCode, {QStringLiteral("--no-owner")});
        REQUIRE(agent.started());
        CliRun fifth = runBinary("servertwin-cli", cloneArgs(agent.address(), src, dir / "p", QStringLiteral("AAAA-BBBB-CCC9")));
        INFO(fifth.output.toStdString());
        CHECK(fifth.output.contains("locked"));
    }
    AgentProcess agent(root, dir / "agent-state", kCode, {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());
    CHECK(agent.waitForOutput("pairing stays locked until", 5000));
    CliRun right = runBinary("servertwin-cli", cloneArgs(agent.address(), src, dir / "p", kCode));
    INFO(right.output.toStdString());
    CHECK(right.exitCode == 1);
    CHECK(right.output.contains("locked"));
    CHECK(QDir(s(root)).isEmpty());
}

TEST_CASE("the pairing code is never on a command line: a file or standard input, and the root-only pairing-code command", "[hostile][pairing]")
{
    ScratchDir dir("hostile-code");
    QDir().mkpath(s(dir / "root"));
    // Refused on the command line, with the way out.
    CliRun onCommandLine = runBinary("servertwin-agent", {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--root"), s(dir / "root"),
                                                          QStringLiteral("--state-dir"), s(dir / "s0"), QStringLiteral("--no-owner"),
                                                          QStringLiteral("--pairing-code"), kCode}, 10000);
    CHECK(onCommandLine.exitCode == 2);
    CHECK(onCommandLine.output.contains("--pairing-code-file"));
    // A code file others can read is refused.
    writeFile(dir / "code", kCode.toLatin1() + '\n', 0644);
    CliRun loose = runBinary("servertwin-agent", {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--root"), s(dir / "root"),
                                                  QStringLiteral("--state-dir"), s(dir / "s0"), QStringLiteral("--no-owner"),
                                                  QStringLiteral("--pairing-code-file"), s(dir / "code")}, 10000);
    CHECK(loose.exitCode == 2);
    CHECK(loose.output.contains("chmod 600"));

    // A generated code: not in the agent's output (not a terminal: it could be a log), not in
    // its command line, but the pairing-code command gives it to root, and it pairs.
    AgentProcess agent(dir / "root", dir / "agent-state", QString(), {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());
    const QRegularExpression codeShape(QStringLiteral("[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}"));
    INFO(agent.output().toStdString());
    CHECK(agent.waitForOutput("servertwin-agent pairing-code", 5000));
    CHECK_FALSE(codeShape.match(QString::fromUtf8(agent.output())).hasMatch());
    CliRun asked = runBinary("servertwin-agent", {QStringLiteral("pairing-code"), QStringLiteral("--state-dir"), s(dir / "agent-state")}, 10000);
    INFO(asked.output.toStdString());
    REQUIRE(asked.exitCode == 0);
    const QString code = codeShape.match(QString::fromUtf8(asked.output)).captured(0);
    REQUIRE_FALSE(code.isEmpty());
    CHECK(asked.output.contains("Certificate fingerprint: SHA256:"));
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(agent.pid()));
    REQUIRE(cmdline.open(QIODevice::ReadOnly));
    CHECK_FALSE(cmdline.readAll().contains(code.toLatin1()));
    writeFile(dir / "src/data/f", "x\n");
    CliRun paired = runBinary("servertwin-cli", cloneArgs(agent.address(), dir / "src", dir / "p", code));
    INFO(paired.output.toStdString());
    CHECK(paired.exitCode == 0);
    // Single use: the command now shows the next code, not the spent one.
    CliRun next = runBinary("servertwin-agent", {QStringLiteral("pairing-code"), QStringLiteral("--state-dir"), s(dir / "agent-state")}, 10000);
    CHECK(next.exitCode == 0);
    CHECK_FALSE(next.output.contains(code.toLatin1()));

    if (isRoot()) {
        // Only root (or the agent's own user) is answered, even where the socket can be reached.
        REQUIRE(::chmod(dir.path().constData(), 0711) == 0);
        REQUIRE(::chmod((dir / "agent-state").constData(), 0711) == 0);
        REQUIRE(::chmod((dir / "agent-state/control.sock").constData(), 0777) == 0);
        QByteArray out;
        const int rc = run(QStringLiteral("setpriv"), {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups"),
                                                      binary("servertwin-agent"), QStringLiteral("pairing-code"), QStringLiteral("--state-dir"), s(dir / "agent-state")},
                           &out);
        INFO(out.toStdString());
        CHECK(rc == 1);
        CHECK(out.contains("only root"));
        CHECK_FALSE(codeShape.match(QString::fromUtf8(out)).hasMatch());
        CHECK(agent.waitForOutput("refused a request from uid 65534", 5000));
    }
    CliRun none = runBinary("servertwin-agent", {QStringLiteral("pairing-code"), QStringLiteral("--state-dir"), s(dir / "no-agent")}, 10000);
    CHECK(none.exitCode == 1);
    CHECK(none.output.contains("no agent is running"));
}

TEST_CASE("a state directory open to other users is made 0700, saying so, and one owned by another user is refused", "[hostile][state]")
{
    ScratchDir dir("hostile-statedir");
    QDir().mkpath(s(dir / "root"));
    QDir().mkpath(s(dir / "agent-state"));
    REQUIRE(::chmod((dir / "agent-state").constData(), 0755) == 0);
    {
        AgentProcess agent(dir / "root", dir / "agent-state", kCode, {QStringLiteral("--no-owner")});
        REQUIRE(agent.started());
        INFO(agent.output().toStdString());
        CHECK(agent.waitForOutput("was mode 0755; made it 0700", 5000));
        struct stat st{};
        REQUIRE(::stat((dir / "agent-state").constData(), &st) == 0);
        CHECK((st.st_mode & 07777) == 0700);
    }
    if (isRoot()) {
        REQUIRE(::chown((dir / "agent-state").constData(), 65534, 65534) == 0);
        CliRun foreign = runBinary("servertwin-agent", {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--root"), s(dir / "root"),
                                                        QStringLiteral("--state-dir"), s(dir / "agent-state"), QStringLiteral("--no-owner")}, 10000);
        INFO(foreign.output.toStdString());
        CHECK(foreign.exitCode == 1);
        CHECK(foreign.output.contains("belongs to uid 65534"));
        CHECK(foreign.output.count('\n') == 1);
    }
}
