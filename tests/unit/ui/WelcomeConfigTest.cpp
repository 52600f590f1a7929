// SPDX-License-Identifier: GPL-3.0-or-later
// WelcomeConfig without widgets: intro text, asynchronous checks, completeness.
#include "FakeSystemProbe.h"
#include "config/WelcomeConfig.h"

#include "support/CatchQt.h"

#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

using namespace st;
using st::test::FakeSystemProbe;
using Level = PreflightCheck::Level;

namespace {

WizardContext context(bool demo = false)
{
    WizardContext c;
    c.demoMode = demo;
    c.stateDir = QStringLiteral("/var/lib/servertwin");
    c.applicationDir = QStringLiteral("/usr/bin");
    return c;
}

std::shared_ptr<FakeSystemProbe> healthyProbe()
{
    return FakeSystemProbe::healthy(context().stateDir, context().applicationDir);
}

bool waitChecked(WelcomeConfig &config)
{
    return QTest::qWaitFor([&] { return config.hasChecked() && !config.isChecking(); }, 10000);
}

}  // namespace

TEST_CASE("WelcomeConfig runs the checks off the GUI thread and completes when none failed", "[ui][welcome]")
{
    auto probe = healthyProbe();
    WelcomeConfig config(context(), probe);
    QSignalSpy complete(&config, &WelcomeConfig::completeChanged);
    QSignalSpy checking(&config, &WelcomeConfig::checkingChanged);
    CHECK_FALSE(config.hasChecked());
    CHECK_FALSE(config.isComplete());

    config.runChecks();
    CHECK(config.isChecking());
    CHECK_FALSE(config.isComplete());
    REQUIRE(waitChecked(config));

    CHECK(config.isComplete());
    CHECK(config.checks().size() == 4);
    CHECK(config.checkSummary() == QStringLiteral("All checks passed."));
    REQUIRE(complete.size() == 1);
    CHECK(complete.at(0).at(0).toBool());
    REQUIRE(checking.size() == 2);
    CHECK(checking.at(0).at(0).toBool());
    CHECK_FALSE(checking.at(1).at(0).toBool());
    const QSet<QThread *> threads = probe->callingThreads();
    REQUIRE_FALSE(threads.isEmpty());
    CHECK_FALSE(threads.contains(QThread::currentThread()));

    // The Q_PROPERTYs views bind to.
    CHECK(config.property("complete").toBool());
    CHECK_FALSE(config.property("checking").toBool());
    const auto viaProperty = config.property("checks").value<QList<PreflightCheck>>();
    CHECK(viaProperty == config.checks());
}

TEST_CASE("WelcomeConfig: a failed check blocks, Check again with the cause fixed completes", "[ui][welcome]")
{
    auto probe = healthyProbe();
    probe->uid = 1000;
    WelcomeConfig config(context(), probe);
    config.runChecks();
    REQUIRE(waitChecked(config));
    CHECK_FALSE(config.isComplete());
    CHECK(config.checks().at(0).level == Level::Fail);
    CHECK(config.checkSummary().startsWith(QStringLiteral("1 check failed")));

    QSignalSpy complete(&config, &WelcomeConfig::completeChanged);
    probe->uid = 0;
    config.runChecks();
    REQUIRE(waitChecked(config));
    CHECK(config.isComplete());
    REQUIRE(complete.size() == 1);
    CHECK(complete.at(0).at(0).toBool());
}

TEST_CASE("WelcomeConfig: warnings do not block", "[ui][welcome]")
{
    auto probe = healthyProbe();
    probe->filesystems[QStringLiteral("/")].typeMagic = EXT4_SUPER_MAGIC;
    probe->filesystems[QStringLiteral("/")].typeName = QStringLiteral("ext4");
    probe->executables.clear();
    WelcomeConfig config(context(), probe);
    config.runChecks();
    REQUIRE(waitChecked(config));
    CHECK(countLevel(config.checks(), Level::Warn) == 2);
    CHECK(config.isComplete());
    CHECK(config.checkSummary() == QStringLiteral("2 warnings: the installation can go on."));

    // The same facts in demo mode: the missing agent is a failure there.
    WelcomeConfig demo(context(true), probe);
    demo.runChecks();
    REQUIRE(waitChecked(demo));
    CHECK_FALSE(demo.isComplete());
}

TEST_CASE("WelcomeConfig: while checking it is not complete and a second start is ignored", "[ui][welcome]")
{
    auto probe = healthyProbe();
    WelcomeConfig config(context(), probe);
    config.runChecks();
    REQUIRE(waitChecked(config));
    REQUIRE(config.isComplete());
    const int callsBefore = probe->uidCalls;

    QSemaphore gate;
    probe->gate = &gate;
    QSignalSpy complete(&config, &WelcomeConfig::completeChanged);
    config.runChecks();
    CHECK(config.isChecking());
    CHECK_FALSE(config.isComplete());
    REQUIRE(complete.size() == 1);
    CHECK_FALSE(complete.at(0).at(0).toBool());
    CHECK(config.checkSummary() == QStringLiteral("Checking this system…"));
    config.runChecks();  // ignored: already running
    QTest::qWait(50);
    CHECK(config.isChecking());

    gate.release();
    REQUIRE(waitChecked(config));
    probe->gate = nullptr;
    CHECK(probe->uidCalls == callsBefore + 1);
    CHECK(config.isComplete());
    CHECK(complete.size() == 2);
}

TEST_CASE("WelcomeConfig destroyed while its checks run", "[ui][welcome]")
{
    auto probe = healthyProbe();
    QSemaphore gate;
    probe->gate = &gate;
    {
        WelcomeConfig config(context(), probe);
        config.runChecks();
        REQUIRE(config.isChecking());
    }
    gate.release();
    CHECK(QThreadPool::globalInstance()->waitForDone(10000));
    QCoreApplication::processEvents();
    CHECK(probe->uidCalls == 1);
}

TEST_CASE("WelcomeConfig intro: the six steps, what this version does, demo mode", "[ui][welcome]")
{
    WelcomeConfig config(context(), healthyProbe());
    const QString intro = config.introText();
    for (const char *step : {"Snapshot backup", "Compressed transfer", "restore", "Reboot of the Secondary",
                             "Hardware checklist", "Installation of components", "Network adjustments"})
        CHECK(intro.contains(QString::fromUtf8(step)));
    CHECK(intro.count(QStringLiteral("this version")) == 2);
    CHECK(intro.count(QStringLiteral("later version")) == 4);
    CHECK_FALSE(intro.contains(QStringLiteral("Demo mode")));
    CHECK_FALSE(config.demoMode());

    WelcomeConfig demo(context(true), healthyProbe());
    CHECK(demo.demoMode());
    CHECK(demo.introText().contains(QStringLiteral("Demo mode:</b> the Secondary is a local agent with a sandbox root.")));
}
