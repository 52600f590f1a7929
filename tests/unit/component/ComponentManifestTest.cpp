// SPDX-License-Identifier: GPL-3.0-or-later
// A component manifest from untrusted bytes: a good one round-trips, each bad field is refused
// in one line naming it; Debian version order as dpkg has it.
#include "component/ComponentManifest.h"
#include "component/DebianVersion.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace st;

namespace {

const QString kHash = QString(64, QLatin1Char('a'));

QJsonObject goodManifest()
{
    return QJsonObject{
        {QStringLiteral("format"), 1},
        {QStringLiteral("id"), QStringLiteral("site-monitoring")},
        {QStringLiteral("version"), QStringLiteral("1.2-1")},
        {QStringLiteral("description"), QStringLiteral("The monitoring agent licensed for this host")},
        {QStringLiteral("depends"), QJsonArray{QStringLiteral("site-certificates")}},
        {QStringLiteral("actions"),
         QJsonArray{QJsonObject{{QStringLiteral("deb"), QStringLiteral("debs/monitor_1.2-1_amd64.deb")}},
                    QJsonObject{{QStringLiteral("file"), QStringLiteral("files/monitor.conf")}, {QStringLiteral("target"), QStringLiteral("/etc/monitor/monitor.conf")},
                                {QStringLiteral("mode"), QStringLiteral("0640")}, {QStringLiteral("group"), QStringLiteral("adm")}},
                    QJsonObject{{QStringLiteral("unit"), QStringLiteral("monitor.service")}},
                    QJsonObject{{QStringLiteral("script"), QStringLiteral("scripts/register.sh")}, {QStringLiteral("undo"), QStringLiteral("scripts/unregister.sh")}}}},
        {QStringLiteral("files"),
         QJsonArray{QJsonObject{{QStringLiteral("path"), QStringLiteral("debs/monitor_1.2-1_amd64.deb")}, {QStringLiteral("size"), 1000}, {QStringLiteral("sha256"), kHash}},
                    QJsonObject{{QStringLiteral("path"), QStringLiteral("files/monitor.conf")}, {QStringLiteral("size"), 10}, {QStringLiteral("sha256"), kHash}},
                    QJsonObject{{QStringLiteral("path"), QStringLiteral("scripts/register.sh")}, {QStringLiteral("size"), 10}, {QStringLiteral("sha256"), kHash}},
                    QJsonObject{{QStringLiteral("path"), QStringLiteral("scripts/unregister.sh")}, {QStringLiteral("size"), 10}, {QStringLiteral("sha256"), kHash}}}}};
}

QByteArray bytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson();
}

/** The one-line refusal of @p o. */
QString refusal(const QJsonObject &o)
{
    const Result<ComponentManifest> m = ComponentManifest::parse(bytes(o));
    REQUIRE_FALSE(m.ok());
    CHECK_FALSE(m.error().message.contains(QLatin1Char('\n')));
    CHECK(m.error().message.startsWith(QStringLiteral("component manifest: ")));
    return m.error().message;
}

QJsonObject withAction(const QJsonObject &action)
{
    QJsonObject o = goodManifest();
    QJsonArray actions = o[QStringLiteral("actions")].toArray();
    actions.append(action);
    o[QStringLiteral("actions")] = actions;
    return o;
}

}  // namespace

TEST_CASE("component manifest: a good manifest parses, describes its actions, and round-trips")
{
    const Result<ComponentManifest> m = ComponentManifest::parse(bytes(goodManifest()));
    INFO((m ? std::string() : m.error().message.toStdString()));
    REQUIRE(m);
    CHECK(m->id == QStringLiteral("site-monitoring"));
    CHECK(m->version == QStringLiteral("1.2-1"));
    CHECK(m->depends == QStringList{QStringLiteral("site-certificates")});
    REQUIRE(m->actions.size() == 4);
    CHECK(m->actions[1].mode == 0640);
    CHECK(m->actions[1].owner == QStringLiteral("root"));
    CHECK(m->actions[1].group == QStringLiteral("adm"));
    CHECK(m->actions[2].start);
    CHECK(describeAction(m->actions[0]) == QStringLiteral("install monitor_1.2-1_amd64.deb"));
    CHECK(describeAction(m->actions[1]) == QStringLiteral("place /etc/monitor/monitor.conf (root:adm 0640)"));
    CHECK(describeAction(m->actions[2]) == QStringLiteral("enable and start monitor.service"));
    CHECK(describeAction(m->actions[3]) == QStringLiteral("run scripts/register.sh (undo: scripts/unregister.sh)"));
    CHECK(m->payloadBytes() == 1030);
    const Result<ComponentManifest> again = ComponentManifest::parse(m->toJson());
    REQUIRE(again);
    CHECK(again->toJson() == m->toJson());
}

TEST_CASE("component manifest: each bad field is refused in one line naming it")
{
    auto set = [](const char *key, const QJsonValue &v) {
        QJsonObject o = goodManifest();
        o[QLatin1String(key)] = v;
        return o;
    };
    CHECK(refusal(set("id", QStringLiteral("Bad Id"))).contains(QStringLiteral("\"id\"")));
    CHECK(refusal(set("version", QStringLiteral("v1"))).contains(QStringLiteral("\"version\"")));
    CHECK(refusal(set("format", 2)).contains(QStringLiteral("\"format\"")));
    CHECK(refusal(set("description", QString(600, QLatin1Char('x')))).contains(QStringLiteral("\"description\"")));
    CHECK(refusal(set("depends", QJsonArray{QStringLiteral("site-monitoring")})).contains(QStringLiteral("itself")));
    CHECK(refusal(set("unknown", 1)).contains(QStringLiteral("unknown key \"unknown\"")));
    CHECK(refusal(set("actions", QJsonArray{})).contains(QStringLiteral("at least one action")));
    QJsonArray many;
    for (int i = 0; i < ComponentManifest::kMaxActions + 1; ++i)
        many.append(QJsonObject{{QStringLiteral("unit"), QStringLiteral("a.service")}});
    CHECK(refusal(set("actions", many)).contains(QStringLiteral("at most 200")));
    CHECK_FALSE(ComponentManifest::parse(QByteArray(ComponentManifest::kMaxBytes + 1, ' ')).ok());
    CHECK_FALSE(ComponentManifest::parse("[1,2]").ok());

    // Actions: exactly one kind, files of the bundle, safe targets and names.
    CHECK(refusal(withAction(QJsonObject{{QStringLiteral("deb"), QStringLiteral("x.deb")}, {QStringLiteral("unit"), QStringLiteral("a.service")}}))
              .contains(QStringLiteral("exactly one of")));
    CHECK(refusal(withAction(QJsonObject{{QStringLiteral("deb"), QStringLiteral("debs/other.deb")}})).contains(QStringLiteral("not among the bundle's files")));
    CHECK(refusal(withAction(QJsonObject{{QStringLiteral("deb"), QStringLiteral("../outside.deb")}})).contains(QStringLiteral("plain names")));
    CHECK(refusal(withAction(QJsonObject{{QStringLiteral("file"), QStringLiteral("files/monitor.conf")}, {QStringLiteral("target"), QStringLiteral("etc/relative")}}))
              .contains(QStringLiteral("\"target\"")));
    CHECK(refusal(withAction(QJsonObject{{QStringLiteral("file"), QStringLiteral("files/monitor.conf")}, {QStringLiteral("target"), QStringLiteral("/etc/../shadow")}}))
              .contains(QStringLiteral("\"target\"")));
    CHECK(refusal(withAction(QJsonObject{{QStringLiteral("file"), QStringLiteral("files/monitor.conf")}, {QStringLiteral("target"), QStringLiteral("/etc/x")}, {QStringLiteral("mode"), QStringLiteral("rwx")}}))
              .contains(QStringLiteral("\"mode\"")));
    CHECK(refusal(withAction(QJsonObject{{QStringLiteral("file"), QStringLiteral("files/monitor.conf")}, {QStringLiteral("target"), QStringLiteral("/etc/x")}, {QStringLiteral("owner"), QStringLiteral("Root;rm")}}))
              .contains(QStringLiteral("\"owner\"")));
    CHECK(refusal(withAction(QJsonObject{{QStringLiteral("unit"), QStringLiteral("../../etc/passwd")}})).contains(QStringLiteral("\"unit\"")));
    CHECK(refusal(withAction(QJsonObject{{QStringLiteral("script"), QStringLiteral("scripts/register.sh")}})).contains(QStringLiteral("\"undo\"")));
    CHECK(refusal(withAction(QJsonObject{{QStringLiteral("unit"), QStringLiteral("a.service")}, {QStringLiteral("stat"), true}})).contains(QStringLiteral("unknown key \"stat\"")));

    // Files: plain relative paths, each once, a real SHA-256.
    QJsonObject twice = goodManifest();
    QJsonArray files = twice[QStringLiteral("files")].toArray();
    files.append(files[0]);
    twice[QStringLiteral("files")] = files;
    CHECK(refusal(twice).contains(QStringLiteral("listed twice")));
    QJsonObject badHash = goodManifest();
    files = badHash[QStringLiteral("files")].toArray();
    QJsonObject f0 = files[0].toObject();
    f0[QStringLiteral("sha256")] = QStringLiteral("xyz");
    files[0] = f0;
    badHash[QStringLiteral("files")] = files;
    CHECK(refusal(badHash).contains(QStringLiteral("\"sha256\"")));
    QJsonObject reserved = goodManifest();
    files = reserved[QStringLiteral("files")].toArray();
    files.append(QJsonObject{{QStringLiteral("path"), QStringLiteral("manifest.sig")}, {QStringLiteral("size"), 64}, {QStringLiteral("sha256"), kHash}});
    reserved[QStringLiteral("files")] = files;
    CHECK(refusal(reserved).contains(QStringLiteral("\"path\"")));
}

TEST_CASE("Debian versions: valid forms, and dpkg's order")
{
    for (const char *v : {"1", "1.2-1", "2:1.0~rc1-3+deb12u1", "20230101.1", "1.0-1-2"})
        CHECK(isDebianVersion(QString::fromLatin1(v)));
    for (const char *v : {"", "v1", "1.0-", "a:1", "1 0", "-1"})
        CHECK_FALSE(isDebianVersion(QString::fromLatin1(v)));
    auto lt = [](const char *a, const char *b) { return compareDebianVersions(QString::fromLatin1(a), QString::fromLatin1(b)) < 0; };
    CHECK(lt("1.0", "1.1"));
    CHECK(lt("1.9", "1.10"));
    CHECK(lt("1.0~rc1", "1.0"));       // '~' sorts before the end
    CHECK(lt("1.0", "1.0+b1"));
    CHECK(lt("1.0-1", "1.0-2"));
    CHECK(lt("9.9", "1:0.1"));         // the epoch first
    CHECK(lt("1.0a", "1.0+"));         // letters before other characters
    CHECK(compareDebianVersions(QStringLiteral("1.01"), QStringLiteral("1.1")) == 0);
    CHECK(compareDebianVersions(QStringLiteral("1.2-1"), QStringLiteral("1.2-1")) == 0);
}
