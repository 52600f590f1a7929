// SPDX-License-Identifier: GPL-3.0-or-later
// The snapshot journal file and process identity.
#include "support/CatchQt.h"
#include "snapshot/SnapshotJournal.h"
#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <QFile>

using namespace st;
using namespace st::test;

TEST_CASE("journal entries round-trip with raw-byte paths, and are removed by key")
{
    ScratchDir dir("snap-journal");
    const QString state = QFile::decodeName(dir / "state");  // created on first write
    SnapshotJournal journal(state);
    CHECK(journal.load()->isEmpty());

    JournalEntry a;
    a.provider = QStringLiteral("btrfs");
    a.tag = QStringLiteral("servertwin-20260101T000000-42");
    a.path = QByteArray("/srv/\xff\x01 odd/.servertwin-snapshots/servertwin-20260101T000000-42");
    a.origin = QByteArray("/srv/\xff\x01 odd");
    a.fsId = QStringLiteral("0123");
    a.originUuid = QStringLiteral("4567");
    a.snapshotUuid = QStringLiteral("89ab");
    a.pid = 42;
    a.pidStartTime = 123456789012ULL;
    a.created = QDateTime(QDate(2026, 1, 1), QTime(0, 0, 1), Qt::UTC);
    JournalEntry b = a;
    b.provider = QStringLiteral("lvm");
    b.path = "/var/lib/servertwin/snapshot-mounts/x-1";
    b.vg = QStringLiteral("vg0");
    b.lv = QStringLiteral("x-1");
    REQUIRE(journal.add(a).ok());
    REQUIRE(journal.add(b).ok());
    CHECK((QFile::permissions(journal.filePath()) & (QFileDevice::ReadOther | QFileDevice::ReadGroup)) == 0);

    Result<QList<JournalEntry>> loaded = journal.load();
    REQUIRE(loaded.ok());
    REQUIRE(loaded->size() == 2);
    const JournalEntry &x = loaded->at(0);
    CHECK(x.provider == a.provider);
    CHECK(x.tag == a.tag);
    CHECK(x.path == a.path);
    CHECK(x.origin == a.origin);
    CHECK(x.fsId == a.fsId);
    CHECK(x.originUuid == a.originUuid);
    CHECK(x.snapshotUuid == a.snapshotUuid);
    CHECK(x.pid == 42);
    CHECK(x.pidStartTime == 123456789012ULL);
    CHECK(x.created == a.created);
    CHECK(loaded->at(1).vg == QStringLiteral("vg0"));

    a.snapshotUuid = QStringLiteral("cdef");
    REQUIRE(journal.replace(a).ok());
    CHECK(journal.load()->at(0).snapshotUuid == QStringLiteral("cdef"));

    REQUIRE(journal.remove(a.key()).ok());
    REQUIRE(journal.load()->size() == 1);
    CHECK(journal.load()->at(0).provider == QStringLiteral("lvm"));
    REQUIRE(journal.remove(b.key()).ok());
    CHECK_FALSE(QFile::exists(journal.filePath()));  // an empty journal is no file
}

TEST_CASE("a damaged journal is an error naming the file")
{
    ScratchDir dir("snap-journal");
    SnapshotJournal journal(QFile::decodeName(dir.path()));
    writeFile(QFile::encodeName(journal.filePath()), "{ not json");
    Result<QList<JournalEntry>> loaded = journal.load();
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().message.contains(journal.filePath()));
    JournalEntry e;
    e.provider = QStringLiteral("btrfs");
    CHECK_FALSE(journal.add(e).ok());  // never overwrites what it cannot read

    writeFile(QFile::encodeName(journal.filePath()), R"({"version":1,"entries":[{"provider":"zfs","path":"/x","origin":"/"}]})");
    CHECK_FALSE(journal.load().ok());
}

TEST_CASE("process identity: this process is alive, another start time or pid 0 is not")
{
    const ProcessIdentity self = currentProcess();
    CHECK(self.pid > 0);
    CHECK(self.startTime > 0);
    CHECK(isProcessAlive(self.pid, self.startTime));
    CHECK_FALSE(isProcessAlive(self.pid, self.startTime + 1));
    CHECK_FALSE(isProcessAlive(0, 0));

    CHECK_FALSE(isLiveTag(QStringLiteral("servertwin-test-tag")));
    registerLiveTag(QStringLiteral("servertwin-test-tag"));
    CHECK(isLiveTag(QStringLiteral("servertwin-test-tag")));
    unregisterLiveTag(QStringLiteral("servertwin-test-tag"));
    CHECK_FALSE(isLiveTag(QStringLiteral("servertwin-test-tag")));
}
