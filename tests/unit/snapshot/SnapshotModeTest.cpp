// SPDX-License-Identifier: GPL-3.0-or-later
// Mode parsing, VSS on Linux, and providers on a non-snapshot filesystem (ext4 of /var/tmp):
// forced btrfs or LVM fail naming the volume, auto falls back to live reads with a warning.
#include "support/CatchQt.h"
#include "SnapshotTestUtil.h"
#include "snapshot/LvmVolume.h"
#include "snapshot/MountTable.h"
#include "snapshot/Snapshot.h"
#include "snapshot/SnapshotJournal.h"
#include "support/TestTree.h"

#include <QDir>

#include <linux/magic.h>
#include <sys/vfs.h>

using namespace st;
using namespace st::test;

namespace {

bool onExt4(const QByteArray &path)
{
    struct statfs fs {};
    return ::statfs(path.constData(), &fs) == 0 && fs.f_type == EXT4_SUPER_MAGIC;
}

MountEntry mountOf(const QByteArray &path)
{
    Result<QList<MountEntry>> mounts = readMountTable();
    REQUIRE(mounts.ok());
    Result<QByteArray> canonical = canonicalPath(path);
    REQUIRE(canonical.ok());
    const MountEntry *m = findMount(*mounts, *canonical);
    REQUIRE(m);
    return *m;
}

QByteArray mountPointOf(const QByteArray &path) { return mountOf(path).mountPoint; }

bool onDeviceMapper(const QByteArray &path)
{
    QFile devices(QStringLiteral("/proc/devices"));
    return devices.open(QIODevice::ReadOnly) && deviceMapperMajors(devices.readAll()).contains(mountOf(path).major);
}

}  // namespace

TEST_CASE("snapshot modes parse and print")
{
    for (SnapshotMode mode : {SnapshotMode::Auto, SnapshotMode::Btrfs, SnapshotMode::Lvm, SnapshotMode::Vss,
                              SnapshotMode::None})
        CHECK(parseSnapshotMode(snapshotModeName(mode)) == mode);
    CHECK(parseSnapshotMode(QStringLiteral(" BTRFS ")) == SnapshotMode::Btrfs);
    CHECK_FALSE(parseSnapshotMode(QStringLiteral("zfs")).has_value());
    CHECK_FALSE(parseSnapshotMode(QString()).has_value());
}

TEST_CASE("VSS on Linux is an error")
{
    ScratchDir dir("snap-mode");
    writeFile(dir / "data/a", "a");
    ScratchDir state("snap-state");
    auto set = SnapshotSet::create(planOf(dir.path(), {"data"}), SnapshotMode::Vss, s(state.path()), CancelToken());
    REQUIRE_FALSE(set.ok());
    CHECK(set.error().code == ErrorCode::InvalidArgument);
    CHECK(set.error().message.startsWith(QStringLiteral("VSS snapshots exist on Windows only")));
}

TEST_CASE("forcing btrfs or LVM on ext4 is an error naming the volume")
{
    ScratchDir dir("snap-mode");
    if (!onExt4(dir.path())) {
        WARN("skipped: " << dir.path().constData() << " is not on ext4");
        return;
    }
    writeFile(dir / "data/a", "a");
    ScratchDir state("snap-state");
    const QByteArray mount = mountPointOf(dir.path());

    auto btrfs = SnapshotSet::create(planOf(dir.path(), {"data"}), SnapshotMode::Btrfs, s(state.path()), CancelToken());
    REQUIRE_FALSE(btrfs.ok());
    CHECK(btrfs.error().code == ErrorCode::InvalidArgument);
    CHECK(btrfs.error().message
          == QStringLiteral("cannot take a btrfs snapshot of \"%1\" on %2 (ext4): it is not btrfs")
                 .arg(s(dir / "data"), s(mount)));

    if (onDeviceMapper(dir.path())) {
        WARN("skipped the LVM half: " << dir.path().constData() << " is on a device-mapper device");
        return;
    }
    auto lvm = SnapshotSet::create(planOf(dir.path(), {"data"}), SnapshotMode::Lvm, s(state.path()), CancelToken());
    REQUIRE_FALSE(lvm.ok());
    CHECK(lvm.error().message.startsWith(QStringLiteral("cannot take an LVM snapshot of \"%1\" on %2 (ext4): ")
                                             .arg(s(dir / "data"), s(mount))));
    CHECK(lvm.error().message.contains(QStringLiteral("is not an LVM logical volume")));
    CHECK(QDir(s(state.path())).isEmpty());  // nothing journalled, nothing created
}

TEST_CASE("auto on ext4 reads live with a warning, none reads live silently")
{
    ScratchDir dir("snap-mode");
    if (!onExt4(dir.path())) {
        WARN("skipped: " << dir.path().constData() << " is not on ext4");
        return;
    }
    writeFile(dir / "data/a", "a");
    writeFile(dir / "etc/b", "b");
    ScratchDir state("snap-state");
    const QByteArray mount = mountPointOf(dir.path());

    auto set = SnapshotSet::create(planOf(dir.path(), {"data", "etc/b"}), SnapshotMode::Auto, s(state.path()),
                                   CancelToken());
    REQUIRE(set.ok());
    REQUIRE((*set)->views().size() == 2);
    CHECK((*set)->views()[0].readPath == dir / "data");
    CHECK((*set)->views()[0].provider == QStringLiteral("none"));
    CHECK((*set)->views()[0].volume == mount);
    CHECK((*set)->views()[1].readPath == dir / "etc/b");
    CHECK_FALSE((*set)->pointInTime());
    CHECK((*set)->warnings()
          == QStringList{QStringLiteral("no snapshot support on %1 (ext4): files are read live; changes during the read "
                                        "are detected and reported").arg(s(mount))});
    CHECK((*set)->release().ok());

    auto none = SnapshotSet::create(planOf(dir.path(), {"data"}), SnapshotMode::None, s(state.path()), CancelToken());
    REQUIRE(none.ok());
    CHECK((*none)->views()[0].readPath == dir / "data");
    CHECK((*none)->views()[0].provider == QStringLiteral("none"));
    CHECK((*none)->warnings().isEmpty());
    CHECK_FALSE((*none)->pointInTime());
    CHECK(QDir(s(state.path())).isEmpty());
}

TEST_CASE("cleanLeftoverSnapshots without a journal does nothing")
{
    ScratchDir state("snap-state");
    QStringList removed;
    REQUIRE(cleanLeftoverSnapshots(s(state / "never-created"), &removed).ok());
    CHECK(removed.isEmpty());
    CHECK_FALSE(QFileInfo::exists(s(state / "never-created")));
}
