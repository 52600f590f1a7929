// SPDX-License-Identifier: GPL-3.0-or-later
#include "BootFixture.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>

#include <unistd.h>

namespace st::test {

using boot::Finding;

namespace {
// The Secondary's /etc/fstab as the Debian 12 installer writes it.
const QByteArray kSecondaryFstab =
    "# /etc/fstab: static file system information.\n"
    "#\n"
    "# Use 'blkid' to print the universally unique identifier for a\n"
    "# device; this may be used with UUID= as a more robust way to name devices\n"
    "# that works even if disks are added and removed. See fstab(5).\n"
    "#\n"
    "# systemd generates mount units based on this file, see systemd.mount(5).\n"
    "# Please run 'systemctl daemon-reload' after you make changes here.\n"
    "#\n"
    "# <file system> <mount point>   <type>  <options>       <dump>  <pass>\n"
    "# / was on /dev/vda1 during installation\n"
    "UUID=" + BootFixture::kRootUuid + " /               ext4    errors=remount-ro 0       1\n"
    "# swap was on /dev/vda2 during installation\n"
    "UUID=" + BootFixture::kSwapUuid + " none            swap    sw              0       0\n"
    "\n"
    "tmpfs\t/tmp\ttmpfs\tdefaults,size=1G\t0\t0\n";

// The Primary's: its own UUIDs, a /boot of its own is not there, one tmpfs.
const QByteArray kPrimaryFstab =
    "# <file system> <mount point>   <type>  <options>       <dump>  <pass>\n"
    "UUID=11111111-2222-4333-8444-555555555555 /               ext4    errors=remount-ro 0       1\n"
    "UUID=66666666-7777-4888-9999-aaaaaaaaaaaa none            swap    sw              0       0\n"
    "proc /proc proc defaults 0 0\n";

// /proc/self/mountinfo of a Debian 12 guest (trimmed), root on vda1.
const QByteArray kMountInfo =
    "22 27 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
    "23 27 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:13 - proc proc rw\n"
    "24 27 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev rw,size=989172k,nr_inodes=247293,mode=755,inode64\n"
    "25 24 0:23 / /dev/pts rw,nosuid,noexec,relatime shared:3 - devpts devpts rw,gid=5,mode=620,ptmxmode=000\n"
    "26 27 0:24 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=203524k,mode=755,inode64\n"
    "27 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro\n"
    "28 22 0:6 / /sys/kernel/security rw,nosuid,nodev,noexec,relatime shared:8 - securityfs securityfs rw\n"
    "29 24 0:25 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw,inode64\n"
    "45 23 0:38 / /proc/sys/fs/binfmt_misc rw,relatime shared:28 - autofs systemd-1 rw,fd=29,pgrp=1,timeout=0,minproto=5,maxproto=5,direct,pipe_ino=11623\n"
    "60 27 0:45 / /tmp rw,nosuid,nodev shared:30 - tmpfs tmpfs rw,size=1048576k,inode64\n";
}  // namespace

BootFixture::BootFixture()
{
    host.liveRoot = path(QStringLiteral("live"));
    host.sysRoot = path(QStringLiteral("sys"));
    host.devRoot = path(QStringLiteral("dev"));
    host.procRoot = path(QStringLiteral("proc"));
    staged = path(QStringLiteral("staged"));

    // sysfs: one virtio disk (vda: root and swap), one virtio NIC, a loop device, lo.
    addVirtioDisk(QStringLiteral("vda"), 4, QStringLiteral("virtio1"), 254, 0, 2);
    const QString nic = QStringLiteral("sys/devices/pci0000:00/0000:00:03.0");
    link(nic + QStringLiteral("/driver"), "../../../bus/pci/drivers/virtio-pci");
    link(nic + QStringLiteral("/virtio0/driver"), "../../../../bus/virtio/drivers/virtio_net");
    link(nic + QStringLiteral("/virtio0/net/ens3/device"), "../../../virtio0");
    write(nic + QStringLiteral("/virtio0/net/ens3/address"), "52:54:00:12:34:56\n");
    link(QStringLiteral("sys/class/net/ens3"), "../../devices/pci0000:00/0000:00:03.0/virtio0/net/ens3");
    write(QStringLiteral("sys/devices/virtual/net/lo/address"), "00:00:00:00:00:00\n");
    link(QStringLiteral("sys/class/net/lo"), "../../devices/virtual/net/lo");
    write(QStringLiteral("sys/devices/virtual/block/loop0/dev"), "7:0\n");
    link(QStringLiteral("sys/class/block/loop0"), "../../devices/virtual/block/loop0");
    for (const char *module : {"virtio_pci", "virtio_blk", "virtio_net"}) {
        const QString name = QString::fromLatin1(module);
        const QString bus = name == QLatin1String("virtio_pci") ? QStringLiteral("pci/drivers/virtio-pci")
                                                                : QStringLiteral("virtio/drivers/") + name;
        mkdir(QStringLiteral("sys/module/") + name);
        link(QStringLiteral("sys/bus/") + bus + QStringLiteral("/module"), "../../../../module/" + name.toLatin1());
    }
    mkdir(QStringLiteral("sys/firmware/acpi"));
    link(QStringLiteral("dev/disk/by-uuid/") + QString::fromLatin1(kRootUuid), "../../vda1");
    link(QStringLiteral("dev/disk/by-uuid/") + QString::fromLatin1(kSwapUuid), "../../vda2");
    link(QStringLiteral("dev/disk/by-partuuid/0e4f7e2c-01"), "../../vda1");
    write(QStringLiteral("proc/self/mountinfo"), kMountInfo);
    write(QStringLiteral("proc/sys/kernel/osrelease"), kRunning.toLatin1() + '\n');

    // This Secondary's own system (kept by the apply) and its running kernel's modules.
    write(QStringLiteral("live/etc/fstab"), kSecondaryFstab);
    const QString running = QStringLiteral("live/usr/lib/modules/") + kRunning;
    writeModules(running, "kernel/drivers/block/virtio_blk.ko.xz:\nkernel/drivers/net/virtio_net.ko.xz: kernel/drivers/net/net_failover.ko.xz\n"
                          "kernel/drivers/virtio/virtio_pci.ko.xz:\n");
    write(running + QStringLiteral("/modules.builtin"), "kernel/drivers/virtio/virtio.ko\nkernel/fs/ext4/ext4.ko\n");

    // The staged Debian 12 clone: merged /usr, one kernel with the virtio modules, GRUB for BIOS.
    write(QStringLiteral("staged/etc/fstab"), kPrimaryFstab);
    link(QStringLiteral("staged/lib"), "usr/lib");
    write(QStringLiteral("staged/boot/vmlinuz-") + kKernel, "MZ kernel image\n");
    write(QStringLiteral("staged/boot/initrd.img-") + kKernel, "initramfs\n");
    setStagedModules("kernel/drivers/block/virtio_blk.ko.xz:\n"
                     "kernel/drivers/net/virtio_net.ko.xz: kernel/drivers/net/net_failover.ko.xz kernel/net/core/failover.ko.xz\n"
                     "kernel/drivers/net/net_failover.ko.xz: kernel/net/core/failover.ko.xz\n"
                     "kernel/drivers/virtio/virtio_pci.ko.xz:\n"
                     "kernel/drivers/scsi/virtio_scsi.ko.xz:\n",
                     "kernel/drivers/virtio/virtio.ko\nkernel/drivers/virtio/virtio_ring.ko\nkernel/fs/ext4/ext4.ko\n");
    for (const char *tool : {"update-initramfs", "grub-install", "update-grub", "grub-mkconfig"})
        write(QStringLiteral("staged/usr/sbin/") + QString::fromLatin1(tool), "#!/bin/sh\n");
    write(QStringLiteral("staged/usr/lib/grub/i386-pc/boot.img"), QByteArray(512, '\0'));
}

QString BootFixture::path(const QString &rel) const
{
    return QString::fromLocal8Bit(m_dir.path()) + QLatin1Char('/') + rel;
}

void BootFixture::write(const QString &rel, const QByteArray &content)
{
    writeFile(QFile::encodeName(path(rel)), content);
}

void BootFixture::append(const QString &rel, const QByteArray &content)
{
    QFile f(path(rel));
    REQUIRE(f.open(QIODevice::Append));
    f.write(content);
}

void BootFixture::link(const QString &rel, const QByteArray &target)
{
    const QString at = path(rel);
    QDir().mkpath(at.left(at.lastIndexOf(QLatin1Char('/'))));
    INFO(at.toStdString());
    REQUIRE(::symlink(target.constData(), QFile::encodeName(at).constData()) == 0);
}

void BootFixture::mkdir(const QString &rel)
{
    REQUIRE(QDir().mkpath(path(rel)));
}

void BootFixture::remove(const QString &rel)
{
    const QString at = path(rel);
    if (QFileInfo(at).isDir() && !QFileInfo(at).isSymLink())
        REQUIRE(QDir(at).removeRecursively());
    else
        REQUIRE(QFile::remove(at));
}

void BootFixture::addVirtioDisk(const QString &name, int slot, const QString &virtio, int major, int minor, int partitions)
{
    const QString pci = QStringLiteral("devices/pci0000:00/0000:00:%1.0").arg(slot, 2, 10, QLatin1Char('0'));
    const QString disk = pci + QLatin1Char('/') + virtio + QStringLiteral("/block/") + name;
    const QByteArray up = "../../";
    if (!QFileInfo::exists(path(QStringLiteral("sys/") + pci + QStringLiteral("/driver"))))
        link(QStringLiteral("sys/") + pci + QStringLiteral("/driver"), "../../../bus/pci/drivers/virtio-pci");
    link(QStringLiteral("sys/") + pci + QLatin1Char('/') + virtio + QStringLiteral("/driver"), "../../../../bus/virtio/drivers/virtio_blk");
    link(QStringLiteral("sys/") + disk + QStringLiteral("/device"), "../../../" + virtio.toLatin1());
    write(QStringLiteral("sys/") + disk + QStringLiteral("/dev"), QStringLiteral("%1:%2\n").arg(major).arg(minor).toLatin1());
    link(QStringLiteral("sys/class/block/") + name, up + disk.toLatin1());
    link(QStringLiteral("sys/dev/block/%1:%2").arg(major).arg(minor), up + disk.toLatin1());
    write(QStringLiteral("dev/") + name, {});
    for (int p = 1; p <= partitions; ++p) {
        const QString part = name + QString::number(p);
        const QString node = disk + QLatin1Char('/') + part;
        write(QStringLiteral("sys/") + node + QStringLiteral("/partition"), QByteArray::number(p) + '\n');
        write(QStringLiteral("sys/") + node + QStringLiteral("/dev"), QStringLiteral("%1:%2\n").arg(major).arg(minor + p).toLatin1());
        link(QStringLiteral("sys/class/block/") + part, up + node.toLatin1());
        link(QStringLiteral("sys/dev/block/%1:%2").arg(major).arg(minor + p), up + node.toLatin1());
        write(QStringLiteral("dev/") + part, {});
    }
}

void BootFixture::setStagedModules(const QByteArray &dep, const QByteArray &builtin, const QString &version)
{
    const QString dir = QStringLiteral("staged/usr/lib/modules/") + version;
    writeModules(dir, dep);
    write(dir + QStringLiteral("/modules.builtin"), builtin);
}

void BootFixture::writeModules(const QString &dir, const QByteArray &dep)
{
    write(dir + QStringLiteral("/modules.dep"), dep);
    // Each module modules.dep lists is a file of the kernel's tree, as depmod found it.
    for (const QByteArray &line : dep.split('\n'))
        if (const qsizetype colon = line.indexOf(':'); colon > 0)
            write(dir + QLatin1Char('/') + QString::fromUtf8(line.left(colon)), "\x7f" "ELF");
}

QStringList messages(const QList<Finding> &findings, Finding::Level level)
{
    QStringList out;
    for (const Finding &f : boot::findingsAt(findings, level))
        out << f.message;
    return out;
}

std::string describe(const QList<Finding> &findings)
{
    QString out;
    for (const Finding &f : findings)
        out += QStringLiteral("[%1 %2] %3\n").arg(boot::levelName(f.level), f.check, f.message);
    return out.toStdString();
}

bool has(const QList<Finding> &findings, Finding::Level level, const QStringList &parts)
{
    for (const Finding &f : boot::findingsAt(findings, level)) {
        bool all = true;
        for (const QString &p : parts)
            all = all && f.message.contains(p);
        if (all)
            return true;
    }
    return false;
}

}  // namespace st::test
