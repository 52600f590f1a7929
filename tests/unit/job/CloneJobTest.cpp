// SPDX-License-Identifier: GPL-3.0-or-later
// CloneJob against an in-process AgentServer over real loopback TLS: success, remote
// progress, cancel mid-transfer (Secondary untouched, staging discarded), and a refused code.
#include "agent/AgentServer.h"
#include "job/CloneJob.h"
#include "net/Identity.h"
#include "net/PairingCode.h"
#include "support/LoopbackAgent.h"
#include "support/TestTree.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <catch2/catch.hpp>

using namespace st;
using namespace st::test;

namespace {
struct Fixture {
    ScratchDir dir{"clonejob"};
    QString code = PairingCode::generate();
    std::unique_ptr<AgentServer> agent;

    Fixture()
    {
        QDir().mkpath(QString::fromLocal8Bit(dir / "root"));
        agent = startLoopbackAgent(loopbackAgentConfig(dir, code));
    }

    CloneSettings settings(const QByteArray &include, const QString &pairingCode)
    {
        SelectionOverrides o;
        o.sourceRoot = dir / "src";
        o.includes = {include};
        auto plan = SelectionPlan::build(nullptr, o);
        REQUIRE(plan.ok());
        auto identity = Identity::loadOrCreate(QString::fromLocal8Bit(dir / "primary-state"), QStringLiteral("primary"));
        REQUIRE(identity.ok());
        CloneSettings s;
        s.plan = *plan;
        s.link.host = QStringLiteral("127.0.0.1");
        s.link.port = agent->port();
        s.link.pairingCode = pairingCode;
        s.link.pinFile = QString::fromLocal8Bit(dir / "primary-state/secondaries.json");
        s.link.identity = *identity;
        s.stateDir = QString::fromLocal8Bit(dir / "primary-state");
        return s;
    }
};
}  // namespace

TEST_CASE("clone job streams to the agent and finishes once, with the Secondary's progress")
{
    Fixture f;
    for (int i = 0; i < 200; ++i)
        writeFile(f.dir / "src/app/conf/f" + QByteArray::number(i), QByteArray(2000 + i, 'c'));
    CloneJob job(f.settings("/app", f.code));
    QSignalSpy done(&job, &Job::finished);
    QSignalSpy remote(&job, &CloneJob::remoteProgress);
    QSignalSpy connected(&job, &CloneJob::secondaryConnected);
    job.start();
    REQUIRE(done.wait(60000));
    QTest::qWait(50);
    INFO((job.result() ? std::string() : job.result().error().message.toStdString()));
    REQUIRE(job.result().ok());
    CHECK(done.count() == 1);
    CHECK(connected.count() == 1);
    CHECK(remote.count() >= 1);
    CHECK(job.report().ok);
    CHECK(job.report().files == 200);
    CHECK(job.report().secondaryFingerprint == f.agent->identity().fingerprint());
    CHECK(compareTrees(f.dir / "src/app", f.dir / "root/app").isEmpty());
}

TEST_CASE("cancelling a clone mid-transfer leaves the Secondary untouched and its staging removed")
{
    Fixture f;
    // Incompressible data so the transfer takes long enough to be cancelled part-way.
    QRandomGenerator rng(99);
    for (int i = 0; i < 24; ++i) {
        QByteArray data(4 << 20, '\0');
        for (qsizetype j = 0; j < data.size(); j += 4)
            *reinterpret_cast<quint32 *>(data.data() + j) = rng.generate();
        writeFile(f.dir / "src/big/f" + QByteArray::number(i), data);
    }
    CloneJob job(f.settings("/big", f.code));
    QSignalSpy done(&job, &Job::finished);
    // Cancel the moment streaming starts: the agent has created its staging area by then.
    QObject::connect(&job, &Job::logMessage, &job, [&](const QString &line) {
        if (line.startsWith(QStringLiteral("streaming")))
            job.cancel();
    });
    job.start();
    REQUIRE(done.wait(60000));
    QTest::qWait(300);  // the agent discards its staging area
    CHECK(done.count() == 1);
    REQUIRE_FALSE(job.result().ok());
    CHECK(job.result().error().code == ErrorCode::Cancelled);
    INFO(job.result().error().message.toStdString());
    const QStringList left = QDir(QString::fromLocal8Bit(f.dir / "root")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    INFO(left.join(QLatin1Char(' ')).toStdString());
    CHECK(left.isEmpty());
}

TEST_CASE("clone job with a wrong pairing code fails with an authentication error and sends nothing")
{
    Fixture f;
    writeFile(f.dir / "src/app/file", "x");
    CloneJob job(f.settings("/app", QStringLiteral("ZZZZ-ZZZZ-ZZZZ")));
    QSignalSpy done(&job, &Job::finished);
    job.start();
    REQUIRE(done.wait(30000));
    REQUIRE_FALSE(job.result().ok());
    CHECK(job.result().error().code == ErrorCode::Auth);
    CHECK(job.result().error().message.contains(QStringLiteral("wrong pairing code")));
    CHECK(QDir(QString::fromLocal8Bit(f.dir / "root")).isEmpty());
    CHECK_FALSE(QFile::exists(QString::fromLocal8Bit(f.dir / "primary-state/secondaries.json")));
}
