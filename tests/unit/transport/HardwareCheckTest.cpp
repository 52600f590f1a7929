// SPDX-License-Identifier: GPL-3.0-or-later
// HardwareCheckJob against a real in-process agent on loopback TLS: both inventories, the
// clock offset measured over the link, the functional checks, a blocking rule and a missing
// confirmation refusing, cancel, and the agent refusing a hostile request.
#include "ResumeFixture.h"
#include "TcpRelay.h"
#include "inventory/InventoryMessages.h"
#include "job/HardwareCheckJob.h"

using namespace st;
using namespace st::test;

namespace {

HardwareCheckSettings hardwareSettings(Fixture &f)
{
    HardwareCheckSettings s;
    s.link.host = QStringLiteral("127.0.0.1");
    s.link.port = f.agent->port();
    s.link.pairingCode = f.code;
    s.link.pinFile = QString::fromLocal8Bit(f.dir / "primary-state/secondaries.json");
    s.link.identity = f.primaryIdentity();
    s.link.idleTimeoutMs = 10000;
    s.protectedPaths = {QStringLiteral("/etc"), QStringLiteral("/usr")};
    s.timeoutMs = 20000;
    return s;
}

struct Run {
    Status result;
    int finishedCount = 0;
};

Run runJob(HardwareCheckJob &job, bool cancelAtOnce = false)
{
    QSignalSpy done(&job, &Job::finished);
    job.start();
    if (cancelAtOnce)
        job.cancel();
    if (done.isEmpty())
        REQUIRE(done.wait(60000));
    QTest::qWait(200);  // nothing more may come
    return {job.result(), static_cast<int>(done.count())};
}

}  // namespace

TEST_CASE("HardwareCheckJob: both machines inventoried and compared, the clock offset measured over the link")
{
    Fixture f;
    HardwareCheckJob job(hardwareSettings(f));
    const Run run = runJob(job);
    INFO((run.result.ok() ? std::string() : run.result.error().message.toStdString()));
    REQUIRE(run.result.ok());
    CHECK(run.finishedCount == 1);
    const HardwareReport &r = job.report();
    CHECK(r.ok);
    CHECK(r.rules.size() == 10);
    CHECK_FALSE(r.blocks());  // the same machine on both ends
    CHECK(r.primary.cpu.threads == r.secondary.cpu.threads);
    CHECK(r.secondary.clock.wallClockMs > 0);
    REQUIRE(r.clockOffsetMs.has_value());
    CHECK(std::abs(*r.clockOffsetMs) <= r.clockUncertaintyMs + 50);
    CHECK(r.clockUncertaintyMs < 5000);
    // The Primary's /etc lands below the agent's sandbox root, on that root's filesystem.
    bool placed = false;
    for (const inv::Filesystem &fs : r.secondary.filesystems)
        placed = placed || fs.protectedPaths.contains(QStringLiteral("/etc"));
    CHECK(placed);
    CHECK_FALSE(r.functionalChecked);
    CHECK(job.report().toJson().value(QStringLiteral("secondaryInventory")).toObject().value(QStringLiteral("host")).toString() == r.secondary.host);
}

TEST_CASE("HardwareCheckJob: the functional checks after the reboot, and the confirmations required")
{
    Fixture f;
    HardwareCheckSettings s = hardwareSettings(f);
    s.functional = true;
    s.refuseOnBlock = true;
    s.confirmations = inv::ConfirmationSet({{QStringLiteral("a"), QStringLiteral("Item A")}, {QStringLiteral("b"), QStringLiteral("Item B")}});
    REQUIRE(s.confirmations->confirm(QStringLiteral("a"), QStringLiteral("Ann"), QDateTime::currentDateTimeUtc()));
    HardwareCheckJob missing(s);
    Run run = runJob(missing);
    REQUIRE_FALSE(run.result.ok());
    CHECK(run.finishedCount == 1);
    CHECK(run.result.error().code == ErrorCode::Refused);
    CHECK(run.result.error().message == QStringLiteral("the hardware checklist is not confirmed: Item B (give each item's confirmation in the answer file)"));
    CHECK(missing.report().functionalChecked);
    CHECK(missing.report().functional.size() >= 3);  // disks, NICs, units, kernel

    s.link.pairingCode.clear();  // paired by the run above
    REQUIRE(s.confirmations->confirm(QStringLiteral("b"), QStringLiteral("Bob"), QDateTime::currentDateTimeUtc(), QStringLiteral("ok")));
    HardwareCheckJob confirmed(s);
    run = runJob(confirmed);
    INFO((run.result.ok() ? std::string() : run.result.error().message.toStdString()));
    REQUIRE(run.result.ok());
    CHECK(confirmed.report().confirmations.size() == 2);
    CHECK(confirmed.report().confirmations[1].note == QStringLiteral("ok"));
}

TEST_CASE("HardwareCheckJob before a clone: a blocking rule refuses in one line, and nothing is sent")
{
    Fixture f;
    HardwareCheckSettings s = hardwareSettings(f);
    s.blockingOnly = true;
    s.refuseOnBlock = true;
    s.context.nicsNeeded = 99;
    HardwareCheckJob job(s);
    const Run run = runJob(job);
    REQUIRE_FALSE(run.result.ok());
    CHECK(run.finishedCount == 1);
    CHECK(run.result.error().code == ErrorCode::Refused);
    CHECK(run.result.error().message.startsWith(QStringLiteral("the Secondary at 127.0.0.1:%1 is not fit for this clone: network interfaces: the Primary's roles need 99").arg(f.agent->port())));
    CHECK_FALSE(run.result.error().message.contains(QLatin1Char('\n')));
    CHECK(job.report().rules.size() == 6);
    CHECK(QDir(QString::fromLocal8Bit(f.dir / "root")).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
}

TEST_CASE("HardwareCheckJob: a link cut in the middle of the request is opened again and the inventory asked again")
{
    Fixture f;
    TcpRelay relay(f.agent->port());
    // A request of 200 protected paths (about 12 KiB) dwarfs the TLS handshake, Hello and
    // pairing before it (under 8 KiB): the first connection, cut 8 KiB into what the Primary
    // sends, is cut inside the request; later connections run clean.
    relay.setFaults(TcpRelay::Fault::Cut, {8 << 10});
    HardwareCheckSettings s = hardwareSettings(f);
    s.link.port = relay.port();
    s.protectedPaths.clear();
    for (int i = 0; i < 200; ++i)
        s.protectedPaths << QStringLiteral("/srv/applications/instance-%1/configuration-and-data").arg(i, 3, 10, QLatin1Char('0'));
    HardwareCheckJob job(s);
    QStringList log;
    QObject::connect(&job, &Job::logMessage, &job, [&](const QString &line) { log << line; });
    const Run run = runJob(job);
    INFO(log.join(QLatin1Char('\n')).toStdString());
    INFO((run.result.ok() ? std::string() : run.result.error().message.toStdString()));
    REQUIRE(run.result.ok());
    CHECK(run.finishedCount == 1);
    CHECK(relay.faultsInjected() == 1);
    CHECK(relay.connections() >= 2);
    CHECK(log.join(QLatin1Char('\n')).contains(QStringLiteral("asking again once it is back")));
    CHECK(job.report().ok);
    CHECK(job.report().secondary.cpu.threads == job.report().primary.cpu.threads);
    CHECK(job.report().clockOffsetMs.has_value());
}

TEST_CASE("HardwareCheckJob: cancel finishes once, with Cancelled")
{
    Fixture f;
    HardwareCheckJob job(hardwareSettings(f));
    const Run run = runJob(job, true);
    REQUIRE_FALSE(run.result.ok());
    CHECK(run.result.error().code == ErrorCode::Cancelled);
    CHECK(run.finishedCount == 1);
}

TEST_CASE("the agent refuses a hardware.inventory request with a relative or escaping path")
{
    Fixture f;
    RawClient client(f);
    CHECK(client.link.info().operations.offers(Operation::HardwareInventory));
    client.link.sendJson(proto::Type::Request, msg::OperationRequest{1, QStringLiteral("hardware.inventory"), 1,
                                                                     QJsonObject{{QStringLiteral("protectedPaths"), QJsonArray{QStringLiteral("../../etc")}},
                                                                                 {QStringLiteral("functional"), false}}}
                                                   .toJson());
    auto response = msg::OperationResponse::parse(client.waitFor(proto::Type::Response));
    REQUIRE(response.ok());
    REQUIRE_FALSE(response->result.ok());
    CHECK(response->result.error().code == ErrorCode::Protocol);
    CHECK(response->result.error().message.contains(QStringLiteral("not an absolute path")));
}
