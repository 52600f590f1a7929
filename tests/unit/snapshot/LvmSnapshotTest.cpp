// SPDX-License-Identifier: GPL-3.0-or-later
// The LVM provider end to end against a fake lvm2 (no device-mapper here): which commands
// run in which order, sizes, read paths, journal, release, overflow, failure halfway, and
// the cleanup of journalled leftovers.
#include "support/CatchQt.h"
#include "FakeRunner.h"
#include "snapshot/LeftoverCleanup.h"
#include "snapshot/SnapshotJournal.h"
#include "snapshot/SnapshotSetImpl.h"
#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QMap>

using namespace st;
using namespace st::test;

namespace {

/** A fake machine: mounts of vg0/root (ext4) and vg0/home (xfs) below a scratch directory. */
struct FakeLvm {
    ScratchDir dir{"snap-lvm"};
    QByteArray state = dir / "state";
    QByteArray allJson = fixture("lvs-all.json");
    QString snapAttr = QStringLiteral("swi-a-s---");
    QString snapPercent = QStringLiteral("3.00");
    QMap<QString, QString> created;  // "vg/name" -> origin LV name
    int failLvcreateAt = 0;
    int lvcreates = 0;
    CommandOutput lvsFailure{0, {}, {}};
    QByteArray extraMounts;
    std::shared_ptr<FakeRunner> runner;
    SnapshotEnvironment env;

    FakeLvm()
    {
        writeFile(dir / "root/etc/hostname", "primary\n");
        writeFile(dir / "home/u/.profile", "x\n");
        writeFile(dir / "crypt/data", "x\n");
        writeFile(dir / "plain/data", "x\n");
        runner = std::make_shared<FakeRunner>([this](const QStringList &argv) { return answer(argv); });
        env.runner = runner;
        env.deviceMapperMajors = [] { return QList<unsigned>{253}; };
        env.mountTable = [this] {
            const QByteArray text = "27 1 254:0 / / rw - ext4 /dev/vda rw\n"
                                    "60 27 253:0 / " + dir / "root" + " rw - ext4 /dev/mapper/vg0-root rw\n"
                                    "61 27 253:1 / " + dir / "home" + " rw - xfs /dev/mapper/vg0-home rw\n"
                                    "62 27 253:9 / " + dir / "crypt" + " rw - ext4 /dev/mapper/luks-1 rw\n"
                                    "63 27 8:1 / " + dir / "plain" + " rw - ext4 /dev/sda1 rw\n" + extraMounts;
            return parseMountInfo(text);
        };
    }

    CommandOutput answer(const QStringList &argv)
    {
        const QString program = argv.value(0);
        if (program == QLatin1String("lvs")) {
            if (lvsFailure.exitCode != 0)
                return lvsFailure;
            if (argv.size() == lvsReportCommand().size())
                return ok(allJson);
            const QString selection = argv.last();
            if (!created.contains(selection))
                return failed(5, "  Failed to find logical volume \"" + selection.toUtf8() + "\"\n");
            const QStringList parts = selection.split(QLatin1Char('/'));
            QByteArray json = fixture("lvs-snapshot.json");
            json.replace("@NAME@", parts[1].toUtf8()).replace("@VG@", parts[0].toUtf8());
            json.replace("@ATTR@", snapAttr.toUtf8()).replace("@PERCENT@", snapPercent.toUtf8());
            json.replace("@ORIGIN@", created.value(selection).toUtf8()).replace("@MINOR@", "7");
            return ok(json);
        }
        if (program == QLatin1String("lvcreate")) {
            if (++lvcreates == failLvcreateAt)
                return failed(5, "  Volume group \"vg0\" has insufficient free space (10 extents): 1024 required.\n");
            const QString origin = argv.last();
            const QString vg = origin.section(QLatin1Char('/'), 0, 0);
            created.insert(vg + QLatin1Char('/') + argv.at(argv.indexOf(QStringLiteral("--name")) + 1),
                           origin.section(QLatin1Char('/'), 1));
            return ok();
        }
        if (program == QLatin1String("lvremove")) {
            created.remove(argv.last());
            return ok();
        }
        return ok();  // mount, umount
    }

    SelectionPlan plan(const QList<QByteArray> &includes) const
    {
        SelectionPlan p;
        p.sourceRoot = dir.path();
        p.includes = includes;
        return p;
    }

    Result<std::unique_ptr<SnapshotSetImpl>> create(const QList<QByteArray> &includes, SnapshotMode mode)
    {
        return SnapshotSetImpl::create(plan(includes), mode, s(state), CancelToken(), env);
    }

    QList<JournalEntry> journal() const
    {
        Result<QList<JournalEntry>> entries = SnapshotJournal(s(state)).load();
        REQUIRE(entries.ok());
        return *entries;
    }
};

}  // namespace

TEST_CASE("LVM snapshot: lvcreate, read-only mount, read path, journal, release")
{
    FakeLvm lvm;
    auto set = lvm.create({"root/etc"}, SnapshotMode::Lvm);
    REQUIRE(set.ok());
    const QString name = (*set)->tag() + QStringLiteral("-1");
    const QByteArray mountDir = lvm.state + "/snapshot-mounts/" + name.toUtf8();

    const QList<QStringList> &calls = lvm.runner->calls;
    REQUIRE(calls.size() == 4);
    CHECK(calls[0] == lvsReportCommand());
    CHECK(calls[1] == QStringList{QStringLiteral("lvcreate"), QStringLiteral("--snapshot"), QStringLiteral("--size"),
                                  QStringLiteral("4294967296b"), QStringLiteral("--name"), name,
                                  QStringLiteral("vg0/root")});
    CHECK(calls[2] == lvsReportCommand({QStringLiteral("vg0/") + name}));
    CHECK(calls[3] == QStringList{QStringLiteral("mount"), QStringLiteral("-o"), QStringLiteral("ro"), QStringLiteral("-t"),
                                  QStringLiteral("ext4"), QStringLiteral("/dev/vg0/") + name, s(mountDir)});
    CHECK(QFileInfo(s(mountDir)).isDir());

    REQUIRE((*set)->views().size() == 1);
    const SnapshotView &view = (*set)->views().first();
    CHECK(view.includeRoot == "root/etc");
    CHECK(view.readPath == mountDir + "/etc");
    CHECK(view.provider == QStringLiteral("lvm"));
    CHECK(view.volume == lvm.dir / "root");
    CHECK((*set)->pointInTime());
    CHECK((*set)->warnings().isEmpty());
    CHECK((*set)->checkHealthy().ok());

    const QList<JournalEntry> journal = lvm.journal();
    REQUIRE(journal.size() == 1);
    CHECK(journal[0].provider == QStringLiteral("lvm"));
    CHECK(journal[0].vg == QStringLiteral("vg0"));
    CHECK(journal[0].lv == name);
    CHECK(journal[0].origin == "vg0/root");
    CHECK(journal[0].path == mountDir);

    lvm.runner->calls.clear();
    REQUIRE((*set)->release().ok());
    const QList<QStringList> released = lvm.runner->calls;
    REQUIRE(released.size() == 3);
    CHECK(released[0] == lvsReportCommand({QStringLiteral("vg0/") + name}));
    CHECK(released[1] == QStringList{QStringLiteral("umount"), s(mountDir)});
    CHECK(released[2] == QStringList{QStringLiteral("lvremove"), QStringLiteral("-f"), QStringLiteral("vg0/") + name});
    CHECK_FALSE(QFileInfo::exists(s(mountDir)));
    CHECK_FALSE(QFileInfo::exists(s(lvm.state + "/snapshot-mounts")));
    CHECK(lvm.journal().isEmpty());
    CHECK_FALSE(QFile::exists(SnapshotJournal(s(lvm.state)).filePath()));

    lvm.runner->calls.clear();
    CHECK((*set)->release().ok());
    CHECK(lvm.runner->calls.isEmpty());
}

TEST_CASE("LVM snapshots of one volume group share its free space and xfs is mounted with nouuid")
{
    FakeLvm lvm;
    auto set = lvm.create({"home/u", "root/etc"}, SnapshotMode::Lvm);
    REQUIRE(set.ok());
    const QList<QStringList> creates = lvm.runner->callsOf(QStringLiteral("lvcreate"));
    REQUIRE(creates.size() == 2);
    // home (50 GiB) first in plan order: 20% = 10 GiB of a 15 GiB share; then root: 4 GiB of the 20 GiB left.
    CHECK(creates[0].at(3) == QStringLiteral("10737418240b"));
    CHECK(creates[0].last() == QStringLiteral("vg0/home"));
    CHECK(creates[1].at(3) == QStringLiteral("4294967296b"));
    const QList<QStringList> mounts = lvm.runner->callsOf(QStringLiteral("mount"));
    REQUIRE(mounts.size() == 2);
    CHECK(mounts[0].at(2) == QStringLiteral("ro,nouuid"));
    CHECK(mounts[0].at(4) == QStringLiteral("xfs"));
    CHECK(mounts[1].at(2) == QStringLiteral("ro"));
    CHECK((*set)->views().at(0).readPath.endsWith((*set)->tag().toUtf8() + "-1/u"));
    CHECK((*set)->views().at(1).readPath.endsWith((*set)->tag().toUtf8() + "-2/etc"));
    REQUIRE((*set)->release().ok());
    CHECK(lvm.created.isEmpty());
    CHECK(lvm.journal().isEmpty());
}

TEST_CASE("an lvcreate failing halfway removes the snapshots already made")
{
    FakeLvm lvm;
    lvm.failLvcreateAt = 2;
    auto set = lvm.create({"home/u", "root/etc"}, SnapshotMode::Lvm);
    REQUIRE_FALSE(set.ok());
    INFO(set.error().message.toStdString());
    CHECK(set.error().message.contains(QStringLiteral("`lvcreate --snapshot")));
    CHECK(set.error().message.contains(QStringLiteral("insufficient free space")));
    CHECK(lvm.runner->callsOf(QStringLiteral("umount")).size() == 1);
    CHECK(lvm.runner->callsOf(QStringLiteral("lvremove")).size() == 1);
    CHECK(lvm.created.isEmpty());
    CHECK(lvm.journal().isEmpty());
    CHECK_FALSE(QFileInfo::exists(s(lvm.state + "/snapshot-mounts")));
}

TEST_CASE("an overflowed LVM snapshot fails checkHealthy and release, which still removes it")
{
    FakeLvm lvm;
    auto set = lvm.create({"root/etc"}, SnapshotMode::Lvm);
    REQUIRE(set.ok());
    lvm.snapAttr = QStringLiteral("swi-I-s---");
    lvm.snapPercent = QStringLiteral("100.00");
    Status health = (*set)->checkHealthy();
    REQUIRE_FALSE(health.ok());
    CHECK(health.error().message.contains(QStringLiteral("overflowed")));

    Status released = (*set)->release();
    REQUIRE_FALSE(released.ok());
    CHECK(released.error().message.contains(QStringLiteral("overflowed")));
    CHECK(lvm.runner->callsOf(QStringLiteral("umount")).size() == 1);
    CHECK(lvm.runner->callsOf(QStringLiteral("lvremove")).size() == 1);
    CHECK(lvm.created.isEmpty());
    CHECK(lvm.journal().isEmpty());
}

TEST_CASE("too little free space in the volume group is an error before anything is created")
{
    FakeLvm lvm;
    lvm.allJson = fixture("lvs-small-vg.json");
    auto set = lvm.create({"root/etc"}, SnapshotMode::Auto);
    REQUIRE_FALSE(set.ok());
    CHECK(set.error().code == ErrorCode::NoSpace);
    CHECK(set.error().message.contains(QStringLiteral("volume group vg0 has 100 MiB free")));
    CHECK(lvm.runner->callsOf(QStringLiteral("lvcreate")).isEmpty());
    CHECK(lvm.journal().isEmpty());
}

TEST_CASE("auto: LVM for a logical volume, live reads with a warning for other devices")
{
    FakeLvm lvm;
    auto set = lvm.create({"crypt", "plain", "root/etc"}, SnapshotMode::Auto);
    REQUIRE(set.ok());
    const QList<SnapshotView> &views = (*set)->views();
    REQUIRE(views.size() == 3);
    CHECK(views[0].provider == QStringLiteral("none"));
    CHECK(views[0].readPath == lvm.dir / "crypt");
    CHECK(views[1].provider == QStringLiteral("none"));
    CHECK(views[2].provider == QStringLiteral("lvm"));
    CHECK_FALSE((*set)->pointInTime());
    REQUIRE((*set)->warnings().size() == 2);
    CHECK((*set)->warnings()[0] == QStringLiteral("no snapshot support on %1 (ext4): files are read live; changes "
                                                  "during the read are detected and reported")
                                       .arg(s(lvm.dir / "crypt")));
    CHECK(lvm.runner->callsOf(QStringLiteral("lvs")).size() == 2);  // the report once, then the snapshot
    REQUIRE((*set)->release().ok());
}

TEST_CASE("forcing LVM on a volume that is not a logical volume is an error naming it")
{
    FakeLvm lvm;
    auto set = lvm.create({"root/etc", "plain"}, SnapshotMode::Lvm);
    REQUIRE_FALSE(set.ok());
    CHECK(set.error().code == ErrorCode::InvalidArgument);
    CHECK(set.error().message.contains(s(lvm.dir / "plain")));
    CHECK(set.error().message.contains(QStringLiteral("not an LVM logical volume")));
    CHECK(lvm.runner->callsOf(QStringLiteral("lvcreate")).isEmpty());
}

TEST_CASE("lvs failing: auto reads live with the reason, a forced LVM mode fails")
{
    FakeLvm lvm;
    lvm.lvsFailure = failed(5, "  /dev/mapper/control: open failed: No such device\n");
    auto autoSet = lvm.create({"root/etc"}, SnapshotMode::Auto);
    REQUIRE(autoSet.ok());
    REQUIRE((*autoSet)->warnings().size() == 1);
    CHECK((*autoSet)->warnings()[0].contains(QStringLiteral("/dev/mapper/control: open failed")));
    CHECK((*autoSet)->views()[0].provider == QStringLiteral("none"));

    auto forced = lvm.create({"root/etc"}, SnapshotMode::Lvm);
    REQUIRE_FALSE(forced.ok());
    CHECK(forced.error().message.contains(QStringLiteral("/dev/mapper/control: open failed")));
}

TEST_CASE("cleanup of journalled LVM leftovers removes only ServerTwin's snapshots")
{
    FakeLvm lvm;
    lvm.allJson = fixture("lvs-leftovers.json");
    const QByteArray mounts = lvm.state + "/snapshot-mounts/";
    lvm.extraMounts = "70 27 253:7 / " + mounts + "servertwin-20200101T000000-1-1 ro - ext4 /dev/mapper/x ro\n"
                      "71 27 8:2 / " + mounts + "servertwin-20200101T000000-1-2 ro - ext4 /dev/sdb ro\n";
    QDir().mkpath(s(mounts + "servertwin-20200101T000000-1-1"));
    QDir().mkpath(s(mounts + "servertwin-20200101T000000-1-2"));

    const ProcessIdentity self = currentProcess();
    auto entry = [&](const QString &lv, const QByteArray &origin) {
        JournalEntry e;
        e.provider = QStringLiteral("lvm");
        e.tag = QStringLiteral("servertwin-20200101T000000-1");
        e.vg = QStringLiteral("vg0");
        e.lv = lv;
        e.origin = origin;
        e.path = mounts + lv.toUtf8();
        e.pid = self.pid;
        e.pidStartTime = self.startTime + 1;  // same pid, other start time: a dead earlier process
        e.created = QDateTime::currentDateTimeUtc();
        return e;
    };
    SnapshotJournal journal(s(lvm.state));
    REQUIRE(journal.add(entry(QStringLiteral("servertwin-20200101T000000-1-1"), "vg0/root")).ok());  // ours
    REQUIRE(journal.add(entry(QStringLiteral("servertwin-20200101T000000-1-2"), "vg0/root")).ok());  // not a snapshot
    REQUIRE(journal.add(entry(QStringLiteral("servertwin-20200101T000000-1-3"), "vg0/root")).ok());  // gone
    REQUIRE(journal.add(entry(QStringLiteral("servertwin-20200101T000000-1-4"), "vg0/root")).ok());  // of another origin
    REQUIRE(journal.add(entry(QStringLiteral("home"), "vg0/root")).ok());                            // not our name
    JournalEntry live = entry(QStringLiteral("servertwin-20990101T000000-1-1"), "vg0/root");
    live.tag = QStringLiteral("servertwin-20990101T000000-1");
    live.pidStartTime = self.startTime;
    REQUIRE(journal.add(live).ok());
    registerLiveTag(live.tag);

    QStringList removed;
    const Status cleaned = cleanLeftoverSnapshotsWith(s(lvm.state), lvm.env, &removed);
    unregisterLiveTag(live.tag);
    REQUIRE(cleaned.ok());
    CHECK(removed == QStringList{QStringLiteral("vg0/servertwin-20200101T000000-1-1")});
    CHECK(lvm.runner->callsOf(QStringLiteral("lvremove"))
          == QList<QStringList>{{QStringLiteral("lvremove"), QStringLiteral("-f"),
                                 QStringLiteral("vg0/servertwin-20200101T000000-1-1")}});
    CHECK(lvm.runner->callsOf(QStringLiteral("umount"))
          == QList<QStringList>{{QStringLiteral("umount"), s(mounts + "servertwin-20200101T000000-1-1")}});
    CHECK(QFileInfo(s(mounts + "servertwin-20200101T000000-1-2")).isDir());  // something else is mounted there
    const QList<JournalEntry> left = lvm.journal();
    REQUIRE(left.size() == 1);
    CHECK(left[0].tag == live.tag);
}
