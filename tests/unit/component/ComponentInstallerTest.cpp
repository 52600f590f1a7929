// SPDX-License-Identifier: GPL-3.0-or-later
// The component installer on a sandbox root: file and script actions with their journal; a
// second install of the same version changes nothing; the installed set rolled back restores
// the root; a failure at each action of a three-action component, a cancel, and an installer
// killed mid-way (recovered by the next start) each leave the root as it was.
#include "component/ComponentInstaller.h"
#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QProcess>
#include <QStandardPaths>

#include <csignal>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace st;
using namespace st::test;

namespace {

QString q(const QByteArray &path)
{
    return QString::fromLocal8Bit(path);
}

/** Every entry below @p root: its content (files) and mode; @p skip: a subtree left out. */
QMap<QString, QString> snapshot(const QString &root, const QString &skip = {})
{
    QMap<QString, QString> out;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!skip.isEmpty() && path.mid(root.size()).startsWith(skip))
            continue;
        struct stat st {};
        REQUIRE(::lstat(QFile::encodeName(path).constData(), &st) == 0);
        QString value = QString::number(st.st_mode, 8);
        if (S_ISREG(st.st_mode)) {
            QFile f(path);
            REQUIRE(f.open(QIODevice::ReadOnly));
            value += QLatin1Char(' ') + QString::fromLatin1(f.readAll().toHex());
        }
        out.insert(path.mid(root.size()), value);
    }
    return out;
}

QByteArray readFile(const QByteArray &path)
{
    QFile f(QString::fromLocal8Bit(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int modeOf(const QByteArray &path)
{
    struct stat st {};
    return ::lstat(path.constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

struct Sandbox {
    ScratchDir dir{"component-installer"};
    SigningKeyPair key;
    TrustedKeys trusted;

    Sandbox()
    {
        key = *generateSigningKey();
        trusted.add(*parsePublicKey(key.publicPem));
        writeFile(dir / "root/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/bin/false\n");
        writeFile(dir / "root/etc/group", "root:x:0:\nadm:x:4:\n");
        writeFile(dir / "root/etc/site.conf", "old = 1\n", 0600);
        REQUIRE(QDir().mkpath(q(dir / "root/var/log")));
    }
    QString root() const { return q(dir / "root"); }
    ComponentInstaller installer() const { return ComponentInstaller({root(), q(dir / "state"), 20000}); }

    /** A signed bundle @p name of @p id @p version with @p actions (JSON array text) and @p files. */
    VerifiedBundle bundle(const QByteArray &name, const QByteArray &version, const QByteArray &actions, const QMap<QByteArray, QByteArray> &files)
    {
        for (auto it = files.cbegin(); it != files.cend(); ++it)
            writeFile(dir / ("bundles/" + name + "/" + it.key()), it.value(), 0644);
        writeFile(dir / ("bundles/" + name + "/manifest.json"),
                  R"({"id": "site-tools", "version": ")" + version + R"(", "description": "Site tools", "actions": )" + actions + "}");
        Result<ComponentManifest> packed = packBundle(q(dir / ("bundles/" + name)), key.privatePem);
        INFO((packed ? std::string() : packed.error().message.toStdString()));
        REQUIRE(packed);
        Result<VerifiedBundle> b = openBundle(q(dir / ("bundles/" + name)), trusted);
        REQUIRE(b);
        return *b;
    }
    VerifiedBundle threeActions(const QByteArray &name, const QByteArray &second = "echo registered > \"$SERVERTWIN_ROOT/var/log/registered\"\n",
                                const QByteArray &thirdTarget = "/opt/site/tool.conf")
    {
        return bundle(name, "1.0-1",
                      R"([{"file": "files/site.conf", "target": "/etc/site.conf", "group": "adm", "mode": "0640"},
                          {"script": "scripts/register.sh", "undo": "scripts/unregister.sh"},
                          {"file": "files/tool.conf", "target": ")" + thirdTarget + R"("}])",
                      {{"files/site.conf", "new = 2\n"},
                       {"files/tool.conf", "tool = yes\n"},
                       {"scripts/register.sh", "#!/bin/sh\nset -e\n" + second},
                       {"scripts/unregister.sh", "#!/bin/sh\nrm -f \"$SERVERTWIN_ROOT/var/log/registered\"\n"}});
    }
    QStringList transactions() const
    {
        return QDir(q(dir / "state/components")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    }
};

}  // namespace

TEST_CASE("component installer: file and script actions land in the root, a second install is a no-op, the rollback restores the root")
{
    Sandbox s;
    const QMap<QString, QString> before = snapshot(s.root());
    ComponentInstaller installer = s.installer();
    QStringList progress, log;
    const VerifiedBundle b = s.threeActions("tools");
    const Status done = installer.install(b, CancelToken(), [&](const ComponentProgress &p) { progress << QStringLiteral("%1/%2 %3").arg(p.step).arg(p.steps).arg(p.what); },
                                          [&](const QString &line) { log << line; });
    INFO(log.join(QLatin1Char('\n')).toStdString());
    REQUIRE(done);
    CHECK(progress.size() == 3);
    CHECK(progress[0] == QStringLiteral("1/3 place /etc/site.conf (root:adm 0640)"));
    CHECK(readFile(s.dir / "root/etc/site.conf") == "new = 2\n");
    CHECK(modeOf(s.dir / "root/etc/site.conf") == 0640);
    CHECK(readFile(s.dir / "root/var/log/registered") == "registered\n");
    CHECK(readFile(s.dir / "root/opt/site/tool.conf") == "tool = yes\n");
    CHECK(modeOf(s.dir / "root/opt/site/tool.conf") == 0644);
    Result<QList<InstalledComponent>> installed = installer.installed();
    REQUIRE(installed);
    REQUIRE(installed->size() == 1);
    CHECK((*installed)[0].version == QStringLiteral("1.0-1"));

    // The same version again: nothing runs.
    log.clear();
    REQUIRE(installer.install(b, CancelToken(), {}, [&](const QString &line) { log << line; }));
    CHECK(log == QStringList{QStringLiteral("site-tools 1.0-1 is installed already: nothing to do")});
    CHECK(s.transactions().size() == 1);

    // An older version is refused as a replay; a newer one upgrades on top.
    const VerifiedBundle newer = s.bundle("tools-2", "1.1-1", R"([{"file": "files/site.conf", "target": "/etc/site.conf"}])", {{"files/site.conf", "newer = 3\n"}});
    REQUIRE(installer.install(newer, CancelToken()));
    CHECK(readFile(s.dir / "root/etc/site.conf") == "newer = 3\n");
    const Status replay = installer.install(b, CancelToken());
    REQUIRE_FALSE(replay.ok());
    CHECK(replay.error().message.contains(QStringLiteral("older than the installed 1.1-1")));

    // Rolled back, newest first: the root is as it was, every byte and mode.
    REQUIRE(installer.rollBackAll([&](const QString &line) { log << line; }));
    CHECK(snapshot(s.root()) == before);
    CHECK(installer.installed()->isEmpty());
    CHECK(s.transactions().isEmpty());
}

TEST_CASE("component installer: a failure at each action of a three-action component leaves the root as before")
{
    Sandbox s;
    writeFile(s.dir / "root/etc/blocker", "a file where a directory should be\n");
    const QMap<QString, QString> before = snapshot(s.root());
    ComponentInstaller installer = s.installer();
    VerifiedBundle b;
    QString why;
    SECTION("the first action")
    {
        b = s.bundle("first", "1.0-1",
                     R"([{"file": "files/a.conf", "target": "/etc/blocker/a.conf"}, {"script": "scripts/s.sh", "undo": "scripts/u.sh"},
                         {"file": "files/b.conf", "target": "/etc/b.conf"}])",
                     {{"files/a.conf", "a\n"}, {"files/b.conf", "b\n"}, {"scripts/s.sh", "touch \"$SERVERTWIN_ROOT/var/log/s\"\n"}, {"scripts/u.sh", "rm -f \"$SERVERTWIN_ROOT/var/log/s\"\n"}});
        why = QStringLiteral("/etc/blocker is not a directory");
    }
    SECTION("the second action")
    {
        b = s.threeActions("second", "echo half-done > \"$SERVERTWIN_ROOT/var/log/registered\"\necho 'licence server unreachable' >&2\nexit 3\n");
        why = QStringLiteral("the install script of site-tools failed (exit 3): licence server unreachable");
    }
    SECTION("the third action")
    {
        b = s.threeActions("third", "echo registered > \"$SERVERTWIN_ROOT/var/log/registered\"\n", "/etc/blocker/tool.conf");
        why = QStringLiteral("/etc/blocker is not a directory");
    }
    const Status result = installer.install(b, CancelToken());
    REQUIRE_FALSE(result.ok());
    INFO(result.error().message.toStdString());
    CHECK(result.error().message.contains(QStringLiteral("site-tools 1.0-1 failed and was rolled back")));
    CHECK(result.error().message.contains(why));
    CHECK_FALSE(result.error().message.contains(QLatin1Char('\n')));
    CHECK(snapshot(s.root()) == before);
    CHECK(installer.installed()->isEmpty());
    CHECK(s.transactions().isEmpty());
}

TEST_CASE("component installer: a cancel rolls back")
{
    Sandbox s;
    const QMap<QString, QString> before = snapshot(s.root());
    ComponentInstaller installer = s.installer();
    CancelToken cancel;
    cancel.cancel();
    const Status cancelled = installer.install(s.threeActions("tools"), cancel);
    REQUIRE_FALSE(cancelled.ok());
    CHECK(cancelled.error().code == ErrorCode::Cancelled);
    CHECK(snapshot(s.root()) == before);
    CHECK(s.transactions().isEmpty());
}

TEST_CASE("component installer: a set installs in dependency order, and a later failure rolls back what the set installed")
{
    Sandbox s;
    const QMap<QString, QString> before = snapshot(s.root());
    ComponentInstaller installer = s.installer();
    const auto signedBundle = [&](const QByteArray &name, const QByteArray &manifest, const QMap<QByteArray, QByteArray> &files) {
        for (auto it = files.cbegin(); it != files.cend(); ++it)
            writeFile(s.dir / ("bundles/" + name + "/" + it.key()), it.value(), 0644);
        writeFile(s.dir / ("bundles/" + name + "/manifest.json"), manifest);
        REQUIRE(packBundle(q(s.dir / ("bundles/" + name)), s.key.privatePem));
        Result<VerifiedBundle> b = openBundle(q(s.dir / ("bundles/" + name)), s.trusted);
        REQUIRE(b);
        return *b;
    };
    const VerifiedBundle base = signedBundle("base", R"({"id": "base", "version": "2.0", "description": "Base",
        "actions": [{"file": "base.conf", "target": "/etc/base.conf"}]})", {{"base.conf", "base\n"}});
    QByteArray checkPath = "/etc/base.conf";
    SECTION("every check passes")
    {
    }
    SECTION("a check of the second component fails")
    {
        checkPath = "/etc/never-there.conf";
    }
    const VerifiedBundle addon = signedBundle("addon", R"({"id": "addon", "version": "1.0", "description": "Add-on", "depends": ["base"],
        "actions": [{"file": "addon.conf", "target": "/etc/addon.conf"}], "checks": [{"path": ")" + checkPath + R"("}, {"script": "check.sh"}]})",
        {{"addon.conf", "addon\n"}, {"check.sh", "test -f \"$SERVERTWIN_ROOT/etc/addon.conf\"\n"}});
    QStringList progress;
    // Given in the wrong order: the plan puts base first.
    const InstallSetResult r = installer.installSet({addon, base}, CancelToken(), [&](const ComponentProgress &p) {
        progress << QStringLiteral("%1/%2 %3 %4/%5").arg(p.component).arg(p.components).arg(p.id).arg(p.step).arg(p.steps);
    });
    REQUIRE(r.outcomes.size() == 2);
    CHECK(r.outcomes[0].id == QStringLiteral("base"));
    CHECK(r.outcomes[1].id == QStringLiteral("addon"));
    CHECK(progress == QStringList{QStringLiteral("1/2 base 1/1"), QStringLiteral("2/2 addon 1/3"), QStringLiteral("2/2 addon 2/3"),
                                  QStringLiteral("2/2 addon 3/3")}.mid(0, checkPath == "/etc/base.conf" ? 4 : 3));
    if (checkPath == "/etc/base.conf") {
        REQUIRE(r.status);
        CHECK(r.outcomes[1].state == ComponentOutcome::State::Installed);
        CHECK(r.outcomes[1].steps[2].what == QStringLiteral("check: check script check.sh succeeds"));
        CHECK(r.outcomes[1].steps[2].state == ComponentStep::State::Done);
        CHECK(installer.installedDetails()->size() == 2);
        return;
    }
    REQUIRE_FALSE(r.status);
    INFO(r.status.error().message.toStdString());
    CHECK(r.status.error().message.contains(QStringLiteral("the check \"/etc/never-there.conf exists\" of addon failed")));
    CHECK(r.status.error().message.contains(QStringLiteral("the components installed before it were rolled back too")));
    CHECK(r.outcomes[0].state == ComponentOutcome::State::RolledBack);
    CHECK(r.outcomes[0].steps[0].state == ComponentStep::State::Undone);
    CHECK(r.outcomes[1].state == ComponentOutcome::State::Failed);
    CHECK(r.outcomes[1].steps[0].state == ComponentStep::State::Undone);
    CHECK(r.outcomes[1].steps[1].state == ComponentStep::State::Failed);
    CHECK(r.outcomes[1].steps[2].state == ComponentStep::State::NotRun);
    CHECK(snapshot(s.root()) == before);
    CHECK(installer.installed()->isEmpty());
    CHECK(s.transactions().isEmpty());
}

namespace {

/** The root's dpkg database says @p package is installed ("ii"). */
bool debInstalled(const Sandbox &s, const char *package)
{
    QProcess q;
    q.start(QStringLiteral("dpkg-query"), {QStringLiteral("--admindir=%1/var/lib/dpkg").arg(s.root()), QStringLiteral("--show"),
                                           QStringLiteral("--showformat=${db:Status-Abbrev}"), QString::fromLatin1(package)});
    REQUIRE(q.waitForFinished(30000));
    return q.readAllStandardOutput().startsWith("ii ");
}

/** A .deb of site-agent 1.0-1 that ships a unit, built with dpkg-deb into @p out. */
void buildDeb(const Sandbox &s, const QByteArray &out)
{
    writeFile(s.dir / "pkg/DEBIAN/control", "Package: site-agent\nVersion: 1.0-1\nArchitecture: all\nMaintainer: Test <test@example.org>\nDescription: a site agent\n");
    writeFile(s.dir / "pkg/lib/systemd/system/site-agent.service", "[Unit]\nDescription=site agent\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n");
    writeFile(s.dir / "pkg/usr/share/site-agent/readme", "the site agent\n");
    REQUIRE(QDir().mkpath(QFileInfo(q(out)).path()));
    QProcess build;
    build.start(QStringLiteral("dpkg-deb"), {QStringLiteral("--build"), QStringLiteral("--root-owner-group"), q(s.dir / "pkg"), q(out)});
    REQUIRE(build.waitForFinished(60000));
    INFO(build.readAllStandardError().toStdString());
    REQUIRE(build.exitCode() == 0);
}

}  // namespace

TEST_CASE("component installer: a .deb into the root's package database and its unit enabled, both undone by the rollback")
{
    if (QStandardPaths::findExecutable(QStringLiteral("systemctl")).isEmpty() || QStandardPaths::findExecutable(QStringLiteral("dpkg-deb")).isEmpty())
        FAIL("systemctl and dpkg-deb are needed (apt-get install systemd dpkg): scripts/install-deps.sh installs them");
    Sandbox s;
    // The sandbox root has a package database and /etc/systemd/system, as a Debian root has (the unit comes with the .deb).
    for (const char *d : {"var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "etc/systemd/system"})
        REQUIRE(QDir().mkpath(q(s.dir / "root/" + d)));
    writeFile(s.dir / "root/var/lib/dpkg/status", "");
    writeFile(s.dir / "root/var/lib/dpkg/available", "");
    buildDeb(s, s.dir / "bundles/agent/debs/site-agent_1.0-1_all.deb");
    const QMap<QString, QString> before = snapshot(s.root(), QStringLiteral("/var/lib/dpkg"));
    ComponentInstaller installer = s.installer();
    QStringList log;
    const VerifiedBundle b = s.bundle("agent", "1.0-1", R"([{"deb": "debs/site-agent_1.0-1_all.deb"}, {"unit": "site-agent.service"}])", {});
    const Status done = installer.install(b, CancelToken(), {}, [&](const QString &line) { log << line; });
    INFO(log.join(QLatin1Char('\n')).toStdString());
    REQUIRE(done);
    CHECK(debInstalled(s, "site-agent"));
    CHECK(readFile(s.dir / "root/usr/share/site-agent/readme") == "the site agent\n");
    CHECK(QFileInfo(q(s.dir / "root/etc/systemd/system/multi-user.target.wants/site-agent.service")).isSymLink());
    CHECK(log.join(QLatin1Char('\n')).contains(QStringLiteral("site-agent.service enabled, not started")));

    REQUIRE(installer.rollBackAll([&](const QString &line) { log << line; }));
    CHECK_FALSE(debInstalled(s, "site-agent"));
    const QMap<QString, QString> after = snapshot(s.root(), QStringLiteral("/var/lib/dpkg"));
    for (auto it = after.cbegin(); it != after.cend(); ++it)
        if (before.value(it.key()) != it.value())
            UNSCOPED_INFO("after rollback: " << it.key().toStdString() << " " << it.value().left(40).toStdString());
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        if (!after.contains(it.key()))
            UNSCOPED_INFO("gone after rollback: " << it.key().toStdString());
    CHECK(after == before);

    // A unit the root does not have: the enable fails, and the .deb installed before it is purged.
    const VerifiedBundle broken = s.bundle("broken", "1.0-2", R"([{"deb": "debs/site-agent_1.0-1_all.deb"}, {"unit": "missing.service"}])",
                                           {{"debs/site-agent_1.0-1_all.deb", readFile(s.dir / "bundles/agent/debs/site-agent_1.0-1_all.deb")}});
    const Status failed = installer.install(broken, CancelToken(), {}, [&](const QString &line) { log << line; });
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().message.contains(QStringLiteral("failed and was rolled back")));
    CHECK(failed.error().message.contains(QStringLiteral("missing.service")));
    CHECK_FALSE(debInstalled(s, "site-agent"));
    CHECK(snapshot(s.root(), QStringLiteral("/var/lib/dpkg")) == before);
    CHECK(s.transactions().isEmpty());
}

TEST_CASE("component installer: killed in the middle of an install, the next start rolls it back")
{
    Sandbox s;
    const QMap<QString, QString> before = snapshot(s.root());
    // The second action's script kills the installer's process after the first action replaced /etc/site.conf.
    const VerifiedBundle b = s.threeActions("tools", "echo registered > \"$SERVERTWIN_ROOT/var/log/registered\"\nkill -9 $PPID\nsleep 30\n");
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ComponentInstaller installer = s.installer();
        (void)installer.install(b, CancelToken());
        ::_exit(0);  // not reached: the script kills this process
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    CHECK(readFile(s.dir / "root/etc/site.conf") == "new = 2\n");  // half done
    REQUIRE(s.transactions().size() == 1);

    ComponentInstaller next = s.installer();
    QStringList log;
    REQUIRE(next.recover([&](const QString &line) { log << line; }));
    INFO(log.join(QLatin1Char('\n')).toStdString());
    CHECK(log.first().contains(QStringLiteral("was interrupted (installing): rolling it back")));
    CHECK(snapshot(s.root()) == before);
    CHECK(s.transactions().isEmpty());
    CHECK(next.installed()->isEmpty());
}
