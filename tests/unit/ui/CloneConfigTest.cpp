// SPDX-License-Identifier: GPL-3.0-or-later
// The Clone step's logic without widgets: real clones to real agent processes, the stages,
// the figures, cancel and retry, the Tertiary, and the GUI thread's responsiveness meanwhile.
#include "LatencyProbe.h"
#include "UiTestSupport.h"

#include "config/CloneConfig.h"
#include "restore/StagingArea.h"
#include "support/CatchQt.h"
#include "support/TestTree.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>

#include <algorithm>

using namespace st;
using namespace st::test;

namespace {

/** @p files files of @p mib MiB of random data (incompressible: the clone takes a while). */
void makeBulkTree(const QByteArray &dir, int files, int mib)
{
    QByteArray block(1 << 20, Qt::Uninitialized);
    for (int i = 0; i < files; ++i) {
        const QByteArray path = dir + "/bulk/d" + QByteArray::number(i % 4) + "/file" + QByteArray::number(i);
        writeFile(path, QByteArray());
        QFile f(QString::fromLocal8Bit(path));
        REQUIRE(f.open(QIODevice::WriteOnly));
        for (int m = 0; m < mib; ++m) {
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
            REQUIRE(f.write(block) == block.size());
        }
    }
    writeFile(dir + "/etc/hostname", "primary\n");
    writeFile(dir + "/etc/app.conf", "port = 5432\n", 0640);
}

/** What @p root holds besides the agent's staging area. */
QList<QByteArray> outsideStaging(const QByteArray &root)
{
    QList<QByteArray> out;
    for (const QByteArray &p : listTree(root))
        if (!p.startsWith(stagingDirectoryName()))
            out << p;
    return out;
}

struct Fixture {
    ScratchDir dir{"clone-config"};
    std::unique_ptr<DemoSecondary> agent;
    std::shared_ptr<WizardSession> session;

    explicit Fixture(int files = 3, int mib = 1)
    {
        makeBulkTree(dir / "source", files, mib);
        agent = startAgent(QString::fromLocal8Bit(dir / "demo"));
        session = makeSession(QString::fromLocal8Bit(dir / "primary"));
        pairWith(*session, *agent);
        session->setProtection(protectionOf(dir / "source"));
    }
    QByteArray secondaryRoot() const { return QFile::encodeName(agent->secondaryRoot()); }
};

}  // namespace

TEST_CASE("clone step: a real clone, its stages, figures and log, while the GUI thread stays responsive", "[ui][clone]")
{
    Fixture f(24, 8);  // 192 MiB of incompressible data
    CloneConfig config(f.session);
    REQUIRE(config.canStart());
    CHECK(config.targetLabel().contains(f.agent->address()));

    QStringList primarySeen, secondarySeen;
    QObject::connect(&config, &CloneConfig::progressChanged, &config, [&] {
        if (!config.primaryFigures().isEmpty())
            primarySeen << config.primaryFigures();
        if (!config.secondaryFigures().isEmpty())
            secondarySeen << config.secondaryFigures();
    });
    {
        LatencyProbe idle;
        waitUntil([] { return false; }, 3000);
        WARN("baseline without a clone: worst GUI event-loop latency " << idle.worstLatencyMs() << " ms over " << idle.ticks() << " ticks");
    }
    QElapsedTimer clock;
    clock.start();
    LatencyProbe probe;
    config.start();
    CHECK(config.state() == CloneConfig::State::Running);
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 300000));
    const qint64 elapsed = clock.elapsed();
    INFO(config.statusText().toStdString());
    REQUIRE(config.state() == CloneConfig::State::Succeeded);
    WARN("GUI event loop late by more than 20 ms: " << probe.spikes().toStdString());
    WARN("clone of 192 MiB took " << elapsed << " ms; worst GUI event-loop latency "
                                  << probe.worstLatencyMs() << " ms (own " << probe.worstOwnLatencyMs() << " ms) over "
                                  << probe.ticks() << " ticks");
    CHECK(probe.ticks() > 50);
    CHECK(probe.worstOwnLatencyMs() < kGuiLatencyBudgetMs);

    for (const CloneStage &s : config.stages())
        CHECK(s.state == CloneStage::State::Done);
    // The figures had bytes, files, throughput and time left while the data flowed.
    CHECK(std::any_of(primarySeen.cbegin(), primarySeen.cend(), [](const QString &s) {
        return s.contains(QStringLiteral(" of ")) && s.contains(QStringLiteral("files")) && s.contains(QStringLiteral("/s"));
    }));
    CHECK(std::any_of(secondarySeen.cbegin(), secondarySeen.cend(), [](const QString &s) { return s.startsWith(QStringLiteral("Receiving")); }));
    CHECK(config.log().size() >= 3);

    REQUIRE(f.session->outcome());
    const StepOutcome &outcome = *f.session->outcome();
    CHECK(outcome.result);
    REQUIRE(f.session->record().targets().size() == 1);
    const TargetRecord &target = f.session->record().targets()[0];
    CHECK(target.address == f.agent->address());
    REQUIRE(target.clone);
    CHECK(target.clone->files == 26);
    CHECK(target.clone->stagedForReboot);
    CHECK(target.cloneAttempts == 1);
    CHECK(outcome.attempts == 1);
    CHECK(outcome.log == config.log());
    // Staged for the reboot step: verified in the staging area, the Secondary's root untouched.
    CHECK(compareTrees(f.dir / "source", stagedTreeOf(f.secondaryRoot()), {true, {}, {}}) == QStringList());
    CHECK(outsideStaging(f.secondaryRoot()) == QList<QByteArray>{});
    CHECK(config.statusText().contains(QStringLiteral("reboot")));
    CHECK_FALSE(config.canStart());  // done: nothing to run again
}

TEST_CASE("clone step: cancel mid-clone leaves the Secondary untouched, retry then completes", "[ui][clone]")
{
    Fixture f(40, 8);
    writeFile(f.secondaryRoot() + "/already-there", "kept until a clone is applied\n");
    CloneConfig config(f.session);
    config.start();
    REQUIRE(waitUntil([&] { return config.stage(QStringLiteral("backup")).state == CloneStage::State::Running
                                   || !config.isRunning(); }, 60000));
    REQUIRE(config.isRunning());
    config.cancel();
    CHECK(config.state() == CloneConfig::State::Cancelling);
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 60000));
    CHECK(config.state() == CloneConfig::State::Cancelled);
    CHECK(std::any_of(config.stages().cbegin(), config.stages().cend(),
                      [](const CloneStage &s) { return s.state == CloneStage::State::Cancelled; }));
    CHECK(listTree(f.secondaryRoot()).contains(QByteArrayLiteral("already-there")));
    CHECK_FALSE(listTree(f.secondaryRoot()).contains(QByteArrayLiteral("bulk")));
    REQUIRE(f.session->outcome());
    CHECK(f.session->outcome()->result.error().code == ErrorCode::Cancelled);

    REQUIRE(config.canStart());  // Retry
    config.start();
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 300000));
    INFO(config.statusText().toStdString());
    REQUIRE(config.state() == CloneConfig::State::Succeeded);
    CHECK(f.session->outcome()->attempts == 2);
    // The retry replaced the cancelled attempt's report: still one target, two attempts.
    REQUIRE(f.session->record().targets().size() == 1);
    CHECK(f.session->record().targets()[0].cloneAttempts == 2);
    CHECK(f.session->record().targets()[0].succeeded(InstallStep::Clone));
    CHECK(compareTrees(f.dir / "source", stagedTreeOf(f.secondaryRoot()), {true, {}, {}}) == QStringList());
    CHECK(listTree(f.secondaryRoot()).contains(QByteArrayLiteral("already-there")));
}

TEST_CASE("clone step: a dead Secondary fails with its reason, and a Tertiary follows the Secondary", "[ui][clone]")
{
    Fixture f;
    ScratchDir third("clone-config-tertiary");
    auto tertiary = startAgent(QString::fromLocal8Bit(third / "demo"));
    {
        auto secondaryOnly = f.session->targets();
        pairWith(*f.session, *tertiary);
        TargetMachine t = f.session->targets()[0];
        t.role = QStringLiteral("Tertiary");
        f.session->setTargets({secondaryOnly[0], t});
    }
    CloneConfig config(f.session);
    CHECK(config.targetLabel().contains(QStringLiteral("1 of 2")));
    config.start();
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 120000));
    INFO(config.statusText().toStdString());
    REQUIRE(config.state() == CloneConfig::State::Succeeded);
    REQUIRE(f.session->record().targets().size() == 2);
    CHECK(f.session->record().targets()[1].role == QStringLiteral("Tertiary"));
    CHECK(f.session->record().succeeded(InstallStep::Clone) == 2);
    CHECK(compareTrees(f.dir / "source", stagedTreeOf(f.secondaryRoot()), {true, {}, {}}) == QStringList());
    CHECK(compareTrees(f.dir / "source", stagedTreeOf(QFile::encodeName(tertiary->secondaryRoot())), {true, {}, {}}) == QStringList());

    // The agent goes away: the next clone fails with a one-line reason and can be retried.
    f.agent.reset();
    CloneConfig failing(f.session);
    failing.start();
    REQUIRE(waitUntil([&] { return !failing.isRunning(); }, 60000));
    CHECK(failing.state() == CloneConfig::State::Failed);
    CHECK_FALSE(failing.statusText().isEmpty());
    CHECK_FALSE(failing.statusText().contains(QLatin1Char('\n')));
    CHECK(failing.canStart());
    CHECK(std::any_of(failing.stages().cbegin(), failing.stages().cend(),
                      [](const CloneStage &s) { return s.state == CloneStage::State::Failed; }));
}
