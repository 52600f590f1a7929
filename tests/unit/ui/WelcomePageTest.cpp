// SPDX-License-Identifier: GPL-3.0-or-later
// The Welcome page over its config: intro, "checking…" state, results with hints, Check again.
#include "FakeSystemProbe.h"
#include "config/WelcomeConfig.h"
#include "pages/WelcomePage.h"
#include "widgets/BusyIndicator.h"
#include "widgets/CheckListView.h"

#include "support/CatchQt.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace st;
using st::test::FakeSystemProbe;

namespace {

WizardContext testContext(bool demo = false)
{
    WizardContext c;
    c.demoMode = demo;
    c.stateDir = QStringLiteral("/var/lib/servertwin");
    c.applicationDir = QStringLiteral("/usr/bin");
    return c;
}

template <typename T>
T *child(QWidget &parent, const char *name)
{
    T *w = parent.findChild<T *>(QString::fromLatin1(name));
    REQUIRE(w);
    return w;
}

}  // namespace

TEST_CASE("Welcome page: checking state, then results with hints only where something is wrong", "[ui][welcome]")
{
    auto probe = FakeSystemProbe::healthy(testContext().stateDir, testContext().applicationDir);
    probe->uid = 1000;
    probe->executables.clear();
    QSemaphore gate;
    probe->gate = &gate;
    WelcomePage page(new WelcomeConfig(testContext(), probe));
    page.resize(700, 500);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    QSignalSpy changed(&page, &WizardPage::completeChanged);

    CHECK(page.id() == QStringLiteral("welcome"));
    CHECK(child<QLabel>(page, "introText")->text().contains(QStringLiteral("six steps")));
    CHECK_FALSE(page.config()->hasChecked());

    page.onEnter();  // the first visit starts the checks
    auto *spinner = child<BusyIndicator>(page, "checkSpinner");
    auto *summary = child<QLabel>(page, "checkSummary");
    auto *recheck = child<QPushButton>(page, "recheckButton");
    CHECK(page.isBusy());
    CHECK_FALSE(page.isComplete());
    CHECK(spinner->isRunning());
    CHECK(spinner->isVisible());
    CHECK(summary->text() == QStringLiteral("Checking this system…"));
    CHECK_FALSE(recheck->isEnabled());
    CHECK(page.incompleteHint().contains(QStringLiteral("Wait")));
    CHECK_FALSE(changed.isEmpty());

    gate.release();
    REQUIRE(QTest::qWaitFor([&] { return !page.isBusy(); }, 10000));
    probe->gate = nullptr;
    CHECK_FALSE(spinner->isVisible());
    CHECK(recheck->isEnabled());
    CHECK(summary->text().startsWith(QStringLiteral("1 check failed")));
    CHECK_FALSE(page.isComplete());
    CHECK(page.incompleteHint().contains(QStringLiteral("Check again")));

    auto *hint = child<QLabel>(page, "checkHint-privileges");
    CHECK(hint->isVisible());
    CHECK(hint->text().contains(QStringLiteral("sudo servertwin")));
    CHECK(child<QLabel>(page, "checkHint-agent")->isVisible());                     // warning: hint shown
    CHECK(page.findChild<QLabel *>(QStringLiteral("checkHint-snapshot")) == nullptr);  // passed: none
    CHECK(child<QLabel>(page, "checkMessage-snapshot")->isVisible());
    CHECK(child<QWidget>(page, "checkIcon-privileges")->toolTip() == QStringLiteral("Failed"));
    CHECK(child<QWidget>(page, "checkIcon-agent")->toolTip() == QStringLiteral("Warning"));
    CHECK(child<QWidget>(page, "checkIcon-snapshot")->toolTip() == QStringLiteral("Passed"));

    // Fixed, and Check again: complete, the failure's hint is gone.
    probe->uid = 0;
    changed.clear();
    QTest::mouseClick(recheck, Qt::LeftButton);
    REQUIRE(QTest::qWaitFor([&] { return page.isComplete(); }, 10000));
    CHECK_FALSE(changed.isEmpty());
    CHECK(page.findChild<QLabel *>(QStringLiteral("checkHint-privileges")) == nullptr);
    CHECK(summary->text() == QStringLiteral("1 warning: the installation can go on."));

    // A second visit keeps the results instead of checking again.
    const int calls = probe->uidCalls;
    page.onLeave();
    page.onEnter();
    CHECK_FALSE(page.isBusy());
    CHECK(probe->uidCalls == calls);
}

TEST_CASE("Welcome page in demo mode says so in the intro", "[ui][welcome]")
{
    auto probe = FakeSystemProbe::healthy(testContext().stateDir, testContext().applicationDir);
    WelcomePage page(new WelcomeConfig(testContext(true), probe));
    CHECK(child<QLabel>(page, "introText")->text().contains(QStringLiteral("the Secondary is a local agent with a sandbox root")));
    WelcomePage normal(new WelcomeConfig(testContext(false), probe));
    CHECK_FALSE(child<QLabel>(normal, "introText")->text().contains(QStringLiteral("Demo mode")));
}
