// SPDX-License-Identifier: GPL-3.0-or-later
// Check 4 (firmware, boot tools in the clone, the boot disk found through mountinfo and sysfs)
// and the whole check on one fixture.
#include "BootFixture.h"
#include "restore/boot/BootCheck.h"
#include "restore/boot/BootLoaderCheck.h"
#include "support/CatchQt.h"

#include <catch2/catch.hpp>

using namespace st;
using namespace st::boot;
using namespace st::test;
using Level = Finding::Level;

namespace {
QString disk(const BootFixture &fx)
{
    const Result<QString> d = bootDisk(fx.host);
    INFO((d ? std::string() : d.error().message.toStdString()));
    REQUIRE(d.ok());
    return *d;
}
}  // namespace

TEST_CASE("the whole check: a clone that would boot on this Secondary has no Block")
{
    BootFixture fx;
    const QList<Finding> f = checkBootReadiness(fx.staged, fx.host, {});
    INFO(describe(f));
    CHECK_FALSE(hasBlock(f));
    CHECK(findingsAt(f, Level::Warn).isEmpty());
    QStringList checks;
    for (const Finding &x : f)
        checks << x.check;
    checks.removeDuplicates();
    CHECK(checks == (QStringList{QStringLiteral("fstab"), QStringLiteral("kernel"), QStringLiteral("driver"),
                                 QStringLiteral("bootloader"), QStringLiteral("bootdisk")}));
    CHECK(has(f, Level::Info, {QStringLiteral("this Secondary boots by BIOS")}));
    CHECK(has(f, Level::Info, {QStringLiteral("this Secondary boots from /dev/vda")}));
    CHECK(has(f, Level::Ok, {QStringLiteral("/usr/lib/grub/i386-pc for this BIOS Secondary")}));

    // Each kind of problem shows up in the whole check too.
    fx.remove(QStringLiteral("staged/usr/sbin/grub-install"));
    CHECK(has(checkBootReadiness(fx.staged, fx.host, {}), Level::Block, {QStringLiteral("no /usr/sbin/grub-install")}));
}

TEST_CASE("boot loader: a UEFI Secondary needs GRUB's x86_64-efi files in the clone")
{
    BootFixture fx;
    fx.mkdir(QStringLiteral("sys/firmware/efi/efivars"));
    CHECK(firmwareMode(fx.host) == Firmware::Uefi);
    QList<Finding> f = checkBootLoader(fx.staged, fx.host);
    INFO(describe(f));
    CHECK(has(f, Level::Info, {QStringLiteral("this Secondary boots by UEFI")}));
    CHECK(has(f, Level::Block, {QStringLiteral("the clone has no /usr/lib/grub/x86_64-efi, which GRUB needs on this UEFI Secondary"),
                                QStringLiteral("install grub-efi-amd64-bin on the Primary")}));
    CHECK(findingsAt(f, Level::Block).size() == 1);

    fx.write(QStringLiteral("staged/usr/lib/grub/x86_64-efi/normal.mod"), "mod");
    f = checkBootLoader(fx.staged, fx.host);
    INFO(describe(f));
    CHECK_FALSE(hasBlock(f));
    CHECK(has(f, Level::Ok, {QStringLiteral("/usr/lib/grub/x86_64-efi for this UEFI Secondary")}));
}

TEST_CASE("boot loader: a BIOS Secondary needs i386-pc, and every clone the initramfs and GRUB tools")
{
    BootFixture fx;
    CHECK(firmwareMode(fx.host) == Firmware::Bios);
    fx.remove(QStringLiteral("staged/usr/lib/grub/i386-pc"));
    fx.write(QStringLiteral("staged/usr/lib/grub/x86_64-efi/normal.mod"), "mod");
    fx.remove(QStringLiteral("staged/usr/sbin/update-grub"));  // grub-mkconfig is still there
    QList<Finding> f = checkBootLoader(fx.staged, fx.host);
    INFO(describe(f));
    CHECK(has(f, Level::Block, {QStringLiteral("no /usr/lib/grub/i386-pc"), QStringLiteral("install grub-pc-bin")}));
    CHECK(findingsAt(f, Level::Block).size() == 1);

    fx.remove(QStringLiteral("staged/usr/sbin/grub-mkconfig"));
    fx.remove(QStringLiteral("staged/usr/sbin/update-initramfs"));
    f = checkBootLoader(fx.staged, fx.host);
    INFO(describe(f));
    CHECK(has(f, Level::Block, {QStringLiteral("neither /usr/sbin/update-grub nor /usr/sbin/grub-mkconfig")}));
    CHECK(has(f, Level::Block, {QStringLiteral("neither /usr/sbin/update-initramfs nor dracut"), QStringLiteral("initramfs-tools")}));

    fx.write(QStringLiteral("staged/usr/bin/dracut"), "#!/bin/bash\n");
    f = checkBootLoader(fx.staged, fx.host);
    CHECK_FALSE(has(f, Level::Block, {QStringLiteral("update-initramfs")}));
}

TEST_CASE("boot disk: the partition holding / leads to its disk")
{
    BootFixture fx;
    CHECK(disk(fx) == QStringLiteral("/dev/vda"));
}

TEST_CASE("boot disk: a /boot of its own decides, and the last mount on /boot is the one in use")
{
    BootFixture fx;
    fx.addVirtioDisk(QStringLiteral("vdb"), 5, QStringLiteral("virtio2"), 254, 16, 2);
    fx.addVirtioDisk(QStringLiteral("vdc"), 6, QStringLiteral("virtio3"), 254, 32, 1);
    fx.append(QStringLiteral("proc/self/mountinfo"),
              "61 27 254:33 / /boot rw,relatime shared:31 - ext4 /dev/vdc1 rw\n"
              "62 61 254:17 / /boot rw,relatime shared:32 - ext2 /dev/vdb1 rw\n"
              "63 62 254:18 / /boot/efi rw,relatime shared:33 - vfat /dev/vdb2 rw,fmask=0077,dmask=0077\n");
    CHECK(disk(fx) == QStringLiteral("/dev/vdb"));
}

TEST_CASE("boot disk: a whole disk without partitions, LVM through its slaves, btrfs through its source")
{
    BootFixture fx;
    enum class Case { WholeDisk, DeviceMapper, Btrfs };
    const Case c = GENERATE(Case::WholeDisk, Case::DeviceMapper, Case::Btrfs);
    fx.addVirtioDisk(QStringLiteral("vdb"), 5, QStringLiteral("virtio2"), 254, 16, 0);
    QByteArray root;
    if (c == Case::WholeDisk) {
        root = "70 1 254:16 / / rw,relatime - ext4 /dev/vdb rw\n";
    } else if (c == Case::DeviceMapper) {
        fx.addVirtioDisk(QStringLiteral("vdc"), 6, QStringLiteral("virtio3"), 254, 32, 3);
        fx.write(QStringLiteral("sys/devices/virtual/block/dm-0/dev"), "253:0\n");
        fx.link(QStringLiteral("sys/devices/virtual/block/dm-0/slaves/vdc3"), "../../../../pci0000:00/0000:00:06.0/virtio3/block/vdc/vdc3");
        fx.link(QStringLiteral("sys/dev/block/253:0"), "../../devices/virtual/block/dm-0");
        root = "70 1 253:0 / / rw,relatime - ext4 /dev/mapper/vg-root rw\n";
    } else {
        fx.write(QStringLiteral("dev/vdb"), {});
        fx.link(QStringLiteral("dev/disk/by-uuid/b7f1"), "../../vdb");
        root = "70 1 0:31 /@rootfs / rw,relatime - btrfs /dev/disk/by-uuid/b7f1 rw,space_cache=v2,subvolid=256,subvol=/@rootfs\n";
    }
    fx.write(QStringLiteral("proc/self/mountinfo"), root);
    CHECK(disk(fx) == (c == Case::DeviceMapper ? QStringLiteral("/dev/vdc") : QStringLiteral("/dev/vdb")));
}

TEST_CASE("boot disk: not found refuses the clone")
{
    BootFixture fx;
    const QByteArray mountinfo = GENERATE(QByteArray("27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"),
                                          QByteArray("27 1 0:40 / / rw - overlay overlay rw,lowerdir=/a\n"),
                                          QByteArray("27 1 254:1 / /srv rw - ext4 /dev/vda1 rw\n"));
    fx.write(QStringLiteral("proc/self/mountinfo"), mountinfo);
    const Result<QString> d = bootDisk(fx.host);
    REQUIRE_FALSE(d.ok());
    const QList<Finding> f = checkBootLoader(fx.staged, fx.host);
    INFO(describe(f));
    CHECK(has(f, Level::Block, {QStringLiteral("cannot find this Secondary's boot disk (") + d.error().message}));
    fx.write(QStringLiteral("proc/self/mountinfo"), "garbage\n");
    CHECK(has(checkBootLoader(fx.staged, fx.host), Level::Block, {QStringLiteral("line 1 of mountinfo")}));
}
