// SPDX-License-Identifier: GPL-3.0-or-later
// The protection tree without widgets, on a scratch tree: check states follow the profile, and
// every include/exclude edit becomes exclude patterns (or data opt-ins) that SelectionPlan
// turns into exactly the selection the checkboxes show.
#include "config/ProtectionTreeModel.h"
#include "profile/SelectionPlan.h"

#include "support/CatchQt.h"
#include "support/TestTree.h"

#include <QSignalSpy>

using namespace st;

namespace {

struct TreeFixture {
    test::ScratchDir dir{"protection-tree"};
    QByteArray src = dir / "src";
    ProtectionProfile profile;

    TreeFixture()
    {
        test::writeFile(src + "/etc/a.conf", "alpha\n");
        test::writeFile(src + "/etc/sub/x.conf", "x\n");
        test::writeFile(src + "/etc/sub/deep/y.conf", "y\n");
        test::writeFile(src + "/etc/skip/z.conf", "z\n");
        test::writeFile(src + "/etc/app/app.conf", "app\n");
        test::writeFile(src + "/etc/old.tmp/f", "old\n");
        test::writeFile(src + "/usr/bin/tool", "tool\n", 0755);
        test::writeFile(src + "/var/lib/app/data.db", "data\n");
        const QByteArray json = R"({
          "version": 1, "name": "Scratch", "sourceRoot": ")" + src + R"(",
          "os": { "include": ["/etc", "/usr", { "path": "/opt/missing", "optional": true }], "exclude": ["*.tmp"] },
          "applications": [ { "id": "app", "name": "App", "config": ["/etc/app"], "data": ["/var/lib/app"] } ]
        })";
        Result<ProtectionProfile> loaded = ProtectionProfile::fromJson(json, QStringLiteral("scratch.json"));
        REQUIRE(loaded);
        profile = *loaded;
    }
};

SelectionPlan planOf(const ProtectionProfile &profile)
{
    Result<SelectionPlan> plan = SelectionPlan::build(&profile, {});
    INFO((plan ? QString() : plan.error().message).toStdString());
    REQUIRE(plan.ok());
    return *plan;
}

QModelIndex expanded(ProtectionTreeModel &model, const QByteArray &rel)
{
    const QModelIndex index = model.findPath(rel);
    REQUIRE(index.isValid());
    if (model.canFetchMore(index))
        model.fetchMore(index);
    return index;
}

bool setChecked(ProtectionTreeModel &model, const QByteArray &rel, bool checked)
{
    const QModelIndex index = model.findPath(rel);
    REQUIRE(index.isValid());
    return model.setData(index, checked ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
}

Qt::CheckState checkState(const ProtectionTreeModel &model, const QByteArray &rel)
{
    const QModelIndex index = model.findPath(rel);
    REQUIRE(index.isValid());
    return static_cast<Qt::CheckState>(model.data(index, Qt::CheckStateRole).toInt());
}

}  // namespace

TEST_CASE("protection tree: sections, roots and lazily listed subdirectories with check states from the profile",
          "[ui][protection][tree]")
{
    TreeFixture f;
    ProtectionTreeModel model;
    model.setProfile(f.profile);

    REQUIRE(model.rowCount() == 2);  // Operating system, App
    CHECK(model.data(model.index(0, 0)).toString() == QStringLiteral("Operating system"));
    CHECK(model.data(model.index(1, 0)).toString() == QStringLiteral("App"));
    CHECK(model.rowCount(model.index(0, 0)) == 3);
    CHECK(model.rowCount(model.index(1, 0)) == 2);  // config, data

    CHECK(checkState(model, "etc") == Qt::Checked);
    CHECK(checkState(model, "usr") == Qt::Checked);
    CHECK(checkState(model, "var/lib/app") == Qt::Unchecked);  // data, not opted in
    const QModelIndex missing = model.findPath("opt/missing");
    REQUIRE(missing.isValid());
    CHECK_FALSE(model.data(missing, Qt::CheckStateRole).isValid());
    CHECK_FALSE(model.flags(missing).testFlag(Qt::ItemIsUserCheckable));
    CHECK(model.data(missing.siblingAtColumn(ProtectionTreeModel::StateColumn)).toString().contains(QStringLiteral("optional")));

    // Subdirectories appear only once listed, files never.
    const QModelIndex etc = model.findPath("etc");
    CHECK(model.hasChildren(etc));
    CHECK(model.rowCount(etc) == 0);
    REQUIRE(model.canFetchMore(etc));
    model.fetchMore(etc);
    CHECK_FALSE(model.canFetchMore(etc));
    QStringList names;
    for (int row = 0; row < model.rowCount(etc); ++row)
        names << model.data(model.index(row, 0, etc)).toString();
    CHECK(names == QStringList{QStringLiteral("app"), QStringLiteral("old.tmp"), QStringLiteral("skip"), QStringLiteral("sub")});
    CHECK(checkState(model, "etc/sub") == Qt::Checked);
    CHECK(checkState(model, "etc/old.tmp") == Qt::Unchecked);  // the profile's "*.tmp"
    CHECK(model.data(model.findPath("etc/old.tmp").siblingAtColumn(1)).toString().contains(QStringLiteral("*.tmp")));
}

TEST_CASE("protection tree: unchecking a subdirectory excludes it in the plan, checking it again includes it",
          "[ui][protection][tree]")
{
    TreeFixture f;
    ProtectionTreeModel model;
    model.setProfile(f.profile);
    QSignalSpy edited(&model, &ProtectionTreeModel::profileEdited);
    expanded(model, "etc");

    REQUIRE(setChecked(model, "etc/skip", false));
    CHECK(model.profile().osExclude.contains("/etc/skip"));
    CHECK(checkState(model, "etc/skip") == Qt::Unchecked);
    CHECK(checkState(model, "etc") == Qt::Checked);
    CHECK(model.data(model.findPath("etc").siblingAtColumn(1)).toString().contains(QStringLiteral("parts excluded")));
    CHECK(edited.count() == 1);
    SelectionPlan plan = planOf(model.profile());
    CHECK(plan.excludes.isExcluded("etc/skip/z.conf", false));
    CHECK_FALSE(plan.excludes.isExcluded("etc/sub/x.conf", false));

    REQUIRE(setChecked(model, "etc/skip", true));
    CHECK_FALSE(model.profile().osExclude.contains("/etc/skip"));
    plan = planOf(model.profile());
    CHECK_FALSE(plan.excludes.isExcluded("etc/skip/z.conf", false));
    CHECK(edited.count() == 2);
}

TEST_CASE("protection tree: checking a directory below an unchecked root includes it and excludes the rest",
          "[ui][protection][tree]")
{
    TreeFixture f;
    ProtectionTreeModel model;
    model.setProfile(f.profile);
    expanded(model, "etc");

    REQUIRE(setChecked(model, "etc", false));
    CHECK(model.profile().osExclude.contains("/etc"));
    CHECK(checkState(model, "etc/sub") == Qt::Unchecked);
    CHECK(checkState(model, "etc/app") == Qt::Unchecked);  // the application's root is below it
    SelectionPlan plan = planOf(model.profile());
    CHECK(plan.includes == QList<QByteArray>{"usr"});

    // One level deeper than the listing: etc/sub/deep (lists etc/sub on the way).
    expanded(model, "etc/sub");
    REQUIRE(setChecked(model, "etc/sub/deep", true));
    const QList<QByteArray> excludes = model.profile().osExclude;
    CHECK_FALSE(excludes.contains("/etc"));
    CHECK(excludes.contains("/etc/a.conf"));
    CHECK(excludes.contains("/etc/skip"));
    CHECK(excludes.contains("/etc/app"));
    CHECK(excludes.contains("/etc/sub/x.conf"));
    CHECK(checkState(model, "etc/sub/deep") == Qt::Checked);
    CHECK(checkState(model, "etc/skip") == Qt::Unchecked);

    plan = planOf(model.profile());
    CHECK(plan.includes == QList<QByteArray>{"etc", "usr"});
    CHECK_FALSE(plan.excludes.isExcluded("etc/sub/deep/y.conf", false));
    CHECK(plan.excludes.isExcluded("etc/sub/x.conf", false));
    CHECK(plan.excludes.isExcluded("etc/a.conf", false));
    CHECK(plan.excludes.isExcluded("etc/skip/z.conf", false));
}

TEST_CASE("protection tree: a data root's checkbox is its application's data opt-in", "[ui][protection][tree]")
{
    TreeFixture f;
    ProtectionTreeModel model;
    model.setProfile(f.profile);

    CHECK(planOf(model.profile()).excludes.isExcluded("var/lib/app/data.db", false));
    REQUIRE(setChecked(model, "var/lib/app", true));
    REQUIRE(model.profile().applications.size() == 1);
    CHECK(model.profile().applications[0].includeData);
    SelectionPlan plan = planOf(model.profile());
    CHECK(plan.includes.contains("var/lib/app"));
    CHECK_FALSE(plan.excludes.isExcluded("var/lib/app/data.db", false));

    REQUIRE(setChecked(model, "var/lib/app", false));
    CHECK_FALSE(model.profile().applications[0].includeData);
    CHECK(model.profile().applications[0].exclude.isEmpty());
    CHECK(planOf(model.profile()).excludes.isExcluded("var/lib/app/data.db", false));
}

TEST_CASE("protection tree: a path that a glob of the profile excludes cannot be checked, the error names the pattern",
          "[ui][protection][tree]")
{
    TreeFixture f;
    ProtectionTreeModel model;
    model.setProfile(f.profile);
    expanded(model, "etc");
    QSignalSpy failed(&model, &ProtectionTreeModel::editFailed);
    QSignalSpy edited(&model, &ProtectionTreeModel::profileEdited);

    CHECK_FALSE(setChecked(model, "etc/old.tmp", true));
    REQUIRE(failed.count() == 1);
    CHECK(model.lastError().contains(QStringLiteral("\"*.tmp\"")));
    CHECK(model.lastError().contains(QStringLiteral("/etc/old.tmp")));
    CHECK(edited.isEmpty());
    CHECK(model.profile().osExclude == f.profile.osExclude);
}

TEST_CASE("protection tree: an edited profile round-trips through JSON with the same checks and plan",
          "[ui][protection][tree]")
{
    TreeFixture f;
    ProtectionTreeModel model;
    model.setProfile(f.profile);
    expanded(model, "etc");
    REQUIRE(setChecked(model, "etc/skip", false));
    REQUIRE(setChecked(model, "usr", false));
    REQUIRE(setChecked(model, "var/lib/app", true));

    Result<ProtectionProfile> reread = ProtectionProfile::fromJson(model.profile().toJson(), QStringLiteral("again.json"));
    REQUIRE(reread);
    ProtectionTreeModel again;
    again.setProfile(*reread);
    expanded(again, "etc");
    for (const QByteArray &rel : QList<QByteArray>{"etc", "etc/skip", "etc/sub", "usr", "var/lib/app", "etc/app"})
        CHECK(checkState(again, rel) == checkState(model, rel));
    const SelectionPlan a = planOf(model.profile());
    const SelectionPlan b = planOf(*reread);
    CHECK(a.includes == b.includes);
    CHECK(a.excludePatterns == b.excludePatterns);
    CHECK(b.includes == QList<QByteArray>{"etc", "var/lib/app"});
}

TEST_CASE("protection tree: a new profile with the same roots keeps the listed directories", "[ui][protection][tree]")
{
    TreeFixture f;
    ProtectionTreeModel model;
    model.setProfile(f.profile);
    expanded(model, "etc");
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    ProtectionProfile same = f.profile;
    same.includeApplicationData = true;
    model.setProfile(same);
    CHECK(reset.isEmpty());
    CHECK(model.findPath("etc/sub").isValid());
    CHECK(checkState(model, "var/lib/app") == Qt::Checked);

    ProtectionProfile other = f.profile;
    other.osInclude.removeLast();
    model.setProfile(other);
    CHECK(reset.count() == 1);
    CHECK_FALSE(model.findPath("etc/sub").isValid());
    CHECK_FALSE(model.findPath("opt/missing").isValid());
}
