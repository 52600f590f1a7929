// SPDX-License-Identifier: GPL-3.0-or-later
// Checks 2 and 3: the staged kernels have their modules, and every one of them drives this
// Secondary's disks and network interfaces (read from a sysfs with the real relative links).
#include "BootFixture.h"
#include "restore/boot/BootCheck.h"
#include "restore/boot/DriverCheck.h"
#include "restore/boot/KernelModules.h"
#include "restore/boot/SysfsDevices.h"
#include "support/CatchQt.h"

#include <catch2/catch.hpp>

using namespace st;
using namespace st::boot;
using namespace st::test;
using Level = Finding::Level;

TEST_CASE("sysfs: whole disks and NICs with a device, their drivers and modules from disk to PCI")
{
    BootFixture fx;
    const Result<QList<HostDevice>> devices = hostDevices(fx.host.sysRoot);
    REQUIRE(devices.ok());
    REQUIRE(devices->size() == 2);  // vda and ens3: not vda1, vda2, loop0 or lo
    const HostDevice &vda = devices->at(0);
    CHECK(vda.kind == HostDevice::Kind::Disk);
    CHECK(vda.name == QStringLiteral("vda"));
    CHECK(vda.node == QStringLiteral("devices/pci0000:00/0000:00:04.0/virtio1"));
    REQUIRE(vda.drivers.size() == 2);
    CHECK(vda.drivers[0].driver == QStringLiteral("virtio_blk"));
    CHECK(vda.drivers[0].module == QStringLiteral("virtio_blk"));
    CHECK(vda.drivers[1].node == QStringLiteral("devices/pci0000:00/0000:00:04.0"));
    CHECK(vda.drivers[1].driver == QStringLiteral("virtio-pci"));
    CHECK(vda.drivers[1].moduleName() == QStringLiteral("virtio_pci"));
    const HostDevice &ens3 = devices->at(1);
    CHECK(ens3.kind == HostDevice::Kind::NetworkInterface);
    CHECK(ens3.name == QStringLiteral("ens3"));
    REQUIRE(ens3.drivers.size() == 2);
    CHECK(ens3.drivers[0].module == QStringLiteral("virtio_net"));

    // A driver link that climbs out of sysfs stays inside it (and finds nothing there).
    fx.remove(QStringLiteral("sys/devices/pci0000:00/0000:00:04.0/virtio1/driver"));
    fx.link(QStringLiteral("sys/devices/pci0000:00/0000:00:04.0/virtio1/driver"), "../../../../../../../../../../bus/virtio/drivers/virtio_blk");
    const QList<DeviceDriver> clamped = driversFrom(fx.host.sysRoot, QStringLiteral("devices/pci0000:00/0000:00:04.0/virtio1"));
    REQUIRE(clamped.size() == 2);
    CHECK(clamped[0].driver == QStringLiteral("virtio_blk"));  // resolved as sys/bus/..., the real one
}

TEST_CASE("kernels: the staged Debian kernel with its modules through the lib -> usr/lib link passes")
{
    BootFixture fx;
    const QList<Finding> k = checkKernels(fx.staged);
    INFO(describe(k));
    CHECK_FALSE(hasBlock(k));
    CHECK(has(k, Level::Ok, {QStringLiteral("the staged kernel 6.1.0-28-amd64 has its modules in /usr/lib/modules/6.1.0-28-amd64")}));
    const QList<Finding> d = checkDrivers(fx.staged, fx.host);
    INFO(describe(d));
    CHECK_FALSE(hasBlock(d));
    CHECK(has(d, Level::Ok, {QStringLiteral("disk vda (virtio_blk, virtio_pci)")}));
    CHECK(has(d, Level::Ok, {QStringLiteral("network interface ens3 (virtio_net, virtio_pci)")}));
}

TEST_CASE("kernels: no staged kernel at all refuses the clone")
{
    BootFixture fx;
    fx.remove(QStringLiteral("staged/boot/vmlinuz-") + BootFixture::kKernel);
    const QList<Finding> k = checkKernels(fx.staged);
    INFO(describe(k));
    CHECK(has(k, Level::Block, {QStringLiteral("the clone has no kernel (no /boot/vmlinuz-* in it)")}));
    fx.remove(QStringLiteral("staged/boot"));
    CHECK(has(checkKernels(fx.staged), Level::Block, {QStringLiteral("the clone has no kernel")}));
}

TEST_CASE("kernels: a staged kernel without its modules refuses the clone")
{
    BootFixture fx;
    fx.write(QStringLiteral("staged/boot/vmlinuz-6.1.0-99-amd64"), "MZ\n");
    const QList<Finding> k = checkKernels(fx.staged);
    INFO(describe(k));
    CHECK(has(k, Level::Block, {QStringLiteral("the staged kernel 6.1.0-99-amd64 (/boot/vmlinuz-6.1.0-99-amd64) has no modules"),
                                QStringLiteral("usr/lib/modules/6.1.0-99-amd64/modules.dep"), QStringLiteral("include /usr/lib/modules/6.1.0-99-amd64")}));
    CHECK(findingsAt(k, Level::Block).size() == 1);
    // The driver check looks at the kernels that have modules; the kernel check already refused this one.
    CHECK_FALSE(hasBlock(checkDrivers(fx.staged, fx.host)));

    // A modules directory without modules.dep is no better.
    fx.write(QStringLiteral("staged/usr/lib/modules/6.1.0-99-amd64/kernel/drivers/block/virtio_blk.ko.xz"), "x");
    CHECK(has(checkKernels(fx.staged), Level::Block, {QStringLiteral("6.1.0-99-amd64")}));
}

TEST_CASE("kernels: modules under a real /lib (no merged /usr) or an absolute lib link are found, links out of the clone are not")
{
    BootFixture fx;
    const QString version = BootFixture::kKernel;
    const QByteArray dep = "kernel/drivers/block/virtio_blk.ko:\nkernel/drivers/net/virtio_net.ko:\nkernel/drivers/virtio/virtio_pci.ko:\n";
    fx.remove(QStringLiteral("staged/usr/lib/modules"));
    fx.remove(QStringLiteral("staged/lib"));
    enum class Layout { RealLib, AbsoluteLink, Escaping };
    const Layout layout = GENERATE(Layout::RealLib, Layout::AbsoluteLink, Layout::Escaping);
    if (layout == Layout::RealLib) {
        fx.writeModules(QStringLiteral("staged/lib/modules/") + version, dep);
    } else if (layout == Layout::AbsoluteLink) {
        fx.link(QStringLiteral("staged/lib"), "/opt/kernel-lib");  // means staged/opt/kernel-lib, not this machine's
        fx.writeModules(QStringLiteral("staged/opt/kernel-lib/modules/") + version, dep);
    } else {
        fx.link(QStringLiteral("staged/lib"), "../elsewhere/lib");
        fx.writeModules(QStringLiteral("elsewhere/lib/modules/") + version, dep);
    }
    const QList<Finding> k = checkKernels(fx.staged);
    INFO(describe(k));
    if (layout == Layout::Escaping) {
        CHECK(has(k, Level::Block, {QStringLiteral("has no modules")}));
    } else {
        CHECK_FALSE(hasBlock(k));
        CHECK(has(k, Level::Ok, {layout == Layout::RealLib ? QStringLiteral("has its modules in /lib/modules/")
                                                            : QStringLiteral("has its modules in /opt/kernel-lib/modules/")}));
        CHECK(has(k, Level::Warn, {QStringLiteral("no /"), QStringLiteral("modules.builtin")}));
        CHECK_FALSE(hasBlock(checkDrivers(fx.staged, fx.host)));
    }
}

TEST_CASE("drivers: a module of this Secondary's disk missing from the staged kernel refuses the clone")
{
    BootFixture fx;
    fx.setStagedModules("kernel/drivers/net/virtio_net.ko.xz:\nkernel/drivers/virtio/virtio_pci.ko.xz:\n",
                        "kernel/fs/ext4/ext4.ko\n");
    const QList<Finding> d = checkDrivers(fx.staged, fx.host);
    INFO(describe(d));
    CHECK(has(d, Level::Block, {QStringLiteral("the staged kernel 6.1.0-28-amd64 has no virtio_blk, which drives this Secondary's disk vda"),
                                QStringLiteral("/sys/devices/pci0000:00/0000:00:04.0/virtio1"), QStringLiteral("would not find that disk")}));
    CHECK(findingsAt(d, Level::Block).size() == 1);
    CHECK(has(d, Level::Ok, {QStringLiteral("network interface ens3")}));
}

TEST_CASE("drivers: built-in modules count and '-' and '_' are one")
{
    BootFixture fx;
    const bool hyphenLink = GENERATE(false, true);
    // virtio_blk built in, virtio_net listed with a hyphen, virtio_pci only as virtio-pci.
    fx.setStagedModules("kernel/drivers/net/virtio-net.ko.zst:\nkernel/drivers/virtio/virtio-pci.ko.zst:\n",
                        "kernel/drivers/block/virtio_blk.ko\n");
    if (hyphenLink) {  // a driver whose module link names the module with a hyphen
        fx.remove(QStringLiteral("sys/bus/virtio/drivers/virtio_net/module"));
        fx.mkdir(QStringLiteral("sys/module/virtio-net"));
        fx.link(QStringLiteral("sys/bus/virtio/drivers/virtio_net/module"), "../../../../module/virtio-net");
    }
    const QList<Finding> d = checkDrivers(fx.staged, fx.host);
    INFO(describe(d));
    CHECK_FALSE(hasBlock(d));
    CHECK(findingsAt(d, Level::Warn).isEmpty());
    CHECK(has(d, Level::Ok, {QStringLiteral("disk vda (virtio_blk, virtio_pci)")}));
}

TEST_CASE("drivers: every staged kernel must drive this Secondary, not just one")
{
    BootFixture fx;
    fx.write(QStringLiteral("staged/boot/vmlinuz-6.1.0-28-cloud-amd64"), "MZ\n");
    fx.setStagedModules("kernel/drivers/block/virtio_blk.ko.xz:\nkernel/drivers/virtio/virtio_pci.ko.xz:\n", {},
                        QStringLiteral("6.1.0-28-cloud-amd64"));
    const QList<Finding> d = checkDrivers(fx.staged, fx.host);
    INFO(describe(d));
    CHECK(has(d, Level::Block, {QStringLiteral("the staged kernel 6.1.0-28-cloud-amd64 has no virtio_net"),
                                QStringLiteral("network interface ens3"), QStringLiteral("without that network interface")}));
    CHECK(findingsAt(d, Level::Block).size() == 1);
    CHECK(has(d, Level::Ok, {QStringLiteral("the staged kernel 6.1.0-28-amd64 has the drivers of this Secondary's network interface ens3")}));
}

TEST_CASE("drivers: a driver without a module link must be built into the staged kernel")
{
    BootFixture fx;
    // An NVMe disk behind a PCIe root port; nvme and pcieport built into the running kernel (no module links).
    const QString port = QStringLiteral("sys/devices/pci0000:00/0000:00:1c.0");
    const QString ctrl = port + QStringLiteral("/0000:01:00.0");
    fx.link(port + QStringLiteral("/driver"), "../../../bus/pci/drivers/pcieport");
    fx.link(ctrl + QStringLiteral("/driver"), "../../../../bus/pci/drivers/nvme");
    fx.link(ctrl + QStringLiteral("/nvme/nvme0/device"), "../../../0000:01:00.0");
    fx.link(ctrl + QStringLiteral("/nvme/nvme0/nvme0n1/device"), "../../nvme0");
    fx.write(ctrl + QStringLiteral("/nvme/nvme0/nvme0n1/dev"), "259:0\n");
    fx.link(QStringLiteral("sys/class/block/nvme0n1"), "../../devices/pci0000:00/0000:00:1c.0/0000:01:00.0/nvme/nvme0/nvme0n1");
    fx.mkdir(QStringLiteral("sys/bus/pci/drivers/pcieport"));
    fx.mkdir(QStringLiteral("sys/bus/pci/drivers/nvme"));
    // The running kernel lists nvme as built in; pcieport is in no modules.builtin (a bool option).
    fx.append(QStringLiteral("live/usr/lib/modules/") + BootFixture::kRunning + QStringLiteral("/modules.builtin"),
              "kernel/drivers/nvme/host/nvme.ko\n");

    const bool stagedHasNvme = GENERATE(false, true);
    if (stagedHasNvme) {
        const QString dir = QStringLiteral("staged/usr/lib/modules/") + BootFixture::kKernel;
        fx.append(dir + QStringLiteral("/modules.dep"), "kernel/drivers/nvme/host/nvme.ko.xz: kernel/drivers/nvme/host/nvme-core.ko.xz\n");
        fx.write(dir + QStringLiteral("/kernel/drivers/nvme/host/nvme.ko.xz"), "\x7f" "ELF");
    }
    const QList<Finding> d = checkDrivers(fx.staged, fx.host);
    INFO(describe(d));
    if (stagedHasNvme)
        CHECK_FALSE(hasBlock(d));
    else
        CHECK(has(d, Level::Block, {QStringLiteral("the staged kernel 6.1.0-28-amd64 has no nvme (built into the running kernel), which drives this Secondary's disk nvme0n1")}));
    CHECK(has(d, Level::Warn, {QStringLiteral("cannot confirm that the staged kernel 6.1.0-28-amd64 has pcieport"),
                               QStringLiteral("/sys/devices/pci0000:00/0000:00:1c.0")}));

    // Without the running kernel's index there is nothing to tell a bool option from a missing driver: refuse.
    fx.remove(QStringLiteral("proc/sys/kernel/osrelease"));
    CHECK(has(checkDrivers(fx.staged, fx.host), Level::Block, {QStringLiteral("has no pcieport")}));
}

TEST_CASE("drivers: this Secondary's sysfs unreadable refuses, no disk found warns")
{
    BootFixture fx;
    fx.remove(QStringLiteral("sys/class/block"));
    CHECK(has(checkDrivers(fx.staged, fx.host), Level::Block, {QStringLiteral("cannot list this Secondary's disks")}));
    fx.mkdir(QStringLiteral("sys/class/block"));
    const QList<Finding> d = checkDrivers(fx.staged, fx.host);
    INFO(describe(d));
    CHECK_FALSE(hasBlock(d));
    CHECK(has(d, Level::Warn, {QStringLiteral("found no disk")}));
}

TEST_CASE("drivers: a module modules.dep lists but the clone left out (an exclude) is missing")
{
    BootFixture fx;
    // The Primary's depmod listed it; the clone's excludes left its file behind.
    fx.remove(QStringLiteral("staged/usr/lib/modules/") + BootFixture::kKernel + QStringLiteral("/kernel/drivers/block/virtio_blk.ko.xz"));
    const QList<Finding> d = checkDrivers(fx.staged, fx.host);
    INFO(describe(d));
    CHECK(has(d, Level::Block, {QStringLiteral("has no virtio_blk")}));
}

TEST_CASE("a clone that leaves the kernels, modules and boot tools alone keeps the Secondary's own boot: only the mounts are checked")
{
    CHECK(carriesBoot({QByteArray()}));                              // the whole root
    CHECK(carriesBoot({"etc", "usr"}));                              // /usr holds the modules and the tools
    CHECK(carriesBoot({"boot"}));
    CHECK(carriesBoot({"usr/lib/modules/6.1.0-28-amd64/kernel/drivers/block"}));
    CHECK_FALSE(carriesBoot({"etc"}));
    CHECK_FALSE(carriesBoot({"etc", "srv/app", "usr/local", "usr/share/doc"}));

    BootFixture fx;
    fx.remove(QStringLiteral("staged/boot"));
    fx.remove(QStringLiteral("staged/usr"));
    BootCheckOptions etcOnly;
    etcOnly.cloneCarriesBoot = false;
    const QList<Finding> f = checkBootReadiness(fx.staged, fx.host, etcOnly);
    INFO(describe(f));
    CHECK_FALSE(hasBlock(f));
    CHECK(has(f, Level::Info, {QStringLiteral("keeps booting its own")}));
    CHECK(hasBlock(checkBootReadiness(fx.staged, fx.host, {})));
}
