// SPDX-License-Identifier: GPL-3.0-or-later
// The operation envelope (Request/Event/Response), the agent's services and RebootJob against
// a real in-process agent on loopback TLS whose sandbox root makes its reboot simulated.
#include "ResumeFixture.h"

#include "job/RebootJob.h"
#include "net/AgentConnection.h"
#include "net/Operation.h"
#include "net/SystemMessages.h"

using namespace st;
using namespace st::test;

namespace {

RebootSettings rebootSettings(Fixture &f, bool withCode = true)
{
    RebootSettings s;
    s.link.host = QStringLiteral("127.0.0.1");
    s.link.port = f.agent ? f.agent->port() : 0;
    s.link.pairingCode = f.code;
    s.link.pinFile = QString::fromLocal8Bit(f.dir / "primary-state/secondaries.json");
    s.link.identity = f.primaryIdentity();
    s.link.keepaliveTimeoutMs = 1500;
    s.link.idleTimeoutMs = 10000;
    if (!withCode)
        s.link.pairingCode.clear();
    s.retryMaxDelayMs = 500;
    s.timeoutMs = 30000;
    return s;
}

Status runReboot(RebootJob &job, QList<RebootPhase> *phases = nullptr)
{
    QSignalSpy done(&job, &Job::finished);
    if (phases)
        QObject::connect(&job, &RebootJob::phaseChanged, &job, [phases](RebootPhase p, qint64) { phases->append(p); });
    job.start();
    if (!done.wait(90000))
        return makeError(ErrorCode::Internal, QStringLiteral("the reboot job did not finish in time"));
    return job.result();
}

/** Sends a Request on @p client and returns the Response's result. */
Result<QJsonObject> ask(RawClient &client, qint64 id, const QString &operation, int version, const QJsonObject &body = {})
{
    client.link.sendJson(proto::Type::Request, msg::OperationRequest{id, operation, version, body}.toJson());
    auto response = msg::OperationResponse::parse(client.waitFor(proto::Type::Response));
    REQUIRE(response.ok());
    CHECK(response->id == id);
    return response->result;
}

}  // namespace

TEST_CASE("operation messages: every field is checked, and a peer's operation list is bounded")
{
    CHECK(msg::OperationRequest::parse(msg::OperationRequest{7, QStringLiteral("system.status"), 1, {}}.toJson()).ok());
    const QJsonObject bad[] = {
        {{QStringLiteral("id"), 0}, {QStringLiteral("operation"), QStringLiteral("system.status")}, {QStringLiteral("version"), 1}, {QStringLiteral("body"), QJsonObject()}},
        {{QStringLiteral("id"), 1}, {QStringLiteral("operation"), QStringLiteral("System Status")}, {QStringLiteral("version"), 1}, {QStringLiteral("body"), QJsonObject()}},
        {{QStringLiteral("id"), 1}, {QStringLiteral("operation"), QStringLiteral("system.status")}, {QStringLiteral("version"), 0}, {QStringLiteral("body"), QJsonObject()}},
        {{QStringLiteral("id"), 1}, {QStringLiteral("operation"), QStringLiteral("system.status")}, {QStringLiteral("version"), 1}, {QStringLiteral("body"), 3}},
        {{QStringLiteral("id"), 1.5}, {QStringLiteral("operation"), QStringLiteral("system.status")}, {QStringLiteral("version"), 1}, {QStringLiteral("body"), QJsonObject()}},
    };
    for (const QJsonObject &o : bad) {
        auto r = msg::OperationRequest::parse(o);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Protocol);
    }
    QJsonObject many;
    for (int i = 0; i <= msg::OperationSet::kMaxOperations; ++i)
        many.insert(QStringLiteral("op%1").arg(i), 1);
    CHECK_FALSE(msg::OperationSet::parse(many).ok());
    CHECK_FALSE(msg::OperationSet::parse({{QStringLiteral("system.reboot"), 0}}).ok());
    auto future = msg::OperationSet::parse({{QStringLiteral("network.apply"), 3}, {QStringLiteral("system.reboot"), 2}});
    REQUIRE(future.ok());
    CHECK(future->offers(Operation::Reboot, 2));
    CHECK_FALSE(future->offers(Operation::SystemStatus));

    const msg::OperationResponse refused{9, makeError(ErrorCode::Refused, QStringLiteral("busy"))};
    auto back = msg::OperationResponse::parse(refused.toJson());
    REQUIRE(back.ok());
    REQUIRE_FALSE(back->result.ok());
    CHECK(back->result.error().code == ErrorCode::Refused);
    CHECK(back->result.error().message == QStringLiteral("busy"));
    CHECK_FALSE(msg::SystemStatus::parse({{QStringLiteral("bootId"), QStringLiteral("../../etc/passwd")}}).ok());
}

TEST_CASE("the agent offers its operations and boot id in Welcome, and answers what it does not offer with Unsupported")
{
    Fixture f;
    RawClient client(f);
    const SecondaryInfo &info = client.link.info();
    CHECK(info.bootId == f.agent->boot().bootId());
    CHECK(info.bootId.size() == 36);
    CHECK(info.operations.offers(Operation::SystemStatus));
    CHECK(info.operations.offers(Operation::Reboot));

    auto unknown = ask(client, 1, QStringLiteral("network.apply"), 1);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == ErrorCode::Unsupported);
    CHECK(unknown.error().message.contains(QLatin1String("network.apply")));
    auto tooNew = ask(client, 2, QStringLiteral("system.status"), 9);
    REQUIRE_FALSE(tooNew.ok());
    CHECK(tooNew.error().code == ErrorCode::Unsupported);
    CHECK(tooNew.error().message.contains(QLatin1String("version 9")));

    // The connection is still good: the same link answers a request it does offer.
    auto status = ask(client, 3, QStringLiteral("system.status"), 1);
    REQUIRE(status.ok());
    auto parsed = msg::SystemStatus::parse(*status);
    REQUIRE(parsed.ok());
    CHECK(parsed->bootId == info.bootId);
    CHECK(parsed->simulatedBoot);
    CHECK_FALSE(client.failure.has_value());
}

TEST_CASE("a reboot is refused while a clone is unfinished, and the agent stays in its boot")
{
    Fixture f;
    RawClient client(f);
    client.beginClone(QStringLiteral("clone-busy"));
    const QString boot = f.agent->boot().bootId();
    auto refused = ask(client, 1, QStringLiteral("system.reboot"), 1, msg::RebootRequest{QStringLiteral("test")}.toJson());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::Refused);
    CHECK(refused.error().message.contains(QLatin1String("clone-busy")));
    QTest::qWait(1500);  // past the moment an accepted reboot would have gone down
    CHECK(f.agent->boot().bootId() == boot);
    CHECK_FALSE(client.failure.has_value());
}

TEST_CASE("RebootJob: the Secondary goes down, comes back in a new boot with the same pin, and again without a code")
{
    Fixture f;
    f.simulatedDownMs = 1500;
    f.agent.reset();
    f.startAgent();
    const QString first = f.agent->boot().bootId();
    QSignalSpy down(f.agent.get(), &AgentServer::simulatedRebootDown);
    RebootJob job(rebootSettings(f));
    QList<RebootPhase> phases;
    const Status result = runReboot(job, &phases);
    INFO(errorText(result).toStdString());
    REQUIRE(result.ok());
    CHECK(down.count() == 1);
    const RebootReport &r = job.report();
    CHECK(r.ok);
    CHECK(r.bootIdBefore == first);
    CHECK(r.bootIdAfter == f.agent->boot().bootId());
    CHECK(r.bootIdAfter != first);
    CHECK(r.simulated);
    CHECK(r.downMs >= 1000);
    CHECK(r.bootLog.join(QLatin1Char('\n')).contains(r.bootIdAfter));
    CHECK(phases.contains(RebootPhase::GoingDown));
    CHECK(phases.contains(RebootPhase::Down));
    CHECK(phases.contains(RebootPhase::Back));
    CHECK(phases.last() == RebootPhase::Done);
    CHECK(job.isIrreversible());
    CHECK(r.toJson().value(QStringLiteral("bootIdAfter")).toString() == r.bootIdAfter);

    RebootJob again(rebootSettings(f, false));  // pinned now: no pairing code
    const Status second = runReboot(again);
    INFO(errorText(second).toStdString());
    REQUIRE(second.ok());
    CHECK(again.report().bootIdBefore == r.bootIdAfter);
    CHECK(again.report().bootIdAfter != r.bootIdAfter);
}

TEST_CASE("RebootJob: a Secondary that is not back by the deadline fails with what to check, and a cancel before the request changes nothing")
{
    Fixture f;
    f.simulatedDownMs = 8000;
    f.agent.reset();
    f.startAgent();
    RebootSettings s = rebootSettings(f);
    s.timeoutMs = 3000;
    RebootJob job(s);
    const Status result = runReboot(job);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::Network);
    CHECK(result.error().message.contains(QLatin1String("console")));
    CHECK(job.isIrreversible());

    // Wait for it to come back, then cancel a new reboot at once: the agent is not asked.
    QSignalSpy up(f.agent.get(), &AgentServer::simulatedRebootUp);
    REQUIRE(up.wait(15000));
    const QString boot = f.agent->boot().bootId();
    RebootJob cancelled(rebootSettings(f, false));
    QSignalSpy done(&cancelled, &Job::finished);
    cancelled.start();
    cancelled.cancel();
    REQUIRE((done.count() == 1 || done.wait(5000)));
    CHECK(cancelled.result().error().code == ErrorCode::Cancelled);
    CHECK_FALSE(cancelled.isIrreversible());
    QTest::qWait(2000);
    CHECK(f.agent->boot().bootId() == boot);
}

TEST_CASE("RebootJob refuses an address where no agent listens with one line, at once")
{
    Fixture f;
    RebootSettings s = rebootSettings(f);
    const quint16 port = f.agent->port();
    f.agent.reset();
    s.link.port = port;
    QElapsedTimer clock;
    clock.start();
    RebootJob job(s);
    const Status result = runReboot(job);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::Network);
    CHECK_FALSE(result.error().message.contains(QLatin1Char('\n')));
    CHECK(clock.elapsed() < 20000);
    CHECK_FALSE(job.isIrreversible());
}
