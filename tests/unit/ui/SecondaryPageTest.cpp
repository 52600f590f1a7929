// SPDX-License-Identifier: GPL-3.0-or-later
// The Secondary page on the offscreen platform: fields, inline errors, the test button, the
// agent's identity shown for comparison, keyboard.
#include "UiTestSupport.h"

#include "config/SecondaryConfig.h"
#include "pages/SecondaryPage.h"
#include "support/CatchQt.h"
#include "support/TestTree.h"
#include "widgets/TargetBox.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace st;
using namespace st::test;

TEST_CASE("Secondary page: errors next to the fields, then a real connection test", "[ui][secondary][page]")
{
    ScratchDir dir("secondary-page");
    auto agent = startAgent(QString::fromLocal8Bit(dir / "demo"));
    auto session = makeSession(QString::fromLocal8Bit(dir / "primary"));
    QSettings().clear();  // no address remembered from an earlier test
    SecondaryPage page(new SecondaryConfig(session));
    page.resize(800, 700);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    QSignalSpy complete(&page, &WizardPage::completeChanged);

    TargetBox *box = page.secondaryBox();
    auto *addressError = box->findChild<QLabel *>(QStringLiteral("addressError"));
    auto *codeError = box->findChild<QLabel *>(QStringLiteral("codeError"));
    REQUIRE(addressError);
    REQUIRE(codeError);
    CHECK_FALSE(addressError->isVisible());

    // Enter in the empty address field runs the test, which stops at the validation.
    box->addressEdit()->setFocus();
    QTest::keyClick(box->addressEdit(), Qt::Key_Return);
    CHECK(addressError->isVisible());
    CHECK_FALSE(addressError->text().isEmpty());
    CHECK_FALSE(page.isComplete());

    QTest::keyClicks(box->addressEdit(), agent->address());
    CHECK(page.config()->secondary()->address() == agent->address());
    CHECK_FALSE(addressError->isVisible());  // cleared as soon as the field changes
    QTest::keyClicks(box->codeEdit(), agent->pairingCode());
    QTest::mouseClick(box->testButton(), Qt::LeftButton);
    CHECK(page.isBusy());
    REQUIRE(waitUntil([&] { return !page.isBusy(); }));
    INFO(page.config()->secondary()->statusText().toStdString());
    REQUIRE(page.isComplete());
    CHECK(complete.count() > 0);

    auto *fingerprint = box->findChild<QLabel *>(QStringLiteral("fingerprint"));
    REQUIRE(fingerprint);
    CHECK(fingerprint->isVisible());
    CHECK(fingerprint->text() == agent->fingerprint());
    CHECK_FALSE(box->findChild<QLabel *>(QStringLiteral("host"))->text().isEmpty());
    CHECK(page.findChild<QLabel *>(QStringLiteral("primaryFingerprint"))->isVisible());

    // The Tertiary box appears only when asked for, and then the step needs it too.
    auto *tertiary = page.findChild<QCheckBox *>(QStringLiteral("tertiaryEnabled"));
    CHECK_FALSE(page.tertiaryBox()->isVisible());
    tertiary->setChecked(true);
    CHECK(page.tertiaryBox()->isVisible());
    CHECK_FALSE(page.isComplete());
    tertiary->setChecked(false);
    CHECK(page.isComplete());

    // Every field explains itself.
    for (QWidget *w : {static_cast<QWidget *>(box->addressEdit()), static_cast<QWidget *>(box->codeEdit()),
                       static_cast<QWidget *>(box->testButton()), static_cast<QWidget *>(tertiary)})
        CHECK_FALSE(w->toolTip().isEmpty());

    page.onLeave();
    REQUIRE(session->targets().size() == 1);
    CHECK(session->targets()[0].info.fingerprint.size() == 32);
}
