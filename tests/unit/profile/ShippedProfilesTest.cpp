// SPDX-License-Identifier: GPL-3.0-or-later
// The profiles shipped in resources/profiles must load and resolve on a Debian 12 machine.
#include "profile/SelectionPlan.h"

#include <catch2/catch.hpp>

using namespace st;

namespace {

ProtectionProfile loadShipped(const char *name)
{
    const QString file = QStringLiteral(ST_SOURCE_DIR "/resources/profiles/") + QString::fromUtf8(name);
    Result<ProtectionProfile> profile = ProtectionProfile::load(file);
    if (!profile.ok())
        FAIL(profile.error().message.toStdString());
    return profile.value();
}

SelectionPlan planFor(const ProtectionProfile &profile)
{
    Result<SelectionPlan> plan = SelectionPlan::build(&profile, SelectionOverrides{});
    if (!plan.ok())
        FAIL(plan.error().message.toStdString());
    return plan.value();
}

}  // namespace

TEST_CASE("demo.json loads and resolves on this machine")
{
    const ProtectionProfile profile = loadShipped("demo.json");
    CHECK(profile.sourceRoot == "/");
    REQUIRE(profile.applications.size() == 1);
    CHECK(profile.applications[0].id == QStringLiteral("sample-app"));
    CHECK_FALSE(profile.applications[0].includeData);

    const SelectionPlan plan = planFor(profile);
    CHECK(plan.sourceRoot == "/");
    // etc/apt (the application's config) folds into etc.
    CHECK(plan.includes
          == QList<QByteArray>{"etc", "usr/lib/os-release", "usr/share/common-licenses", "usr/share/zoneinfo"});
    CHECK(plan.excludePatterns
          == QList<QByteArray>{"*.dpkg-old", "/etc/ld.so.cache", "/var/lib/apt/lists", "/.servertwin", ".servertwin-snapshots/"});
    CHECK(plan.skipped.isEmpty());
    CHECK(plan.excludes.isExcluded("etc/ld.so.cache", false));
    CHECK(plan.excludes.isExcluded("etc/apt/sources.list.dpkg-old", false));
    CHECK(plan.excludes.isExcluded("var/lib/apt/lists/deb.debian.org_Release", false));
    CHECK_FALSE(plan.excludes.isExcluded("etc/apt/sources.list", false));
    CHECK_FALSE(plan.excludes.isExcluded("usr/share/zoneinfo/UTC", false));
}

TEST_CASE("debian-server.json loads and resolves on this machine")
{
    const ProtectionProfile profile = loadShipped("debian-server.json");
    CHECK_FALSE(profile.name.isEmpty());
    QStringList ids;
    for (const ProtectedApplication &app : profile.applications)
        ids << app.id;
    CHECK(ids == QStringList{QStringLiteral("openssh"), QStringLiteral("nginx"), QStringLiteral("postgresql")});

    const SelectionPlan plan = planFor(profile);
    for (const QByteArray &required : {QByteArray("etc"), QByteArray("usr"), QByteArray("var/lib/dpkg")})
        CHECK(plan.includes.contains(required));
    CHECK_FALSE(plan.includes.contains("usr/local"));  // folded into usr
    for (const SkippedPath &skipped : plan.skipped) {
        INFO(skipped.path.toStdString());
        CHECK(skipped.reason == QStringLiteral("optional path not present"));
    }
    CHECK(plan.excludePatterns.contains("/var/lib/postgresql"));  // data not opted in
    CHECK(plan.excludePatterns.contains("/.servertwin"));
    CHECK(plan.excludes.isExcluded("var/lib/postgresql/15/main/base/1", false));
    CHECK(plan.excludes.isExcluded("var/cache/apt/pkgcache.bin", false));
    // An identical twin keeps the identity of the Primary.
    CHECK_FALSE(plan.excludes.isExcluded("etc/machine-id", false));
    CHECK_FALSE(plan.excludes.isExcluded("etc/ssh/ssh_host_ed25519_key", false));
    CHECK_FALSE(plan.excludes.isExcluded("etc/ssh/sshd_config", false));
    CHECK_FALSE(plan.excludes.isExcluded("var/lib/dpkg/status", false));
}

TEST_CASE("shipped profiles round-trip through toJson")
{
    for (const char *name : {"demo.json", "debian-server.json"}) {
        const ProtectionProfile profile = loadShipped(name);
        Result<ProtectionProfile> again = ProtectionProfile::fromJson(profile.toJson(), QStringLiteral("again"));
        REQUIRE(again.ok());
        CHECK(again->toJson() == profile.toJson());
    }
}
