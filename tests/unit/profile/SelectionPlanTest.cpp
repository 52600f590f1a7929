// SPDX-License-Identifier: GPL-3.0-or-later
#include "profile/SelectionPlan.h"

#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

using namespace st;

namespace {

/** A small source tree: etc, usr (with lib), var/lib/{dpkg,postgresql}, srv, lib -> usr/lib, .servertwin. */
struct SourceTree {
    test::ScratchDir dir{"selection-plan"};
    SourceTree()
    {
        test::writeFile(dir / "etc/hostname", "twin\n");
        test::writeFile(dir / "etc/ssh/sshd_config", "Port 22\n");
        test::writeFile(dir / "etc/ssh/moduli", "x\n");
        test::writeFile(dir / "usr/bin/ls", "ELF");
        test::writeFile(dir / "usr/lib/libx.so", "ELF");
        test::writeFile(dir / "var/lib/dpkg/status", "Package: x\n");
        test::writeFile(dir / "var/lib/postgresql/15/main/PG_VERSION", "15\n");
        test::writeFile(dir / "var/lib/a[1]/f", "a\n");
        test::writeFile(dir / "var/lib/a1/f", "a\n");
        test::writeFile(dir / "srv/www/index.html", "<html>");
        test::writeFile(dir / ".servertwin/manifest.v1", "old");
        test::writeFile(dir / "plainfile", "x");
        REQUIRE(::symlink("usr/lib", (dir / "lib").constData()) == 0);
    }
    QByteArray root() const { return dir.path(); }
    QString rootText() const { return QString::fromUtf8(dir.path()); }
};

ProtectionProfile profileAt(const QByteArray &root)
{
    ProtectionProfile p;
    p.origin = QStringLiteral("test.json");
    p.sourceRoot = root;
    return p;
}

SelectionPlan requirePlan(const ProtectionProfile *profile, const SelectionOverrides &overrides)
{
    Result<SelectionPlan> plan = SelectionPlan::build(profile, overrides);
    if (!plan.ok())
        FAIL(plan.error().message.toStdString());
    return plan.value();
}

Error requireError(const ProtectionProfile *profile, const SelectionOverrides &overrides)
{
    Result<SelectionPlan> plan = SelectionPlan::build(profile, overrides);
    REQUIRE_FALSE(plan.ok());
    CHECK_FALSE(plan.error().message.contains(QLatin1Char('\n')));
    return plan.error();
}

QString reasonFor(const SelectionPlan &plan, const QByteArray &path)
{
    for (const SkippedPath &s : plan.skipped) {
        if (s.path == path)
            return s.reason;
    }
    return {};
}

}  // namespace

TEST_CASE("without a profile --include is required")
{
    const Error e = requireError(nullptr, SelectionOverrides{});
    CHECK(e.code == ErrorCode::InvalidArgument);
    CHECK(e.message == QStringLiteral("nothing to clone: give --profile or --include"));
}

TEST_CASE("overrides alone: includes normalised, folded, sorted, source root defaults to /")
{
    SourceTree tree;
    SelectionOverrides o;
    o.sourceRoot = tree.root() + "//";
    o.includes = {"usr/", "/etc/ssh", "/etc", "//etc//", "srv/www"};
    const SelectionPlan plan = requirePlan(nullptr, o);
    CHECK(plan.sourceRoot == tree.root());
    CHECK(plan.includes == QList<QByteArray>{"etc", "srv/www", "usr"});
    CHECK(plan.excludePatterns == QList<QByteArray>{"/.servertwin", ".servertwin-snapshots/"});
    CHECK(plan.skipped.isEmpty());
    CHECK(plan.absolute("etc/hostname") == tree.root() + "/etc/hostname");
    CHECK(plan.absolute("") == tree.root());

    SelectionOverrides atRoot;
    atRoot.includes = {"/etc"};
    const SelectionPlan rootPlan = requirePlan(nullptr, atRoot);
    CHECK(rootPlan.sourceRoot == "/");
    CHECK(rootPlan.includes == QList<QByteArray>{"etc"});
    CHECK(rootPlan.absolute("etc/hostname") == "/etc/hostname");
    CHECK(rootPlan.absolute("") == "/");
}

TEST_CASE("an include of the whole root covers every other include")
{
    SourceTree tree;
    SelectionOverrides o;
    o.sourceRoot = tree.root();
    o.includes = {"/etc", "/", "/usr/bin"};
    const SelectionPlan plan = requirePlan(nullptr, o);
    CHECK(plan.includes == QList<QByteArray>{""});
    // The reserved directory stays out even when the whole root is included.
    CHECK(plan.excludes.isExcluded(".servertwin/manifest.v1", false));
    CHECK_FALSE(plan.excludes.isExcluded("etc/hostname", false));
}

TEST_CASE("folding does not confuse siblings that share a prefix")
{
    SourceTree tree;
    test::writeFile(tree.dir / "etc-old/x", "x");
    SelectionOverrides o;
    o.sourceRoot = tree.root();
    o.includes = {"/etc-old", "/etc/ssh", "/etc"};
    CHECK(requirePlan(nullptr, o).includes == QList<QByteArray>{"etc", "etc-old"});
}

TEST_CASE("source root must be an existing absolute directory")
{
    SourceTree tree;
    SelectionOverrides o;
    o.includes = {"/etc"};

    o.sourceRoot = tree.root() + "/nope";
    Error e = requireError(nullptr, o);
    CHECK(e.code == ErrorCode::InvalidArgument);
    CHECK_THAT(e.message.toStdString(), Catch::StartsWith("--source-root \"" + (tree.root() + "/nope").toStdString()
                                                          + "\" is not an existing directory"));

    o.sourceRoot = tree.root() + "/plainfile";
    e = requireError(nullptr, o);
    CHECK_THAT(e.message.toStdString(), Catch::EndsWith("plainfile\" is not a directory"));

    o.sourceRoot = QByteArray("relative/dir");
    e = requireError(nullptr, o);
    CHECK(e.message == QStringLiteral("--source-root \"relative/dir\" must be an absolute path"));

    o.sourceRoot = tree.root() + "/../x";
    CHECK_THAT(requireError(nullptr, o).message.toStdString(), Catch::Contains("must not contain \"..\""));

    // From the profile: a profile error that names the profile and the key.
    ProtectionProfile p = profileAt(tree.root() + "/missing");
    p.include = {PathSpec{"/etc", false}};
    e = requireError(&p, SelectionOverrides{});
    CHECK(e.code == ErrorCode::Profile);
    CHECK_THAT(e.message.toStdString(), Catch::StartsWith("profile test.json: \"sourceRoot\" \""));

    // --source-root wins over the profile's.
    SelectionOverrides over;
    over.sourceRoot = tree.root();
    CHECK(requirePlan(&p, over).sourceRoot == tree.root());
}

TEST_CASE("profile includes: required missing is an error, optional missing is skipped")
{
    SourceTree tree;
    ProtectionProfile p = profileAt(tree.root());
    p.osInclude = {PathSpec{"/etc", false}, PathSpec{"/usr", false}, PathSpec{"/boot", true}};
    p.productInclude = {PathSpec{"/opt/servertwin", true}};
    const SelectionPlan plan = requirePlan(&p, SelectionOverrides{});
    CHECK(plan.includes == QList<QByteArray>{"etc", "usr"});
    REQUIRE(plan.skipped.size() == 2);
    CHECK(plan.skipped[0].path == "boot");
    CHECK(plan.skipped[0].reason == QStringLiteral("optional path not present"));
    CHECK(plan.skipped[1].path == "opt/servertwin");

    p.include = {PathSpec{"/opt/foo", false}};
    Error e = requireError(&p, SelectionOverrides{});
    CHECK(e.code == ErrorCode::Profile);
    CHECK(e.message == QStringLiteral("profile test.json: include path \"/opt/foo\" does not exist under ")
                           + tree.rootText());

    // Below a regular file counts as missing too.
    p.include = {PathSpec{"/plainfile/x", false}};
    CHECK_THAT(requireError(&p, SelectionOverrides{}).message.toStdString(),
               Catch::Contains("include path \"/plainfile/x\" does not exist"));

    p.include = {};
    SelectionOverrides o;
    o.includes = {"/nope"};
    e = requireError(&p, o);
    CHECK(e.code == ErrorCode::InvalidArgument);
    CHECK(e.message == QStringLiteral("--include: include path \"/nope\" does not exist under ") + tree.rootText());

    o.includes = {"/etc/../usr"};
    CHECK_THAT(requireError(&p, o).message.toStdString(),
               Catch::Contains("--include: include path \"/etc/../usr\" must not contain \"..\""));
}

TEST_CASE("a profile without includes and no --include has nothing to clone")
{
    SourceTree tree;
    ProtectionProfile p = profileAt(tree.root());
    p.exclude = {"*.pid"};
    const Error e = requireError(&p, SelectionOverrides{});
    CHECK(e.code == ErrorCode::Profile);
    CHECK_THAT(e.message.toStdString(), Catch::StartsWith("nothing to clone: profile test.json lists no include paths"));
}

TEST_CASE("application paths and data opt-in")
{
    SourceTree tree;
    ProtectionProfile p = profileAt(tree.root());
    p.osInclude = {PathSpec{"/var", false}};
    ProtectedApplication pg;
    pg.id = QStringLiteral("postgresql");
    pg.program = {PathSpec{"/usr/lib", false}};
    pg.config = {PathSpec{"/etc/postgresql", true}};
    pg.data = {PathSpec{"/var/lib/postgresql", false}};
    pg.exclude = {"*.tmp"};
    p.applications = {pg};

    SECTION("data not opted in: excluded by an anchored pattern even below an include")
    {
        const SelectionPlan plan = requirePlan(&p, SelectionOverrides{});
        CHECK(plan.includes == QList<QByteArray>{"usr/lib", "var"});
        CHECK(plan.excludePatterns == QList<QByteArray>{"*.tmp", "/var/lib/postgresql", "/.servertwin", ".servertwin-snapshots/"});
        CHECK(plan.excludes.isExcluded("var/lib/postgresql/15/main/PG_VERSION", false));
        CHECK_FALSE(plan.excludes.isExcluded("var/lib/dpkg/status", false));
        CHECK(reasonFor(plan, "etc/postgresql") == QStringLiteral("optional path not present"));
    }
    SECTION("includeData")
    {
        p.applications[0].includeData = true;
        p.osInclude = {};
        const SelectionPlan plan = requirePlan(&p, SelectionOverrides{});
        CHECK(plan.includes == QList<QByteArray>{"usr/lib", "var/lib/postgresql"});
        CHECK_FALSE(plan.excludes.isExcluded("var/lib/postgresql/15/main/PG_VERSION", false));
        CHECK_FALSE(plan.excludePatterns.contains("/var/lib/postgresql"));
    }
    SECTION("includeApplicationData opts every application in")
    {
        p.includeApplicationData = true;
        const SelectionPlan plan = requirePlan(&p, SelectionOverrides{});
        CHECK(plan.includes == QList<QByteArray>{"usr/lib", "var"});
        CHECK_FALSE(plan.excludes.isExcluded("var/lib/postgresql/15/main/PG_VERSION", false));
    }
    SECTION("required data path missing when opted in is an error")
    {
        p.applications[0].data = {PathSpec{"/var/lib/mysql", false}};
        p.applications[0].includeData = true;
        CHECK_THAT(requireError(&p, SelectionOverrides{}).message.toStdString(),
                   Catch::Contains("include path \"/var/lib/mysql\" does not exist"));
    }
    SECTION("data paths are literal: glob characters are escaped")
    {
        p.applications[0].data = {PathSpec{"/var/lib/a[1]", false}};
        const SelectionPlan plan = requirePlan(&p, SelectionOverrides{});
        CHECK(plan.excludePatterns.contains("/var/lib/a\\[1]"));
        CHECK(plan.excludes.isExcluded("var/lib/a[1]/f", false));
        CHECK_FALSE(plan.excludes.isExcluded("var/lib/a1/f", false));
    }
    SECTION("a data path of / is refused")
    {
        p.applications[0].data = {PathSpec{"/", false}};
        const Error e = requireError(&p, SelectionOverrides{});
        CHECK(e.code == ErrorCode::Profile);
        CHECK_THAT(e.message.toStdString(), Catch::Contains("application \"postgresql\" data path \"/\""));
    }
}

TEST_CASE("exclude patterns: all sources, in order, without duplicates")
{
    SourceTree tree;
    ProtectionProfile p = profileAt(tree.root());
    p.osInclude = {PathSpec{"/etc", false}};
    p.osExclude = {"*.pid"};
    p.productExclude = {"/opt/servertwin/tmp"};
    p.exclude = {"/etc/ssh/moduli", "*.pid"};
    SelectionOverrides o;
    o.excludes = {"*.swp", "*.pid"};
    const SelectionPlan plan = requirePlan(&p, o);
    CHECK(plan.excludePatterns
          == QList<QByteArray>{"*.pid", "/opt/servertwin/tmp", "/etc/ssh/moduli", "*.swp", "/.servertwin", ".servertwin-snapshots/"});
    CHECK(plan.excludes.patterns() == plan.excludePatterns);
    CHECK(plan.excludes.isExcluded("etc/ssh/moduli", false));
    CHECK_FALSE(plan.excludes.isExcluded("etc/ssh/sshd_config", false));
}

TEST_CASE("bad exclude patterns name their source")
{
    SourceTree tree;
    SelectionOverrides o;
    o.sourceRoot = tree.root();
    o.includes = {"/etc"};
    o.excludes = {"[oops"};
    Error e = requireError(nullptr, o);
    CHECK(e.code == ErrorCode::InvalidArgument);
    CHECK(e.message == QStringLiteral("--exclude: bad pattern \"[oops\": unterminated '['"));

    ProtectionProfile p = profileAt(tree.root());
    p.include = {PathSpec{"/etc", false}};
    p.exclude = {"/a/../b"};
    e = requireError(&p, SelectionOverrides{});
    CHECK(e.code == ErrorCode::Profile);
    CHECK(e.message == QStringLiteral("profile test.json: bad pattern \"/a/../b\": '..' component"));
}

TEST_CASE("an excluded include is kept out and reported")
{
    SourceTree tree;
    ProtectionProfile p = profileAt(tree.root());
    p.osInclude = {PathSpec{"/etc/ssh", false}, PathSpec{"/usr", false}, PathSpec{"/.servertwin", false}};
    p.osExclude = {"/etc"};
    const SelectionPlan plan = requirePlan(&p, SelectionOverrides{});
    CHECK(plan.includes == QList<QByteArray>{"usr"});
    CHECK(reasonFor(plan, "etc/ssh") == QStringLiteral("excluded by pattern \"/etc\""));
    CHECK(reasonFor(plan, ".servertwin") == QStringLiteral("excluded by pattern \"/.servertwin\""));

    // Directory-only patterns look at the real type of the include.
    ProtectionProfile q = profileAt(tree.root());
    q.include = {PathSpec{"/etc/hostname", false}, PathSpec{"/srv/www", false}};
    q.exclude = {"hostname/", "www/"};
    const SelectionPlan typed = requirePlan(&q, SelectionOverrides{});
    CHECK(typed.includes == QList<QByteArray>{"etc/hostname"});
    CHECK(reasonFor(typed, "srv/www") == QStringLiteral("excluded by pattern \"www/\""));
}

TEST_CASE("includes must not go through a symlink")
{
    SourceTree tree;
    ProtectionProfile p = profileAt(tree.root());
    p.osInclude = {PathSpec{"/lib/libx.so", false}};
    const Error e = requireError(&p, SelectionOverrides{});
    CHECK(e.code == ErrorCode::Profile);
    CHECK(e.message == QStringLiteral("profile test.json: include path \"/lib/libx.so\" goes through the symlink "
                                      "\"/lib\" under %1; list the real path instead")
                           .arg(tree.rootText()));

    p.osInclude = {PathSpec{"/lib/libx.so", true}, PathSpec{"/lib", false}};
    const SelectionPlan plan = requirePlan(&p, SelectionOverrides{});
    CHECK(reasonFor(plan, "lib/libx.so") == QStringLiteral("goes through the symlink \"/lib\""));
    CHECK(plan.includes == QList<QByteArray>{"lib"});  // the link itself is fine
}

TEST_CASE("non-UTF-8 include names work as raw bytes")
{
    SourceTree tree;
    const QByteArray name("srv/caf\xe9", 8);
    // Made with mkdir(2): test::writeFile() creates parents through QString, which is lossy here.
    REQUIRE(::mkdir((tree.dir / name).constData(), 0755) == 0);
    SelectionOverrides o;
    o.sourceRoot = tree.root();
    o.includes = {"/" + name};
    o.excludes = {QByteArray("/srv/caf\xe9/f", 11)};
    const SelectionPlan plan = requirePlan(nullptr, o);
    CHECK(plan.includes == QList<QByteArray>{name});
    CHECK(plan.excludes.isExcluded(name + "/f", false));
}
