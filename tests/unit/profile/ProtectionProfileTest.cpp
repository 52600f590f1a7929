// SPDX-License-Identifier: GPL-3.0-or-later
#include "profile/ProtectionProfile.h"

#include "support/TestTree.h"

#include <catch2/catch.hpp>

using namespace st;

namespace {

const char *kFull = R"({
  "version": 1,
  "name": "Test server",
  "sourceRoot": "/srv/snap",
  "os": { "include": ["/etc", {"path": "/boot", "optional": true}], "exclude": ["*.pid", "/var/cache"] },
  "product": { "include": [{"path": "/opt/servertwin"}], "exclude": ["/opt/servertwin/tmp/"] },
  "applications": [
    { "id": "postgresql", "name": "PostgreSQL",
      "program": ["/usr/lib/postgresql"], "config": [{"path": "/etc/postgresql", "optional": true}],
      "data": ["/var/lib/postgresql"], "includeData": true, "exclude": ["*.tmp"] },
    { "id": "nginx" }
  ],
  "include": ["/srv/www"],
  "exclude": ["**/.cache/"],
  "includeApplicationData": true
})";

std::string errorOf(const QByteArray &json, const QString &origin = QStringLiteral("demo.json"))
{
    Result<ProtectionProfile> p = ProtectionProfile::fromJson(json, origin);
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().code == ErrorCode::Profile);
    const std::string message = p.error().message.toStdString();
    CHECK(message.find('\n') == std::string::npos);
    CHECK_THAT(message, Catch::StartsWith(origin.toStdString() + ": "));
    return message;
}

QByteArray withVersion(const char *rest)
{
    return QByteArray(R"({"version": 1, )") + rest + '}';
}

bool samePaths(const QList<PathSpec> &a, const QList<PathSpec> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].path != b[i].path || a[i].optional != b[i].optional)
            return false;
    }
    return true;
}

void requireSame(const ProtectionProfile &a, const ProtectionProfile &b)
{
    CHECK(a.name == b.name);
    CHECK(a.sourceRoot == b.sourceRoot);
    CHECK(samePaths(a.osInclude, b.osInclude));
    CHECK(a.osExclude == b.osExclude);
    CHECK(samePaths(a.productInclude, b.productInclude));
    CHECK(a.productExclude == b.productExclude);
    CHECK(samePaths(a.include, b.include));
    CHECK(a.exclude == b.exclude);
    CHECK(a.includeApplicationData == b.includeApplicationData);
    REQUIRE(a.applications.size() == b.applications.size());
    for (qsizetype i = 0; i < a.applications.size(); ++i) {
        const ProtectedApplication &x = a.applications[i];
        const ProtectedApplication &y = b.applications[i];
        CHECK(x.id == y.id);
        CHECK(x.name == y.name);
        CHECK(samePaths(x.program, y.program));
        CHECK(samePaths(x.config, y.config));
        CHECK(samePaths(x.data, y.data));
        CHECK(x.exclude == y.exclude);
        CHECK(x.includeData == y.includeData);
    }
}

}  // namespace

TEST_CASE("fromJson reads every key of the schema")
{
    Result<ProtectionProfile> r = ProtectionProfile::fromJson(kFull, QStringLiteral("full.json"));
    REQUIRE(r.ok());
    const ProtectionProfile &p = r.value();
    CHECK(p.origin == QStringLiteral("full.json"));
    CHECK(p.name == QStringLiteral("Test server"));
    CHECK(p.sourceRoot == "/srv/snap");
    REQUIRE(p.osInclude.size() == 2);
    CHECK(p.osInclude[0].path == "/etc");
    CHECK_FALSE(p.osInclude[0].optional);
    CHECK(p.osInclude[1].path == "/boot");
    CHECK(p.osInclude[1].optional);
    CHECK(p.osExclude == QList<QByteArray>{"*.pid", "/var/cache"});
    REQUIRE(p.productInclude.size() == 1);
    CHECK(p.productInclude[0].path == "/opt/servertwin");
    CHECK_FALSE(p.productInclude[0].optional);
    CHECK(p.productExclude == QList<QByteArray>{"/opt/servertwin/tmp/"});
    REQUIRE(p.applications.size() == 2);
    const ProtectedApplication &pg = p.applications[0];
    CHECK(pg.id == QStringLiteral("postgresql"));
    CHECK(pg.name == QStringLiteral("PostgreSQL"));
    REQUIRE(pg.program.size() == 1);
    CHECK(pg.program[0].path == "/usr/lib/postgresql");
    REQUIRE(pg.config.size() == 1);
    CHECK(pg.config[0].optional);
    REQUIRE(pg.data.size() == 1);
    CHECK(pg.data[0].path == "/var/lib/postgresql");
    CHECK(pg.includeData);
    CHECK(pg.exclude == QList<QByteArray>{"*.tmp"});
    const ProtectedApplication &nginx = p.applications[1];
    CHECK(nginx.id == QStringLiteral("nginx"));
    CHECK(nginx.program.isEmpty());
    CHECK_FALSE(nginx.includeData);
    REQUIRE(p.include.size() == 1);
    CHECK(p.include[0].path == "/srv/www");
    CHECK(p.exclude == QList<QByteArray>{"**/.cache/"});
    CHECK(p.includeApplicationData);
}

TEST_CASE("fromJson defaults: only version is required")
{
    Result<ProtectionProfile> r = ProtectionProfile::fromJson(R"({"version": 1})", QStringLiteral("min.json"));
    REQUIRE(r.ok());
    CHECK(r->sourceRoot == "/");
    CHECK(r->name.isEmpty());
    CHECK(r->osInclude.isEmpty());
    CHECK(r->applications.isEmpty());
    CHECK_FALSE(r->includeApplicationData);
}

TEST_CASE("toJson then fromJson round-trips")
{
    Result<ProtectionProfile> first = ProtectionProfile::fromJson(kFull, QStringLiteral("full.json"));
    REQUIRE(first.ok());
    Result<ProtectionProfile> second = ProtectionProfile::fromJson(first->toJson(), QStringLiteral("again"));
    REQUIRE(second.ok());
    requireSame(first.value(), second.value());

    ProtectionProfile built;
    built.name = QStringLiteral("Bygg \u00e5");  // non-ASCII survives
    built.sourceRoot = "/mnt/snap";
    built.include = {PathSpec{"/caf\xc3\xa9", true}, PathSpec{"/x", false}};
    built.exclude = {"[!a]*", "a\\*b"};
    ProtectedApplication app;
    app.id = QStringLiteral("a");
    app.data = {PathSpec{"/var/lib/a", true}};
    app.includeData = true;
    built.applications = {app};
    Result<ProtectionProfile> back = ProtectionProfile::fromJson(built.toJson(), QStringLiteral("built"));
    REQUIRE(back.ok());
    requireSame(built, back.value());
}

TEST_CASE("load reads a file and names it in errors")
{
    test::ScratchDir dir("profile-load");
    const QByteArray good = dir / "good.json";
    test::writeFile(good, R"({"version": 1, "include": ["/etc"]})");
    Result<ProtectionProfile> r = ProtectionProfile::load(QString::fromUtf8(good));
    REQUIRE(r.ok());
    CHECK(r->origin == QString::fromUtf8(good));
    REQUIRE(r->include.size() == 1);

    const QByteArray bad = dir / "bad.json";
    test::writeFile(bad, R"({"version": 1, "inclde": []})");
    Result<ProtectionProfile> b = ProtectionProfile::load(QString::fromUtf8(bad));
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().message == QString::fromUtf8(bad) + QStringLiteral(": unknown key \"inclde\""));

    const QString missing = QString::fromUtf8(dir / "missing.json");
    Result<ProtectionProfile> m = ProtectionProfile::load(missing);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == ErrorCode::Profile);
    CHECK_THAT(m.error().message.toStdString(), Catch::StartsWith(missing.toStdString() + ": cannot read profile"));
}

TEST_CASE("JSON syntax errors give the position")
{
    const std::string m = errorOf("{\n  \"version\": 1,\n  \"name\": \"x\"\n  \"include\": []\n}");
    CHECK_THAT(m, Catch::Contains("JSON syntax error at line 4"));
    CHECK_THAT(m, Catch::Contains("offset"));
    CHECK_THAT(errorOf(""), Catch::Contains("JSON syntax error"));
    CHECK_THAT(errorOf("[1]"), Catch::Contains("top level must be a JSON object"));
}

TEST_CASE("version is required and must be 1")
{
    CHECK(errorOf("{}") == "demo.json: missing key \"version\" (must be 1)");
    CHECK(errorOf(R"({"version": 2})") == "demo.json: \"version\" must be 1");
    CHECK(errorOf(R"({"version": "1"})") == "demo.json: \"version\" must be 1");
    CHECK(errorOf(R"({"version": 1.5})") == "demo.json: \"version\" must be 1");
}

TEST_CASE("unknown keys are named with their full key path")
{
    CHECK(errorOf(withVersion(R"("colour": "red")")) == "demo.json: unknown key \"colour\"");
    CHECK(errorOf(withVersion(R"("os": {"includes": []})")) == "demo.json: unknown key \"os.includes\"");
    CHECK(errorOf(withVersion(R"("product": {"exclude": [], "x": 1})")) == "demo.json: unknown key \"product.x\"");
    CHECK(errorOf(withVersion(R"("applications": [{"id": "a", "dta": []}])"))
          == "demo.json: unknown key \"applications[0].dta\"");
    CHECK(errorOf(withVersion(R"("applications": [{"id": "a"}, {"id": "b", "program": [{"path": "/x", "opt": true}]}])"))
          == "demo.json: unknown key \"applications[1].program[0].opt\"");
    CHECK(errorOf(withVersion(R"("include": [{"path": "/x", "optinal": true}])"))
          == "demo.json: unknown key \"include[0].optinal\"");
}

TEST_CASE("wrong types name the key")
{
    CHECK(errorOf(withVersion(R"("name": 5)")) == "demo.json: \"name\" must be a string");
    CHECK(errorOf(withVersion(R"("sourceRoot": true)")) == "demo.json: \"sourceRoot\" must be a string");
    CHECK_THAT(errorOf(withVersion(R"("sourceRoot": "srv")")), Catch::Contains("\"sourceRoot\" must be an absolute"));
    CHECK_THAT(errorOf(withVersion(R"("sourceRoot": "")")), Catch::Contains("\"sourceRoot\" must be an absolute"));
    CHECK(errorOf(withVersion(R"("os": [])")) == "demo.json: \"os\" must be an object");
    CHECK(errorOf(withVersion(R"("product": "x")")) == "demo.json: \"product\" must be an object");
    CHECK(errorOf(withVersion(R"("os": {"include": "/etc"})")) == "demo.json: \"os.include\" must be an array");
    CHECK(errorOf(withVersion(R"("exclude": "*.pid")")) == "demo.json: \"exclude\" must be an array");
    CHECK(errorOf(withVersion(R"("applications": {})")) == "demo.json: \"applications\" must be an array");
    CHECK(errorOf(withVersion(R"("applications": ["pg"])")) == "demo.json: \"applications[0]\" must be an object");
    CHECK(errorOf(withVersion(R"("applications": [{"id": 3}])")) == "demo.json: \"applications[0].id\" must be a string");
    CHECK(errorOf(withVersion(R"("applications": [{"name": []}])"))
          == "demo.json: \"applications[0].name\" must be a string");
    CHECK(errorOf(withVersion(R"("applications": [{"includeData": "yes"}])"))
          == "demo.json: \"applications[0].includeData\" must be true or false");
    CHECK(errorOf(withVersion(R"("applications": [{"data": "/var/lib/x"}])"))
          == "demo.json: \"applications[0].data\" must be an array");
    CHECK(errorOf(withVersion(R"("includeApplicationData": 1)"))
          == "demo.json: \"includeApplicationData\" must be true or false");
    CHECK(errorOf(withVersion(R"("applications": [{"id": "a"}, {"id": "a"}])"))
          == "demo.json: \"applications[1].id\": duplicate application id \"a\"");
}

TEST_CASE("PATH entries: string or object with path")
{
    CHECK(errorOf(withVersion(R"("os": {"include": ["/etc", "/usr", 7]})"))
          == "demo.json: \"os.include[2]\" must be a string or an object with \"path\"");
    CHECK(errorOf(withVersion(R"("os": {"include": [{"optional": true}]})"))
          == "demo.json: \"os.include[0]\" must be a string or an object with \"path\"");
    CHECK(errorOf(withVersion(R"("include": [null])"))
          == "demo.json: \"include[0]\" must be a string or an object with \"path\"");
    CHECK(errorOf(withVersion(R"("include": [{"path": 1}])")) == "demo.json: \"include[0].path\" must be a string");
    CHECK(errorOf(withVersion(R"("include": [{"path": "/x", "optional": "no"}])"))
          == "demo.json: \"include[0].optional\" must be true or false");
    CHECK(errorOf(withVersion(R"("include": ["etc"])"))
          == "demo.json: \"include[0]\": path \"etc\" must be absolute (start with '/')");
    CHECK(errorOf(withVersion(R"("include": [""])"))
          == "demo.json: \"include[0]\": path \"\" must be absolute (start with '/')");
    CHECK(errorOf(withVersion(R"("product": {"include": ["/opt/../etc"]})"))
          == "demo.json: \"product.include[0]\": path \"/opt/../etc\" must not contain \"..\"");
    CHECK_THAT(errorOf(withVersion(R"("include": ["/a\u0000b"])")), Catch::Contains("\"include[0]\": path")
                                                                         && Catch::Contains("NUL byte"));
    CHECK(errorOf(withVersion(R"("applications": [{"config": ["/etc/x", {"path": "rel"}]}])"))
          == "demo.json: \"applications[0].config[1]\": path \"rel\" must be absolute (start with '/')");
}

TEST_CASE("exclude globs are compiled and bad ones name key and pattern")
{
    CHECK(errorOf(withVersion(R"("exclude": ["*.pid", 5])"))
          == "demo.json: \"exclude[1]\" must be a string (a glob pattern)");
    CHECK(errorOf(withVersion(R"("os": {"exclude": ["/var/[cache"]})"))
          == "demo.json: \"os.exclude[0]\": bad pattern \"/var/[cache\": unterminated '['");
    CHECK(errorOf(withVersion(R"("product": {"exclude": ["ok", ""]})"))
          == "demo.json: \"product.exclude[1]\": bad pattern \"\": empty pattern");
    CHECK(errorOf(withVersion(R"("applications": [{"exclude": ["/a/../b"]}])"))
          == "demo.json: \"applications[0].exclude[0]\": bad pattern \"/a/../b\": '..' component");
    CHECK_THAT(errorOf(withVersion(R"("exclude": ["[z-a]"])")),
               Catch::Contains("\"exclude[0]\": bad pattern \"[z-a]\": reversed range"));
}
