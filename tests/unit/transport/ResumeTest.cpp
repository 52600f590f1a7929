// SPDX-License-Identifier: GPL-3.0-or-later
// Resume and integrity over real loopback TLS: CloneJob against an in-process AgentServer
// through a relay that cuts or freezes the link, an agent restarted mid-transfer (durable
// spool) and right after Apply (recorded outcome), cancels that reach the agent in every
// state, chunks with a wrong SHA-256 asked for again, Resume refusals, and protocol
// version refusals on both sides.
#include "TcpRelay.h"
#include "agent/AgentServer.h"
#include "job/CloneJob.h"
#include "net/Identity.h"
#include "net/Messages.h"
#include "net/PairingCode.h"
#include "net/TlsPolicy.h"
#include "support/TestTree.h"
#include "util/Sha256.h"
#include "util/Version.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSslServer>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

#include <catch2/catch.hpp>

#include <zstd.h>

using namespace st;
using namespace st::test;

namespace {

QString errorText(const Status &s)
{
    return s ? QString() : s.error().message;
}

struct Fixture {
    ScratchDir dir{"resume"};
    QString code = PairingCode::generate();
    std::unique_ptr<AgentServer> agent;
    int resumeTimeoutMs = 60000;
    bool stopBeforeResult = false;

    Fixture()
    {
        QDir().mkpath(QString::fromLocal8Bit(dir / "root"));
        startAgent();
    }

    void startAgent()
    {
        AgentConfig config;
        config.address = QHostAddress::LocalHost;
        config.port = 0;
        config.root = dir / "root";
        config.stateDir = QString::fromLocal8Bit(dir / "agent-state");
        config.pairingCode = *PairingCode::normalise(code);
        config.restoreOwnership = isRoot();
        config.resumeTimeoutMs = resumeTimeoutMs;
        config.stopBeforeResult = stopBeforeResult;
        agent = std::make_unique<AgentServer>(config);
        const Status s = agent->start();
        INFO(errorText(s).toStdString());
        REQUIRE(s.ok());
    }

    Identity primaryIdentity()
    {
        auto identity = Identity::loadOrCreate(QString::fromLocal8Bit(dir / "primary-state"), QStringLiteral("primary"));
        REQUIRE(identity.ok());
        return *identity;
    }

    CloneSettings settings(quint16 port)
    {
        SelectionOverrides o;
        o.sourceRoot = dir / "src";
        o.includes = {QByteArray("/data")};
        auto plan = SelectionPlan::build(nullptr, o);
        REQUIRE(plan.ok());
        CloneSettings s;
        s.plan = *plan;
        s.link.host = QStringLiteral("127.0.0.1");
        s.link.port = port;
        s.link.pairingCode = code;
        s.link.pinFile = QString::fromLocal8Bit(dir / "primary-state/secondaries.json");
        s.link.identity = primaryIdentity();
        s.link.keepaliveTimeoutMs = 1500;
        s.link.idleTimeoutMs = 60000;
        s.zstd.level = 1;
        s.snapshot = SnapshotMode::None;
        s.stateDir = QString::fromLocal8Bit(dir / "primary-state");
        return s;
    }

    /** @p files files of @p mib MiB of random (incompressible) bytes under src/data. */
    void makeData(int files, int mib)
    {
        QRandomGenerator rng(7);
        for (int i = 0; i < files; ++i) {
            QByteArray data(mib << 20, '\0');
            for (qsizetype j = 0; j < data.size(); j += 4)
                *reinterpret_cast<quint32 *>(data.data() + j) = rng.generate();
            writeFile(dir / "src/data/f" + QByteArray::number(i), data);
        }
        writeFile(dir / "src/data/small", "small file\n");
    }

    /** True when the agent holds nothing of an unfinished clone: no spool, no staging area. */
    bool agentHoldsNoStaging()
    {
        const bool spool = QFile::exists(QString::fromLocal8Bit(dir / "agent-state/resume/stream.zst"));
        const bool staging = QFileInfo::exists(QString::fromLocal8Bit(dir / "root/.servertwin-staging"))
                             && !QDir(QString::fromLocal8Bit(dir / "root/.servertwin-staging")).isEmpty();
        UNSCOPED_INFO("spool left: " << spool << ", staging left: " << staging);
        return !spool && !staging;
    }

    void requireIdenticalTree()
    {
        const QStringList diff = compareTrees(dir / "src/data", dir / "root/data");
        INFO(diff.join(QLatin1Char('\n')).toStdString());
        CHECK(diff.isEmpty());
    }
};

/** Runs @p job to its end and returns its result. */
Status runToEnd(CloneJob &job, QStringList *log = nullptr)
{
    QSignalSpy done(&job, &Job::finished);
    if (log)
        QObject::connect(&job, &Job::logMessage, &job, [log](const QString &line) { log->append(line); });
    job.start();
    if (!done.wait(180000))
        return makeError(ErrorCode::Internal, QStringLiteral("the clone did not finish in time"));
    return job.result();
}

/** A raw, paired protocol client over SecondaryLink (for hand-made frames). */
struct RawClient {
    SecondaryLink link;
    QList<proto::Frame> frames;
    std::optional<Error> failure;

    RawClient(Fixture &f)
        : link([&f] {
              LinkOptions o;
              o.host = QStringLiteral("127.0.0.1");
              o.port = f.agent->port();
              o.pairingCode = f.code;
              o.pinFile = QString::fromLocal8Bit(f.dir / "primary-state/secondaries.json");
              o.identity = f.primaryIdentity();
              return o;
          }())
    {
        QSignalSpy ready(&link, &SecondaryLink::ready);
        QObject::connect(&link, &SecondaryLink::frameReceived, &link, [this](const proto::Frame &fr) { frames.append(fr); });
        QObject::connect(&link, &SecondaryLink::failed, &link, [this](const Error &e) { failure = e; });
        link.open();
        REQUIRE(ready.wait(15000));
    }

    /** Waits for the first frame of @p type (other frames are skipped) and returns its JSON. */
    QJsonObject waitFor(proto::Type type)
    {
        for (int i = 0; i < 300; ++i) {
            for (qsizetype j = 0; j < frames.size(); ++j)
                if (frames[j].type == type) {
                    const proto::Frame fr = frames.takeAt(j);
                    frames.erase(frames.begin(), frames.begin() + j);
                    return *proto::parseJson(fr);
                }
            if (failure)
                FAIL(failure->message.toStdString());
            QTest::qWait(50);
        }
        FAIL("no " << proto::typeName(static_cast<quint8>(type)).toStdString() << " from the agent");
        return {};
    }

    /** Waits for the Ack that accepts @p bytes (earlier Acks are skipped). */
    void waitForAck(qint64 bytes)
    {
        for (;;) {
            const auto ack = msg::Ack::parse(waitFor(proto::Type::Ack));
            REQUIRE(ack.ok());
            REQUIRE(ack->accepted <= bytes);
            if (ack->accepted == bytes)
                return;
        }
    }
};

}  // namespace

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

TEST_CASE("a chunk that fails its SHA-256 is asked for again, and a gap in the stream is a protocol error")
{
    Fixture f;
    RawClient c(f);
    msg::BeginClone begin;
    begin.cloneId = QStringLiteral("raw-1");
    begin.sourceHost = QStringLiteral("primary");
    c.link.sendJson(proto::Type::BeginClone, begin.toJson());
    c.waitFor(proto::Type::Ready);

    // The start of a zstd frame: the restore worker waits for the rest.
    const QByteArray chunk("\x28\xb5\x2f\xfd", 4);
    c.link.sendFrame(proto::Type::Data, proto::encodeData(0, Sha256::of(QByteArrayLiteral("other")), chunk.constData(), chunk.size()));
    // Sent before the agent's Resend arrives: ignored.
    c.link.sendFrame(proto::Type::Data, proto::encodeData(4, Sha256::of(chunk), chunk.constData(), chunk.size()));
    const auto resend = msg::Resend::parse(c.waitFor(proto::Type::Resend));
    REQUIRE(resend.ok());
    CHECK(resend->offset == 0);
    CHECK(resend->reason.contains(QStringLiteral("SHA-256")));

    c.link.sendFrame(proto::Type::Data, proto::encodeData(0, Sha256::of(chunk), chunk.constData(), chunk.size()));
    const auto ack = msg::Ack::parse(c.waitFor(proto::Type::Ack));
    REQUIRE(ack.ok());
    CHECK(ack->accepted == 4);

    // Offset 5000 leaves a gap: refused (an Error frame ends the link), the clone fails with a clear error.
    QSignalSpy failed(&c.link, &SecondaryLink::failed);
    c.link.sendFrame(proto::Type::Data, proto::encodeData(5000, Sha256::of(chunk), chunk.constData(), chunk.size()));
    REQUIRE((c.failure || failed.wait(10000)));
    INFO(c.failure->message.toStdString());
    CHECK(c.failure->code == ErrorCode::Protocol);
    CHECK(c.failure->message.contains(QStringLiteral("offset 5000, expected 4")));
}

TEST_CASE("a BeginClone or Resume that arrives late on an older connection cannot take the clone over")
{
    // A dead link's kernel buffers can deliver the Primary's BeginClone or Resume after it has
    // moved on to a newer connection (seen on a silently hung link): the agent must refuse
    // them and keep the clone, its durable bytes and its current connection.
    Fixture f;
    RawClient stale(f);  // an earlier connection of the same Primary, still open on the agent
    RawClient current(f);
    // The start of a real zstd frame, 4 bytes at a time: the restore worker waits for the rest.
    QByteArray frame(ZSTD_compressBound(1 << 16), '\0');
    QByteArray random(1 << 16, '\0');
    QRandomGenerator(5).fillRange(reinterpret_cast<quint32 *>(random.data()), random.size() / 4);
    frame.resize(static_cast<qsizetype>(ZSTD_compress(frame.data(), frame.size(), random.constData(), random.size(), 1)));
    const QByteArray chunk = frame.left(4);
    const QByteArray chunk2 = frame.mid(4, 4);
    msg::BeginClone begin;
    begin.cloneId = QStringLiteral("late-1");
    begin.sourceHost = QStringLiteral("primary");
    begin.attempt = 2;
    current.link.sendJson(proto::Type::BeginClone, begin.toJson());
    current.waitFor(proto::Type::Ready);
    current.link.sendFrame(proto::Type::Data, proto::encodeData(0, Sha256::of(chunk), chunk.constData(), chunk.size()));
    current.waitForAck(4);

    SECTION("a late BeginClone of the same clone")
    {
        begin.attempt = 1;
        stale.link.sendJson(proto::Type::BeginClone, begin.toJson());
    }
    SECTION("a late Resume")
    {
        stale.link.sendJson(proto::Type::Resume, msg::Resume{begin.cloneId, begin.sourceHost, 1}.toJson());
    }
    SECTION("a Resume repeating the current connection's number")
    {
        stale.link.sendJson(proto::Type::Resume, msg::Resume{begin.cloneId, begin.sourceHost, 2}.toJson());
    }
    QSignalSpy failed(&stale.link, &SecondaryLink::failed);
    REQUIRE((stale.failure || failed.wait(10000)));
    INFO(stale.failure->message.toStdString());
    CHECK(stale.failure->message.contains(QStringLiteral("already left for connection 2: ignored")));
    CHECK_FALSE(stale.failure->message.contains(QLatin1Char('\n')));

    // The clone goes on where it was, on its current connection.
    REQUIRE(f.agent->receiver());
    CHECK(f.agent->receiver()->durableOffset() == 4);
    current.link.sendFrame(proto::Type::Data, proto::encodeData(4, Sha256::of(chunk2), chunk2.constData(), chunk2.size()));
    current.waitForAck(8);
    CHECK_FALSE(current.failure);

    // A newer connection resumes it from the durable offset.
    RawClient next(f);
    next.link.sendJson(proto::Type::Resume, msg::Resume{begin.cloneId, begin.sourceHost, 3}.toJson());
    const auto resumed = msg::Resumed::parse(next.waitFor(proto::Type::Resumed));
    REQUIRE(resumed.ok());
    CHECK(resumed->offset == 8);
    CHECK_FALSE(resumed->complete);
}

TEST_CASE("a Data frame shorter than its header is refused")
{
    auto r = proto::parseDataHeader(QByteArray(10, 'a'));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Protocol);
    const QByteArray payload = proto::encodeData(77, QByteArray(32, '\x01'), "abc", 3);
    auto h = proto::parseDataHeader(payload);
    REQUIRE(h.ok());
    CHECK(h->offset == 77);
    CHECK(h->sha256 == QByteArray(32, '\x01'));
    CHECK(payload.mid(proto::kDataHeaderSize) == QByteArrayLiteral("abc"));
}

TEST_CASE("a Resume for a clone the agent does not hold is refused with a clear error")
{
    Fixture f;
    RawClient c(f);
    msg::Resume resume;
    resume.cloneId = QStringLiteral("unknown-clone");
    resume.sourceHost = QStringLiteral("primary");
    c.link.sendJson(proto::Type::Resume, resume.toJson());
    QSignalSpy failed(&c.link, &SecondaryLink::failed);
    REQUIRE((c.failure || failed.wait(10000)));
    INFO(c.failure->message.toStdString());
    CHECK(c.failure->message.contains(QStringLiteral("no staging for clone unknown-clone")));
}

TEST_CASE("a new clone never resumes into an interrupted clone's staging")
{
    Fixture f;
    {
        RawClient c(f);
        msg::BeginClone begin;
        begin.cloneId = QStringLiteral("old-clone");
        begin.sourceHost = QStringLiteral("primary");
        c.link.sendJson(proto::Type::BeginClone, begin.toJson());
        c.waitFor(proto::Type::Ready);
        const QByteArray chunk("\x28\xb5\x2f\xfd", 4);  // the start of a zstd frame
        c.link.sendFrame(proto::Type::Data, proto::encodeData(0, Sha256::of(chunk), chunk.constData(), chunk.size()));
        c.waitFor(proto::Type::Ack);
        c.link.close();
    }
    QTest::qWait(200);
    QStringList agentLog;
    QObject::connect(f.agent.get(), &AgentServer::logLine, f.agent.get(), [&](const QString &l) { agentLog.append(l); });
    f.makeData(1, 1);
    CloneJob job(f.settings(f.agent->port()));
    const Status result = runToEnd(job);
    INFO(errorText(result).toStdString());
    REQUIRE(result.ok());
    CHECK(job.report().reconnects == 0);
    CHECK(agentLog.join(QLatin1Char('\n')).contains(QStringLiteral("discarding the staging of interrupted clone old-clone")));
    f.requireIdenticalTree();
    // And the old clone cannot be resumed any more.
    RawClient c(f);
    c.link.sendJson(proto::Type::Resume, msg::Resume{QStringLiteral("old-clone"), QStringLiteral("primary")}.toJson());
    QSignalSpy failed(&c.link, &SecondaryLink::failed);
    REQUIRE((c.failure || failed.wait(10000)));
    CHECK(c.failure->message.contains(QStringLiteral("no staging for clone old-clone")));
}

TEST_CASE("the agent refuses a Primary that speaks another protocol version with a one-line error")
{
    Fixture f;
    QSslSocket socket;
    socket.setSslConfiguration(tlsConfiguration(f.primaryIdentity()));
    QObject::connect(&socket, &QSslSocket::sslErrors, &socket, [&](const QList<QSslError> &errors) { acceptSelfSigned(&socket, errors); });
    QSignalSpy encrypted(&socket, &QSslSocket::encrypted);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), f.agent->port(), QStringLiteral("127.0.0.1"));
    REQUIRE(encrypted.wait(10000));
    msg::Hello hello{kProtocolVersion + 7, QStringLiteral("servertwin"), QStringLiteral("9.9"), QStringLiteral("future")};
    socket.write(proto::encodeJson(proto::Type::Hello, hello.toJson()));
    proto::FrameReader reader;
    std::optional<proto::Frame> frame;
    for (int i = 0; i < 200 && !frame; ++i) {
        QTest::qWait(50);  // the agent runs in this thread
        auto next = reader.next(socket);
        REQUIRE(next.ok());
        frame = *next;
    }
    REQUIRE(frame);
    REQUIRE(frame->type == proto::Type::Error);
    const auto error = msg::ErrorMsg::parse(*proto::parseJson(*frame));
    REQUIRE(error.ok());
    INFO(error->message.toStdString());
    CHECK(error->message.contains(QStringLiteral("speaks protocol %1, this agent speaks %2").arg(kProtocolVersion + 7).arg(kProtocolVersion)));
    CHECK_FALSE(error->message.contains(QLatin1Char('\n')));
}

TEST_CASE("the Primary refuses an agent that speaks another protocol version with a one-line error")
{
    Fixture f;
    // A fake agent: TLS with its own identity, answers Hello with a Welcome of protocol 99.
    auto fakeIdentity = Identity::loadOrCreate(QString::fromLocal8Bit(f.dir / "fake-agent"), QStringLiteral("fake"));
    REQUIRE(fakeIdentity.ok());
    QSslServer server;
    server.setSslConfiguration(tlsConfiguration(*fakeIdentity));
    QObject::connect(&server, &QSslServer::sslErrors, &server, [](QSslSocket *s, const QList<QSslError> &errors) { acceptSelfSigned(s, errors); });
    QObject::connect(&server, &QSslServer::pendingConnectionAvailable, &server, [&] {
        auto *socket = qobject_cast<QSslSocket *>(server.nextPendingConnection());
        QObject::connect(socket, &QSslSocket::readyRead, socket, [socket] {
            msg::Welcome w;
            w.protocol = 99;
            w.version = QStringLiteral("9.9");
            w.host = QStringLiteral("future-agent");
            w.os = QStringLiteral("os");
            socket->readAll();
            socket->write(proto::encodeJson(proto::Type::Welcome, w.toJson()));
        });
    });
    REQUIRE(server.listen(QHostAddress::LocalHost, 0));
    LinkOptions o;
    o.host = QStringLiteral("127.0.0.1");
    o.port = server.serverPort();
    o.pairingCode = f.code;
    o.pinFile = QString::fromLocal8Bit(f.dir / "primary-state/secondaries.json");
    o.identity = f.primaryIdentity();
    SecondaryLink link(o);
    QSignalSpy failed(&link, &SecondaryLink::failed);
    link.open();
    REQUIRE(failed.wait(10000));
    const Error e = failed.first().first().value<Error>();
    INFO(e.message.toStdString());
    CHECK(e.code == ErrorCode::Protocol);
    CHECK(e.message.contains(QStringLiteral("speaks protocol 99, this Primary speaks %1").arg(kProtocolVersion)));
    CHECK_FALSE(e.message.contains(QLatin1Char('\n')));
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
        msg::BeginClone begin;
        begin.cloneId = QStringLiteral("cancel-1");
        begin.sourceHost = QStringLiteral("primary");
        c.link.sendJson(proto::Type::BeginClone, begin.toJson());
        c.waitFor(proto::Type::Ready);
        const QByteArray chunk("\x28\xb5\x2f\xfd", 4);  // the start of a zstd frame: the worker waits for more
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
