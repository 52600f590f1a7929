// SPDX-License-Identifier: GPL-3.0-or-later
// The inventory's parsers on text as the kernel, systemd and udev write it, and the wire
// message that carries an inventory from a possibly hostile agent.
#include "inventory/DeviceModules.h"
#include "inventory/InventoryMessages.h"
#include "inventory/MachineProbe.h"
#include "inventory/OsProbe.h"
#include "inventory/StorageProbe.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

using namespace st;

TEST_CASE("cpuinfo of x86 and arm64, CPU lists, meminfo")
{
    const inv::CpuInfoText x86 = inv::parseCpuInfo(
        "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nphysical id\t: 0\ncore id\t\t: 0\nflags\t\t: fpu sse2 hypervisor\n\n"
        "processor\t: 1\nmodel name\t: AMD EPYC 7B13\nphysical id\t: 0\ncore id\t\t: 1\nflags\t\t: fpu sse2 hypervisor\n\n");
    CHECK(x86.model == QStringLiteral("AMD EPYC 7B13"));
    CHECK(x86.processors == 2);
    CHECK(x86.packages.size() == 1);
    CHECK(x86.cores.size() == 2);
    CHECK(x86.hypervisorFlag);
    const inv::CpuInfoText arm = inv::parseCpuInfo("processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n\nprocessor\t: 1\nCPU part\t: 0xd0c\n\n");
    CHECK(arm.model == QStringLiteral("CPU part 0xd0c"));
    CHECK(arm.processors == 2);
    CHECK_FALSE(arm.hypervisorFlag);

    CHECK(inv::countCpuList(QStringLiteral("0-3,8,10-11\n")) == 7);
    CHECK(inv::countCpuList(QStringLiteral("0")) == 1);
    CHECK(inv::countCpuList(QStringLiteral("3-1")) == -1);
    CHECK(inv::countCpuList(QStringLiteral("a-b")) == -1);
    CHECK(inv::countCpuList(QString()) == -1);
    CHECK(inv::parseMemTotal("MemTotal:        1497848 kB\nMemFree: 1 kB\n") == qint64(1497848) * 1024);
    CHECK(inv::parseMemTotal("MemFree: 1 kB\n") == 0);
}

TEST_CASE("virtualisation names as systemd-detect-virt gives them")
{
    CHECK(inv::virtualizationFromCpuid(QStringLiteral("KVMKVMKVM")) == QStringLiteral("kvm"));
    CHECK(inv::virtualizationFromCpuid(QStringLiteral("TCGTCGTCGTCG")) == QStringLiteral("qemu"));
    CHECK(inv::virtualizationFromCpuid(QStringLiteral("VMwareVMware")) == QStringLiteral("vmware"));
    CHECK(inv::virtualizationFromCpuid(QStringLiteral("Microsoft Hv")) == QStringLiteral("microsoft"));
    CHECK(inv::virtualizationFromCpuid(QStringLiteral("GenuineIntel")).isEmpty());
    CHECK(inv::virtualizationFromDmi(QStringLiteral("QEMU")) == QStringLiteral("qemu"));
    CHECK(inv::virtualizationFromDmi(QStringLiteral("VMware, Inc.")) == QStringLiteral("vmware"));
    CHECK(inv::virtualizationFromDmi(QStringLiteral("innotek GmbH")) == QStringLiteral("oracle"));
    CHECK(inv::virtualizationFromDmi(QStringLiteral("Amazon EC2")) == QStringLiteral("amazon"));
    CHECK(inv::virtualizationFromDmi(QStringLiteral("Dell Inc.")).isEmpty());
}

TEST_CASE("os-release with quotes and escapes, udev records")
{
    const auto os = inv::parseOsRelease("# comment\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID='12'\nNAME=\"a \\\"quoted\\\" name\"\n");
    CHECK(os.value(QStringLiteral("PRETTY_NAME")) == QStringLiteral("Debian GNU/Linux 12 (bookworm)"));
    CHECK(os.value(QStringLiteral("ID")) == QStringLiteral("debian"));
    CHECK(os.value(QStringLiteral("VERSION_ID")) == QStringLiteral("12"));
    CHECK(os.value(QStringLiteral("NAME")) == QStringLiteral("a \"quoted\" name"));
    const inv::UdevRecord r = inv::parseUdevRecord("S:disk/by-id/virtio-st-root\nS:disk/by-path/pci-0000:00:04.0\nI:123\nE:ID_FS_TYPE=ext4\nE:ID_FS_UUID=abc=def\nG:systemd\n");
    CHECK(r.links == QStringList{QStringLiteral("disk/by-id/virtio-st-root"), QStringLiteral("disk/by-path/pci-0000:00:04.0")});
    CHECK(r.properties.value(QStringLiteral("ID_FS_TYPE")) == QStringLiteral("ext4"));
    CHECK(r.properties.value(QStringLiteral("ID_FS_UUID")) == QStringLiteral("abc=def"));
}

TEST_CASE("modules.alias matched as modprobe does: bus-keyed, globbed buses too, '-' and '_' one module")
{
    const inv::ModuleAliases aliases = inv::ModuleAliases::fromText(
        "# Aliases extracted from modules themselves.\n"
        "alias pci:v00001AF4d00001000sv*sd*bc*sc*i* virtio_pci\n"
        "alias pci:v*d*sv*sd*bc01sc08i02* nvme\n"
        "alias virtio:d00000001v* virtio_net\n"
        "alias virtio:d00000002v* virtio-blk\n"
        "alias acpi*:PNP0A08:* pci-root\n"
        "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e\n"
        "garbage line\n");
    CHECK(aliases.size() == 6);
    CHECK(aliases.match(QStringLiteral("virtio:d00000002v00001AF4")) == QStringList{QStringLiteral("virtio_blk")});
    CHECK(aliases.match(QStringLiteral("pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00")) == QStringList{QStringLiteral("virtio_pci")});
    CHECK(aliases.match(QStringLiteral("pci:v0000144Dd0000A808sv0000144Dsd0000A801bc01sc08i02")) == QStringList{QStringLiteral("nvme")});
    CHECK(aliases.match(QStringLiteral("acpi:PNP0A08:PNP0A03:")) == QStringList{QStringLiteral("pci_root")});
    CHECK(aliases.match(QStringLiteral("pci:v000010ECd00008168sv*")).isEmpty());
    CHECK(aliases.match(QString()).isEmpty());
}

TEST_CASE("an inventory crosses the wire unchanged, a hostile one is refused with one line naming the field")
{
    inv::Inventory in;
    in.host = QStringLiteral("secondary");
    in.machine = {QStringLiteral("QEMU"), QStringLiteral("Standard PC (i440FX + PIIX, 1996)"), QString(), QStringLiteral("bios"), QStringLiteral("qemu")};
    in.cpu = {QStringLiteral("x86_64"), QStringLiteral("QEMU Virtual CPU version 2.5+"), 1, 2, 2};
    in.memoryBytes = qint64(1462) << 20;
    in.disks << inv::Disk{QStringLiteral("vda"), QString(), QStringLiteral("st-root"), qint64(8) << 30, false, false,
                          {QStringLiteral("virtio-st-root")}, QStringLiteral("virtio_blk"), {{QStringLiteral("vda1"), qint64(8) << 30, QStringLiteral("ext4")}}, true};
    in.filesystems << inv::Filesystem{QStringLiteral("/"), QStringLiteral("vda1"), QStringLiteral("ext4"), QStringLiteral("89a5"), 100, 50,
                                      {QStringLiteral("vda")}, {QStringLiteral("/etc")}};
    in.nics << inv::Nic{QStringLiteral("ens4"), QStringLiteral("52:54:00:00:02:02"), QStringLiteral("virtio_net"), QStringLiteral("up"), true, -1, QString(),
                        {QStringLiteral("198.18.10.2/24")}};
    in.devices << inv::DeviceNeed{QStringLiteral("devices/pci0000:00/0000:00:04.0"), QStringLiteral("disk vda"), QStringLiteral("pci:v00001AF4d00001001sv"),
                                  QStringLiteral("virtio-pci"), {QStringLiteral("virtio_pci")}, {{QStringLiteral("6.1.0-28-amd64"), false, {}}}};
    in.os = {QStringLiteral("debian"), QStringLiteral("12"), QStringLiteral("Debian GNU/Linux 12 (bookworm)"), QStringLiteral("6.1.0-28-amd64")};
    in.clock = {QStringLiteral("Etc/UTC"), QStringLiteral("systemd-timesyncd"), 1, 1765100000000};
    in.notes << QStringLiteral("a note");
    inv::InventoryReply reply;
    reply.inventory = in;
    reply.functional = true;
    reply.systemState = QStringLiteral("degraded");
    reply.failedUnits = {QStringLiteral("foo.service")};
    reply.kernelErrors = {QStringLiteral("[    1.0] kernel: oops")};
    reply.answeredAtMs = 1765100000123;
    const Result<inv::InventoryReply> out = inv::InventoryReply::parse(reply.toJson());
    REQUIRE(out);
    CHECK(out->toJson() == reply.toJson());
    CHECK(out->inventory.disks[0].partitions[0].name == QStringLiteral("vda1"));
    CHECK(out->inventory.devices[0].kernels[0].kernel == QStringLiteral("6.1.0-28-amd64"));

    QJsonObject hostile = reply.toJson();
    QJsonObject inventory = hostile.value(QStringLiteral("inventory")).toObject();
    QJsonArray many;
    for (int i = 0; i < inv::Inventory::kMaxDisks + 1; ++i)
        many.append(inventory.value(QStringLiteral("disks")).toArray()[0]);
    inventory.insert(QStringLiteral("disks"), many);
    hostile.insert(QStringLiteral("inventory"), inventory);
    Result<inv::InventoryReply> refused = inv::InventoryReply::parse(hostile);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == QStringLiteral("peer sent a bad hardware.inventory message: \"disks\" has more than 256 items"));

    QJsonObject badDisk = inventory.value(QStringLiteral("disks")).toArray()[0].toObject();
    badDisk.insert(QStringLiteral("sizeBytes"), QStringLiteral("huge"));
    inventory.insert(QStringLiteral("disks"), QJsonArray{badDisk});
    hostile.insert(QStringLiteral("inventory"), inventory);
    refused = inv::InventoryReply::parse(hostile);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == QStringLiteral("peer sent a bad hardware.inventory disks message: \"sizeBytes\" must be a number"));
    CHECK(refused.error().code == ErrorCode::Protocol);

    CHECK_FALSE(inv::InventoryRequest::parse(QJsonObject{{QStringLiteral("protectedPaths"), QJsonArray{QStringLiteral("etc")}},
                                                         {QStringLiteral("functional"), false}}));
    CHECK_FALSE(inv::InventoryRequest::parse(QJsonObject{{QStringLiteral("protectedPaths"), QJsonArray{QStringLiteral("/srv/../etc")}},
                                                         {QStringLiteral("functional"), false}}));
    CHECK(inv::InventoryRequest::parse(inv::InventoryRequest{{QStringLiteral("/etc")}, true}.toJson()));
}
