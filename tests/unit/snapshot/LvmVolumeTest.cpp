// SPDX-License-Identifier: GPL-3.0-or-later
// lvs JSON parsing, snapshot sizing, command construction and health, on fixtures.
#include "support/CatchQt.h"
#include "FakeRunner.h"
#include "snapshot/LvmVolume.h"

#include <catch2/catch.hpp>
#include <QFile>
#include <thread>
#include <atomic>
#include <unistd.h>
#include <fcntl.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>

using namespace st;
using st::test::fixture;

namespace {
constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kGiB = 1024 * kMiB;
}  // namespace

TEST_CASE("lvs JSON report is parsed")
{
    const QByteArray json = fixture("lvs-all.json");
    REQUIRE_FALSE(json.isEmpty());
    Result<QList<LvmVolume>> lvs = parseLvsJson(json);
    REQUIRE(lvs.ok());
    REQUIRE(lvs->size() == 5);
    const LvmVolume *root = findLv(*lvs, QStringLiteral("vg0"), QStringLiteral("root"));
    REQUIRE(root);
    CHECK(root->path == QStringLiteral("/dev/vg0/root"));
    CHECK(root->size == 20 * kGiB);
    CHECK(root->vgFree == 30 * kGiB);
    CHECK(root->extentSize == 4 * kMiB);
    CHECK(root->kernelMajor == 253);
    CHECK(root->kernelMinor == 0);
    CHECK_FALSE(root->isThin());
    CHECK_FALSE(root->isSnapshot());
    CHECK(root->fullName() == QStringLiteral("vg0/root"));
    CHECK(findLvByDevice(*lvs, 253, 1)->name == QStringLiteral("home"));
    CHECK(findLvByDevice(*lvs, 253, 9) == nullptr);
    CHECK(findLv(*lvs, QStringLiteral("vg1"), QStringLiteral("data"))->isThin());
}

TEST_CASE("lvs numbers with a B suffix and json_std numbers are accepted")
{
    Result<QList<LvmVolume>> suffixed = parseLvsJson(fixture("lvs-small-vg.json"));
    REQUIRE(suffixed.ok());
    CHECK(suffixed->at(0).vgFree == 100 * kMiB);

    const QByteArray standard = R"({"report":[{"lv":[{"lv_name":"s","vg_name":"vg","lv_size":1073741824,"vg_free":0,
        "vg_extent_size":4194304,"lv_attr":"swi-a-s---","origin":"root","snap_percent":42.5,
        "lv_kernel_major":253,"lv_kernel_minor":7}]}]})";
    Result<QList<LvmVolume>> numeric = parseLvsJson(standard);
    REQUIRE(numeric.ok());
    CHECK(numeric->at(0).size == kGiB);
    CHECK(numeric->at(0).kernelMinor == 7);
    CHECK(numeric->at(0).snapPercent == QStringLiteral("42.50"));
    CHECK(numeric->at(0).isSnapshot());
}

TEST_CASE("broken lvs output is an error")
{
    CHECK_FALSE(parseLvsJson("not json").ok());
    CHECK_FALSE(parseLvsJson(R"({"nothing":1})").ok());
    CHECK_FALSE(parseLvsJson(R"({"report":[{"lv":[{"lv_name":"a","vg_name":"v","lv_size":"12x"}]}]})").ok());
    CHECK_FALSE(parseLvsJson(R"({"report":[{"lv":[{"vg_name":"v"}]}]})").ok());
}

TEST_CASE("snapshot size: max(1 GiB, 20% of the origin), capped by free space, whole extents")
{
    LvmVolume lv;
    lv.vg = QStringLiteral("vg0");
    lv.name = QStringLiteral("root");
    lv.extentSize = 4 * kMiB;

    lv.size = 20 * kGiB;
    Result<qint64> big = lvmSnapshotSize(lv, 30 * kGiB);
    REQUIRE(big.ok());
    CHECK(*big == 4 * kGiB);

    lv.size = 2 * kGiB;
    CHECK(*lvmSnapshotSize(lv, 30 * kGiB) == kGiB);

    lv.size = 10 * kGiB + 3;  // 20% is not a whole number of extents: rounded up
    Result<qint64> rounded = lvmSnapshotSize(lv, 30 * kGiB);
    REQUIRE(rounded.ok());
    CHECK(*rounded % (4 * kMiB) == 0);
    CHECK(*rounded >= (10 * kGiB + 3) / 5);

    lv.size = 20 * kGiB;
    Result<qint64> capped = lvmSnapshotSize(lv, 602 * kMiB);
    REQUIRE(capped.ok());
    CHECK(*capped == 600 * kMiB);

    Result<qint64> tooSmall = lvmSnapshotSize(lv, 100 * kMiB);
    REQUIRE_FALSE(tooSmall.ok());
    CHECK(tooSmall.error().code == ErrorCode::NoSpace);
    CHECK(tooSmall.error().message.contains(QStringLiteral("volume group vg0 has 100 MiB free")));
    CHECK(tooSmall.error().message.contains(QStringLiteral("vg0/root")));

    lv.extentSize = 0;
    CHECK_FALSE(lvmSnapshotSize(lv, 30 * kGiB).ok());
}

TEST_CASE("snapshot size grows with the origin's write rate, still capped by free space")
{
    LvmVolume lv;
    lv.vg = QStringLiteral("vg0");
    lv.name = QStringLiteral("data");
    lv.extentSize = 4 * kMiB;
    lv.size = 10 * kGiB;  // read in ~100 s at 100 MiB/s, plus a minute: 162 s
    CHECK(*lvmSnapshotSize(lv, 100 * kGiB, 0) == 2 * kGiB);  // no writes: 20% of the origin
    // 10 MiB/s of writes for 162 s, twice: 3240 MiB, in whole extents.
    const Result<qint64> busy = lvmSnapshotSize(lv, 100 * kGiB, 10 * kMiB);
    REQUIRE(busy.ok());
    CHECK(*busy == 3240 * kMiB);
    CHECK(*lvmSnapshotSize(lv, 3 * kGiB, 10 * kMiB) == 3 * kGiB);
}

TEST_CASE("the write rate of a real block device is measured from its I/O counters")
{
    struct stat st {};
    REQUIRE(::stat("/var/tmp", &st) == 0);
    const unsigned maj = major(st.st_dev), min = minor(st.st_dev);
    QFile probe(QStringLiteral("/sys/dev/block/%1:%2/stat").arg(maj).arg(min));
    if (!probe.exists()) {
        WARN("skipped: /var/tmp is not on a block device with I/O counters");
        return;
    }
    std::atomic_bool stop{false};
    std::thread writer([&] {
        const QByteArray file = "/var/tmp/servertwin-write-rate-probe";
        const int fd = ::open(file.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const QByteArray block(1 << 20, 'w');
        while (fd >= 0 && !stop) {
            if (::write(fd, block.constData(), static_cast<size_t>(block.size())) < 0)
                break;
            ::fdatasync(fd);
            ::lseek(fd, 0, SEEK_SET);
        }
        if (fd >= 0)
            ::close(fd);
        ::unlink(file.constData());
    });
    const Result<qint64> rate = measureWriteRate(maj, min, 500);
    stop = true;
    writer.join();
    REQUIRE(rate.ok());
    CHECK(*rate > 0);
    CHECK_FALSE(measureWriteRate(4095, 4095, 1).ok());
}

TEST_CASE("LVM command lines")
{
    LvmVolume lv;
    lv.vg = QStringLiteral("vg0");
    lv.name = QStringLiteral("root");
    lv.attr = QStringLiteral("-wi-ao----");
    CHECK(lvcreateSnapshotCommand(lv, QStringLiteral("servertwin-x-1"), 4 * kGiB)
          == QStringList{QStringLiteral("lvcreate"), QStringLiteral("--snapshot"), QStringLiteral("--size"),
                         QStringLiteral("4294967296b"), QStringLiteral("--name"), QStringLiteral("servertwin-x-1"),
                         QStringLiteral("vg0/root")});
    lv.attr = QStringLiteral("Vwi-aotz--");
    CHECK(lvcreateSnapshotCommand(lv, QStringLiteral("s"), 0)
          == QStringList{QStringLiteral("lvcreate"), QStringLiteral("--snapshot"), QStringLiteral("--setactivationskip"),
                         QStringLiteral("n"), QStringLiteral("--activate"), QStringLiteral("y"), QStringLiteral("--name"),
                         QStringLiteral("s"), QStringLiteral("vg0/root")});
    CHECK(lvremoveCommand(QStringLiteral("vg0"), QStringLiteral("s"))
          == QStringList{QStringLiteral("lvremove"), QStringLiteral("-f"), QStringLiteral("vg0/s")});

    Result<QStringList> xfs = snapshotMountCommand(QStringLiteral("/dev/vg0/s"), "xfs", "/state/m");
    REQUIRE(xfs.ok());
    CHECK(*xfs == QStringList{QStringLiteral("mount"), QStringLiteral("-o"), QStringLiteral("ro,nouuid"),
                              QStringLiteral("-t"), QStringLiteral("xfs"), QStringLiteral("/dev/vg0/s"),
                              QStringLiteral("/state/m")});
    Result<QStringList> ext4 = snapshotMountCommand(QStringLiteral("/dev/vg0/s"), "ext4", "/state/m");
    REQUIRE(ext4.ok());
    CHECK(ext4->at(2) == QStringLiteral("ro"));
    CHECK(*umountCommand("/state/m") == QStringList{QStringLiteral("umount"), QStringLiteral("/state/m")});
    CHECK_FALSE(umountCommand("/state/\xff\xfe").ok());  // not representable as an argument: refused, not mangled

    const QStringList report = lvsReportCommand({QStringLiteral("vg0/s")});
    CHECK(report.first() == QStringLiteral("lvs"));
    CHECK(report.contains(QStringLiteral("--nosuffix")));
    CHECK(report.last() == QStringLiteral("vg0/s"));
}

TEST_CASE("LVM snapshot health: invalidated or full is an error")
{
    LvmVolume snap;
    snap.vg = QStringLiteral("vg0");
    snap.name = QStringLiteral("servertwin-x-1");
    snap.attr = QStringLiteral("swi-a-s---");
    snap.snapPercent = QStringLiteral("12.00");
    CHECK(lvmSnapshotHealth(snap).ok());

    snap.attr = QStringLiteral("swi-I-s---");
    Status invalid = lvmSnapshotHealth(snap);
    REQUIRE_FALSE(invalid.ok());
    CHECK(invalid.error().message.contains(QStringLiteral("vg0/servertwin-x-1 overflowed")));

    snap.attr = QStringLiteral("swi-a-s---");
    snap.snapPercent = QStringLiteral("100.00");
    Status full = lvmSnapshotHealth(snap);
    REQUIRE_FALSE(full.ok());
    CHECK(full.error().message.contains(QStringLiteral("is full")));
}

TEST_CASE("device-mapper majors come from the block section of /proc/devices")
{
    const QByteArray devices = "Character devices:\n  1 mem\n 10 misc\n253 device-mapper\n\n"
                               "Block devices:\n  7 loop\n  8 sd\n254 device-mapper\n259 blkext\n";
    CHECK(deviceMapperMajors(devices) == QList<unsigned>{254});
    CHECK(deviceMapperMajors("Block devices:\n  7 loop\n").isEmpty());
}
