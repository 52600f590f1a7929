// SPDX-License-Identifier: GPL-3.0-or-later
// Components across real processes (issue 14): servertwin-cli signs a bundle, sends it to a real
// agent over TLS, which verifies it again and installs it into its sandbox root with a journal;
// a second install changes nothing; the rollback restores the root. A bundle signed by an
// untrusted key or altered after signing is refused before anything is sent; a failing script
// rolls back by itself (exit 3); an agent killed in the middle of an install rolls it back at
// its next start.
#include "AgentProcess.h"
#include "support/TestTree.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QThread>

#include <catch2/catch.hpp>

#include <csignal>

using namespace st::test;

namespace {

QString q(const QByteArray &p)
{
    return QString::fromLocal8Bit(p);
}

QByteArray readAll(const QByteArray &path)
{
    QFile f(q(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct Lab {
    ScratchDir dir{"components-it"};
    QString code = QStringLiteral("CMPN-TSTS-AAAA");

    Lab()
    {
        writeFile(dir / "root/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
        writeFile(dir / "root/etc/group", "root:x:0:\n");
        writeFile(dir / "root/etc/site.conf", "old\n", 0644);
        REQUIRE(QDir().mkpath(q(dir / "keys")));
        for (const char *key : {"trusted", "stranger"}) {
            CliRun k = runBinary("servertwin-cli", {QStringLiteral("component"), QStringLiteral("keygen"), q(dir / (QByteArray("keys/") + key))});
            INFO(k.output.toStdString());
            REQUIRE(k.exitCode == 0);
        }
    }
    /** A bundle directory @p name: site.conf placed, a script run with its undo, and checks. */
    QString bundle(const QByteArray &name, const QByteArray &version, const QByteArray &script, const char *key = "trusted")
    {
        const QByteArray b = dir / ("bundles/" + name);
        writeFile(b + "/files/site.conf", "new " + version + "\n", 0644);
        writeFile(b + "/scripts/run.sh", "#!/bin/sh\nset -e\n" + script);
        writeFile(b + "/scripts/undo.sh", "#!/bin/sh\nrm -f \"$SERVERTWIN_ROOT/var/lib/site/registered\"\n");
        writeFile(b + "/manifest.json", R"({"id": "site-tools", "version": ")" + version + R"(", "description": "Site tools for this host",
            "actions": [{"file": "files/site.conf", "target": "/etc/site.conf", "mode": "0640"},
                        {"script": "scripts/run.sh", "undo": "scripts/undo.sh"}],
            "checks": [{"path": "/etc/site.conf"}]})");
        CliRun pack = runBinary("servertwin-cli", {QStringLiteral("component"), QStringLiteral("pack"), q(b), QStringLiteral("--key"),
                                                   q(dir / (QByteArray("keys/") + key))});
        INFO(pack.output.toStdString());
        REQUIRE(pack.exitCode == 0);
        return q(b);
    }
    CliRun components(const AgentProcess &agent, const QStringList &args)
    {
        QStringList a{QStringLiteral("components")};
        a << args.first() << QStringLiteral("--secondary") << agent.address() << QStringLiteral("--pairing-code") << code
          << QStringLiteral("--state-dir") << q(dir / "primary") << QStringLiteral("--trusted-keys") << q(dir / "keys/trusted.pub")
          << QStringLiteral("--report") << q(dir / "report.json") << args.mid(1);
        return runBinary("servertwin-cli", a, 120000);
    }
};

const QByteArray kRegister = "mkdir -p \"$SERVERTWIN_ROOT/var/lib/site\"\necho \"$SERVERTWIN_COMPONENT $SERVERTWIN_VERSION\" > \"$SERVERTWIN_ROOT/var/lib/site/registered\"\n";

}  // namespace

TEST_CASE("servertwin-cli components installs a signed bundle on a real agent, a second install changes nothing, the rollback restores the root")
{
    Lab lab;
    const QString bundle = lab.bundle("tools", "1.0-1", kRegister);
    AgentProcess agent(lab.dir / "root", lab.dir / "agent-state", lab.code, {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());

    CliRun install = lab.components(agent, {QStringLiteral("install"), bundle});
    INFO(install.output.toStdString());
    REQUIRE(install.exitCode == 0);
    CHECK(readAll(lab.dir / "root/etc/site.conf") == "new 1.0-1\n");
    CHECK(readAll(lab.dir / "root/var/lib/site/registered") == "site-tools 1.0-1\n");
    CHECK(install.output.contains("site-tools 1.0-1: installed (signed by SHA256:"));
    const QJsonObject report = readJson(lab.dir / "report.json");
    CHECK(report.value(QStringLiteral("ok")).toBool());
    CHECK(report.value(QStringLiteral("uploadedBytes")).toInteger() > 0);
    const QJsonArray steps = report.value(QStringLiteral("outcomes")).toArray().at(0).toObject().value(QStringLiteral("steps")).toArray();
    REQUIRE(steps.size() == 3);  // two actions, one check
    for (const QJsonValue &s : steps)
        CHECK(s.toObject().value(QStringLiteral("state")).toString() == QStringLiteral("done"));
    CHECK(agent.waitForOutput("components: site-tools 1.0-1 installed", 10000));

    // Pinned now: no pairing code needed, and the same version again is a no-op.
    CliRun again = lab.components(agent, {QStringLiteral("install"), bundle});
    INFO(again.output.toStdString());
    REQUIRE(again.exitCode == 0);
    CHECK(again.output.contains("already installed"));

    CliRun list = lab.components(agent, {QStringLiteral("list")});
    INFO(list.output.toStdString());
    REQUIRE(list.exitCode == 0);
    CHECK(list.output.contains("installed on 127.0.0.1"));
    CHECK(list.output.contains("site-tools 1.0-1: installed"));

    CliRun rollback = lab.components(agent, {QStringLiteral("rollback")});
    INFO(rollback.output.toStdString());
    REQUIRE(rollback.exitCode == 0);
    CHECK(rollback.output.contains("site-tools 1.0-1: rolled back"));
    CHECK(readAll(lab.dir / "root/etc/site.conf") == "old\n");
    CHECK_FALSE(QFile::exists(q(lab.dir / "root/var/lib/site/registered")));
    CHECK(readJson(lab.dir / "report.json").value(QStringLiteral("installedAfter")).toArray().isEmpty());
}

TEST_CASE("servertwin-cli components refuses an untrusted or altered bundle before sending it, and a failing script rolls back by itself")
{
    Lab lab;
    AgentProcess agent(lab.dir / "root", lab.dir / "agent-state", lab.code, {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());

    const QString stranger = lab.bundle("stranger", "1.0-1", kRegister, "stranger");
    CliRun untrusted = lab.components(agent, {QStringLiteral("install"), stranger});
    INFO(untrusted.output.toStdString());
    CHECK(untrusted.exitCode == 1);
    CHECK(untrusted.output.contains("which is not a trusted key"));
    CHECK(untrusted.output.count("error") == 1);

    const QString altered = lab.bundle("altered", "1.0-1", kRegister);
    writeFile(QFile::encodeName(altered) + "/files/site.conf", "tampered\n", 0644);
    CliRun tampered = lab.components(agent, {QStringLiteral("install"), altered});
    INFO(tampered.output.toStdString());
    CHECK(tampered.exitCode == 1);
    CHECK(tampered.output.contains("files/site.conf"));
    CHECK(readAll(lab.dir / "root/etc/site.conf") == "old\n");

    const QString failing = lab.bundle("failing", "1.0-1", kRegister + "echo 'the licence server is unreachable' >&2\nexit 7\n");
    CliRun failed = lab.components(agent, {QStringLiteral("install"), failing});
    INFO(failed.output.toStdString());
    CHECK(failed.exitCode == 3);
    CHECK(failed.output.contains("failed and was rolled back"));
    CHECK(failed.output.contains("the licence server is unreachable"));
    CHECK(readAll(lab.dir / "root/etc/site.conf") == "old\n");
    CHECK_FALSE(QFile::exists(q(lab.dir / "root/var/lib/site/registered")));
    const QJsonArray steps = readJson(lab.dir / "report.json").value(QStringLiteral("outcomes")).toArray().at(0).toObject().value(QStringLiteral("steps")).toArray();
    REQUIRE(steps.size() == 3);
    CHECK(steps.at(0).toObject().value(QStringLiteral("state")).toString() == QStringLiteral("undone"));
    CHECK(steps.at(1).toObject().value(QStringLiteral("state")).toString() == QStringLiteral("failed"));
    CHECK(steps.at(2).toObject().value(QStringLiteral("state")).toString() == QStringLiteral("not run"));
}

TEST_CASE("an agent killed in the middle of an install rolls it back at its next start")
{
    Lab lab;
    const QByteArray marker = lab.dir / "script-started";
    const QString slow = lab.bundle("slow", "1.0-1", kRegister + "touch '" + marker + "'\nsleep 20\n");
    auto agent = std::make_unique<AgentProcess>(lab.dir / "root", lab.dir / "agent-state", lab.code, QStringList{QStringLiteral("--no-owner")});
    REQUIRE(agent->started());
    const QString address = agent->address();
    const quint16 port = agent->port();

    QProcess cli;
    cli.start(binary("servertwin-cli"), {QStringLiteral("components"), QStringLiteral("install"), slow, QStringLiteral("--secondary"), address,
                                         QStringLiteral("--pairing-code"), lab.code, QStringLiteral("--state-dir"), q(lab.dir / "primary"),
                                         QStringLiteral("--trusted-keys"), q(lab.dir / "keys/trusted.pub"), QStringLiteral("--timeout"), QStringLiteral("5")});
    for (int i = 0; i < 300 && !QFile::exists(q(marker)); ++i)
        QThread::msleep(100);
    REQUIRE(QFile::exists(q(marker)));
    CHECK(readAll(lab.dir / "root/etc/site.conf") == "new 1.0-1\n");  // the first action is done
    REQUIRE(::kill(pid_t(agent->pid()), SIGKILL) == 0);
    agent.reset();
    cli.waitForFinished(60000);
    CHECK(cli.exitCode() != 0);

    AgentProcess again(lab.dir / "root", lab.dir / "agent-state", lab.code,
                       {QStringLiteral("--no-owner"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)});
    REQUIRE(again.started());
    REQUIRE(again.waitForOutput("site-tools 1.0-1 rolled back", 30000));
    CHECK(again.output().contains("was interrupted (installing): rolling it back"));
    CHECK(readAll(lab.dir / "root/etc/site.conf") == "old\n");
    CHECK_FALSE(QFile::exists(q(lab.dir / "root/var/lib/site/registered")));
    CliRun list = lab.components(again, {QStringLiteral("list")});
    INFO(list.output.toStdString());
    REQUIRE(list.exitCode == 0);
    CHECK(list.output.contains("installed on 127.0.0.1:" + QByteArray::number(port) + ": 0"));
}
