// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerShape.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <unistd.h>

namespace st::test {

namespace {
const QString kKernel = QStringLiteral("6.1.0-28-amd64");
}  // namespace

void ServerShape::mkdir(const QString &rel)
{
    QDir().mkpath(QFile::decodeName(m_dir.path()) + QLatin1Char('/') + rel);
}

void ServerShape::write(const QString &rel, const QByteArray &content)
{
    mkdir(QFileInfo(rel).path());
    writeFile(m_dir / QFile::encodeName(rel), content);
}

void ServerShape::link(const QString &rel, const QByteArray &target)
{
    mkdir(QFileInfo(rel).path());
    const QByteArray at = m_dir / QFile::encodeName(rel);
    ::unlink(at.constData());
    if (::symlink(target.constData(), at.constData()) != 0)
        qFatal("symlink %s", at.constData());
}

void ServerShape::pci(const QString &slot, const QByteArray &cls, const QByteArray &modalias, const QString &driver, const QString &module)
{
    const QString dev = QStringLiteral("sys/devices/pci0000:00/") + slot;
    write(dev + QStringLiteral("/class"), cls + '\n');
    write(dev + QStringLiteral("/modalias"), modalias + '\n');
    const QString name = slot.mid(slot.lastIndexOf(QLatin1Char('/')) + 1);
    const int depth = static_cast<int>(slot.count(QLatin1Char('/'))) + 3;  // from sys/devices/pci0000:00/SLOT up to sys/
    QByteArray up;
    for (int i = 0; i < depth; ++i)
        up += "../";
    link(QStringLiteral("sys/bus/pci/devices/") + name, "../../../devices/pci0000:00/" + slot.toUtf8());
    if (!driver.isEmpty()) {
        link(dev + QStringLiteral("/driver"), up + "bus/pci/drivers/" + driver.toUtf8());
        mkdir(QStringLiteral("sys/bus/pci/drivers/") + driver);
        link(QStringLiteral("sys/bus/pci/drivers/%1/module").arg(driver), "../../../../module/" + module.toUtf8());
        mkdir(QStringLiteral("sys/module/") + module);
    }
}

ServerShape::ServerShape()
{
    // DMI, UEFI, CPUs (2 packages x 2 cores x 2 threads), memory, OS.
    write(QStringLiteral("sys/class/dmi/id/sys_vendor"), "Dell Inc.\n");
    write(QStringLiteral("sys/class/dmi/id/product_name"), "PowerEdge R640\n");
    write(QStringLiteral("sys/class/dmi/id/product_serial"), "FIXTURE-SERIAL\n");
    mkdir(QStringLiteral("sys/firmware/efi/efivars"));
    write(QStringLiteral("sys/devices/system/cpu/online"), "0-7\n");
    for (int cpu = 0; cpu < 8; ++cpu) {
        const QString t = QStringLiteral("sys/devices/system/cpu/cpu%1/topology/").arg(cpu);
        write(t + QStringLiteral("physical_package_id"), QByteArray::number(cpu / 4) + '\n');
        write(t + QStringLiteral("core_id"), QByteArray::number((cpu / 2) % 2) + '\n');
    }
    QByteArray cpuinfo;
    for (int cpu = 0; cpu < 8; ++cpu)
        cpuinfo += "processor\t: " + QByteArray::number(cpu) + "\nmodel name\t: Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz\nphysical id\t: " +
                   QByteArray::number(cpu / 4) + "\ncore id\t\t: " + QByteArray::number((cpu / 2) % 2) + "\nflags\t\t: fpu vme sse2 ht\n\n";
    write(QStringLiteral("proc/cpuinfo"), cpuinfo);
    write(QStringLiteral("proc/meminfo"), "MemTotal:       201326592 kB\nMemFree:        1000 kB\n");
    write(QStringLiteral("proc/sys/kernel/arch"), "x86_64\n");
    write(QStringLiteral("proc/sys/kernel/osrelease"), kKernel.toUtf8() + '\n');
    write(QStringLiteral("proc/sys/kernel/hostname"), "db-primary\n");
    write(QStringLiteral("root/etc/os-release"), "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n");
    link(QStringLiteral("root/etc/localtime"), "/usr/share/zoneinfo/Europe/Berlin");
    link(QStringLiteral("root/etc/systemd/system/multi-user.target.wants/chrony.service"), "/lib/systemd/system/chrony.service");

    // PCI: the AHCI controller, an NVMe controller behind a root port, the NICs.
    pci(QStringLiteral("0000:00:17.0"), "0x010601", "pci:v00008086d0000A352sv00001028sd00000716bc01sc06i01", QStringLiteral("ahci"), QStringLiteral("ahci"));
    pci(QStringLiteral("0000:00:1d.0/0000:3d:00.0"), "0x010802", "pci:v0000144Dd0000A808sv0000144Dsd0000A801bc01sc08i02", QStringLiteral("nvme"), QStringLiteral("nvme"));
    pci(QStringLiteral("0000:00:1f.6"), "0x020000", "pci:v00008086d000015BBsv00001028sd00000716bc02sc00i00", QStringLiteral("e1000e"), QStringLiteral("e1000e"));
    for (const char *fn : {"0", "1"})
        pci(QStringLiteral("0000:00:1c.0/0000:3b:00.") + QLatin1String(fn), "0x020000", "pci:v00008086d000010FBsv00008086sd0000000Cbc02sc00i00",
            QStringLiteral("ixgbe"), QStringLiteral("ixgbe"));

    // sda on the AHCI port (SCSI disk driver sd), two partitions; nvme0n1 with three.
    const QString sata = QStringLiteral("sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0");
    write(sata + QStringLiteral("/model"), "ST4000NM0035-1V4\n");
    link(sata + QStringLiteral("/driver"), "../../../../../../../bus/scsi/drivers/sd");
    mkdir(QStringLiteral("sys/bus/scsi/drivers/sd"));
    const QString sda = sata + QStringLiteral("/block/sda");
    write(sda + QStringLiteral("/dev"), "8:0\n");
    write(sda + QStringLiteral("/size"), "7814037168\n");
    write(sda + QStringLiteral("/removable"), "0\n");
    write(sda + QStringLiteral("/queue/rotational"), "1\n");
    link(sda + QStringLiteral("/device"), "../../../0:0:0:0");
    link(QStringLiteral("sys/class/block/sda"), "../../devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda");
    link(QStringLiteral("sys/dev/block/8:0"), "../../devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda");
    for (int p = 1; p <= 2; ++p) {
        const QString part = sda + QStringLiteral("/sda%1").arg(p);
        write(part + QStringLiteral("/partition"), QByteArray::number(p) + '\n');
        write(part + QStringLiteral("/dev"), "8:" + QByteArray::number(p) + '\n');
        write(part + QStringLiteral("/size"), p == 1 ? "1048576\n" : "7812986880\n");
        link(QStringLiteral("sys/class/block/sda%1").arg(p), "../../devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda" + QByteArray::number(p));
        link(QStringLiteral("sys/dev/block/8:%1").arg(p), "../../devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda" + QByteArray::number(p));
    }
    write(QStringLiteral("root/run/udev/data/b8:0"), "S:disk/by-id/ata-ST4000NM0035-1V4_ZC1A2B3C\nS:disk/by-id/wwn-0x5000c500a1b2c3d4\nE:ID_MODEL=ST4000NM0035-1V4\nE:ID_SERIAL_SHORT=ZC1A2B3C\n");
    write(QStringLiteral("root/run/udev/data/b8:1"), "E:ID_FS_TYPE=vfat\nE:ID_FS_UUID=4E2A-1B3C\n");
    write(QStringLiteral("root/run/udev/data/b8:2"), "E:ID_FS_TYPE=LVM2_member\n");

    const QString nvmeCtrl = QStringLiteral("sys/devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0");
    write(nvmeCtrl + QStringLiteral("/model"), "SAMSUNG MZ7LH960HAJR\n");
    write(nvmeCtrl + QStringLiteral("/serial"), "S4NENA0N1234\n");
    link(nvmeCtrl + QStringLiteral("/device"), "../../../0000:3d:00.0");
    const QString nvme = nvmeCtrl + QStringLiteral("/nvme0n1");
    write(nvme + QStringLiteral("/dev"), "259:0\n");
    write(nvme + QStringLiteral("/size"), "1875385008\n");
    write(nvme + QStringLiteral("/removable"), "0\n");
    write(nvme + QStringLiteral("/queue/rotational"), "0\n");
    link(nvme + QStringLiteral("/device"), "../../nvme0");
    link(QStringLiteral("sys/class/block/nvme0n1"), "../../devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1");
    for (int p = 1; p <= 3; ++p) {
        const QString part = nvme + QStringLiteral("/nvme0n1p%1").arg(p);
        write(part + QStringLiteral("/partition"), QByteArray::number(p) + '\n');
        write(part + QStringLiteral("/dev"), "259:" + QByteArray::number(p) + '\n');
        write(part + QStringLiteral("/size"), "600000000\n");
        const QByteArray target = "../../devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1/nvme0n1p" + QByteArray::number(p);
        link(QStringLiteral("sys/class/block/nvme0n1p%1").arg(p), target);
        link(QStringLiteral("sys/dev/block/259:%1").arg(p), target);
    }
    write(QStringLiteral("root/run/udev/data/b259:0"), "S:disk/by-id/nvme-SAMSUNG_MZ7LH960HAJR_S4NENA0N1234\nE:ID_SERIAL_SHORT=S4NENA0N1234\n");
    write(QStringLiteral("root/run/udev/data/b259:2"), "E:ID_FS_TYPE=ext4\nE:ID_FS_UUID=9a8b7c6d-0000-4000-8000-000000000002\n");
    write(QStringLiteral("root/run/udev/data/b259:3"), "E:ID_FS_TYPE=LVM2_member\n");

    // dm-0: the LVM volume for /srv over sda2 and nvme0n1p3 (device-mapper has no device link).
    const QString dm = QStringLiteral("sys/devices/virtual/block/dm-0");
    write(dm + QStringLiteral("/dev"), "253:0\n");
    write(dm + QStringLiteral("/size"), "8000000000\n");
    link(dm + QStringLiteral("/slaves/sda2"), "../../../../pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda2");
    link(dm + QStringLiteral("/slaves/nvme0n1p3"), "../../../../pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1/nvme0n1p3");
    link(QStringLiteral("sys/class/block/dm-0"), "../../devices/virtual/block/dm-0");
    link(QStringLiteral("sys/dev/block/253:0"), "../../devices/virtual/block/dm-0");
    write(QStringLiteral("root/run/udev/data/b253:0"), "E:ID_FS_TYPE=xfs\nE:ID_FS_UUID=11111111-2222-4333-8444-555555555555\n");
    write(QStringLiteral("proc/self/mountinfo"),
          "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n"
          "23 22 8:1 / /boot/efi rw,relatime shared:2 - vfat /dev/sda1 rw\n"
          "24 22 253:0 / /srv rw,relatime shared:3 - xfs /dev/mapper/vg0-srv rw\n"
          "25 22 0:21 / /proc rw,nosuid shared:4 - proc proc rw\n"
          "26 24 253:0 /www /var/www rw,relatime shared:3 - xfs /dev/mapper/vg0-srv rw\n");

    // NICs: eno1 (e1000e, up), two ixgbe ports enslaved to bond0 (10 Gbit/s, one without link).
    const auto nic = [this](const QString &name, const QString &device, const QByteArray &mac, const QByteArray &state, bool carrier, const QByteArray &speed) {
        const QString dir = QStringLiteral("sys/devices/pci0000:00/%1/net/%2").arg(device, name);
        write(dir + QStringLiteral("/address"), mac + '\n');
        write(dir + QStringLiteral("/operstate"), state + '\n');
        if (carrier)
            write(dir + QStringLiteral("/carrier"), "1\n");
        if (!speed.isEmpty())
            write(dir + QStringLiteral("/speed"), speed + '\n');
        link(dir + QStringLiteral("/device"), "../../../" + device.mid(device.lastIndexOf(QLatin1Char('/')) + 1).toUtf8());
        link(QStringLiteral("sys/class/net/") + name, "../../devices/pci0000:00/" + device.toUtf8() + "/net/" + name.toUtf8());
        return dir;
    };
    nic(QStringLiteral("eno1"), QStringLiteral("0000:00:1f.6"), "d0:94:66:aa:bb:01", "up", true, "1000");
    const QString f0 = nic(QStringLiteral("enp59s0f0"), QStringLiteral("0000:00:1c.0/0000:3b:00.0"), "a0:36:9f:cc:dd:00", "up", true, "10000");
    const QString f1 = nic(QStringLiteral("enp59s0f1"), QStringLiteral("0000:00:1c.0/0000:3b:00.1"), "a0:36:9f:cc:dd:01", "lowerlayerdown", false, "");
    link(f0 + QStringLiteral("/master"), "../../../../../virtual/net/bond0");
    link(f1 + QStringLiteral("/master"), "../../../../../virtual/net/bond0");
    write(QStringLiteral("sys/devices/virtual/net/bond0/address"), "a0:36:9f:cc:dd:00\n");
    write(QStringLiteral("sys/devices/virtual/net/bond0/operstate"), "up\n");
    write(QStringLiteral("sys/devices/virtual/net/bond0/carrier"), "1\n");
    write(QStringLiteral("sys/devices/virtual/net/bond0/speed"), "10000\n");
    write(QStringLiteral("sys/devices/virtual/net/bond0/bonding/slaves"), "enp59s0f0 enp59s0f1\n");
    link(QStringLiteral("sys/class/net/bond0"), "../../devices/virtual/net/bond0");
    write(QStringLiteral("sys/devices/virtual/net/lo/address"), "00:00:00:00:00:00\n");
    link(QStringLiteral("sys/class/net/lo"), "../../devices/virtual/net/lo");

    // The running kernel's modules: ixgbe's file is missing from this kernel (a vendor driver
    // the distribution kernel does not carry under that name in this fixture).
    const QString mods = QStringLiteral("root/usr/lib/modules/") + kKernel;
    write(mods + QStringLiteral("/modules.dep"),
          "kernel/drivers/ata/ahci.ko: kernel/drivers/ata/libahci.ko\nkernel/drivers/ata/libahci.ko:\n"
          "kernel/drivers/nvme/host/nvme.ko: kernel/drivers/nvme/host/nvme-core.ko\nkernel/drivers/nvme/host/nvme-core.ko:\n"
          "kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko:\nkernel/drivers/scsi/sd_mod.ko:\n");
    for (const char *ko : {"kernel/drivers/ata/ahci.ko", "kernel/drivers/ata/libahci.ko", "kernel/drivers/nvme/host/nvme.ko",
                           "kernel/drivers/nvme/host/nvme-core.ko", "kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko", "kernel/drivers/scsi/sd_mod.ko"})
        write(mods + QLatin1Char('/') + QLatin1String(ko), QByteArray());
    write(mods + QStringLiteral("/modules.builtin"), "kernel/drivers/pci/pcieport.ko\n");
    write(mods + QStringLiteral("/modules.alias"),
          "alias pci:v*d*sv*sd*bc01sc06i01* ahci\n"
          "alias pci:v*d*sv*sd*bc01sc08i02* nvme\n"
          "alias pci:v00008086d000015BBsv*sd*bc*sc*i* e1000e\n"
          "alias pci:v00008086d000010FBsv*sd*bc*sc*i* ixgbe\n"
          "alias acpi*:PNP0A03:* pci_root\n");
}

inv::InventorySources ServerShape::sources() const
{
    const QString base = QFile::decodeName(m_dir.path());
    inv::InventorySources s;
    s.roots = {base + QStringLiteral("/root"), base + QStringLiteral("/sys"), base + QStringLiteral("/dev"), base + QStringLiteral("/proc")};
    return s;
}

}  // namespace st::test
