// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief This Secondary's disks and network interfaces as sysfs shows them, and the driver
 * of each device on the way from one to the root of sysRoot/devices (virtio_blk, then
 * virtio-pci for a virtio disk; nvme, then pcieport for an NVMe disk). Every sysfs symlink
 * (class/block/vda, device, driver, driver/module) is resolved inside sysRoot (see
 * RootedPath.h), so a fixture tree with the real relative links reads like /sys.
 * Free functions, no state: thread-safe.
 */
#include "util/Result.h"

#include <QList>
#include <QString>

namespace st::boot {

struct DeviceDriver {
    QString node;    // the device the driver is bound to, relative to sysRoot: "devices/pci0000:00/0000:00:04.0/virtio1"
    QString driver;  // "virtio_blk", "virtio-pci"
    QString module;  // the basename of driver/module; empty when the driver has no module link
    /** The module to look for: the module link's name, else the driver's own name. */
    QString moduleName() const { return module.isEmpty() ? driver : module; }
};

struct HostDevice {
    enum class Kind { Disk, NetworkInterface };
    Kind kind = Kind::Disk;
    QString name;                 // "vda", "ens3"
    QString node;                 // its device, relative to sysRoot
    QList<DeviceDriver> drivers;  // nearest first
};

/** "disk", "network interface". */
QString kindName(HostDevice::Kind kind);

/**
 * The whole disks in class/block (not loop*, ram*, zram*, dm-*, md*, sr*, not partitions, not
 * virtual ones without a device link) and the interfaces in class/net that have a device link
 * (not lo, bridges, veth...), each with its drivers. An error when class/block or class/net
 * cannot be listed.
 */
Result<QList<HostDevice>> hostDevices(const QString &sysRoot);

/** The drivers bound to @p node (relative to sysRoot, below devices/) and each of its parents. */
QList<DeviceDriver> driversFrom(const QString &sysRoot, const QString &node);

}  // namespace st::boot
