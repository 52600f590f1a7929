// SPDX-License-Identifier: GPL-3.0-or-later
// Resume over real loopback TLS: CloneJob against an in-process AgentServer through a relay
// that cuts or freezes the link, first connections that fail, an agent restarted
// mid-transfer (durable spool) and right after Apply (recorded outcome), and cancels that
// reach the agent in every state.
#include "ResumeFixture.h"
#include "TcpRelay.h"

#include <QElapsedTimer>
#include <QHostInfo>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTimer>

using namespace st;
using namespace st::test;

TEST_CASE("a clone survives repeated link cuts and sends again at most the send window per cut")
{
    Fixture f;
    f.makeData(12, 4);  // 48 MiB of incompressible data
    TcpRelay relay(f.agent->port());
    relay.setFaults(TcpRelay::Fault::Cut, {3 << 20, 5 << 20, 2 << 20, 7 << 20, 1 << 20, 6 << 20, 4 << 20, 3 << 20});
    CloneJob job(f.settings(relay.port()));
    QStringList log;
    const Status result = runToEnd(job, &log);
    INFO(log.join(QLatin1Char('\n')).toStdString());
    INFO(errorText(result).toStdString());
    REQUIRE(result.ok());
    CHECK(relay.faultsInjected() == 8);
    CHECK(job.report().reconnects == 8);
    // What one interruption makes the Primary send again is at most the send window: the bytes
    // that had not reached the agent's disk (Resumed carries its durable offset).
    CHECK(job.report().resentBytes > 0);
    CHECK(job.report().resentBytes <= job.report().reconnects * proto::kSendWindow);
    CHECK(job.report().toJson().value(QStringLiteral("resume")).toObject().value(QStringLiteral("reconnects")).toInt() == 8);
    f.requireIdenticalTree();
    // The clone is over: no spool is left in the agent's state directory.
    CHECK_FALSE(QFile::exists(QString::fromLocal8Bit(f.dir / "agent-state/resume/stream.zst")));
}

TEST_CASE("a silently hung link is noticed by the keepalive and the clone resumes on a new connection")
{
    Fixture f;
    f.makeData(6, 4);
    TcpRelay relay(f.agent->port());
    relay.setFaults(TcpRelay::Fault::Freeze, {6 << 20});
    CloneJob job(f.settings(relay.port()));
    QStringList log;
    const Status result = runToEnd(job, &log);
    INFO(log.join(QLatin1Char('\n')).toStdString());
    INFO(errorText(result).toStdString());
    REQUIRE(result.ok());
    CHECK(relay.faultsInjected() == 1);
    CHECK(job.report().reconnects == 1);
    CHECK(log.join(QLatin1Char('\n')).contains(QStringLiteral("stopped answering")));
    f.requireIdenticalTree();
}

TEST_CASE("a first connection lost during the handshake is tried again once the agent has answered")
{
    Fixture f;
    f.makeData(2, 1);
    TcpRelay relay(f.agent->port());
    relay.setFaults(TcpRelay::Fault::Cut, {100});  // inside the TLS ClientHello: an agent restarting
    CloneJob job(f.settings(relay.port()));
    QStringList log;
    const Status result = runToEnd(job, &log);
    INFO(log.join(QLatin1Char('\n')).toStdString());
    INFO(errorText(result).toStdString());
    REQUIRE(result.ok());
    CHECK(relay.faultsInjected() == 1);
    CHECK(relay.connections() == 2);
    CHECK(job.report().reconnects == 1);
    f.requireIdenticalTree();
}

TEST_CASE("a Secondary address where nothing listens fails at once with a one-line error, without retries")
{
    Fixture f;
    f.makeData(1, 1);
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    CloneJob job(f.settings(closedPort));
    QElapsedTimer clock;
    clock.start();
    const Status result = runToEnd(job);
    REQUIRE_FALSE(result.ok());
    INFO(result.error().message.toStdString());
    CHECK(result.error().code == ErrorCode::Network);
    CHECK(result.error().message.contains(QStringLiteral("cannot reach the Secondary at 127.0.0.1:%1").arg(closedPort)));
    CHECK_FALSE(result.error().message.contains(QLatin1Char('\n')));
    CHECK(job.report().reconnects == 0);
    CHECK(clock.elapsed() < 5000);  // no reconnect loop against an address that never answered
}

TEST_CASE("an agent restarted mid-transfer resumes from its durable spool")
{
    Fixture f;
    f.makeData(8, 4);
    TcpRelay relay(f.agent->port());
    relay.setFaults(TcpRelay::Fault::Cut, {10 << 20});
    bool restarted = false;
    relay.setOnFault([&](int) {
        // The agent goes away with the link and comes back on another port with the same state.
        f.agent.reset();
        f.startAgent();
        relay.setTargetPort(f.agent->port());
        restarted = true;
    });
    CloneJob job(f.settings(relay.port()));
    QStringList log;
    const Status result = runToEnd(job, &log);
    INFO(log.join(QLatin1Char('\n')).toStdString());
    INFO(errorText(result).toStdString());
    REQUIRE(result.ok());
    CHECK(restarted);
    CHECK(job.report().reconnects == 1);
    // The restarted agent knew how far it had got: far less than the whole clone is sent again.
    CHECK(job.report().resentBytes <= proto::kSendWindow);
    f.requireIdenticalTree();
}

TEST_CASE("an agent that dies right after Apply still gives the resuming Primary its Result and figures")
{
    Fixture f;
    f.makeData(2, 1);
    writeFile(f.dir / "root/data/stale", "only on the Secondary: removed by the mirror\n");
    // The first agent stops dead when its Result is due (the in-process stand-in for SIGKILL;
    // the fault suite kills the real process there): Apply has run, the Primary has no Result.
    f.stopBeforeResult = true;
    f.agent.reset();
    f.startAgent();
    TcpRelay relay(f.agent->port());
    QString stoppedClone;
    QStringList agentLog;
    QObject::connect(f.agent.get(), &AgentServer::stoppedBeforeResult, &relay, [&](const QString &cloneId) {
        stoppedClone = cloneId;
        QTimer::singleShot(0, &relay, [&] {
            f.agent.reset();  // what the dead process leaves: its state directory and the applied tree
            f.stopBeforeResult = false;
            f.startAgent();
            QObject::connect(f.agent.get(), &AgentServer::logLine, &relay, [&](const QString &l) { agentLog.append(l); });
            relay.setTargetPort(f.agent->port());
        });
    });
    CloneJob job(f.settings(relay.port()));
    QStringList log;
    const Status result = runToEnd(job, &log);
    INFO(log.join(QLatin1Char('\n')).toStdString());
    INFO(agentLog.join(QLatin1Char('\n')).toStdString());
    INFO(errorText(result).toStdString());
    REQUIRE_FALSE(stoppedClone.isEmpty());
    REQUIRE(result.ok());
    CHECK(job.report().reconnects == 1);
    CHECK(job.report().resentBytes == 0);
    CHECK(job.report().files == 3);
    CHECK(job.report().removedCount == 1);
    REQUIRE(job.report().removed.size() == 1);  // items from the lost Result are not counted twice
    CHECK(job.report().removed.first().path == QByteArrayLiteral("data/stale"));
    CHECK(agentLog.join(QLatin1Char('\n')).contains(QStringLiteral("sending its outcome again")));
    f.requireIdenticalTree();
    // The outcome stays recorded (until the next clone); the spool is gone.
    CHECK(QFile::exists(QString::fromLocal8Bit(f.dir / "agent-state/resume/outcome.json")));
    CHECK(f.agentHoldsNoStaging());

    // A new clone replaces the recorded outcome: the finished clone cannot be resumed any more.
    CloneJob next(f.settings(f.agent->port()));
    const Status again = runToEnd(next);
    INFO(errorText(again).toStdString());
    REQUIRE(again.ok());
    RawClient c(f);
    c.link.sendJson(proto::Type::Resume, msg::Resume{stoppedClone, QHostInfo::localHostName()}.toJson());
    QSignalSpy failed(&c.link, &SecondaryLink::failed);
    REQUIRE((c.failure || failed.wait(10000)));
    CHECK(c.failure->message.contains(QStringLiteral("no staging for clone %1").arg(stoppedClone)));
}

TEST_CASE("a cancel between BeginClone and Ready makes the agent discard the clone at once")
{
    Fixture f;  // resume timeout 60 s: anything discarded before the job ends was discarded by the Cancel
    f.makeData(2, 1);
    TcpRelay relay(f.agent->port());
    CloneJob job(f.settings(relay.port()));
    QObject::connect(&job, &Job::logMessage, &job, [&](const QString &line) {
        if (!line.startsWith(QStringLiteral("connected to")))
            return;
        // BeginClone goes out right after this line; its Ready is held back until the cancel has run.
        relay.holdReplies(true);
        QTimer::singleShot(0, &job, [&] {
            job.cancel();
            relay.holdReplies(false);
        });
    });
    QStringList log;
    const Status result = runToEnd(job, &log);
    INFO(log.join(QLatin1Char('\n')).toStdString());
    REQUIRE_FALSE(result.ok());
    INFO(result.error().message.toStdString());
    CHECK(result.error().code == ErrorCode::Cancelled);
    CHECK(result.error().message.contains(QStringLiteral("discarded")));
    CHECK(f.agentHoldsNoStaging());
    REQUIRE(f.agent->receiver());
    REQUIRE(f.agent->receiver()->outcome());
    CHECK(f.agent->receiver()->outcome()->result.code == errorCodeName(ErrorCode::Cancelled));
}

TEST_CASE("a cancel while the link is down reaches the agent on the next connection instead of a Resume")
{
    Fixture f;
    f.makeData(6, 4);
    TcpRelay relay(f.agent->port());
    relay.setFaults(TcpRelay::Fault::Cut, {6 << 20});
    QStringList agentLog;
    QObject::connect(f.agent.get(), &AgentServer::logLine, &relay, [&](const QString &l) { agentLog.append(l); });
    CloneJob job(f.settings(relay.port()));
    QObject::connect(&job, &Job::logMessage, &job, [&](const QString &line) {
        if (line.startsWith(QStringLiteral("lost the connection")))
            QTimer::singleShot(0, &job, [&] { job.cancel(); });  // the job is waiting to reconnect
    });
    QStringList log;
    const Status result = runToEnd(job, &log);
    INFO(log.join(QLatin1Char('\n')).toStdString());
    INFO(agentLog.join(QLatin1Char('\n')).toStdString());
    REQUIRE_FALSE(result.ok());
    INFO(result.error().message.toStdString());
    CHECK(result.error().code == ErrorCode::Cancelled);
    CHECK(result.error().message.contains(QStringLiteral("discarded")));
    CHECK(relay.connections() == 2);
    CHECK_FALSE(agentLog.join(QLatin1Char('\n')).contains(QStringLiteral("the Primary resumed")));
    CHECK(agentLog.join(QLatin1Char('\n')).contains(QStringLiteral("cancelled by the Primary after a lost connection")));
    CHECK(f.agentHoldsNoStaging());
    CHECK_FALSE(QFileInfo::exists(QString::fromLocal8Bit(f.dir / "root/data")));
}

TEST_CASE("the agent discards a clone on Cancel, and answers a Cancel for a clone it does not hold")
{
    Fixture f;
    {
        RawClient c(f);
        c.beginClone(QStringLiteral("cancel-1"));
        const QByteArray chunk = zstdFrameStart();
        c.link.sendFrame(proto::Type::Data, proto::encodeData(0, Sha256::of(chunk), chunk.constData(), chunk.size()));
        c.waitFor(proto::Type::Ack);
        CHECK(QFile::exists(QString::fromLocal8Bit(f.dir / "agent-state/resume/stream.zst")));
        c.link.sendJson(proto::Type::Cancel, msg::Cancel{QStringLiteral("test"), QString()}.toJson());
        // Data already in flight when the Primary cancelled is ignored, not a protocol error.
        c.link.sendFrame(proto::Type::Data, proto::encodeData(4, Sha256::of(chunk), chunk.constData(), chunk.size()));
        const auto result = msg::ResultMsg::parse(c.waitFor(proto::Type::Result));
        REQUIRE(result.ok());
        CHECK_FALSE(result->ok);
        CHECK(result->code == errorCodeName(ErrorCode::Cancelled));
        CHECK(f.agentHoldsNoStaging());
        CHECK_FALSE(c.failure);
    }
    RawClient c(f);
    c.link.sendJson(proto::Type::Cancel, msg::Cancel{QStringLiteral("test"), QStringLiteral("never-begun")}.toJson());
    const auto result = msg::ResultMsg::parse(c.waitFor(proto::Type::Result));
    REQUIRE(result.ok());
    CHECK_FALSE(result->ok);
    CHECK(result->code == errorCodeName(ErrorCode::Cancelled));
    CHECK(result->message.contains(QStringLiteral("no staging for clone never-begun")));
}
