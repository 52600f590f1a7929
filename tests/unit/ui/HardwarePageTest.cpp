// SPDX-License-Identifier: GPL-3.0-or-later
// The Hardware page offscreen, after a real clone and reboot to a demo agent: the check starts
// on entering, the table shows both machines by section, a tick without a name is refused next
// to the list and unticked again, ticks with a name open Next, Re-check keeps them.
// ST_UI_SCREENSHOT_DIR=DIR saves pictures of the page.
#include "UiTestSupport.h"

#include "config/HardwareConfig.h"
#include "pages/HardwarePage.h"
#include "support/CatchQt.h"
#include "support/TestTree.h"
#include "widgets/ConfirmationList.h"
#include "widgets/HardwareTable.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace st;
using namespace st::test;

TEST_CASE("hardware page: checks on entering, shows both machines, and opens Next once every item is ticked with a name", "[ui][hardware][page]")
{
    ScratchDir dir("hardware-page");
    writeFile(dir / "source/etc/hostname", "primary\n");
    writeFile(dir / "demo/secondary-root/etc/hostname", "secondary\n");
    std::unique_ptr<DemoSecondary> agent = startAgent(QString::fromLocal8Bit(dir / "demo"));
    std::shared_ptr<WizardSession> session = makeSession(QString::fromLocal8Bit(dir / "primary"));
    pairWith(*session, *agent);
    session->setProtection(protectionOf(dir / "source"));
    cloneAndReboot(session);

    HardwarePage page(new HardwareConfig(session));
    page.resize(980, 760);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    CHECK(page.id() == QStringLiteral("hardware"));
    CHECK_FALSE(page.targetPicker()->isVisible());  // one target
    int completeChanges = 0;
    QObject::connect(&page, &WizardPage::completeChanged, &page, [&] { ++completeChanges; });
    page.onEnter();
    CHECK(page.isBusy());  // started by itself
    CHECK_FALSE(page.recheckButton()->isEnabled());
    CHECK(page.cancelButton()->isEnabled());
    REQUIRE(waitUntil([&] { return !page.isBusy(); }, 120000));
    REQUIRE(page.config()->state() == HardwareConfig::State::Checked);
    CHECK(page.recheckButton()->isEnabled());
    CHECK(page.recheckButton()->text().contains(QStringLiteral("Re-")));
    CHECK_FALSE(page.cancelButton()->isEnabled());

    HardwareTable *table = page.table();
    REQUIRE(table->topLevelItemCount() == 3);
    CHECK(table->topLevelItem(0)->text(HardwareTable::ItemColumn) == QStringLiteral("Compatibility"));
    CHECK(table->topLevelItem(0)->childCount() == 10);
    CHECK_FALSE(table->topLevelItem(0)->child(0)->icon(HardwareTable::CheckColumn).isNull());
    CHECK_FALSE(table->topLevelItem(2)->child(0)->text(HardwareTable::PrimaryColumn).isEmpty());
    CHECK(page.findChild<QLabel *>(QStringLiteral("verdict"))->text().startsWith(QStringLiteral("Nothing blocks")));
    CHECK_FALSE(page.isComplete());
    CHECK(page.incompleteHint().contains(QStringLiteral("Confirm every item")));
    saveScreenshot(page, QStringLiteral("hardware-checked.png"));

    // A tick without a name: refused next to the list, the box unticked again.
    const QList<ChecklistItem> items = page.config()->items();
    REQUIRE(items.size() >= 3);
    page.engineerField()->clear();
    QTest::keyClick(page.engineerField(), Qt::Key_Backspace);  // an edit: the config hears it
    page.config()->setEngineer(QString());
    QCheckBox *first = page.confirmationList()->box(items[0].id);
    REQUIRE(first);
    QTest::mouseClick(first, Qt::LeftButton);
    CHECK_FALSE(first->isChecked());
    auto *confirmError = page.findChild<QLabel *>(QStringLiteral("confirmError"));
    REQUIRE(confirmError);
    CHECK(confirmError->isVisible());
    CHECK(confirmError->text().contains(QStringLiteral("name")));

    // With a name, each tick records who and when; the note goes with it.
    QTest::keyClicks(page.engineerField(), QStringLiteral("Ada Lovelace"));
    CHECK(page.config()->engineer() == QStringLiteral("Ada Lovelace"));
    QTest::keyClicks(page.confirmationList()->noteField(items[0].id), QStringLiteral("rack 4, port 2"));
    completeChanges = 0;
    for (const ChecklistItem &item : items) {
        QTest::mouseClick(page.confirmationList()->box(item.id), Qt::LeftButton);
        INFO(item.id.toStdString() << ": " << confirmError->text().toStdString());
        CHECK(page.confirmationList()->box(item.id)->isChecked());
    }
    CHECK_FALSE(confirmError->isVisible());
    CHECK(completeChanges >= static_cast<int>(items.size()));
    CHECK(page.isComplete());
    const inv::Confirmation *c = page.config()->confirmations().confirmation(items[0].id);
    REQUIRE(c);
    CHECK(c->by == QStringLiteral("Ada Lovelace"));
    CHECK(c->note == QStringLiteral("rack 4, port 2"));
    CHECK_FALSE(page.confirmationList()->noteField(items[0].id)->isEnabled());  // part of the tick now
    CHECK(page.findChild<QLabel *>(QStringLiteral("who-%1").arg(items[0].id))->text().startsWith(QStringLiteral("Ada Lovelace, ")));
    saveScreenshot(page, QStringLiteral("hardware-confirmed.png"));

    // Re-check: the boxes stay ticked and Next open.
    QTest::mouseClick(page.recheckButton(), Qt::LeftButton);
    CHECK(page.isBusy());
    CHECK_FALSE(page.isComplete());
    REQUIRE(waitUntil([&] { return !page.isBusy(); }, 120000));
    CHECK(page.isComplete());
    CHECK(page.confirmationList()->box(items[0].id)->isChecked());

    // Unticking closes Next again.
    QTest::mouseClick(page.confirmationList()->box(items[1].id), Qt::LeftButton);
    CHECK_FALSE(page.isComplete());
    CHECK(page.confirmationList()->noteField(items[1].id)->isEnabled());
}
