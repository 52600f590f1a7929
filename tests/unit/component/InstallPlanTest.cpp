// SPDX-License-Identifier: GPL-3.0-or-later
// The install plan: dependency order, no-op at the installed version, upgrades, and the
// refusals before anything starts (missing dependency, cycle, conflict, duplicate, replayed
// old version).
#include "component/InstallPlan.h"

#include <catch2/catch.hpp>

using namespace st;

namespace {

ComponentManifest component(const char *id, const char *version, QStringList depends = {}, QStringList conflicts = {})
{
    ComponentManifest m;
    m.id = QString::fromLatin1(id);
    m.version = QString::fromLatin1(version);
    m.depends = std::move(depends);
    m.conflicts = std::move(conflicts);
    return m;
}

QStringList order(const QList<ComponentManifest> &bundles, const Result<QList<PlannedComponent>> &plan)
{
    QStringList ids;
    for (const PlannedComponent &p : *plan)
        ids << bundles[p.index].id;
    return ids;
}

QString refusal(const QList<ComponentManifest> &bundles, const QList<InstalledComponent> &installed = {})
{
    const Result<QList<PlannedComponent>> plan = planInstall(bundles, installed);
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.error().code == ErrorCode::Refused);
    CHECK_FALSE(plan.error().message.contains(QLatin1Char('\n')));
    return plan.error().message;
}

}  // namespace

TEST_CASE("install plan: each component after its dependencies, ties in the order given")
{
    const QList<ComponentManifest> bundles{component("monitoring", "1.0", {QStringLiteral("certificates"), QStringLiteral("base")}),
                                           component("certificates", "2.0", {QStringLiteral("base")}),
                                           component("backup", "1.0"),
                                           component("base", "1.0")};
    const Result<QList<PlannedComponent>> plan = planInstall(bundles, {});
    REQUIRE(plan);
    CHECK(order(bundles, plan) == QStringList{QStringLiteral("backup"), QStringLiteral("base"), QStringLiteral("certificates"), QStringLiteral("monitoring")});
}

TEST_CASE("install plan: what is installed counts for dependencies, the same version is a no-op, a newer one an upgrade")
{
    const QList<ComponentManifest> bundles{component("monitoring", "1.1", {QStringLiteral("base")}), component("backup", "1.0")};
    const Result<QList<PlannedComponent>> plan =
        planInstall(bundles, {{QStringLiteral("base"), QStringLiteral("1.0")}, {QStringLiteral("monitoring"), QStringLiteral("1.0")}, {QStringLiteral("backup"), QStringLiteral("1.0")}});
    REQUIRE(plan);
    REQUIRE(plan->size() == 2);
    CHECK((*plan)[0].action == PlannedComponent::Action::Upgrade);
    CHECK((*plan)[0].installedVersion == QStringLiteral("1.0"));
    CHECK((*plan)[1].action == PlannedComponent::Action::AlreadyInstalled);
}

TEST_CASE("install plan: refusals before anything starts")
{
    CHECK(refusal({component("monitoring", "1.0", {QStringLiteral("base")})}) ==
          QStringLiteral("components: monitoring needs base, which is neither installed nor among the bundles"));
    CHECK(refusal({component("a", "1", {QStringLiteral("b")}), component("b", "1", {QStringLiteral("c")}), component("c", "1", {QStringLiteral("a")}), component("d", "1")})
          == QStringLiteral("components: a dependency cycle among a, b, c"));
    CHECK(refusal({component("agent-a", "1", {}, {QStringLiteral("agent-b")}), component("agent-b", "1")}).contains(QStringLiteral("agent-a conflicts with agent-b, which is among the bundles")));
    CHECK(refusal({component("agent-a", "1", {}, {QStringLiteral("agent-b")})}, {{QStringLiteral("agent-b"), QStringLiteral("3")}}).contains(QStringLiteral("which is installed")));
    CHECK(refusal({component("a", "1"), component("a", "2")}) == QStringLiteral("components: two bundles of a (1 and 2)"));
    CHECK(refusal({component("monitoring", "1.0")}, {{QStringLiteral("monitoring"), QStringLiteral("1.1")}})
          == QStringLiteral("components: monitoring 1.0 is older than the installed 1.1 (an old bundle replayed?)"));
}
