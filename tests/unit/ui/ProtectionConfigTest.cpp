// SPDX-License-Identifier: GPL-3.0-or-later
// ProtectionConfig without widgets: the plan of a profile on a scratch tree, edits through the
// tree model, data opt-in, save/load (and a broken file), detection with the real catalog and
// adoption, the estimate on a worker (restarted after edits, cancelled on leave and
// destruction), and what the session gets.
#include "config/ProtectionApplicationsModel.h"
#include "config/ProtectionConfig.h"
#include "config/ProtectionTreeModel.h"
#include "session/WizardSession.h"

#include "support/CatchQt.h"
#include "support/TestTree.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace st;

namespace {

/** A system with exactly the given packages installed (no units, no binaries). */
class PackageFacts final : public SystemFacts {
public:
    explicit PackageFacts(QStringList packages) : m_packages(std::move(packages)) {}
    Result<QStringList> installedPackages() const override { return m_packages; }
    Result<QStringList> unitFiles() const override { return QStringList(); }
    QString findBinary(const QString &) const override { return {}; }

private:
    QStringList m_packages;
};

struct ConfigFixture {
    test::ScratchDir dir{"protection-config"};
    QByteArray src = dir / "src";
    QString profileFile = QString::fromUtf8(dir / "scratch.json");
    std::shared_ptr<WizardSession> session = std::make_shared<WizardSession>(WizardContext{});

    ConfigFixture()
    {
        // Each test starts without remembered values.
        QSettings settings(QStringLiteral("ServerTwin"), QStringLiteral("servertwin"));
        settings.remove(QStringLiteral("protection"));
        test::writeFile(src + "/etc/a.conf", "alpha\n");
        test::writeFile(src + "/etc/sub/x.conf", "x\n");
        test::writeFile(src + "/etc/skip/z.conf", "zzzz\n");
        test::writeFile(src + "/etc/app/app.conf", "app\n");
        test::writeFile(src + "/usr/bin/tool", "tool\n", 0755);
        test::writeFile(src + "/var/lib/app/data.db", QByteArray(4096, 'd'));
        writeProfile(profileFile, R"("/etc", "/usr", { "path": "/opt/missing", "optional": true })");
    }

    void writeProfile(const QString &file, const QByteArray &osIncludes) const
    {
        test::writeFile(QFile::encodeName(file), R"({
          "version": 1, "name": "Scratch", "sourceRoot": ")" + src + R"(",
          "os": { "include": [)" + osIncludes + R"(] },
          "applications": [ { "id": "app", "name": "App", "config": ["/etc/app"], "data": ["/var/lib/app"] } ]
        })");
    }

    ProtectionOptions options(std::shared_ptr<const SystemFacts> facts = {}) const
    {
        ProtectionOptions o;
        o.initialProfile = profileFile;
        o.facts = std::move(facts);
        o.estimateDelayMs = 20;
        return o;
    }
};

void uncheck(ProtectionConfig &config, const QByteArray &rel)
{
    ProtectionTreeModel *tree = config.tree();
    QModelIndex index = tree->findPath(rel);
    if (!index.isValid()) {  // list the parent first, as expanding it in the view does
        const QModelIndex parent = tree->findPath(rel.left(rel.lastIndexOf('/')));
        REQUIRE(parent.isValid());
        tree->fetchMore(parent);
        index = tree->findPath(rel);
    }
    REQUIRE(index.isValid());
    REQUIRE(tree->setData(index, Qt::Unchecked, Qt::CheckStateRole));
}

bool waitIdle(const ProtectionConfig &config)
{
    return QTest::qWaitFor([&] { return !config.isEstimating() && !config.isDetecting(); }, 60000);
}

}  // namespace

TEST_CASE("protection config: the plan of a profile on a scratch tree", "[ui][protection][config]")
{
    ConfigFixture f;
    ProtectionConfig config(f.session, f.options());

    CHECK(config.profileError().isEmpty());
    CHECK(config.profileName() == QStringLiteral("Scratch"));
    CHECK(config.profilePath() == f.profileFile);
    CHECK(config.profileSource() == f.profileFile);
    REQUIRE(config.isComplete());
    REQUIRE(config.plan());
    CHECK(config.plan()->sourceRoot == f.src);
    CHECK(config.plan()->includes == QList<QByteArray>{"etc", "usr"});
    REQUIRE(config.plan()->skipped.size() == 1);
    CHECK(config.plan()->skipped[0].path == "opt/missing");
    CHECK(config.plan()->excludes.isExcluded("var/lib/app/data.db", false));
    CHECK(config.planError().isEmpty());
    CHECK(config.planSummary().contains(QStringLiteral("1 listed path skipped")));
    CHECK(config.planDetails().contains(QStringLiteral("Skipped: /opt/missing (optional path not present)")));
    CHECK(config.snapshotMode() == SnapshotMode::Auto);
}

TEST_CASE("protection config: a required path that is missing makes the step incomplete, naming the path",
          "[ui][protection][config]")
{
    ConfigFixture f;
    f.writeProfile(f.profileFile, R"("/etc", "/nope")");
    ProtectionConfig config(f.session, f.options());
    CHECK_FALSE(config.isComplete());
    CHECK_FALSE(config.plan());
    CHECK(config.planError().contains(QStringLiteral("/nope")));
    CHECK(config.estimateText().contains(QStringLiteral("error")));

    // Unchecking everything is not complete either.
    f.writeProfile(f.profileFile, R"("/etc")");
    REQUIRE(config.loadProfile(f.profileFile));
    REQUIRE(config.isComplete());
    QSignalSpy complete(&config, &ProtectionConfig::completeChanged);
    uncheck(config, "etc");
    CHECK_FALSE(config.isComplete());
    CHECK(config.planError().contains(QStringLiteral("Nothing is selected")));
    REQUIRE(complete.count() == 1);
    CHECK(complete.at(0).at(0).toBool() == false);
}

TEST_CASE("protection config: include/exclude edits through the tree model change the plan", "[ui][protection][config]")
{
    ConfigFixture f;
    ProtectionConfig config(f.session, f.options());
    QSignalSpy planChanged(&config, &ProtectionConfig::planChanged);
    REQUIRE_FALSE(config.plan()->excludes.isExcluded("etc/skip/z.conf", false));

    uncheck(config, "etc/skip");
    CHECK(planChanged.count() == 1);
    CHECK(config.profile().osExclude.contains("/etc/skip"));
    REQUIRE(config.plan());
    CHECK(config.plan()->excludes.isExcluded("etc/skip/z.conf", false));
    CHECK_FALSE(config.plan()->excludes.isExcluded("etc/sub/x.conf", false));

    uncheck(config, "usr");
    CHECK(config.plan()->includes == QList<QByteArray>{"etc"});
}

TEST_CASE("protection config: application data is opted in per application or for all, off by default",
          "[ui][protection][config]")
{
    ConfigFixture f;
    ProtectionConfig config(f.session, f.options());
    CHECK_FALSE(config.includeApplicationData());
    CHECK_FALSE(config.isDataIncluded());
    ProtectionApplicationsModel *apps = config.applications();
    REQUIRE(apps->rowCount() == 1);
    const QModelIndex data = apps->index(0, ProtectionApplicationsModel::DataColumn);
    CHECK(apps->data(data, Qt::CheckStateRole).toInt() == Qt::Unchecked);

    // Per application, through the list's Data checkbox.
    REQUIRE(apps->setData(data, Qt::Checked, Qt::CheckStateRole));
    CHECK(config.profile().applications[0].includeData);
    CHECK(config.isDataIncluded());
    CHECK(config.plan()->includes.contains("var/lib/app"));
    CHECK_FALSE(config.plan()->excludes.isExcluded("var/lib/app/data.db", false));
    CHECK(apps->data(apps->index(0, ProtectionApplicationsModel::DataColumn), Qt::CheckStateRole).toInt() == Qt::Checked);
    config.setApplicationData(QStringLiteral("app"), false);
    CHECK(config.plan()->excludes.isExcluded("var/lib/app/data.db", false));

    // For all.
    config.setIncludeApplicationData(true);
    CHECK(config.profile().includeApplicationData);
    CHECK(config.isDataIncluded());
    CHECK(config.plan()->includes.contains("var/lib/app"));
    CHECK_FALSE(apps->flags(apps->index(0, ProtectionApplicationsModel::DataColumn)).testFlag(Qt::ItemIsUserCheckable));
    config.setIncludeApplicationData(false);
    CHECK_FALSE(config.isDataIncluded());
}

TEST_CASE("protection config: Save as then Load gives back the edited protection set", "[ui][protection][config]")
{
    ConfigFixture f;
    const QString saved = QString::fromUtf8(f.dir / "saved.json");
    QList<QByteArray> includes;
    QList<QByteArray> patterns;
    {
        ProtectionConfig config(f.session, f.options());
        uncheck(config, "etc/skip");
        config.setApplicationData(QStringLiteral("app"), true);
        REQUIRE(config.saveProfile(saved));
        CHECK(config.profileError().isEmpty());
        CHECK(config.profilePath() == saved);
        CHECK(ProtectionConfig::lastProfilePath() == saved);
        includes = config.plan()->includes;
        patterns = config.plan()->excludePatterns;

        // A failed save changes nothing but the error next to the button.
        const QString bad = QString::fromUtf8(f.dir / "no-such-dir/out.json");
        const Status failed = config.saveProfile(bad);
        CHECK_FALSE(failed);
        CHECK(config.profileError().contains(bad));
        CHECK(config.profilePath() == saved);
        CHECK(config.isComplete());
    }
    ProtectionOptions options = f.options();
    options.initialProfile = saved;
    ProtectionConfig reloaded(f.session, options);
    CHECK(reloaded.profileError().isEmpty());
    CHECK(reloaded.profile().osExclude.contains("/etc/skip"));
    CHECK(reloaded.profile().applications[0].includeData);
    REQUIRE(reloaded.plan());
    CHECK(reloaded.plan()->includes == includes);
    CHECK(reloaded.plan()->excludePatterns == patterns);
    CHECK(reloaded.tree()->isIncluded(reloaded.tree()->findPath("var/lib/app")));
}

TEST_CASE("protection config: loading a broken profile shows the error and keeps the previous profile",
          "[ui][protection][config]")
{
    ConfigFixture f;
    ProtectionConfig config(f.session, f.options());
    uncheck(config, "etc/skip");
    QSignalSpy errors(&config, &ProtectionConfig::profileErrorChanged);

    const QByteArray broken = f.dir / "broken.json";
    test::writeFile(broken, R"({ "version": 1, "os": { "include": ["/etc"] )");
    const Status status = config.loadProfile(QString::fromUtf8(broken));
    REQUIRE_FALSE(status);
    CHECK(config.profileError().contains(QStringLiteral("broken.json")));
    CHECK(config.profileError().contains(QStringLiteral("line")));
    CHECK(errors.count() == 1);
    CHECK(config.profileName() == QStringLiteral("Scratch"));
    CHECK(config.profilePath() == f.profileFile);
    CHECK(config.profile().osExclude.contains("/etc/skip"));  // the edit is not lost
    CHECK(config.isComplete());

    const QByteArray typo = f.dir / "typo.json";
    test::writeFile(typo, R"({ "version": 1, "os": { "inclde": ["/etc"] } })");
    REQUIRE_FALSE(config.loadProfile(QString::fromUtf8(typo)));
    CHECK(config.profileError().contains(QStringLiteral("\"os.inclde\"")));

    REQUIRE(config.loadProfile(f.profileFile));
    CHECK(config.profileError().isEmpty());
    CHECK_FALSE(config.profile().osExclude.contains("/etc/skip"));
}

TEST_CASE("protection config: the estimate runs on a worker, again after an edit", "[ui][protection][config]")
{
    ConfigFixture f;
    ProtectionConfig config(f.session, f.options(std::make_shared<PackageFacts>(QStringList())));
    CHECK_FALSE(config.isEstimating());
    CHECK(config.estimateText() == QStringLiteral("Not estimated yet."));

    config.enter();  // detection and the estimate
    CHECK(config.isEstimating());
    CHECK(config.estimateText() == QStringLiteral("Estimating…"));
    REQUIRE(waitIdle(config));
    INFO(config.estimateError().toStdString());
    REQUIRE(config.estimate());
    // etc/a.conf, etc/sub/x.conf, etc/skip/z.conf, etc/app/app.conf, usr/bin/tool; the data is not opted in
    CHECK(config.estimate()->files == 5);
    CHECK(config.estimate()->bytes == 6 + 2 + 5 + 4 + 5);
    CHECK(config.estimateText().startsWith(QStringLiteral("5 files")));

    uncheck(config, "etc/skip");  // the estimate is stale: it runs again after the quiet time
    CHECK_FALSE(config.estimate());
    CHECK(config.isEstimating());
    REQUIRE(waitIdle(config));
    REQUIRE(config.estimate());
    CHECK(config.estimate()->files == 4);
    CHECK(config.estimate()->bytes == 6 + 2 + 4 + 5);
}

TEST_CASE("protection config: leaving cancels the estimate and hands the choice to the session, so does destruction",
          "[ui][protection][config]")
{
    ConfigFixture f;
    auto config = std::make_unique<ProtectionConfig>(f.session, f.options(std::make_shared<PackageFacts>(QStringList())));
    config->setSnapshotMode(SnapshotMode::None);
    config->enter();
    REQUIRE(config->isEstimating());
    const CancelToken first = config->estimateToken();
    CHECK_FALSE(first.isCancelled());

    config->leave();
    CHECK(first.isCancelled());
    CHECK_FALSE(config->isEstimating());
    REQUIRE(f.session->protection());
    CHECK(f.session->protection()->plan.includes == QList<QByteArray>{"etc", "usr"});
    CHECK(f.session->protection()->profile.name == QStringLiteral("Scratch"));
    CHECK(f.session->protection()->snapshot == SnapshotMode::None);

    // Incomplete when left: the session no longer has a protection set.
    config->enter();
    uncheck(*config, "etc");
    uncheck(*config, "usr");
    REQUIRE_FALSE(config->isComplete());
    config->leave();
    CHECK_FALSE(f.session->protection());

    REQUIRE(config->loadProfile(f.profileFile));
    config->startEstimate();
    REQUIRE(config->isEstimating());
    const CancelToken second = config->estimateToken();
    config.reset();
    CHECK(second.isCancelled());
}

TEST_CASE("protection config: the snapshot mode is remembered", "[ui][protection][config]")
{
    ConfigFixture f;
    {
        ProtectionConfig config(f.session, f.options());
        config.setSnapshotMode(SnapshotMode::Btrfs);
        CHECK(config.choice().snapshot == SnapshotMode::Btrfs);
    }
    ProtectionConfig again(f.session, f.options());
    CHECK(again.snapshotMode() == SnapshotMode::Btrfs);
    again.setSnapshotMode(SnapshotMode::Auto);
}

TEST_CASE("protection config: detection with the real catalog on this system returns a result",
          "[ui][protection][config]")
{
    ConfigFixture f;
    ProtectionConfig config(f.session, f.options());  // HostSystemFacts on "/"
    QSignalSpy changed(&config, &ProtectionConfig::detectionChanged);
    config.detectApplications();
    CHECK(config.isDetecting());
    CHECK(config.detectionSummary().startsWith(QStringLiteral("Detecting")));
    REQUIRE(waitIdle(config));
    INFO(config.detectionError().toStdString());
    CHECK(config.detectionError().isEmpty());
    CHECK(config.hasDetected());
    CHECK(changed.count() == 2);
    // Every detected application is listed, with its evidence, besides the profile's own.
    CHECK(config.applications()->rowCount() >= config.detectedApplications().size());
    for (const DetectedApplication &d : config.detectedApplications()) {
        CHECK_FALSE(d.evidence.isEmpty());
        CHECK(config.applications()->rowOf(d.application.id) >= 0);
    }
}

TEST_CASE("protection config: a detected application is protected by its checkbox, and unprotected again",
          "[ui][protection][config]")
{
    ConfigFixture f;
    ProtectionConfig config(f.session, f.options(std::make_shared<PackageFacts>(QStringList{QStringLiteral("redis-server")})));
    config.detectApplications();
    REQUIRE(waitIdle(config));
    REQUIRE(config.detectedApplications().size() == 1);
    ProtectionApplicationsModel *apps = config.applications();
    const int row = apps->rowOf(QStringLiteral("redis"));
    REQUIRE(row >= 0);
    const QModelIndex redis = apps->index(row, ProtectionApplicationsModel::ApplicationColumn);
    CHECK(apps->data(redis, Qt::CheckStateRole).toInt() == Qt::Unchecked);
    CHECK(apps->data(redis, Qt::ToolTipRole).toString().contains(QStringLiteral("package redis-server installed")));
    // The profile's own application is listed as protected although it is not detected.
    const int own = apps->rowOf(QStringLiteral("app"));
    REQUIRE(own >= 0);
    CHECK(apps->data(apps->index(own, 0), Qt::CheckStateRole).toInt() == Qt::Checked);

    REQUIRE(apps->setData(redis, Qt::Checked, Qt::CheckStateRole));
    REQUIRE(config.profile().applications.size() == 2);
    const ProtectedApplication &adopted = config.profile().applications[1];
    CHECK(adopted.id == QStringLiteral("redis"));
    CHECK_FALSE(adopted.includeData);
    CHECK(config.isComplete());  // its paths are optional: missing in the scratch tree, skipped
    CHECK(config.tree()->findPath("etc/redis").isValid());
    const int after = apps->rowOf(QStringLiteral("redis"));
    CHECK(apps->data(apps->index(after, 0), Qt::CheckStateRole).toInt() == Qt::Checked);

    config.setApplicationProtected(QStringLiteral("redis"), false);
    CHECK(config.profile().applications.size() == 1);
    CHECK_FALSE(config.tree()->findPath("etc/redis").isValid());
    // The profile's own one can be unchecked and checked again, unchanged.
    config.setApplicationProtected(QStringLiteral("app"), false);
    CHECK(config.profile().applications.isEmpty());
    CHECK(apps->rowOf(QStringLiteral("app")) >= 0);
    config.setApplicationProtected(QStringLiteral("app"), true);
    REQUIRE(config.profile().applications.size() == 1);
    CHECK(config.profile().applications[0].data.size() == 1);
}

TEST_CASE("protection config: demo mode starts from the built-in demo profile", "[ui][protection][config]")
{
    WizardContext context;
    context.demoMode = true;
    auto session = std::make_shared<WizardSession>(context);
    ProtectionOptions options;
    options.facts = std::make_shared<PackageFacts>(QStringList());
    ProtectionConfig config(session, options);
    CHECK(config.profileError().isEmpty());
    CHECK(config.profilePath() == QStringLiteral(":/profiles/demo.json"));
    CHECK(config.profileName() == QStringLiteral("Demo protection set"));
    CHECK(config.profileSource() == QStringLiteral("built-in profile demo.json"));
    INFO(config.planError().toStdString());
    CHECK(config.isComplete());
    CHECK(config.plan()->includes.contains("etc"));
}

TEST_CASE("protection config: outside demo mode the machine's profile is used, else the shipped server profile",
          "[ui][protection][config]")
{
    ConfigFixture f;
    ProtectionOptions options = f.options();
    options.initialProfile.clear();
    options.systemProfile = f.profileFile;
    {
        ProtectionConfig config(f.session, options);
        CHECK(config.profilePath() == f.profileFile);
    }
    options.systemProfile = QString::fromUtf8(f.dir / "absent.json");
    ProtectionConfig config(f.session, options);
    CHECK(config.profilePath() == QStringLiteral(":/profiles/debian-server.json"));
    CHECK(config.profileError().isEmpty());
}
