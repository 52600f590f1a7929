// SPDX-License-Identifier: GPL-3.0-or-later
// The Components page offscreen, after a real clone and reboot to a demo agent: the list is read
// on entering, the demo bundle is proposed with its changes, Install runs with progress and
// shows the outcome, Next opens, Roll back empties the installed list.
// ST_UI_SCREENSHOT_DIR=DIR saves pictures of the page.
#include "UiTestSupport.h"

#include "component/DemoBundle.h"
#include "config/ComponentsConfig.h"
#include "pages/ComponentsPage.h"
#include "support/CatchQt.h"
#include "support/TestTree.h"

#include <QCheckBox>
#include <QPushButton>
#include <QTest>
#include <QTreeWidget>

using namespace st;
using namespace st::test;

TEST_CASE("components page: proposes the demo bundle, installs it with progress, and rolls it back", "[ui][components][page]")
{
    ScratchDir dir("components-page");
    writeFile(dir / "source/etc/hostname", "primary\n");
    // The clone carries the Primary's users: files placed get their owners from them.
    writeFile(dir / "source/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
    writeFile(dir / "source/etc/group", "root:x:0:\n");
    writeFile(dir / "demo/secondary-root/etc/hostname", "secondary\n");
    std::unique_ptr<DemoSecondary> agent = startAgent(QString::fromLocal8Bit(dir / "demo"));
    std::shared_ptr<WizardSession> session = makeSession(QString::fromLocal8Bit(dir / "primary"));
    pairWith(*session, *agent);
    session->setProtection(protectionOf(dir / "source"));
    cloneAndReboot(session);
    Result<DemoBundle> demo = prepareDemoBundle(agent->workDir());
    REQUIRE(demo);
    ComponentsOptions options;
    options.trustedKeys = demo->trustedKeys;
    options.bundles = {demo->bundleDir};

    ComponentsPage page(new ComponentsConfig(session, options));
    page.resize(980, 760);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    CHECK(page.id() == QStringLiteral("components"));
    page.onEnter();
    CHECK(page.isBusy());  // reading the Secondary's list
    REQUIRE(waitUntil([&] { return !page.isBusy() && page.config()->state() != ComponentsConfig::State::Verifying; }, 120000));
    REQUIRE(page.proposedTable()->topLevelItemCount() == 1);
    QTreeWidgetItem *item = page.proposedTable()->topLevelItem(0);
    CHECK(item->text(0) == QStringLiteral("demo-site-tools"));
    CHECK(item->text(3).startsWith(QStringLiteral("SHA256:")));
    CHECK(item->childCount() == 6);  // the description, three actions, two checks
    CHECK(page.installedTable()->topLevelItemCount() == 0);
    CHECK_FALSE(page.isComplete());
    CHECK(page.installButton()->isEnabled());
    CHECK_FALSE(page.rollbackButton()->isEnabled());
    CHECK_FALSE(page.removeButton()->isEnabled());  // nothing selected
    page.proposedTable()->setCurrentItem(item);
    CHECK(page.removeButton()->isEnabled());
    saveScreenshot(page, QStringLiteral("components-proposed.png"));

    QTest::mouseClick(page.installButton(), Qt::LeftButton);
    CHECK(page.isBusy());
    CHECK(page.cancelButton()->isEnabled());
    CHECK_FALSE(page.installButton()->isEnabled());
    REQUIRE(waitUntil([&] { return !page.isBusy(); }, 120000));
    INFO(page.config()->log().join(QLatin1Char('\n')).toStdString());
    REQUIRE(page.config()->state() == ComponentsConfig::State::Done);
    CHECK(page.proposedTable()->topLevelItem(0)->text(4) == QStringLiteral("installed"));
    REQUIRE(page.installedTable()->topLevelItemCount() == 1);
    CHECK(page.isComplete());
    CHECK(page.rollbackButton()->isEnabled());
    CHECK_FALSE(page.installButton()->isEnabled());  // everything proposed is installed at its version
    QTreeWidgetItem *installed = page.installedTable()->topLevelItem(0);
    REQUIRE(installed->childCount() == 4);  // the description and the three actions, as journaled
    CHECK(installed->child(2)->text(0) == QStringLiteral("place /etc/servertwin-demo/site.conf (root:root 0640) (done)"));
    saveScreenshot(page, QStringLiteral("components-installed.png"));

    QTest::mouseClick(page.rollbackButton(), Qt::LeftButton);
    REQUIRE(waitUntil([&] { return !page.isBusy(); }, 120000));
    CHECK(page.installedTable()->topLevelItemCount() == 0);
    CHECK(page.isComplete());
    CHECK(page.installButton()->isEnabled());  // after the rollback it can be installed again
}
