// SPDX-License-Identifier: GPL-3.0-or-later
// The resume protocol on the agent, with hand-made frames over real loopback TLS: chunks with a
// wrong SHA-256 asked for again, gaps refused, a BeginClone or Resume arriving late on an
// older connection, Resume refusals, a new clone never resuming old staging, and protocol
// version refusals on both sides.
#include "ResumeFixture.h"
#include "net/TlsPolicy.h"
#include "util/Sha256.h"
#include "util/Version.h"

#include <QSslServer>

#include <zstd.h>

using namespace st;
using namespace st::test;

TEST_CASE("a chunk that fails its SHA-256 is asked for again, and a gap in the stream is a protocol error")
{
    Fixture f;
    RawClient c(f);
    c.beginClone(QStringLiteral("raw-1"));

    const QByteArray chunk = zstdFrameStart();
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
    current.beginClone(begin.cloneId, 2);
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
        c.beginClone(QStringLiteral("old-clone"));
        const QByteArray chunk = zstdFrameStart();
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
    msg::Hello hello{kProtocolVersion + 7, QStringLiteral("servertwin"), QStringLiteral("9.9"), QStringLiteral("future"), {}};
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
