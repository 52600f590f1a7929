// SPDX-License-Identifier: GPL-3.0-or-later
// The whole wizard on the offscreen platform, driven like an engineer would through its
// buttons: pre-flight, the connection test to a real demo agent process, the protection set,
// a real clone (with the GUI thread's latency measured meanwhile), the reboot, the hardware
// checklist confirmed, the summary and its export.
// And closing the window mid-clone: confirmation, clean cancel, then the window closes.
#include "FakeSystemProbe.h"
#include "LatencyProbe.h"
#include "UiTestSupport.h"

#include "StandardPages.h"
#include "WizardPage.h"
#include "WizardWindow.h"
#include "config/CloneConfig.h"
#include "component/DemoBundle.h"
#include "config/ComponentsConfig.h"
#include "config/HardwareConfig.h"
#include "pages/ClonePage.h"
#include "pages/ComponentsPage.h"
#include "pages/HardwarePage.h"
#include "pages/RebootPage.h"
#include "support/CatchQt.h"
#include "support/TestTree.h"
#include "widgets/ConfirmationList.h"
#include "widgets/HardwareTable.h"
#include "widgets/TargetBox.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QLabel>
#include <QPushButton>
#include <QTest>


using namespace st;
using namespace st::test;

namespace {

struct Wizard {
    ScratchDir dir{"wizard-flow"};
    std::unique_ptr<DemoSecondary> agent;
    std::shared_ptr<WizardSession> session;
    std::unique_ptr<WizardWindow> window;

    Wizard()
    {
        agent = startAgent(QString::fromLocal8Bit(dir / "demo"));
        WizardContext context;
        context.demoMode = true;
        context.stateDir = agent->primaryStateDir();
        context.applicationDir = QStringLiteral(ST_BINARY_DIR "/app");
        session = std::make_shared<WizardSession>(context);
        StandardPagesSetup setup;
        setup.session = session;
        setup.probe = FakeSystemProbe::healthy(context.stateDir, context.applicationDir);
        setup.demo = agent.get();
        setup.primaryHost = QStringLiteral("primary-under-test");
        // As the demo does: its signed bundle is proposed on the Components step.
        Result<DemoBundle> demoBundle = prepareDemoBundle(agent->workDir());
        REQUIRE(demoBundle);
        setup.components.trustedKeys = demoBundle->trustedKeys;
        setup.components.bundles = {demoBundle->bundleDir};
        window = std::make_unique<WizardWindow>();
        window->setConfirmCancel({});
        addStandardPages(*window, setup);
        window->resize(1000, 700);
        window->show();
        REQUIRE(QTest::qWaitForWindowExposed(window.get()));
    }
    QPushButton *button(const char *name) const { return window->findChild<QPushButton *>(QString::fromLatin1(name)); }
    int indexOf(const QString &id) const
    {
        for (int i = 0; i < window->pageCount(); ++i)
            if (window->page(i)->id() == id)
                return i;
        FAIL("no page " << id.toStdString());
        return -1;
    }
    void waitComplete()
    {
        WizardPage *page = window->currentPage();
        const bool done = waitUntil([&] { return page->isComplete() && !page->isBusy(); }, 120000);
        INFO("page " << page->id().toStdString());
        REQUIRE(done);
    }
    void clickNext()
    {
        const int before = window->currentIndex();
        QPushButton *next = button("nextButton");
        REQUIRE(next->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);
        REQUIRE(window->currentIndex() == before + 1);
    }
};

}  // namespace

TEST_CASE("wizard: the whole installation through the buttons, to a real agent", "[ui][wizard][flow]")
{
    Wizard w;
    const QStringList ids = [&] {
        QStringList l;
        for (int i = 0; i < w.window->pageCount(); ++i)
            l << w.window->page(i)->id();
        return l;
    }();
    CHECK(ids == QStringList{QStringLiteral("welcome"), QStringLiteral("secondary"), QStringLiteral("protection"),
                             QStringLiteral("clone"), QStringLiteral("reboot"), QStringLiteral("hardware"), QStringLiteral("components"),
                             QStringLiteral("summary")});

    // 1. Welcome: the checks run by themselves.
    w.waitComplete();
    w.clickNext();

    // 2. Secondary: the demo prefilled address and code; test the connection.
    REQUIRE(w.window->currentPage()->id() == QStringLiteral("secondary"));
    auto *box = w.window->findChild<TargetBox *>(QStringLiteral("secondaryBox"));
    REQUIRE(box);
    CHECK(box->addressEdit()->text() == w.agent->address());
    CHECK_FALSE(w.button("nextButton")->isEnabled());
    QTest::mouseClick(box->testButton(), Qt::LeftButton);
    w.waitComplete();
    w.clickNext();
    REQUIRE(w.session->targets().size() == 1);

    // 3. Protection set: the demo profile; wait for its plan (and estimate).
    REQUIRE(w.window->currentPage()->id() == QStringLiteral("protection"));
    w.waitComplete();
    w.clickNext();
    REQUIRE(w.session->protection());

    // 4. Clone: Start, and the GUI thread stays responsive throughout.
    REQUIRE(w.window->currentPage()->id() == QStringLiteral("clone"));
    auto *clone = static_cast<ClonePage *>(w.window->currentPage());
    // Before the clone: what the Secondary keeps of its own, folded under a toggle.
    CHECK_FALSE(clone->keptList()->isVisible());
    auto *keptToggle = clone->findChild<QToolButton *>(QStringLiteral("keptToggle"));
    REQUIRE(keptToggle);
    QTest::mouseClick(keptToggle, Qt::LeftButton);
    CHECK(clone->keptList()->isVisible());
    CHECK(clone->keptList()->text().contains(QStringLiteral("/etc/fstab")));
    CHECK(clone->keptList()->text().contains(QStringLiteral("initramfs")));
    if (const QString dir = qEnvironmentVariable("ST_UI_SCREENSHOT_DIR"); !dir.isEmpty())
        CHECK(w.window->grab().save(dir + QStringLiteral("/clone-kept.png"), "PNG"));
    QTest::mouseClick(keptToggle, Qt::LeftButton);
    CHECK_FALSE(clone->keptList()->isVisible());
    LatencyProbe probe;
    QTest::mouseClick(clone->startButton(), Qt::LeftButton);
    CHECK(clone->isBusy());
    CHECK_FALSE(w.button("backButton")->isEnabled());  // no going back mid-clone
    w.waitComplete();
    probe.stop();
    WARN("wizard clone: worst GUI event-loop latency " << probe.worstLatencyMs() << " ms (own " << probe.worstOwnLatencyMs()
                                                       << " ms) over " << probe.ticks() << " ticks; late by over 20 ms: "
                                                       << probe.spikes().toStdString());
    CHECK(probe.worstOwnLatencyMs() < kGuiLatencyBudgetMs);
    REQUIRE(w.session->outcome());
    REQUIRE(w.session->outcome()->result);
    // Staged on the Secondary, applied by the reboot step: its root does not have it yet.
    CHECK_FALSE(QFile::exists(w.agent->secondaryRoot() + QStringLiteral("/usr/lib/os-release")));
    w.clickNext();

    // 5. Reboot: the Secondary reboots (simulated by the demo agent), applies the clone at
    // boot and comes back; once it accepted, Back stays disabled.
    REQUIRE(w.window->currentPage()->id() == QStringLiteral("reboot"));
    auto *reboot = static_cast<RebootPage *>(w.window->currentPage());
    CHECK(w.button("backButton")->isEnabled());  // nothing asked yet
    CHECK_FALSE(w.button("nextButton")->isEnabled());
    QString asked;
    reboot->setConfirmStart([&](QWidget *, const QString &target) {
        asked = target;
        return true;
    });
    QTest::mouseClick(reboot->startButton(), Qt::LeftButton);
    CHECK(asked.contains(w.agent->address()));
    CHECK(reboot->isBusy());
    w.waitComplete();
    CHECK_FALSE(w.button("backButton")->isEnabled());
    CHECK_FALSE(w.button("backButton")->toolTip().isEmpty());
    REQUIRE(w.session->rebootOutcome());
    REQUIRE(w.session->rebootOutcome()->result);
    CHECK(QFile::exists(w.agent->secondaryRoot() + QStringLiteral("/usr/lib/os-release")));
    auto *applyLog = w.window->findChild<QPlainTextEdit *>(QStringLiteral("applyLog"));
    REQUIRE(applyLog);
    CHECK(applyLog->toPlainText().contains(QStringLiteral("applied")));
    w.clickNext();

    // 6. Hardware: both machines are read on entering the step; Next waits for every item of
    // the checklist, confirmed with the engineer's name.
    REQUIRE(w.window->currentPage()->id() == QStringLiteral("hardware"));
    auto *hardware = static_cast<HardwarePage *>(w.window->currentPage());
    REQUIRE(waitUntil([&] { return !hardware->isBusy(); }, 120000));
    INFO(hardware->config()->log().join(QLatin1Char('\n')).toStdString());
    REQUIRE(hardware->config()->state() == HardwareConfig::State::Checked);
    CHECK(hardware->table()->topLevelItemCount() == 3);  // compatibility, after the reboot, inventory
    CHECK_FALSE(w.button("nextButton")->isEnabled());
    hardware->engineerField()->clear();
    QTest::keyClicks(hardware->engineerField(), QStringLiteral("Grace Hopper"));
    const QList<ChecklistItem> items = hardware->config()->items();
    REQUIRE(items.size() >= 3);
    for (const ChecklistItem &item : items) {
        QCheckBox *box = hardware->confirmationList()->box(item.id);
        REQUIRE(box);
        QTest::mouseClick(box, Qt::LeftButton);
        CHECK(box->isChecked());
    }
    REQUIRE(w.button("nextButton")->isEnabled());
    w.clickNext();

    // 7. Components: the demo's signed bundle is proposed; Next waits for it to be installed
    // (or removed); Install sends it to the agent, which installs it into its sandbox root.
    REQUIRE(w.window->currentPage()->id() == QStringLiteral("components"));
    auto *components = static_cast<ComponentsPage *>(w.window->currentPage());
    REQUIRE(waitUntil([&] { return !components->isBusy() && components->config()->state() != ComponentsConfig::State::Verifying; }, 60000));
    INFO(components->config()->log().join(QLatin1Char('\n')).toStdString());
    REQUIRE(components->proposedTable()->topLevelItemCount() == 1);
    CHECK(components->proposedTable()->topLevelItem(0)->text(0) == QStringLiteral("demo-site-tools"));
    CHECK(components->installedTable()->topLevelItemCount() == 0);
    CHECK_FALSE(w.button("nextButton")->isEnabled());
    REQUIRE(components->installButton()->isEnabled());
    QTest::mouseClick(components->installButton(), Qt::LeftButton);
    REQUIRE(waitUntil([&] { return !components->isBusy(); }, 120000));
    REQUIRE(components->config()->state() == ComponentsConfig::State::Done);
    CHECK(components->proposedTable()->topLevelItem(0)->text(4) == QStringLiteral("installed"));
    CHECK(components->installedTable()->topLevelItemCount() == 1);
    CHECK(QFile::exists(w.agent->secondaryRoot() + QStringLiteral("/etc/servertwin-demo/site.conf")));
    REQUIRE(w.button("nextButton")->isEnabled());
    w.clickNext();

    // 8. Summary: export all three formats; Finish closes the wizard.
    REQUIRE(w.window->currentPage()->id() == QStringLiteral("summary"));
    auto *folder = w.window->findChild<QLineEdit *>(QStringLiteral("exportFolder"));
    REQUIRE(folder);
    folder->setText(QString::fromLocal8Bit(w.dir / "reports"));
    QDir().mkpath(folder->text());
    for (const char *name : {"exportHtml", "exportPdf", "exportJson"})
        QTest::mouseClick(w.button(name), Qt::LeftButton);
    const QStringList files = QDir(folder->text()).entryList(QDir::Files);
    CHECK(files.size() == 3);
    for (const QString &file : files)
        if (file.endsWith(QLatin1String(".html"))) {
            QFile html(folder->text() + QLatin1Char('/') + file);
            REQUIRE(html.open(QIODevice::ReadOnly));
            const QByteArray text = html.readAll();
            CHECK(text.contains("Hardware of the Secondary"));
            CHECK(text.contains("Grace Hopper"));
            CHECK(text.contains("demo-site-tools"));
        }
    QPushButton *finish = w.button("nextButton");
    CHECK(finish->text().contains(QStringLiteral("Finish")));
    QTest::mouseClick(finish, Qt::LeftButton);
    CHECK_FALSE(w.window->isVisible());
}

TEST_CASE("wizard: closing the window mid-clone asks, cancels cleanly, then closes", "[ui][wizard][flow]")
{
    Wizard w;
    // Straight to a connected Secondary and a large protection set.
    pairWith(*w.session, *w.agent);
    QByteArray block(1 << 20, 'x');
    for (int i = 0; i < 48; ++i) {
        QByteArray data = block;
        data[0] = char(i);
        writeFile(w.dir / "source/big/f" + QByteArray::number(i), data.repeated(6));
    }
    w.session->setProtection(protectionOf(w.dir / "source"));
    writeFile(QFile::encodeName(w.agent->secondaryRoot()) + "/keep-me", "untouched by a cancelled clone\n");

    int asked = 0;
    w.window->setConfirmCancel([&](QWidget *) {
        ++asked;
        return true;
    });
    w.window->showPage(w.indexOf(QStringLiteral("clone")));
    auto *clone = static_cast<ClonePage *>(w.window->currentPage());
    QTest::mouseClick(clone->startButton(), Qt::LeftButton);
    REQUIRE(waitUntil([&] { return clone->config()->stage(QStringLiteral("backup")).state == CloneStage::State::Running
                                   || !clone->isBusy(); }, 60000));
    REQUIRE(clone->isBusy());

    w.window->close();
    CHECK(asked == 1);
    CHECK(w.window->isVisible());  // still cleaning up
    CHECK_FALSE(w.button("cancelButton")->isEnabled());
    REQUIRE(waitUntil([&] { return !w.window->isVisible(); }, 60000));
    CHECK(clone->config()->state() == CloneConfig::State::Cancelled);
    const QList<QByteArray> root = listTree(QFile::encodeName(w.agent->secondaryRoot()));
    CHECK(root.contains(QByteArrayLiteral("keep-me")));
    CHECK_FALSE(root.contains(QByteArrayLiteral("big")));
}
