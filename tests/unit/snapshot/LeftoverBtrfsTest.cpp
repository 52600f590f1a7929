// SPDX-License-Identifier: GPL-3.0-or-later
// cleanLeftoverSnapshots() on a real btrfs filesystem: what a killed run left is removed;
// snapshots of live sets and subvolumes ServerTwin did not create are never touched.
#include "support/CatchQt.h"
#include "SnapshotTestUtil.h"
#include "snapshot/BtrfsVolume.h"
#include "snapshot/SnapshotJournal.h"
#include "snapshot/SnapshotSetImpl.h"
#include "support/TestTree.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>

using namespace st;
using namespace st::test;

namespace {

std::unique_ptr<SnapshotSetImpl> makeSet(const LoopBtrfs &fs, const QByteArray &include, const ScratchDir &state)
{
    auto set = SnapshotSetImpl::create(planOf(fs.mountPoint(), {include}), SnapshotMode::Btrfs, s(state.path()),
                                       CancelToken(), SnapshotEnvironment::system());
    INFO((set.ok() ? QString() : set.error().message).toStdString());
    REQUIRE(set.ok());
    return std::move(*set);
}

bool runBtrfs(const QStringList &args)
{
    QByteArray out;
    const int rc = runTool(QStringLiteral("btrfs"), args, &out);
    INFO("btrfs " << args.join(QLatin1Char(' ')).toStdString() << ": " << out.constData());
    CHECK(rc == 0);
    return rc == 0;
}

}  // namespace

TEST_CASE("cleanLeftoverSnapshots removes what a killed run left and keeps live sets' snapshots")
{
    LoopBtrfs fs;
    SNAPSHOT_REQUIRE_FIXTURE(fs);
    ScratchDir state("snap-state");
    REQUIRE(fs.createSubvolume("vol"));
    writeFile(fs / "vol/file", "x\n");

    // A run killed after its snapshot existed.
    std::unique_ptr<SnapshotSetImpl> killed = makeSet(fs, "vol", state);
    const QByteArray killedPath = killed->snapshotPaths().value(0);
    killed->abandon();
    killed.reset();
    REQUIRE(isBtrfsSubvolumeRoot(killedPath));

    // A run killed before it recorded its snapshot's UUID: identified by the origin's UUID.
    std::unique_ptr<SnapshotSetImpl> early = makeSet(fs, "vol", state);
    const QByteArray earlyPath = early->snapshotPaths().value(0);
    early->abandon();
    early.reset();
    SnapshotJournal journal(s(state.path()));
    REQUIRE(journal.edit([&earlyPath](QList<JournalEntry> &entries) {
        for (JournalEntry &e : entries) {
            if (e.path == earlyPath)
                e.snapshotUuid.clear();
        }
        return Status();
    }).ok());

    // A set still in use by this process.
    std::unique_ptr<SnapshotSetImpl> live = makeSet(fs, "vol", state);
    const QByteArray livePath = live->snapshotPaths().value(0);

    QStringList removed;
    REQUIRE(cleanLeftoverSnapshots(s(state.path()), &removed).ok());
    removed.sort();
    QStringList expected{s(killedPath), s(earlyPath)};
    expected.sort();
    CHECK(removed == expected);
    CHECK_FALSE(QFileInfo::exists(s(killedPath)));
    CHECK_FALSE(QFileInfo::exists(s(earlyPath)));
    CHECK(isBtrfsSubvolumeRoot(livePath));
    Result<QList<JournalEntry>> left = journal.load();
    REQUIRE(left.ok());
    REQUIRE(left->size() == 1);
    CHECK(left->at(0).path == livePath);

    REQUIRE(live->release().ok());
    CHECK_FALSE(QFileInfo::exists(s(fs / "vol/.servertwin-snapshots")));
    CHECK(btrfsSubvolumes(fs.mountPoint()) == QStringList{QStringLiteral("vol")});
    CHECK_FALSE(QFile::exists(journal.filePath()));
}

TEST_CASE("cleanLeftoverSnapshots never removes a subvolume ServerTwin did not create")
{
    LoopBtrfs fs;
    SNAPSHOT_REQUIRE_FIXTURE(fs);
    ScratchDir state("snap-state");
    REQUIRE(fs.createSubvolume("vol"));
    REQUIRE(fs.createSubvolume("other"));
    const QByteArray dir = fs / "vol/.servertwin-snapshots";
    REQUIRE(QDir().mkpath(s(dir)));
    REQUIRE(runBtrfs({QStringLiteral("subvolume"), QStringLiteral("create"), s(dir + "/servertwin-foreign")}));
    REQUIRE(runBtrfs({QStringLiteral("subvolume"), QStringLiteral("snapshot"), QStringLiteral("-r"), s(fs / "vol"),
                      s(dir + "/servertwin-19990101T000000-1")}));
    REQUIRE(runBtrfs({QStringLiteral("subvolume"), QStringLiteral("snapshot"), QStringLiteral("-r"), s(fs / "other"),
                      s(dir + "/servertwin-other")}));
    REQUIRE(QDir().mkpath(s(dir + "/servertwin-plain-dir")));
    REQUIRE(QDir().mkpath(s(fs / "vol/elsewhere")));
    REQUIRE(runBtrfs({QStringLiteral("subvolume"), QStringLiteral("snapshot"), QStringLiteral("-r"), s(fs / "vol"),
                      s(fs / "vol/elsewhere/servertwin-20000101T000000-1")}));

    std::unique_ptr<SnapshotSetImpl> killed = makeSet(fs, "vol", state);
    const QByteArray ours = killed->snapshotPaths().value(0);
    killed->abandon();
    killed.reset();

    SnapshotJournal journal(s(state.path()));
    Result<QList<JournalEntry>> entries = journal.load();
    REQUIRE(entries.ok());
    REQUIRE(entries->size() == 1);
    const JournalEntry real = entries->first();
    auto forged = [&real](const QByteArray &path, const QString &snapshotUuid) {
        JournalEntry e = real;
        e.path = path;
        e.snapshotUuid = snapshotUuid;
        e.pidStartTime = real.pidStartTime + 1;  // a dead process
        return e;
    };
    // Writable subvolume, no parent: neither the recorded snapshot nor a snapshot of vol.
    REQUIRE(journal.add(forged(dir + "/servertwin-foreign", {})).ok());
    // A read-only snapshot of vol, but not the one recorded.
    REQUIRE(journal.add(forged(dir + "/servertwin-19990101T000000-1", QStringLiteral("00112233445566778899aabbccddeeff"))).ok());
    // A read-only snapshot of another subvolume.
    REQUIRE(journal.add(forged(dir + "/servertwin-other", {})).ok());
    // A plain directory.
    REQUIRE(journal.add(forged(dir + "/servertwin-plain-dir", {})).ok());
    // Not below .servertwin-snapshots, and the origin itself.
    REQUIRE(journal.add(forged(fs / "vol/elsewhere/servertwin-20000101T000000-1", {})).ok());
    REQUIRE(journal.add(forged(fs / "vol", {})).ok());
    // The filesystem recorded is not the one mounted there now: kept for a later run.
    JournalEntry otherFs = forged(dir + "/servertwin-19990101T000000-1", {});
    otherFs.fsId = QStringLiteral("ffeeddccbbaa99887766554433221100");
    otherFs.tag = QStringLiteral("servertwin-otherfs");
    otherFs.lv = QStringLiteral("distinct-key");
    REQUIRE(journal.add(otherFs).ok());

    QStringList removed;
    REQUIRE(cleanLeftoverSnapshots(s(state.path()), &removed).ok());
    CHECK(removed == QStringList{s(ours)});
    CHECK_FALSE(QFileInfo::exists(s(ours)));
    CHECK(btrfsSubvolumes(fs.mountPoint())
          == (QStringList{QStringLiteral("other"), QStringLiteral("vol"),
                          QStringLiteral("vol/.servertwin-snapshots/servertwin-19990101T000000-1"),
                          QStringLiteral("vol/.servertwin-snapshots/servertwin-foreign"),
                          QStringLiteral("vol/.servertwin-snapshots/servertwin-other"),
                          QStringLiteral("vol/elsewhere/servertwin-20000101T000000-1")}));
    CHECK(QFileInfo(s(dir + "/servertwin-plain-dir")).isDir());
    Result<QList<JournalEntry>> left = journal.load();
    REQUIRE(left.ok());
    REQUIRE(left->size() == 1);
    CHECK(left->at(0).fsId == otherFs.fsId);
}

TEST_CASE("cleanLeftoverSnapshots waits for the snapshot command a killed run left running")
{
    LoopBtrfs fs;
    SNAPSHOT_REQUIRE_FIXTURE(fs);
    ScratchDir state("snap-state");
    REQUIRE(fs.createSubvolume("vol"));
    writeFile(fs / "vol/file", "x\n");

    // The journal as a run leaves it when SIGKILLed while `btrfs subvolume snapshot` still runs:
    // the entry without the snapshot's UUID, the snapshot not there yet, its owner dead.
    std::unique_ptr<SnapshotSetImpl> killed = makeSet(fs, "vol", state);
    const QByteArray path = killed->snapshotPaths().value(0);
    killed->abandon();
    killed.reset();
    REQUIRE(runBtrfs({QStringLiteral("subvolume"), QStringLiteral("delete"), s(path)}));
    REQUIRE_FALSE(QFileInfo::exists(s(path)));
    writeFile(fs / "vol/.servertwin-snapshots/someone-elses", "x\n");  // keeps the directory there
    SnapshotJournal journal(s(state.path()));
    REQUIRE(journal.edit([](QList<JournalEntry> &entries) {
        for (JournalEntry &e : entries) {
            e.snapshotUuid.clear();
            e.pidStartTime += 1;  // the owner is dead
        }
        return Status();
    }).ok());

    // The orphaned command, still on its way to creating the snapshot.
    QProcess orphan;
    orphan.start(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("sleep 1; exec \"$0\" subvolume snapshot -r \"$1\" \"$2\""),
                                          findTool(QStringLiteral("btrfs")), s(fs / "vol"), s(path)});
    REQUIRE(orphan.waitForStarted(10000));

    QStringList removed;
    const Status cleaned = cleanLeftoverSnapshots(s(state.path()), &removed);
    REQUIRE(orphan.waitForFinished(30000));
    INFO(orphan.readAllStandardError().toStdString());
    REQUIRE(orphan.exitCode() == 0);
    INFO((cleaned ? QString() : cleaned.error().message).toStdString());
    REQUIRE(cleaned.ok());
    CHECK(removed == QStringList{s(path)});
    CHECK_FALSE(QFileInfo::exists(s(path)));
    CHECK(btrfsSubvolumes(fs.mountPoint()) == QStringList{QStringLiteral("vol")});
    CHECK_FALSE(QFile::exists(journal.filePath()));
}
