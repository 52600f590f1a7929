// SPDX-License-Identifier: GPL-3.0-or-later
// The wizard shell on the offscreen platform: steps, navigation, Cancel, keyboard, geometry,
// screenshots.
#include "FakeSystemProbe.h"
#include "Icons.h"
#include "ScreenshotRunner.h"
#include "StandardPages.h"
#include "WizardPage.h"
#include "WizardWindow.h"
#include "config/WelcomeConfig.h"
#include "pages/WelcomePage.h"
#include "session/WizardSession.h"
#include "widgets/PageHeader.h"
#include "widgets/StepList.h"

#include "support/CatchQt.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTest>

using namespace st;
using st::test::FakeSystemProbe;

namespace {

/** A page whose state the test sets; records its enter/leave hooks into a shared log. */
class ScriptedPage : public WizardPage {
public:
    ScriptedPage(QString id, QStringList *log) : m_id(std::move(id)), m_log(log) {}
    QString id() const override { return m_id; }
    QString title() const override { return QStringLiteral("Step ") + m_id; }
    QString subtitle() const override { return QStringLiteral("What ") + m_id + QStringLiteral(" does."); }
    QIcon icon() const override { return icons::icon(icons::Id::StepSecondary); }
    bool isComplete() const override { return complete; }
    bool isBusy() const override { return busy; }
    bool hasFailed() const override { return failed; }
    void onEnter() override { m_log->append(QStringLiteral("enter ") + m_id); }
    void onLeave() override { m_log->append(QStringLiteral("leave ") + m_id); }
    void set(bool c, bool b = false, bool f = false)
    {
        complete = c;
        busy = b;
        failed = f;
        emit completeChanged();
    }

    bool complete = true;
    bool busy = false;
    bool failed = false;

private:
    QString m_id;
    QStringList *m_log;
};

/** The shell's tests need one real page: Welcome over a fake probe. */
void addWelcome(WizardWindow &w, std::shared_ptr<const SystemProbe> probe);

WizardContext testContext()
{
    WizardContext c;
    c.stateDir = QStringLiteral("/var/lib/servertwin");
    c.applicationDir = QStringLiteral("/usr/bin");
    return c;
}

void addWelcome(WizardWindow &w, std::shared_ptr<const SystemProbe> probe)
{
    w.addPage(new WelcomePage(new WelcomeConfig(testContext(), std::move(probe))));
}

struct Buttons {
    QPushButton *back;
    QPushButton *next;
    QPushButton *cancel;
};

Buttons buttonsOf(WizardWindow &w)
{
    Buttons b{w.findChild<QPushButton *>(QStringLiteral("backButton")), w.findChild<QPushButton *>(QStringLiteral("nextButton")),
              w.findChild<QPushButton *>(QStringLiteral("cancelButton"))};
    REQUIRE(b.back);
    REQUIRE(b.next);
    REQUIRE(b.cancel);
    return b;
}

WelcomePage *welcomeOf(WizardWindow &w)
{
    auto *page = qobject_cast<WelcomePage *>(w.page(0));
    REQUIRE(page);
    return page;
}

bool waitNotBusy(WizardWindow &w)
{
    return QTest::qWaitFor([&] { return !w.currentPage()->isBusy(); }, 10000);
}

}  // namespace

TEST_CASE("the wizard opens on Welcome, the side panel lists the seven steps, Welcome highlighted", "[ui][window]")
{
    WizardWindow w;
    w.setConfirmCancel([](QWidget *) { return true; });
    StandardPagesSetup setup;
    setup.session = std::make_shared<WizardSession>(testContext());
    setup.probe = FakeSystemProbe::healthy(testContext().stateDir, testContext().applicationDir);
    setup.primaryHost = QStringLiteral("primary");
    addStandardPages(w, setup);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));

    CHECK(w.windowTitle() == QStringLiteral("ServerTwin — Secondary installation"));
    CHECK_FALSE(w.windowIcon().isNull());
    CHECK(w.minimumWidth() >= 900);
    CHECK(w.minimumHeight() >= 600);
    REQUIRE(w.pageCount() == 8);
    CHECK(w.currentIndex() == 0);
    CHECK(w.currentPage()->id() == QStringLiteral("welcome"));

    auto *steps = w.findChild<StepList *>(QStringLiteral("stepList"));
    REQUIRE(steps);
    REQUIRE(steps->count() == 8);
    const QStringList titles{QStringLiteral("Welcome"), QStringLiteral("Secondary"), QStringLiteral("Protection set"),
                             QStringLiteral("Clone"), QStringLiteral("Reboot"), QStringLiteral("Hardware"), QStringLiteral("Components"),
                             QStringLiteral("Summary")};
    for (int i = 0; i < 8; ++i)
        CHECK(steps->title(i) == titles[i]);
    CHECK(steps->state(0) == StepState::Current);
    CHECK(steps->state(1) == StepState::Pending);

    auto *header = w.findChild<PageHeader *>();
    REQUIRE(header);
    CHECK(header->title() == QStringLiteral("Welcome"));
    CHECK_FALSE(header->subtitle().isEmpty());

    REQUIRE(waitNotBusy(w));
    REQUIRE(w.currentPage()->isComplete());
    Buttons b = buttonsOf(w);
    CHECK_FALSE(b.back->isEnabled());
    CHECK(b.next->isEnabled());
    CHECK(b.next->toolTip().contains(QStringLiteral("Secondary")));

    // Every page explains itself in the header.
    for (int i = 0; i < w.pageCount(); ++i) {
        CHECK_FALSE(w.page(i)->subtitle().isEmpty());
        CHECK_FALSE(w.page(i)->icon().isNull());
    }
    w.close();
}

TEST_CASE("on the last page Next reads Finish and closes without asking", "[ui][window]")
{
    QStringList log;
    WizardWindow w;
    int asked = 0;
    w.setConfirmCancel([&](QWidget *) {
        ++asked;
        return true;
    });
    auto *first = new ScriptedPage(QStringLiteral("first"), &log);
    auto *last = new ScriptedPage(QStringLiteral("last"), &log);
    last->complete = false;
    w.addPage(first);
    w.addPage(last);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    Buttons b = buttonsOf(w);
    CHECK(b.next->text() == QStringLiteral("&Next"));
    QTest::mouseClick(b.next, Qt::LeftButton);
    CHECK(b.next->text() == QStringLiteral("&Finish"));
    CHECK_FALSE(b.next->isEnabled());
    last->complete = true;
    Q_EMIT last->completeChanged();
    REQUIRE(b.next->isEnabled());
    QTest::mouseClick(b.next, Qt::LeftButton);
    CHECK_FALSE(w.isVisible());
    CHECK(asked == 0);
}

TEST_CASE("Next is enabled exactly when the Welcome config is complete, Back is disabled on the first page", "[ui][window]")
{
    auto probe = FakeSystemProbe::healthy(testContext().stateDir, testContext().applicationDir);
    probe->uid = 1000;  // not root: the privileges check fails
    QStringList log;
    WizardWindow w;
    w.setConfirmCancel([](QWidget *) { return true; });
    addWelcome(w, probe);
    auto *second = new ScriptedPage(QStringLiteral("second"), &log);
    w.addPage(second);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    Buttons b = buttonsOf(w);
    WelcomePage *welcome = welcomeOf(w);

    auto *steps = w.findChild<StepList *>(QStringLiteral("stepList"));
    REQUIRE(steps->count() == 2);
    CHECK(steps->state(1) == StepState::Pending);

    REQUIRE(waitNotBusy(w));
    CHECK_FALSE(welcome->isComplete());
    CHECK_FALSE(b.next->isEnabled());
    CHECK(b.next->toolTip().contains(QStringLiteral("Check again")));
    CHECK_FALSE(b.back->isEnabled());
    QTest::mouseClick(b.next, Qt::LeftButton);
    CHECK(w.currentIndex() == 0);

    probe->uid = 0;
    auto *recheck = w.findChild<QPushButton *>(QStringLiteral("recheckButton"));
    REQUIRE(recheck);
    QTest::mouseClick(recheck, Qt::LeftButton);
    CHECK_FALSE(b.next->isEnabled());  // checking
    REQUIRE(waitNotBusy(w));
    CHECK(welcome->isComplete());
    CHECK(b.next->isEnabled());
    CHECK(b.next->toolTip().contains(QStringLiteral("Step second")));

    QTest::mouseClick(b.next, Qt::LeftButton);
    CHECK(w.currentIndex() == 1);
    CHECK(log == QStringList{QStringLiteral("enter second")});
    CHECK(steps->state(0) == StepState::Done);
    CHECK(steps->state(1) == StepState::Current);
    CHECK(w.findChild<PageHeader *>()->title() == QStringLiteral("Step second"));
    CHECK(b.back->isEnabled());
    CHECK(b.next->text() == QStringLiteral("&Finish"));  // last page

    QTest::mouseClick(b.back, Qt::LeftButton);
    CHECK(w.currentIndex() == 0);
    CHECK(log.last() == QStringLiteral("leave second"));
    CHECK(steps->state(0) == StepState::Current);
    CHECK(steps->state(1) == StepState::Pending);
    CHECK_FALSE(b.back->isEnabled());
    w.close();
}

TEST_CASE("a busy page blocks Back, an incomplete one Next, a failed one is marked in the side panel", "[ui][window]")
{
    QStringList log;
    WizardWindow w;
    w.setConfirmCancel([](QWidget *) { return true; });
    auto *one = new ScriptedPage(QStringLiteral("one"), &log);
    auto *two = new ScriptedPage(QStringLiteral("two"), &log);
    auto *three = new ScriptedPage(QStringLiteral("three"), &log);
    w.addPage(one);
    w.addPage(two);
    w.addPage(three);
    CHECK(log == QStringList{QStringLiteral("enter one")});
    Buttons b = buttonsOf(w);
    w.next();
    REQUIRE(w.currentIndex() == 1);

    two->set(false, true);
    CHECK_FALSE(b.back->isEnabled());
    CHECK_FALSE(b.next->isEnabled());
    w.back();  // refused while busy
    CHECK(w.currentIndex() == 1);

    two->set(false, false, true);
    auto *steps = w.findChild<StepList *>(QStringLiteral("stepList"));
    CHECK(steps->state(1) == StepState::Failed);
    CHECK(b.back->isEnabled());
    CHECK_FALSE(b.next->isEnabled());
    w.next();  // refused while incomplete
    CHECK(w.currentIndex() == 1);

    two->set(true);
    CHECK(steps->state(1) == StepState::Current);
    CHECK(b.next->isEnabled());
    w.next();
    CHECK(w.currentIndex() == 2);
    CHECK(log == QStringList{QStringLiteral("enter one"), QStringLiteral("leave one"), QStringLiteral("enter two"),
                             QStringLiteral("leave two"), QStringLiteral("enter three")});

    w.showPage(0);  // jumps regardless of completeness
    CHECK(w.currentIndex() == 0);
    CHECK(steps->state(2) == StepState::Pending);
}

TEST_CASE("Cancel asks for confirmation, so do Escape and closing the window", "[ui][window]")
{
    QStringList log;
    WizardWindow w;
    w.addPage(new ScriptedPage(QStringLiteral("one"), &log));
    int asked = 0;
    bool answer = false;
    w.setConfirmCancel([&](QWidget *parent) {
        CHECK(parent == &w);
        ++asked;
        return answer;
    });
    QSignalSpy cancelled(&w, &WizardWindow::cancelled);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    Buttons b = buttonsOf(w);

    QTest::mouseClick(b.cancel, Qt::LeftButton);
    CHECK(asked == 1);
    CHECK(w.isVisible());
    CHECK(cancelled.isEmpty());

    QTest::keyClick(&w, Qt::Key_Escape);
    CHECK(asked == 2);
    CHECK(w.isVisible());

    CHECK_FALSE(w.close());
    CHECK(asked == 3);
    CHECK(w.isVisible());

    answer = true;
    QTest::mouseClick(b.cancel, Qt::LeftButton);
    CHECK(asked == 4);  // asked once, not again by the close that follows
    CHECK(cancelled.size() == 1);
    CHECK_FALSE(w.isVisible());
}

TEST_CASE("keyboard: mnemonics, tab order page then Back/Next/Cancel, a tooltip on every button", "[ui][window]")
{
    WizardWindow w;
    w.setConfirmCancel([](QWidget *) { return true; });
    addWelcome(w, FakeSystemProbe::healthy(testContext().stateDir, testContext().applicationDir));
    QStringList log;
    w.addPage(new ScriptedPage(QStringLiteral("second"), &log));
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    REQUIRE(waitNotBusy(w));
    Buttons b = buttonsOf(w);
    CHECK(b.back->text() == QStringLiteral("&Back"));
    CHECK(b.next->text() == QStringLiteral("&Next"));
    CHECK(b.cancel->text() == QStringLiteral("&Cancel"));

    const QList<QAbstractButton *> all = w.findChildren<QAbstractButton *>();
    REQUIRE(all.size() >= 4);
    for (QAbstractButton *button : all) {
        INFO(button->objectName().toStdString());
        CHECK_FALSE(button->toolTip().isEmpty());
    }

    // The tab chain, focusable widgets only, starting at the page's button.
    auto *recheck = w.findChild<QPushButton *>(QStringLiteral("recheckButton"));
    REQUIRE(recheck);
    QStringList chain;
    QWidget *at = recheck;
    do {
        if (at->focusPolicy() & Qt::TabFocus)
            chain << at->objectName();
        at = at->nextInFocusChain();
    } while (at != recheck);
    CHECK(chain == QStringList{QStringLiteral("recheckButton"), QStringLiteral("backButton"), QStringLiteral("nextButton"),
                               QStringLiteral("cancelButton")});
    w.close();
}

TEST_CASE("the window remembers its geometry", "[ui][window]")
{
    QSettings(QStringLiteral("ServerTwin"), QStringLiteral("servertwin")).remove(QStringLiteral("wizard/geometry"));
    {
        WizardWindow w;
        w.setConfirmCancel([](QWidget *) { return true; });
        w.show();
        REQUIRE(QTest::qWaitForWindowExposed(&w));
        w.resize(1111, 777);
        QTest::qWait(20);
        REQUIRE(w.close());
    }
    CHECK(QSettings(QStringLiteral("ServerTwin"), QStringLiteral("servertwin")).contains(QStringLiteral("wizard/geometry")));
    WizardWindow again;
    CHECK(again.size() == QSize(1111, 777));
}

TEST_CASE("ScreenshotRunner writes NN-<page>.png for every page once it is no longer busy", "[ui][window]")
{
    const QString dir = QStringLiteral(ST_BINARY_DIR "/test-ui-shots");
    QDir(dir).removeRecursively();
    QStringList log;
    auto probe = FakeSystemProbe::healthy(testContext().stateDir, testContext().applicationDir);
    probe->uid = 1000;
    QSemaphore gate;
    probe->gate = &gate;
    WizardWindow w;
    w.setConfirmCancel([](QWidget *) { return true; });
    addWelcome(w, probe);
    w.addPage(new ScriptedPage(QStringLiteral("second"), &log));
    w.resize(1000, 680);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));

    ScreenshotRunner runner(&w, dir);
    QSignalSpy finished(&runner, &ScreenshotRunner::finished);
    runner.start();
    QTest::qWait(400);
    CHECK(finished.isEmpty());  // still waiting for the checks
    CHECK_FALSE(QFile::exists(dir + QStringLiteral("/01-welcome.png")));
    gate.release();
    REQUIRE(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 15000));
    probe->gate = nullptr;

    const QStringList expected{dir + QStringLiteral("/01-welcome.png"), dir + QStringLiteral("/02-second.png")};
    CHECK(runner.writtenFiles() == expected);
    for (const QString &file : expected) {
        const QImage image(file);
        INFO(file.toStdString());
        REQUIRE_FALSE(image.isNull());
        CHECK(image.size() == w.size() * w.devicePixelRatio());
    }
    w.close();
}

TEST_CASE("ScreenshotRunner reports a directory it cannot create and a page that stays busy", "[ui][window]")
{
    const QString base = QStringLiteral(ST_BINARY_DIR "/test-ui-shots-errors");
    QDir(base).removeRecursively();
    REQUIRE(QDir().mkpath(base));
    QFile blocker(base + QStringLiteral("/file"));
    REQUIRE(blocker.open(QIODevice::WriteOnly));
    blocker.close();

    auto probe = FakeSystemProbe::healthy(testContext().stateDir, testContext().applicationDir);
    QSemaphore gate;
    probe->gate = &gate;
    WizardWindow w;
    w.setConfirmCancel({});
    addWelcome(w, probe);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));

    ScreenshotRunner bad(&w, blocker.fileName() + QStringLiteral("/shots"));
    QSignalSpy badDone(&bad, &ScreenshotRunner::finished);
    bad.start();
    REQUIRE(QTest::qWaitFor([&] { return !badDone.isEmpty(); }, 5000));
    const auto badStatus = badDone.at(0).at(0).value<Status>();
    REQUIRE_FALSE(badStatus.ok());
    CHECK(badStatus.error().code == ErrorCode::Io);
    CHECK(badStatus.error().message.contains(blocker.fileName()));

    ScreenshotRunner slow(&w, base + QStringLiteral("/shots"));
    slow.setBusyTimeoutMs(300);
    QSignalSpy slowDone(&slow, &ScreenshotRunner::finished);
    slow.start();
    REQUIRE(QTest::qWaitFor([&] { return !slowDone.isEmpty(); }, 5000));
    const auto slowStatus = slowDone.at(0).at(0).value<Status>();
    REQUIRE_FALSE(slowStatus.ok());
    CHECK(slowStatus.error().message.contains(QStringLiteral("welcome still busy")));
    CHECK(slow.writtenFiles().isEmpty());

    gate.release();
    REQUIRE(waitNotBusy(w));
    probe->gate = nullptr;
    w.close();  // no confirmation function: closes at once
    CHECK_FALSE(w.isVisible());
}

TEST_CASE("every icon resource renders (the SVG icon engine is installed)", "[ui][icons]")
{
    using icons::Id;
    for (Id id : {Id::App, Id::StepPending, Id::StepCurrent, Id::StepDone, Id::StepFailed, Id::CheckPass, Id::CheckWarn,
                  Id::CheckFail, Id::CheckInfo, Id::StepWelcome, Id::StepSecondary, Id::StepProtection, Id::StepClone, Id::StepReboot, Id::StepHardware, Id::StepSummary}) {
        INFO(icons::path(id).toStdString());
        CHECK(QFile::exists(icons::path(id)));
        const QImage image = icons::icon(id).pixmap(QSize(32, 32)).toImage();
        REQUIRE_FALSE(image.isNull());
        // Rendered, not blank: some pixel in the middle row is opaque.
        bool opaque = false;
        for (int x = 0; x < image.width(); ++x)
            opaque = opaque || qAlpha(image.pixel(x, image.height() / 2)) > 0;
        CHECK(opaque);
    }
}
