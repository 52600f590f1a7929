// SPDX-License-Identifier: GPL-3.0-or-later
// The Components step's logic without widgets, against a real demo agent process after a real
// clone and its (simulated) reboot: nothing to do before the reboot; the demo's signed bundle
// proposed, installed into the sandbox root, recorded and rolled back; a bundle of an untrusted
// key refused in one line; a failing bundle rolled back with its steps shown; a cancel mid-way.
#include "UiTestSupport.h"

#include "component/ComponentBundle.h"
#include "component/DemoBundle.h"
#include "config/ComponentsConfig.h"
#include "support/CatchQt.h"
#include "support/TestTree.h"

#include <QDir>
#include <QFile>

using namespace st;
using namespace st::test;

namespace {

struct Fixture {
    ScratchDir dir{"components-config"};
    std::unique_ptr<DemoSecondary> agent;
    std::shared_ptr<WizardSession> session;
    DemoBundle demo;

    Fixture()
    {
        writeFile(dir / "source/etc/hostname", "primary\n");
        // The clone carries the Primary's users: files placed get their owners from them.
        writeFile(dir / "source/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
        writeFile(dir / "source/etc/group", "root:x:0:\n");
        writeFile(dir / "demo/secondary-root/etc/hostname", "secondary\n");
        agent = startAgent(QString::fromLocal8Bit(dir / "demo"));
        session = makeSession(QString::fromLocal8Bit(dir / "primary"));
        pairWith(*session, *agent);
        session->setProtection(protectionOf(dir / "source"));
        Result<DemoBundle> made = prepareDemoBundle(agent->workDir());
        REQUIRE(made);
        demo = *made;
    }
    ComponentsOptions options() const
    {
        ComponentsOptions o;
        o.trustedKeys = demo.trustedKeys;
        o.bundles = {demo.bundleDir};
        o.settingsTemplate.timeoutMs = 30000;
        return o;
    }
    QString inRoot(const char *path) const { return agent->secondaryRoot() + QLatin1String(path); }
    /** A bundle @p name signed with the demo key whose script runs @p script. */
    QString bundle(const QByteArray &name, const QByteArray &script)
    {
        const QByteArray b = dir / ("bundles/" + name);
        writeFile(b + "/files/tool.conf", "tool\n");
        writeFile(b + "/run.sh", "#!/bin/sh\n" + script);
        writeFile(b + "/undo.sh", "#!/bin/sh\nrm -f \"$SERVERTWIN_ROOT/var/lib/" + name + "\"\n");
        writeFile(b + "/manifest.json", R"({"id": ")" + name + R"(", "version": "2.0", "description": "Test tool",
            "actions": [{"file": "files/tool.conf", "target": "/etc/)" + name + R"(.conf"}, {"script": "run.sh", "undo": "undo.sh"}]})");
        QFile key(QDir(agent->workDir()).filePath(QStringLiteral("demo-components/signing-key.pem")));
        REQUIRE(key.open(QIODevice::ReadOnly));
        REQUIRE(packBundle(QString::fromLocal8Bit(b), key.readAll()));
        return QString::fromLocal8Bit(b);
    }
};

void settle(ComponentsConfig &config)
{
    REQUIRE(waitUntil([&] { return !config.isRunning() && config.state() != ComponentsConfig::State::Verifying; }, 120000));
}

}  // namespace

TEST_CASE("components config: nothing to install on before the reboot brought a twin back", "[ui][components]")
{
    Fixture f;
    ComponentsConfig config(f.session, f.options());
    settle(config);
    config.refresh();
    CHECK(config.targets().isEmpty());
    CHECK(config.proposed().size() == 1);  // the demo bundle, verified
    CHECK_FALSE(config.canInstall());
    CHECK(config.startBlocker() == QStringLiteral("Reboot the Secondary into the clone first."));
    CHECK(config.canProceed());
}

TEST_CASE("components config: the demo bundle is proposed, installed on the twin, recorded, and rolled back", "[ui][components]")
{
    Fixture f;
    cloneAndReboot(f.session);
    ComponentsConfig config(f.session, f.options());
    settle(config);
    config.refresh();
    CHECK(config.state() == ComponentsConfig::State::Reading);
    settle(config);
    INFO(config.log().join(QLatin1Char('\n')).toStdString());
    REQUIRE(config.targets().size() == 1);
    REQUIRE(config.proposed().size() == 1);
    const ComponentRow row = config.proposed().first();
    CHECK(row.id == QStringLiteral("demo-site-tools"));
    CHECK(row.version == QStringLiteral("1.0-1"));
    CHECK(row.signer.startsWith(QStringLiteral("SHA256:")));
    CHECK(row.bytes > 0);
    CHECK(row.changes.size() == 5);  // three actions, two checks
    CHECK(config.installed().isEmpty());
    CHECK_FALSE(config.canProceed());
    CHECK(config.proceedBlocker().contains(QStringLiteral("Install the proposed components")));

    QList<JobProgress> progress;
    QObject::connect(&config, &ComponentsConfig::progressChanged, &config, [&] { progress << config.progress(); });
    config.install();
    CHECK(config.state() == ComponentsConfig::State::Installing);
    settle(config);
    REQUIRE(config.state() == ComponentsConfig::State::Done);
    CHECK(std::any_of(progress.cbegin(), progress.cend(), [](const JobProgress &p) { return p.bytesTotal > 0 && p.bytesDone == p.bytesTotal; }));
    CHECK(std::any_of(progress.cbegin(), progress.cend(), [](const JobProgress &p) { return p.currentItem.contains(QStringLiteral("step 3 of 5")); }));
    CHECK(config.proposed().first().status == QStringLiteral("installed"));
    REQUIRE(config.installed().size() == 1);
    CHECK(config.installed().first().status.startsWith(QStringLiteral("installed ")));
    CHECK(QFile::exists(f.inRoot("/etc/servertwin-demo/site.conf")));
    CHECK(QFile::exists(f.inRoot("/var/lib/servertwin-demo/registered")));
    CHECK(config.canProceed());
    const TargetRecord *record = f.session->record().find(f.agent->address());
    REQUIRE(record);
    REQUIRE(record->components);
    CHECK(record->succeeded(InstallStep::Components));
    REQUIRE(f.session->componentsOutcome());
    CHECK(f.session->componentsOutcome()->result);

    REQUIRE(config.canRollBack());
    config.rollBack();
    settle(config);
    REQUIRE(config.state() == ComponentsConfig::State::Done);
    CHECK(config.installed().isEmpty());
    CHECK_FALSE(QFile::exists(f.inRoot("/etc/servertwin-demo/site.conf")));
    CHECK_FALSE(QFile::exists(f.inRoot("/var/lib/servertwin-demo")));
    CHECK(record->componentRuns.size() == 2);
    CHECK(record->componentRuns.last().mode == ComponentsReport::Mode::Rollback);
    CHECK(record->componentRuns.last().outcomes.first().state == ComponentOutcome::State::RolledBack);
    CHECK(config.canProceed());
}

TEST_CASE("components config: an untrusted bundle is refused in one line, a failing one is rolled back and shown step by step", "[ui][components]")
{
    Fixture f;
    cloneAndReboot(f.session);
    ComponentsOptions options = f.options();
    options.bundles.clear();
    ComponentsConfig config(f.session, options);
    config.refresh();
    settle(config);

    // Trusted keys that do not include the demo key: refused, not proposed.
    writeFile(f.dir / "other-keys/readme.txt", "no key here\n");
    config.setTrustedKeys(QString::fromLocal8Bit(f.dir / "other-keys"));
    config.addBundle(f.demo.bundleDir);
    settle(config);
    CHECK(config.proposed().isEmpty());
    CHECK(config.bundleError().contains(QStringLiteral("no public key (*.pub)")));
    CHECK_FALSE(config.bundleError().contains(QLatin1Char('\n')));

    config.setTrustedKeys(f.demo.trustedKeys);
    config.addBundle(f.bundle("broken-tool", "echo 'vendor licence rejected' >&2\nexit 4\n"));
    settle(config);
    REQUIRE(config.proposed().size() == 1);
    config.install();
    settle(config);
    INFO(config.log().join(QLatin1Char('\n')).toStdString());
    REQUIRE(config.state() == ComponentsConfig::State::Failed);
    CHECK(config.statusText().contains(QStringLiteral("vendor licence rejected")));
    const ComponentRow row = config.proposed().first();
    CHECK(row.failed);
    CHECK(row.status.startsWith(QStringLiteral("failed: ")));
    REQUIRE(row.changes.size() == 2);
    CHECK(row.changes[0].endsWith(QStringLiteral("(undone)")));
    CHECK(row.changes[1].endsWith(QStringLiteral("(failed)")));
    CHECK_FALSE(QFile::exists(f.inRoot("/etc/broken-tool.conf")));
    CHECK(config.installed().isEmpty());
    CHECK_FALSE(config.canProceed());
    // Removing it opens Next: nothing is proposed any more.
    config.removeBundle(0);
    CHECK(config.canProceed());
}

TEST_CASE("components config: Stop during an install rolls back what it did", "[ui][components]")
{
    Fixture f;
    cloneAndReboot(f.session);
    ComponentsOptions options = f.options();
    options.bundles.clear();
    ComponentsConfig config(f.session, options);
    config.refresh();
    settle(config);
    const QByteArray marker = f.dir / "slow-started";
    config.addBundle(f.bundle("slow-tool", "touch '" + marker + "'\nsleep 30\n"));
    settle(config);
    config.install();
    REQUIRE(waitUntil([&] { return QFile::exists(QString::fromLocal8Bit(marker)); }, 60000));
    config.cancel();
    CHECK(config.state() == ComponentsConfig::State::Cancelling);
    settle(config);
    INFO(config.log().join(QLatin1Char('\n')).toStdString());
    CHECK(config.state() == ComponentsConfig::State::Cancelled);
    CHECK_FALSE(QFile::exists(f.inRoot("/etc/slow-tool.conf")));
    CHECK(config.installed().isEmpty());
}
