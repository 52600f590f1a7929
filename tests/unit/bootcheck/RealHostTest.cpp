// SPDX-License-Identifier: GPL-3.0-or-later
// The readers against this machine's real /proc, /sys and /dev: they must parse what a real
// kernel writes and find the drivers of the real disks and NICs.
#include "BootFixture.h"
#include "restore/boot/BootLoaderCheck.h"
#include "restore/boot/MountInfo.h"
#include "restore/boot/RootedPath.h"
#include "restore/boot/SysfsDevices.h"
#include "support/CatchQt.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>

using namespace st;
using namespace st::boot;
using namespace st::test;

TEST_CASE("real host: mountinfo parses, disks and NICs have drivers, the boot disk is found")
{
    const HostRoots host;

    QFile mountinfo(QStringLiteral("/proc/self/mountinfo"));
    REQUIRE(mountinfo.open(QIODevice::ReadOnly));
    const Result<QList<MountInfoEntry>> mounts = parseMountInfo(mountinfo.readAll());
    INFO((mounts ? std::string() : mounts.error().message.toStdString()));
    REQUIRE(mounts.ok());
    REQUIRE(visibleMountAt(*mounts, QStringLiteral("/")) != nullptr);

    if (!QDir(QStringLiteral("/sys/class/block")).exists()) {
        WARN("no /sys/class/block on this host: nothing to read");
        return;
    }
    const Result<QList<HostDevice>> devices = hostDevices(host.sysRoot);
    INFO((devices ? std::string() : devices.error().message.toStdString()));
    REQUIRE(devices.ok());
    QStringList seen;
    bool realDisk = false;
    int withDriver = 0;
    for (const HostDevice &d : *devices) {
        QStringList drivers;
        for (const DeviceDriver &drv : d.drivers) {
            drivers << drv.driver + (drv.module.isEmpty() ? QString() : QStringLiteral("(") + drv.module + QStringLiteral(")"));
            CHECK(drv.node.startsWith(QStringLiteral("devices/")));
            CHECK_FALSE(drv.driver.isEmpty());
        }
        seen << QStringLiteral("%1 %2: %3").arg(kindName(d.kind), d.name, drivers.join(QLatin1Char(' ')));
        realDisk = realDisk || d.kind == HostDevice::Kind::Disk;
        withDriver += d.drivers.isEmpty() ? 0 : 1;
        CHECK(d.node.startsWith(QStringLiteral("devices/")));
    }
    const std::string listing = seen.join(QLatin1Char('\n')).toStdString();
    INFO(listing);
    if (!realDisk) {
        WARN("this host has no whole disk with a device in /sys/class/block (a container?): driver discovery not exercised");
        return;
    }
    CHECK(withDriver >= 1);

    const Result<QString> disk = bootDisk(host);
    if (disk) {
        CHECK(disk->startsWith(QStringLiteral("/dev/")));
        CHECK(QFileInfo::exists(*disk));
        WARN("boot disk: " + disk->toStdString() + "\n" + listing);
    } else {
        WARN("no boot disk on this host (" + disk.error().message.toStdString() + "): / may be an overlay or a container mount");
    }
}
