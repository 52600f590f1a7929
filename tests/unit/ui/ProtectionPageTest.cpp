// SPDX-License-Identifier: GPL-3.0-or-later
// The Protection set page over its config, offscreen: it shows the config's state, a checkbox
// in the directory tree changes the plan, Next follows completeness, Load/Save errors appear
// next to the buttons, keyboard access. ST_UI_SCREENSHOT_DIR=DIR saves a picture of the page.
#include "UiTestSupport.h"
#include "WizardWindow.h"
#include "config/ProtectionApplicationsModel.h"
#include "config/ProtectionConfig.h"
#include "config/ProtectionTreeModel.h"
#include "pages/ProtectionPage.h"
#include "session/WizardSession.h"
#include "widgets/InlineMessage.h"

#include "Icons.h"
#include "support/CatchQt.h"
#include "support/TestTree.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace st;

namespace {

class NoFacts final : public SystemFacts {
public:
    Result<QStringList> installedPackages() const override { return QStringList(); }
    Result<QStringList> unitFiles() const override { return QStringList(); }
    QString findBinary(const QString &) const override { return {}; }
};

/** The step after Protection, so Next has somewhere to go. */
class EndPage : public WizardPage {
public:
    QString id() const override { return QStringLiteral("end"); }
    QString title() const override { return QStringLiteral("End"); }
    QString subtitle() const override { return QStringLiteral("The end."); }
    QIcon icon() const override { return icons::icon(icons::Id::StepSummary); }
    bool isComplete() const override { return true; }
};

struct PageFixture {
    test::ScratchDir dir{"protection-page"};
    QByteArray src = dir / "src";
    QString profileFile = QString::fromUtf8(dir / "scratch.json");
    std::shared_ptr<WizardSession> session = std::make_shared<WizardSession>(WizardContext{});

    PageFixture()
    {
        QSettings(QStringLiteral("ServerTwin"), QStringLiteral("servertwin")).remove(QStringLiteral("protection"));
        test::writeFile(src + "/etc/a.conf", "alpha\n");
        test::writeFile(src + "/etc/sub/x.conf", "x\n");
        test::writeFile(src + "/usr/bin/tool", "tool\n", 0755);
        test::writeFile(src + "/var/lib/app/data.db", "data\n");
        test::writeFile(QFile::encodeName(profileFile), R"({
          "version": 1, "name": "Scratch", "sourceRoot": ")" + src + R"(",
          "os": { "include": ["/etc", "/usr"], "exclude": ["*.pid"] },
          "applications": [ { "id": "app", "name": "App", "config": ["/etc/sub"], "data": ["/var/lib/app"] } ]
        })");
    }

    ProtectionConfig *makeConfig() const
    {
        ProtectionOptions options;
        options.initialProfile = profileFile;
        options.facts = std::make_shared<NoFacts>();
        options.estimateDelayMs = 20;
        return new ProtectionConfig(session, options);
    }
};

template <typename T>
T *child(QWidget &parent, const char *name)
{
    T *w = parent.findChild<T *>(QString::fromLatin1(name));
    REQUIRE(w);
    return w;
}

bool waitIdle(const ProtectionConfig &config)
{
    return QTest::qWaitFor([&] { return !config.isEstimating() && !config.isDetecting(); }, 60000);
}


}  // namespace

TEST_CASE("protection page: shows the config's state, a checkbox in the tree changes the plan", "[ui][protection][page]")
{
    PageFixture f;
    ProtectionPage page(f.makeConfig());
    ProtectionConfig *config = page.config();
    page.resize(760, 520);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    page.onEnter();
    REQUIRE(waitIdle(*config));

    CHECK(page.id() == QStringLiteral("protection"));
    CHECK(page.title() == QStringLiteral("Protection set"));
    CHECK(child<QLabel>(page, "profileName")->text() == QStringLiteral("Scratch"));
    CHECK(child<QLabel>(page, "profileSource")->text().contains(f.profileFile));
    CHECK_FALSE(child<QLabel>(page, "profileError")->isVisible());
    CHECK_FALSE(child<QLabel>(page, "planError")->isVisible());
    auto *tree = child<QTreeView>(page, "directoryTree");
    CHECK(tree->model() == config->tree());
    auto *apps = child<QTableView>(page, "applicationList");
    CHECK(apps->model() == config->applications());
    CHECK(apps->model()->rowCount() == 1);
    auto *estimate = child<QLabel>(page, "estimateText");
    CHECK(estimate->text() == config->estimateText());
    CHECK(estimate->text().startsWith(QStringLiteral("3 files")));
    auto *summary = child<QLabel>(page, "planSummary");
    const QString before = summary->text();
    CHECK(before.startsWith(QStringLiteral("2 ")));

    // Expanding /etc lists it; Space on a row toggles its checkbox, as a click does.
    const QModelIndex etc = config->tree()->findPath("etc");
    tree->expand(etc);
    REQUIRE(QTest::qWaitFor([&] { return config->tree()->findPath("etc/sub").isValid(); }, 5000));
    const QModelIndex usr = config->tree()->findPath("usr");
    tree->setFocus();
    tree->setCurrentIndex(usr);
    QTest::keyClick(tree, Qt::Key_Space);
    REQUIRE(config->plan());
    CHECK(config->plan()->includes == QList<QByteArray>{"etc"});
    CHECK(config->profile().osExclude.contains("/usr"));
    CHECK(tree->model()->data(usr, Qt::CheckStateRole).toInt() == Qt::Unchecked);
    CHECK(summary->text() != before);
    CHECK(estimate->text() == QStringLiteral("Estimating…"));
    REQUIRE(waitIdle(*config));
    CHECK(estimate->text().startsWith(QStringLiteral("2 files")));

    // Through the model, as the view's checkbox does: exclude a directory below /etc.
    REQUIRE(tree->model()->setData(config->tree()->findPath("etc/sub"), Qt::Unchecked, Qt::CheckStateRole));
    CHECK(config->plan()->excludes.isExcluded("etc/sub/x.conf", false));

    // The data opt-in shows its warning.
    auto *allData = child<QCheckBox>(page, "allDataCheck");
    auto *warning = child<InlineMessage>(page, "dataWarning");
    CHECK_FALSE(warning->isVisible());
    allData->click();
    CHECK(config->includeApplicationData());
    CHECK(warning->isVisible());
    CHECK(warning->text().contains(QStringLiteral("synchronised later")));
    REQUIRE(waitIdle(*config));
    st::test::saveScreenshot(page, QStringLiteral("protection-page.png"));
    allData->click();
    CHECK_FALSE(warning->isVisible());

    // A glob keeps a path out: the refusal is shown under the tree.
    test::writeFile(f.src + "/etc/run.pid/x", "1\n");
    REQUIRE(config->loadProfile(f.profileFile));  // lists /etc afresh
    tree->expand(config->tree()->findPath("etc"));
    REQUIRE(QTest::qWaitFor([&] { return config->tree()->findPath("etc/run.pid").isValid(); }, 5000));
    CHECK_FALSE(tree->model()->setData(config->tree()->findPath("etc/run.pid"), Qt::Checked, Qt::CheckStateRole));
    auto *editError = child<QLabel>(page, "editError");
    CHECK(editError->isVisible());
    CHECK(editError->text().contains(QStringLiteral("*.pid")));
}

TEST_CASE("protection page: Next is enabled only when the plan builds, the error is shown on the page",
          "[ui][protection][page]")
{
    PageFixture f;
    WizardWindow w;
    w.setConfirmCancel({});
    auto *page = new ProtectionPage(f.makeConfig());
    ProtectionConfig *config = page->config();
    w.addPage(page);
    w.addPage(new EndPage);
    w.resize(1000, 680);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    REQUIRE(waitIdle(*config));
    auto *next = child<QPushButton>(w, "nextButton");
    auto *planError = child<QLabel>(w, "planError");
    CHECK(next->isEnabled());
    CHECK_FALSE(planError->isVisible());
    st::test::saveScreenshot(w, QStringLiteral("protection-window.png"));

    ProtectionTreeModel *tree = config->tree();
    REQUIRE(tree->setData(tree->findPath("etc"), Qt::Unchecked, Qt::CheckStateRole));
    CHECK(next->isEnabled());
    REQUIRE(tree->setData(tree->findPath("usr"), Qt::Unchecked, Qt::CheckStateRole));
    CHECK_FALSE(next->isEnabled());
    CHECK(planError->isVisible());
    CHECK(planError->text().contains(QStringLiteral("Nothing is selected")));
    CHECK(next->toolTip() == planError->text());

    REQUIRE(tree->setData(tree->findPath("usr"), Qt::Checked, Qt::CheckStateRole));
    CHECK(next->isEnabled());
    CHECK_FALSE(planError->isVisible());

    CHECK_FALSE(f.session->protection());
    next->click();
    CHECK(w.currentIndex() == 1);
    REQUIRE(f.session->protection());
    CHECK(f.session->protection()->plan.includes == QList<QByteArray>{"usr"});
    CHECK_FALSE(config->isEstimating());
    w.close();
}

TEST_CASE("protection page: Load and Save as go through the file chooser, errors appear next to the buttons",
          "[ui][protection][page]")
{
    PageFixture f;
    ProtectionPage page(f.makeConfig());
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    QString answer;
    QList<bool> asked;
    page.setFileChooser([&](QWidget *, bool save, const QString &) {
        asked << save;
        return answer;
    });
    auto *error = child<QLabel>(page, "profileError");
    auto *name = child<QLabel>(page, "profileName");

    const QByteArray broken = f.dir / "broken.json";
    test::writeFile(broken, "{ \"version\": 1, ");
    answer = QString::fromUtf8(broken);
    child<QPushButton>(page, "loadProfileButton")->click();
    CHECK(asked == QList<bool>{false});
    CHECK(error->isVisible());
    CHECK(error->text().contains(QStringLiteral("broken.json")));
    CHECK(name->text() == QStringLiteral("Scratch"));

    answer = QString::fromUtf8(f.dir / "saved.json");
    child<QPushButton>(page, "saveProfileButton")->click();
    CHECK(asked == QList<bool>{false, true});
    CHECK_FALSE(error->isVisible());
    CHECK(QFile::exists(answer));
    CHECK(child<QLabel>(page, "profileSource")->text().contains(answer));

    answer.clear();  // cancelled: nothing happens
    child<QPushButton>(page, "loadProfileButton")->click();
    CHECK(page.config()->profilePath() == QString::fromUtf8(f.dir / "saved.json"));
}

TEST_CASE("protection page: mnemonics, tooltips on every control, tab order", "[ui][protection][page]")
{
    PageFixture f;
    ProtectionPage page(f.makeConfig());
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));

    for (QWidget *w : page.findChildren<QWidget *>()) {
        if (!(w->focusPolicy() & Qt::TabFocus) || w->objectName().startsWith(QLatin1String("qt_")))
            continue;
        INFO(w->metaObject()->className() << " " << w->objectName().toStdString());
        CHECK_FALSE(w->objectName().isEmpty());
        CHECK_FALSE(w->toolTip().isEmpty());
    }
    const auto labelFor = [&](const char *name) {
        for (QLabel *label : page.findChildren<QLabel *>()) {
            if (label->buddy() == child<QWidget>(page, name))
                return label->text();
        }
        return QString();
    };
    CHECK(labelFor("applicationList") == QStringLiteral("Protected &applications"));
    CHECK(labelFor("directoryTree") == QStringLiteral("D&irectories"));
    CHECK(labelFor("snapshotMode") == QStringLiteral("Snapshot &mode:"));
    CHECK(child<QPushButton>(page, "loadProfileButton")->text() == QStringLiteral("&Load…"));
    CHECK(child<QPushButton>(page, "saveProfileButton")->text() == QStringLiteral("&Save as…"));
    CHECK(child<QCheckBox>(page, "allDataCheck")->text().contains(QStringLiteral("&data")));

    QStringList chain;
    QWidget *start = child<QWidget>(page, "loadProfileButton");
    QWidget *at = start;
    do {
        if ((at->focusPolicy() & Qt::TabFocus) && page.isAncestorOf(at) && !at->objectName().startsWith(QLatin1String("qt_")))
            chain << at->objectName();
        at = at->nextInFocusChain();
    } while (at != start);
    CHECK(chain == QStringList{QStringLiteral("loadProfileButton"), QStringLiteral("saveProfileButton"),
                               QStringLiteral("applicationList"), QStringLiteral("detectButton"),
                               QStringLiteral("directoryTree"), QStringLiteral("allDataCheck"),
                               QStringLiteral("snapshotMode"), QStringLiteral("estimateButton")});

    // The application list: Space protects, Right then Space opts its data in.
    auto *apps = child<QTableView>(page, "applicationList");
    apps->setFocus();
    apps->setCurrentIndex(apps->model()->index(0, ProtectionApplicationsModel::ApplicationColumn));
    QTest::keyClick(apps, Qt::Key_Right);
    CHECK(apps->currentIndex().column() == ProtectionApplicationsModel::DataColumn);
    QTest::keyClick(apps, Qt::Key_Space);
    REQUIRE(page.config()->profile().applications.size() == 1);
    CHECK(page.config()->profile().applications[0].includeData);
    QTest::keyClick(apps, Qt::Key_Left);
    QTest::keyClick(apps, Qt::Key_Space);
    CHECK(page.config()->profile().applications.isEmpty());

    // The snapshot choice reaches the config.
    auto *snapshot = child<QComboBox>(page, "snapshotMode");
    CHECK(snapshot->count() == 4);
    snapshot->setCurrentIndex(3);
    CHECK(page.config()->snapshotMode() == SnapshotMode::None);
    snapshot->setCurrentIndex(0);
    CHECK(page.config()->snapshotMode() == SnapshotMode::Auto);
}
