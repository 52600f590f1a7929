// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief A fixture no machine here has, built from the kernel's documented sysfs layout
 * (Documentation/ABI/testing/sysfs-block, sysfs-class-net, sysfs-class-net-bonding,
 * sysfs-devices-system-cpu, sysfs-firmware-efi) and udev's database format: a UEFI rack
 * server (Dell PowerEdge R640) with 2 sockets x 2 cores x 2 threads, 192 GiB, a SATA disk
 * (ahci, sd) and an NVMe disk, LVM across both for /srv, an e1000e NIC and two ixgbe ports
 * bonded in bond0. SYNTHETIC: marked as such wherever it is used. Test-only; one thread.
 */
#include "inventory/InventorySources.h"
#include "support/TestTree.h"

namespace st::test {

class ServerShape {
public:
    ServerShape();
    inv::InventorySources sources() const;
    void write(const QString &rel, const QByteArray &content);
    void link(const QString &rel, const QByteArray &target);
    void mkdir(const QString &rel);

private:
    void pci(const QString &slot, const QByteArray &cls, const QByteArray &modalias, const QString &driver, const QString &module);
    ScratchDir m_dir{"inventory-shape"};
};

}  // namespace st::test
