// SPDX-License-Identifier: GPL-3.0-or-later
// applications[].freeze / .thaw in the profile, and SelectionPlan::quiesce.
#include "profile/SelectionPlan.h"

#include "support/TestTree.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <catch2/catch.hpp>

using namespace st;

namespace {

QByteArray withApps(const char *apps)
{
    return QByteArray(R"({"version": 1, "applications": [)") + apps + "]}";
}

std::string errorOf(const QByteArray &json)
{
    Result<ProtectionProfile> p = ProtectionProfile::fromJson(json, QStringLiteral("hooks.json"));
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().code == ErrorCode::Profile);
    const std::string message = p.error().message.toStdString();
    CHECK(message.find('\n') == std::string::npos);
    CHECK_THAT(message, Catch::StartsWith("hooks.json: "));
    return message;
}

QStringList argv(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *w : list)
        out << QString::fromUtf8(w);
    return out;
}

}  // namespace

TEST_CASE("freeze and thaw hooks are read with their timeouts")
{
    Result<ProtectionProfile> p = ProtectionProfile::fromJson(withApps(R"(
        { "id": "postgresql",
          "freeze": { "command": ["runuser", "-u", "postgres", "--", "psql", "-c", "CHECKPOINT"], "timeoutSeconds": 120 } },
        { "id": "bind9", "freeze": { "command": ["rndc", "freeze"] }, "thaw": { "command": ["rndc", "thaw"], "timeoutSeconds": 3600 } },
        { "id": "nginx" })"),
                                                              QStringLiteral("hooks.json"));
    REQUIRE(p.ok());
    REQUIRE(p->applications.size() == 3);
    const ProtectedApplication &pg = p->applications[0];
    CHECK(pg.freeze.command == argv({"runuser", "-u", "postgres", "--", "psql", "-c", "CHECKPOINT"}));
    CHECK(pg.freeze.timeoutSeconds == 120);
    CHECK_FALSE(pg.thaw.isSet());
    const ProtectedApplication &bind = p->applications[1];
    CHECK(bind.freeze.command == argv({"rndc", "freeze"}));
    CHECK(bind.freeze.timeoutSeconds == 60);  // default
    CHECK(bind.thaw.command == argv({"rndc", "thaw"}));
    CHECK(bind.thaw.timeoutSeconds == 3600);
    CHECK_FALSE(p->applications[2].freeze.isSet());
    CHECK_FALSE(p->applications[2].thaw.isSet());
}

TEST_CASE("bad hooks are errors that name the key")
{
    const std::string timeoutError =
        "hooks.json: \"applications[0].freeze.timeoutSeconds\" must be a whole number of seconds from 1 to 3600";
    for (const char *timeout : {"0", "3601", "-5", "1.5", "\"60\"", "null", "true"}) {
        INFO(timeout);
        const QByteArray app = QByteArray(R"({"id": "a", "freeze": {"command": ["true"], "timeoutSeconds": )") + timeout + "}}";
        CHECK(errorOf(withApps(app.constData())) == timeoutError);
    }
    CHECK(errorOf(withApps(R"({"id": "a", "thaw": {"command": ["true"], "timeoutSeconds": 0}})"))
          == "hooks.json: \"applications[0].thaw.timeoutSeconds\" must be a whole number of seconds from 1 to 3600");

    const std::string commandError = "hooks.json: \"applications[1].freeze.command\" must be a non-empty array of "
                                     "strings (program and arguments, no shell)";
    for (const char *command : {"[]", "\"psql -c CHECKPOINT\"", "[\"psql\", 1]", "[null]", "{}"}) {
        INFO(command);
        const QByteArray apps = QByteArray(R"({"id": "a"}, {"id": "b", "freeze": {"command": )") + command + "}}";
        CHECK(errorOf(withApps(apps.constData())) == commandError);
    }
    CHECK(errorOf(withApps(R"({"id": "b", "freeze": {"timeoutSeconds": 5}})"))
          == "hooks.json: \"applications[0].freeze.command\" must be a non-empty array of strings (program and "
             "arguments, no shell)");
    CHECK(errorOf(withApps(R"({"id": "b", "thaw": {"command": [" ", "x"]}})"))
          == "hooks.json: \"applications[0].thaw.command[0]\" (the program) must not be empty");
    CHECK(errorOf(withApps(R"({"id": "b", "thaw": {"command": ["x", "a\u0000b"]}})"))
          == "hooks.json: \"applications[0].thaw.command[1]\" contains a NUL character");
    CHECK(errorOf(withApps(R"({"id": "b", "thaw": {"command": ["x"], "timeout": 5}})"))
          == "hooks.json: unknown key \"applications[0].thaw.timeout\"");
    CHECK(errorOf(withApps(R"({"id": "b", "freeze": ["rndc", "freeze"]})"))
          == "hooks.json: \"applications[0].freeze\" must be an object with \"command\" (and optionally "
             "\"timeoutSeconds\")");
    CHECK(errorOf(withApps(R"({"id": "b", "frezee": {"command": ["x"]}})"))
          == "hooks.json: unknown key \"applications[0].frezee\"");
}

TEST_CASE("hooks round-trip through toJson, applications without hooks get no hook keys")
{
    ProtectionProfile profile;
    ProtectedApplication pg;
    pg.id = QStringLiteral("postgresql");
    pg.freeze = QuiesceHook{argv({"psql", "-c", "CHECKPOINT"}), 90};
    ProtectedApplication bind;
    bind.id = QStringLiteral("bind9");
    bind.freeze = QuiesceHook{argv({"rndc", "freeze"}), 60};
    bind.thaw = QuiesceHook{argv({"rndc", "thaw", "it's"}), 1};
    ProtectedApplication plain;
    plain.id = QStringLiteral("nginx");
    profile.applications = {pg, bind, plain};

    const QByteArray json = profile.toJson();
    Result<ProtectionProfile> back = ProtectionProfile::fromJson(json, QStringLiteral("round-trip"));
    REQUIRE(back.ok());
    REQUIRE(back->applications.size() == 3);
    for (qsizetype i = 0; i < 3; ++i) {
        CHECK(back->applications[i].freeze == profile.applications[i].freeze);
        CHECK(back->applications[i].thaw == profile.applications[i].thaw);
    }
    const QJsonObject nginx = QJsonDocument::fromJson(json).object().value(QStringLiteral("applications")).toArray().at(2).toObject();
    CHECK_FALSE(nginx.contains(QStringLiteral("freeze")));
    CHECK_FALSE(nginx.contains(QStringLiteral("thaw")));
    CHECK(back->toJson() == json);
}

TEST_CASE("SelectionPlan::quiesce lists the applications with hooks in profile order")
{
    test::ScratchDir dir("plan-quiesce");
    test::writeFile(dir / "etc/hostname", "twin\n");
    Result<ProtectionProfile> p = ProtectionProfile::fromJson(withApps(R"(
        { "id": "nginx", "config": ["/etc"] },
        { "id": "redis", "freeze": { "command": ["redis-cli", "SAVE"], "timeoutSeconds": 30 } },
        { "name": "Unnamed DNS", "thaw": { "command": ["rndc", "thaw"], "timeoutSeconds": 7 } },
        { "id": "postgresql", "freeze": { "command": ["psql", "-c", "CHECKPOINT"] }, "thaw": { "command": ["true"], "timeoutSeconds": 2 } },
        { "thaw": { "command": ["true"] } })"),
                                                              QStringLiteral("hooks.json"));
    REQUIRE(p.ok());
    p->sourceRoot = dir.path();
    Result<SelectionPlan> plan = SelectionPlan::build(&p.value(), SelectionOverrides{});
    REQUIRE(plan.ok());
    REQUIRE(plan->quiesce.size() == 4);
    CHECK(plan->quiesce[0] == QuiesceAction{QStringLiteral("redis"), argv({"redis-cli", "SAVE"}), {}, 30, 60});
    CHECK(plan->quiesce[1] == QuiesceAction{QStringLiteral("Unnamed DNS"), {}, argv({"rndc", "thaw"}), 60, 7});
    CHECK(plan->quiesce[2]
          == QuiesceAction{QStringLiteral("postgresql"), argv({"psql", "-c", "CHECKPOINT"}), argv({"true"}), 60, 2});
    CHECK(plan->quiesce[3].application == QStringLiteral("applications[4]"));

    // Command-line only plans have nothing to quiesce.
    Result<SelectionPlan> bare = SelectionPlan::build(nullptr, SelectionOverrides{{"/etc"}, {}, dir.path()});
    REQUIRE(bare.ok());
    CHECK(bare->quiesce.isEmpty());
}
