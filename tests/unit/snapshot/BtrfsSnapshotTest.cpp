// SPDX-License-Identifier: GPL-3.0-or-later
// The btrfs provider on a real btrfs filesystem (loop device): point-in-time content, nested
// subvolumes, release, failure halfway, and crash leftovers.
#include "support/CatchQt.h"
#include "SnapshotTestUtil.h"
#include "snapshot/BtrfsVolume.h"
#include "snapshot/SnapshotJournal.h"
#include "snapshot/SnapshotSetImpl.h"
#include "support/TestTree.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

using namespace st;
using namespace st::test;

namespace {

Result<std::unique_ptr<SnapshotSetImpl>> makeSet(const SelectionPlan &plan, SnapshotMode mode, const ScratchDir &state)
{
    return SnapshotSetImpl::create(plan, mode, s(state.path()), CancelToken(), SnapshotEnvironment::system());
}

}  // namespace

TEST_CASE("btrfs snapshot: the read path shows the content as of creation while the live files change")
{
    LoopBtrfs fs;
    SNAPSHOT_REQUIRE_FIXTURE(fs);
    ScratchDir state("snap-state");
    REQUIRE(fs.createSubvolume("vol"));
    writeFile(fs / "vol/data/file.txt", "before\n");
    writeFile(fs / "vol/config.txt", "config v1\n");

    auto set = makeSet(planOf(fs.mountPoint(), {"vol/config.txt", "vol/data"}), SnapshotMode::Btrfs, state);
    REQUIRE(set.ok());
    const QByteArray snapshot = fs / "vol/.servertwin-snapshots/" + (*set)->tag().toUtf8();
    CHECK((*set)->tag().startsWith(QStringLiteral("servertwin-")));
    CHECK((*set)->snapshotPaths() == QList<QByteArray>{snapshot});
    REQUIRE((*set)->views().size() == 2);
    CHECK((*set)->views()[0].includeRoot == "vol/config.txt");
    CHECK((*set)->views()[0].readPath == snapshot + "/config.txt");
    CHECK((*set)->views()[1].readPath == snapshot + "/data");
    CHECK((*set)->views()[1].provider == QStringLiteral("btrfs"));
    CHECK((*set)->views()[1].volume == fs.mountPoint());
    CHECK((*set)->pointInTime());
    CHECK((*set)->warnings().isEmpty());
    CHECK(QFileInfo(s(fs / "vol/.servertwin-snapshots")).permissions()
          == (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
              | QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser));

    writeFile(fs / "vol/data/file.txt", "after\n");
    writeFile(fs / "vol/data/new.txt", "new\n");
    writeFile(fs / "vol/config.txt", "config v2\n");
    CHECK(readAll((*set)->views()[1].readPath + "/file.txt") == "before\n");
    CHECK_FALSE(QFileInfo::exists(s((*set)->views()[1].readPath + "/new.txt")));
    CHECK(readAll((*set)->views()[0].readPath) == "config v1\n");
    CHECK(readAll(fs / "vol/data/file.txt") == "after\n");

    const int fd = ::open((snapshot + "/data/x").constData(), O_WRONLY | O_CREAT, 0644);
    const int err = errno;
    CHECK(fd < 0);  // read-only snapshot
    CHECK(err == EROFS);
    if (fd >= 0)
        ::close(fd);

    Result<QList<JournalEntry>> journal = SnapshotJournal(s(state.path())).load();
    REQUIRE(journal.ok());
    REQUIRE(journal->size() == 1);
    CHECK(journal->at(0).provider == QStringLiteral("btrfs"));
    CHECK(journal->at(0).path == snapshot);
    CHECK(journal->at(0).origin == fs / "vol");
    CHECK_FALSE(journal->at(0).fsId.isEmpty());
    CHECK(journal->at(0).pid == qint64(::getpid()));

    REQUIRE((*set)->release().ok());
    CHECK_FALSE(QFileInfo::exists(s(snapshot)));
    CHECK_FALSE(QFileInfo::exists(s(fs / "vol/.servertwin-snapshots")));
    CHECK(btrfsSubvolumes(fs.mountPoint()) == QStringList{QStringLiteral("vol")});
    CHECK_FALSE(QFile::exists(SnapshotJournal(s(state.path())).filePath()));
    CHECK((*set)->release().ok());  // idempotent
}

TEST_CASE("btrfs auto: the top-level subvolume and the destructor releases")
{
    LoopBtrfs fs;
    SNAPSHOT_REQUIRE_FIXTURE(fs);
    ScratchDir state("snap-state");
    writeFile(fs / "etc/hostname", "primary\n");
    QByteArray snapshot;
    {
        auto set = SnapshotSet::create(planOf(fs.mountPoint(), {""}), SnapshotMode::Auto, s(state.path()), CancelToken());
        REQUIRE(set.ok());
        REQUIRE((*set)->views().size() == 1);
        snapshot = (*set)->views()[0].readPath;
        CHECK(snapshot.startsWith(fs / ".servertwin-snapshots/servertwin-"));
        CHECK((*set)->views()[0].provider == QStringLiteral("btrfs"));
        CHECK(readAll(snapshot + "/etc/hostname") == "primary\n");
        // The snapshot directory itself shows up, empty, inside the snapshot: the exclude rule's reason.
        CHECK(QFileInfo(s(snapshot + "/.servertwin-snapshots")).isDir());
    }
    CHECK_FALSE(QFileInfo::exists(s(snapshot)));
    CHECK_FALSE(QFileInfo::exists(s(fs / ".servertwin-snapshots")));
    CHECK(btrfsSubvolumes(fs.mountPoint()).isEmpty());
}

TEST_CASE("btrfs: an include root in a nested subvolume gets its own snapshot")
{
    LoopBtrfs fs;
    SNAPSHOT_REQUIRE_FIXTURE(fs);
    ScratchDir state("snap-state");
    REQUIRE(fs.createSubvolume("outer"));
    writeFile(fs / "outer/etc/a", "a1\n");
    REQUIRE(fs.createSubvolume("outer/nested"));
    writeFile(fs / "outer/nested/srv/b", "b1\n");

    auto set = makeSet(planOf(fs.mountPoint(), {"outer/etc", "outer/nested/srv"}), SnapshotMode::Btrfs, state);
    REQUIRE(set.ok());
    const QByteArray tag = (*set)->tag().toUtf8();
    CHECK((*set)->snapshotPaths()
          == QList<QByteArray>{fs / "outer/.servertwin-snapshots/" + tag, fs / "outer/nested/.servertwin-snapshots/" + tag});
    CHECK((*set)->views()[0].readPath == fs / "outer/.servertwin-snapshots/" + tag + "/etc");
    CHECK((*set)->views()[1].readPath == fs / "outer/nested/.servertwin-snapshots/" + tag + "/srv");
    writeFile(fs / "outer/nested/srv/b", "b2\n");
    CHECK(readAll((*set)->views()[1].readPath + "/b") == "b1\n");
    // The outer snapshot holds the nested subvolume only as an empty directory.
    CHECK(QDir(s(fs / "outer/.servertwin-snapshots/" + tag + "/nested")).isEmpty());

    REQUIRE((*set)->release().ok());
    CHECK(btrfsSubvolumes(fs.mountPoint()) == (QStringList{QStringLiteral("outer"), QStringLiteral("outer/nested")}));
    CHECK_FALSE(QFileInfo::exists(s(fs / "outer/.servertwin-snapshots")));
    CHECK_FALSE(QFileInfo::exists(s(fs / "outer/nested/.servertwin-snapshots")));
}

TEST_CASE("btrfs: a failure halfway through create removes the snapshots already made")
{
    LoopBtrfs fs;
    SNAPSHOT_REQUIRE_FIXTURE(fs);
    ScratchDir state("snap-state");
    REQUIRE(fs.createSubvolume("a"));
    REQUIRE(fs.createSubvolume("b"));
    writeFile(fs / "a/x", "x\n");
    writeFile(fs / "b/.servertwin-snapshots", "a file where the snapshot directory belongs\n");

    auto set = makeSet(planOf(fs.mountPoint(), {"a", "b"}), SnapshotMode::Btrfs, state);
    REQUIRE_FALSE(set.ok());
    CHECK(set.error().message.contains(s(fs / "b/.servertwin-snapshots")));
    CHECK(btrfsSubvolumes(fs.mountPoint()) == (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    CHECK_FALSE(QFileInfo::exists(s(fs / "a/.servertwin-snapshots")));
    Result<QList<JournalEntry>> journal = SnapshotJournal(s(state.path())).load();
    REQUIRE(journal.ok());
    CHECK(journal->isEmpty());
}

TEST_CASE("btrfs: a cancelled create leaves nothing behind")
{
    LoopBtrfs fs;
    SNAPSHOT_REQUIRE_FIXTURE(fs);
    ScratchDir state("snap-state");
    REQUIRE(fs.createSubvolume("a"));
    CancelToken cancel;
    cancel.cancel();
    auto set = SnapshotSetImpl::create(planOf(fs.mountPoint(), {"a"}), SnapshotMode::Btrfs, s(state.path()), cancel,
                                       SnapshotEnvironment::system());
    REQUIRE_FALSE(set.ok());
    CHECK(set.error().code == ErrorCode::Cancelled);
    CHECK(btrfsSubvolumes(fs.mountPoint()) == QStringList{QStringLiteral("a")});
}
