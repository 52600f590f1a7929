// SPDX-License-Identifier: GPL-3.0-or-later
// The inventory reader on whole machines: a synthetic server built from the kernel's sysfs
// layout (ServerShape, marked SYNTHETIC) and trees captured on real machines
// (tests/fixtures/inventory, origin in its README).
#include "ServerShape.h"
#include "inventory/InventoryReader.h"
#include "inventory/InventoryRows.h"
#include "restore/boot/RootedPath.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QThread>

using namespace st;

namespace {

const inv::DeviceNeed *deviceFor(const inv::Inventory &inv, const QString &role)
{
    for (const inv::DeviceNeed &d : inv.devices)
        if (d.role == role)
            return &d;
    return nullptr;
}

const inv::Filesystem *mountedAt(const inv::Inventory &inv, const QString &mountPoint)
{
    for (const inv::Filesystem &fs : inv.filesystems)
        if (fs.mountPoint == mountPoint)
            return &fs;
    return nullptr;
}

inv::InventorySources captured(const QString &name)
{
    const QString base = QStringLiteral(ST_SOURCE_DIR "/tests/fixtures/inventory/") + name;
    inv::InventorySources s;
    s.roots = {base + QStringLiteral("/root"), base + QStringLiteral("/sys"), base + QStringLiteral("/dev"), base + QStringLiteral("/proc")};
    return s;
}

QString fact(const QString &fixture, const char *name)
{
    return boot::lineInsideOrEmpty(QStringLiteral(ST_SOURCE_DIR "/tests/fixtures/inventory/") + fixture, QStringLiteral("facts/") + QLatin1String(name));
}

}  // namespace

TEST_CASE("SYNTHETIC UEFI server: machine, CPU topology, memory, OS and clock")
{
    test::ServerShape shape;
    const Result<inv::Inventory> inv = inv::readInventory(shape.sources());
    REQUIRE(inv);
    CHECK(inv->host == QStringLiteral("db-primary"));
    CHECK(inv->machine.vendor == QStringLiteral("Dell Inc."));
    CHECK(inv->machine.product == QStringLiteral("PowerEdge R640"));
    CHECK(inv->machine.firmware == QStringLiteral("uefi"));
    CHECK(inv->machine.virtualization == QStringLiteral("none"));
    CHECK(inv->cpu.architecture == QStringLiteral("x86_64"));
    CHECK(inv->cpu.model == QStringLiteral("Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz"));
    CHECK(inv->cpu.sockets == 2);
    CHECK(inv->cpu.cores == 4);
    CHECK(inv->cpu.threads == 8);
    CHECK(inv->memoryBytes == qint64(192) << 30);
    CHECK(inv->os.id == QStringLiteral("debian"));
    CHECK(inv->os.versionId == QStringLiteral("12"));
    CHECK(inv->os.kernel == QStringLiteral("6.1.0-28-amd64"));
    CHECK(inv->clock.timeZone == QStringLiteral("Europe/Berlin"));
    CHECK(inv->clock.ntpService == QStringLiteral("chrony"));
    CHECK(inv->clock.ntpSynchronized == -1);  // not measured in a fixture
}

TEST_CASE("SYNTHETIC UEFI server: SATA and NVMe disks, partitions, LVM across both, the protection set traced to its disks")
{
    test::ServerShape shape;
    inv::InventorySources sources = shape.sources();
    sources.protectedPaths = {QStringLiteral("/etc"), QStringLiteral("/srv/data"), QStringLiteral("/var/www/html")};
    const Result<inv::Inventory> inv = inv::readInventory(sources);
    REQUIRE(inv);
    REQUIRE(inv->disks.size() == 2);  // dm-0 is no disk of its own
    const inv::Disk *sda = inv->disk(QStringLiteral("sda"));
    const inv::Disk *nvme = inv->disk(QStringLiteral("nvme0n1"));
    REQUIRE(sda);
    REQUIRE(nvme);
    CHECK(sda->model == QStringLiteral("ST4000NM0035-1V4"));
    CHECK(sda->serial == QStringLiteral("ZC1A2B3C"));  // from udev: the SCSI device has no serial file
    CHECK(sda->sizeBytes == qint64(7814037168) * 512);
    CHECK(sda->rotational);
    CHECK(sda->driver == QStringLiteral("sd"));
    CHECK(sda->byId == QStringList{QStringLiteral("ata-ST4000NM0035-1V4_ZC1A2B3C"), QStringLiteral("wwn-0x5000c500a1b2c3d4")});
    REQUIRE(sda->partitions.size() == 2);
    CHECK(sda->partitions[0].fsType == QStringLiteral("vfat"));
    CHECK(sda->partitions[1].fsType == QStringLiteral("LVM2_member"));
    CHECK(nvme->model == QStringLiteral("SAMSUNG MZ7LH960HAJR"));
    CHECK(nvme->serial == QStringLiteral("S4NENA0N1234"));
    CHECK_FALSE(nvme->rotational);
    CHECK(nvme->driver == QStringLiteral("nvme"));
    CHECK(nvme->partitions.size() == 3);

    const inv::Filesystem *root = mountedAt(*inv, QStringLiteral("/"));
    const inv::Filesystem *srv = mountedAt(*inv, QStringLiteral("/srv"));
    const inv::Filesystem *www = mountedAt(*inv, QStringLiteral("/var/www"));
    REQUIRE(root);
    REQUIRE(srv);
    REQUIRE(www);
    CHECK(mountedAt(*inv, QStringLiteral("/proc")) == nullptr);  // no block device
    CHECK(root->device == QStringLiteral("nvme0n1p2"));
    CHECK(root->uuid == QStringLiteral("9a8b7c6d-0000-4000-8000-000000000002"));
    CHECK(root->disks == QStringList{QStringLiteral("nvme0n1")});
    CHECK(root->sizeBytes == -1);  // not measured in a fixture
    CHECK(srv->device == QStringLiteral("dm-0"));
    CHECK(srv->fsType == QStringLiteral("xfs"));
    QStringList srvDisks = srv->disks;
    srvDisks.sort();
    CHECK(srvDisks == QStringList{QStringLiteral("nvme0n1"), QStringLiteral("sda")});
    CHECK(root->protectedPaths == QStringList{QStringLiteral("/etc")});
    CHECK(srv->protectedPaths == QStringList{QStringLiteral("/srv/data")});
    CHECK(www->protectedPaths == QStringList{QStringLiteral("/var/www/html")});  // the bind mount, deepest above it
    CHECK(sda->holdsProtectionSet);
    CHECK(nvme->holdsProtectionSet);
}

TEST_CASE("SYNTHETIC UEFI server: NICs with their drivers, link, speed and bond, the modules each device needs")
{
    test::ServerShape shape;
    const Result<inv::Inventory> inv = inv::readInventory(shape.sources());
    REQUIRE(inv);
    REQUIRE(inv->nics.size() == 4);  // eno1, two ixgbe ports, bond0; not lo
    const inv::Nic *eno1 = inv->nic(QStringLiteral("eno1"));
    const inv::Nic *f0 = inv->nic(QStringLiteral("enp59s0f0"));
    const inv::Nic *f1 = inv->nic(QStringLiteral("enp59s0f1"));
    const inv::Nic *bond = inv->nic(QStringLiteral("bond0"));
    REQUIRE(eno1);
    REQUIRE(f0);
    REQUIRE(f1);
    REQUIRE(bond);
    CHECK(eno1->driver == QStringLiteral("e1000e"));
    CHECK(eno1->mac == QStringLiteral("d0:94:66:aa:bb:01"));
    CHECK(eno1->carrier);
    CHECK(eno1->speedMbps == 1000);
    CHECK(f0->driver == QStringLiteral("ixgbe"));
    CHECK(f0->master == QStringLiteral("bond0"));
    CHECK(f0->speedMbps == 10000);
    CHECK_FALSE(f1->carrier);
    CHECK(f1->speedMbps == -1);
    CHECK(f1->operState == QStringLiteral("lowerlayerdown"));
    CHECK(bond->driver == QStringLiteral("bonding"));
    CHECK(inv::describeNic(*f0) == QStringLiteral("enp59s0f0 a0:36:9f:cc:dd:00 ixgbe, up, 10000 Mbit/s, in bond0"));

    const inv::DeviceNeed *ixgbe = deviceFor(*inv, QStringLiteral("NIC enp59s0f0"));
    const inv::DeviceNeed *e1000e = deviceFor(*inv, QStringLiteral("NIC eno1"));
    const inv::DeviceNeed *nvme = deviceFor(*inv, QStringLiteral("disk nvme0n1"));
    REQUIRE(ixgbe);
    REQUIRE(e1000e);
    REQUIRE(nvme);
    CHECK(ixgbe->device == QStringLiteral("devices/pci0000:00/0000:00:1c.0/0000:3b:00.0"));
    CHECK(ixgbe->driver == QStringLiteral("ixgbe"));
    CHECK(ixgbe->modules == QStringList{QStringLiteral("ixgbe")});
    REQUIRE(ixgbe->kernels.size() == 1);
    CHECK(ixgbe->kernels[0].kernel == QStringLiteral("6.1.0-28-amd64"));
    CHECK(ixgbe->kernels[0].missing == QStringList{QStringLiteral("ixgbe")});
    CHECK(e1000e->kernels[0].missing.isEmpty());
    CHECK(nvme->modules == QStringList{QStringLiteral("nvme")});
    CHECK(nvme->kernels[0].missing.isEmpty());
    CHECK(deviceFor(*inv, QStringLiteral("disk sda")) != nullptr);  // the AHCI controller, by its disk
}

TEST_CASE("captured: this project's build machine (Firecracker microVM in docker)")
{
    const Result<inv::Inventory> inv = inv::readInventory(captured(QStringLiteral("firecracker-host")));
    REQUIRE(inv);
    CHECK(inv->machine.virtualization == fact(QStringLiteral("firecracker-host"), "systemd-detect-virt"));
    CHECK(inv->machine.virtualization == QStringLiteral("docker"));
    CHECK(inv->machine.vendor.isEmpty());
    CHECK(inv->notes.join(QLatin1Char('\n')).contains(QStringLiteral("no DMI table")));
    CHECK(inv->host == fact(QStringLiteral("firecracker-host"), "hostname"));
    CHECK(inv->cpu.threads == 2);
    CHECK(inv->cpu.architecture == QStringLiteral("x86_64"));
    CHECK(inv->memoryBytes > qint64(20) << 30);
    REQUIRE(inv->disks.size() == 1);
    CHECK(inv->disks[0].name == QStringLiteral("vda"));
    CHECK(inv->disks[0].driver == QStringLiteral("virtio_blk"));
    REQUIRE(inv->nics.size() == 1);
    CHECK(inv->nics[0].name == QStringLiteral("eth0"));
    CHECK(inv->nics[0].driver == QStringLiteral("virtio_net"));
    CHECK(inv->nics[0].mac == QStringLiteral("02:fc:00:00:00:01"));
    CHECK(inv->os.prettyName == QStringLiteral("Debian GNU/Linux 12 (bookworm)"));
}

TEST_CASE("the running machine: read as a fixture would be, with its live facts")
{
    inv::InventorySources sources;
    sources.live = inv::liveHostFacts();
    sources.protectedPaths = {QStringLiteral("/etc")};
    const Result<inv::Inventory> inv = inv::readInventory(sources);
    REQUIRE(inv);
    CHECK(inv->cpu.threads == QThread::idealThreadCount());
    CHECK_FALSE(inv->disks.isEmpty());
    CHECK(inv->clock.wallClockMs > 0);
    bool placed = false;
    for (const inv::Filesystem &fs : inv->filesystems)
        if (fs.protectedPaths.contains(QStringLiteral("/etc"))) {
            placed = true;
            CHECK(fs.sizeBytes > 0);
            CHECK(fs.freeBytes >= 0);
        }
    CHECK(placed);
}

TEST_CASE("a sysfs without class/block is the one error, what else is missing becomes a note")
{
    test::ServerShape shape;
    inv::InventorySources sources = shape.sources();
    sources.roots.sysRoot += QStringLiteral("-missing");
    const Result<inv::Inventory> none = inv::readInventory(sources);
    REQUIRE_FALSE(none);
    CHECK(none.error().message.contains(QStringLiteral("cannot list this Secondary's disks")));

    QDir(shape.sources().roots.procRoot).removeRecursively();
    const Result<inv::Inventory> partial = inv::readInventory(shape.sources());
    REQUIRE(partial);
    CHECK(partial->memoryBytes == 0);
    CHECK(partial->notes.join(QLatin1Char('\n')).contains(QStringLiteral("the memory size is unknown")));
    CHECK(partial->notes.join(QLatin1Char('\n')).contains(QStringLiteral("cannot read the mount table")));
}

TEST_CASE("captured: the lab's guests (qemu pc machine under TCG, Debian 12 with udev), as qemu made them")
{
    const Result<inv::Inventory> primary = inv::readInventory(captured(QStringLiteral("lab-primary")));
    const Result<inv::Inventory> secondary = inv::readInventory(captured(QStringLiteral("lab-secondary")));
    REQUIRE(primary);
    REQUIRE(secondary);
    for (const auto &[inv, name] : {std::pair{&*primary, QStringLiteral("lab-primary")}, std::pair{&*secondary, QStringLiteral("lab-secondary")}}) {
        INFO(name.toStdString());
        CHECK(inv->machine.virtualization == fact(name, "systemd-detect-virt"));
        CHECK(inv->host == fact(name, "hostname"));
        CHECK(inv->machine.vendor == QStringLiteral("QEMU"));
        CHECK(inv->machine.firmware == QStringLiteral("bios"));
        CHECK(inv->os.versionId == QStringLiteral("12"));
        const inv::Disk *vda = inv->disk(QStringLiteral("vda"));
        REQUIRE(vda);
        CHECK(vda->driver == QStringLiteral("virtio_blk"));
        REQUIRE_FALSE(vda->partitions.isEmpty());
        CHECK(vda->partitions[0].fsType == QStringLiteral("ext4"));  // from udev's database
        // Two machine types: the Primary an i440FX PC with PIIX IDE, the Secondary a Q35 with
        // ICH9 AHCI; each controller's module matched through modules.alias.
        const bool q35 = name == QLatin1String("lab-secondary");
        CHECK(inv->machine.product == (q35 ? QStringLiteral("Standard PC (Q35 + ICH9, 2009)") : QStringLiteral("Standard PC (i440FX + PIIX, 1996)")));
        const inv::DeviceNeed *controller = deviceFor(*inv, QStringLiteral("PCI storage controller"));
        REQUIRE(controller);
        CHECK(controller->modules.contains(q35 ? QStringLiteral("ahci") : QStringLiteral("ata_piix")));
        for (const inv::DeviceNeed &d : inv->devices)
            for (const inv::KernelSupport &k : d.kernels)
                CHECK(k.missing.isEmpty());
    }
    // What vm-lab gives them: 1 and 2 CPUs, 1024 and 1536 MiB, 2 and 3 NICs (the third an e1000e), 4 and 6 GiB disks.
    CHECK(primary->cpu.threads == 1);
    CHECK(secondary->cpu.threads == 2);
    CHECK(primary->memoryBytes > qint64(800) << 20);
    CHECK(primary->memoryBytes <= qint64(1024) << 20);
    CHECK(secondary->memoryBytes > qint64(1300) << 20);
    CHECK(secondary->memoryBytes <= qint64(1536) << 20);
    CHECK(primary->nics.size() == 2);
    REQUIRE(secondary->nics.size() == 3);
    CHECK(secondary->nics[2].driver == QStringLiteral("e1000e"));
    CHECK(secondary->nics[2].mac == QStringLiteral("52:54:00:18:02:03"));
    CHECK(primary->disk(QStringLiteral("vda"))->sizeBytes == qint64(4096) << 20);
    CHECK(secondary->disk(QStringLiteral("vda"))->sizeBytes == qint64(6144) << 20);
    const inv::Disk *vdb = secondary->disk(QStringLiteral("vdb"));
    REQUIRE(vdb);
    CHECK(vdb->sizeBytes == qint64(256) << 20);
    const inv::Filesystem *srv = mountedAt(*secondary, QStringLiteral("/srv"));
    REQUIRE(srv);
    CHECK(srv->disks == QStringList{QStringLiteral("vdb")});
}
