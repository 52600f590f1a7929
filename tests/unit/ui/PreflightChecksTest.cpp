// SPDX-License-Identifier: GPL-3.0-or-later
// The Welcome page's pre-flight checks, judged from facts fed by a fake probe.
#include "FakeSystemProbe.h"
#include "config/PreflightChecks.h"

#include "support/CatchQt.h"

using namespace st;
using st::test::FakeSystemProbe;
using Level = PreflightCheck::Level;

namespace {

const QString kStateDir = QStringLiteral("/var/lib/servertwin");
const QString kAppDir = QStringLiteral("/usr/bin");

PreflightInputs inputs(bool demo = false)
{
    PreflightInputs in;
    in.demoMode = demo;
    in.stateDir = kStateDir;
    in.applicationDir = kAppDir;
    return in;
}

}  // namespace

TEST_CASE("privileges: root passes, another user fails with the sudo hint, demo only warns", "[ui][preflight]")
{
    auto probe = FakeSystemProbe::healthy(kStateDir, kAppDir);
    PreflightCheck c = PreflightChecks::privileges(*probe, inputs());
    CHECK(c.id == QStringLiteral("privileges"));
    CHECK(c.level == Level::Pass);
    CHECK(c.hint.isEmpty());

    probe->uid = 1000;
    c = PreflightChecks::privileges(*probe, inputs());
    CHECK(c.level == Level::Fail);
    CHECK(c.message.contains(QStringLiteral("1000")));
    CHECK(c.hint.contains(QStringLiteral("sudo servertwin")));
    CHECK(c.hint.contains(QStringLiteral("every file of the protection set")));

    c = PreflightChecks::privileges(*probe, inputs(true));
    CHECK(c.level == Level::Warn);
    CHECK(c.hint.contains(QStringLiteral("sudo servertwin")));
}

TEST_CASE("snapshot support: btrfs on / passes, other filesystems warn naming the type", "[ui][preflight]")
{
    auto probe = FakeSystemProbe::healthy(kStateDir, kAppDir);
    PreflightCheck c = PreflightChecks::snapshotSupport(*probe, inputs());
    CHECK(c.id == QStringLiteral("snapshot"));
    CHECK(c.level == Level::Pass);
    CHECK(c.message == QStringLiteral("btrfs: point-in-time snapshots available."));

    probe->filesystems[QStringLiteral("/")] = FileSystemInfo{QStringLiteral("/"), EXT4_SUPER_MAGIC, QStringLiteral("ext4"), 1 << 30};
    c = PreflightChecks::snapshotSupport(*probe, inputs());
    CHECK(c.level == Level::Warn);
    CHECK(c.message == QStringLiteral("No btrfs snapshot support on / (ext4): files are read live."));
    CHECK_FALSE(c.hint.isEmpty());

    // The magic decides, not the name: a btrfs reported under another name still passes.
    probe->filesystems[QStringLiteral("/")] = FileSystemInfo{QStringLiteral("/"), BTRFS_SUPER_MAGIC, QStringLiteral("0x9123683e"), 1 << 30};
    CHECK(PreflightChecks::snapshotSupport(*probe, inputs()).level == Level::Pass);

    probe->fsErrors.insert(QStringLiteral("/"), makeError(ErrorCode::Permission, QStringLiteral("statfs /: Permission denied")));
    c = PreflightChecks::snapshotSupport(*probe, inputs());
    CHECK(c.level == Level::Warn);
    CHECK(c.message.contains(QStringLiteral("statfs /: Permission denied")));
}

TEST_CASE("state directory space: 64 MiB pass, less fails naming the directory", "[ui][preflight]")
{
    auto probe = FakeSystemProbe::healthy(kStateDir, kAppDir);
    const qint64 min = PreflightChecks::kMinStateDirFreeBytes;
    REQUIRE(min == 64 * 1024 * 1024);

    probe->filesystems[kStateDir] = FileSystemInfo{QStringLiteral("/var/lib"), EXT4_SUPER_MAGIC, QStringLiteral("ext4"), min};
    PreflightCheck c = PreflightChecks::stateDirSpace(*probe, inputs());
    CHECK(c.id == QStringLiteral("state-space"));
    CHECK(c.level == Level::Pass);
    CHECK(c.message.contains(kStateDir));

    probe->filesystems[kStateDir].availableBytes = min - 1;
    c = PreflightChecks::stateDirSpace(*probe, inputs());
    CHECK(c.level == Level::Fail);
    CHECK(c.message.contains(kStateDir));
    CHECK(c.hint.contains(kStateDir));
    CHECK(c.hint.contains(QStringLiteral("/var/lib")));  // where it was measured

    probe->filesystems.remove(kStateDir);  // the fake answers "No such file or directory"
    c = PreflightChecks::stateDirSpace(*probe, inputs());
    CHECK(c.level == Level::Fail);
    CHECK(c.message.contains(QStringLiteral("No such file or directory")));
    CHECK_FALSE(c.hint.isEmpty());
}

TEST_CASE("agent binary: next to the wizard passes, missing warns, missing in demo mode fails", "[ui][preflight]")
{
    auto probe = FakeSystemProbe::healthy(kStateDir, kAppDir);
    CHECK(PreflightChecks::agentPath(inputs()) == QStringLiteral("/usr/bin/servertwin-agent"));
    PreflightCheck c = PreflightChecks::agentBinary(*probe, inputs());
    CHECK(c.id == QStringLiteral("agent"));
    CHECK(c.level == Level::Pass);

    probe->executables.clear();
    c = PreflightChecks::agentBinary(*probe, inputs());
    CHECK(c.level == Level::Warn);
    CHECK(c.message.contains(QStringLiteral("/usr/bin/servertwin-agent")));
    CHECK(c.hint.contains(QStringLiteral("--demo")));

    c = PreflightChecks::agentBinary(*probe, inputs(true));
    CHECK(c.level == Level::Fail);
    CHECK(c.hint.contains(QStringLiteral("/usr/bin")));
}

TEST_CASE("runAll: four checks in display order, each with title and message", "[ui][preflight]")
{
    auto probe = FakeSystemProbe::healthy(kStateDir, kAppDir);
    const QList<PreflightCheck> all = PreflightChecks::runAll(*probe, inputs());
    REQUIRE(all.size() == 4);
    CHECK(all[0].id == QStringLiteral("privileges"));
    CHECK(all[1].id == QStringLiteral("snapshot"));
    CHECK(all[2].id == QStringLiteral("state-space"));
    CHECK(all[3].id == QStringLiteral("agent"));
    for (const PreflightCheck &c : all) {
        CHECK_FALSE(c.title.isEmpty());
        CHECK_FALSE(c.message.isEmpty());
        CHECK(c.level == Level::Pass);
    }
    CHECK(countLevel(all, Level::Pass) == 4);
}
