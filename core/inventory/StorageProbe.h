// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The storage part of an inventory: whole disks (sysfs class/block: size, model,
 * serial, rotational, removable, partitions; udev's database for by-id names and filesystem
 * types) and the mounted block filesystems (mountinfo), each traced down to its whole disks
 * through partitions and device-mapper or md slaves, with the protection set's include roots
 * that land on it. Free functions, no state: thread-safe.
 */
#include "inventory/Inventory.h"
#include "inventory/InventorySources.h"
#include "restore/boot/SysfsDevices.h"

#include <QHash>

namespace st::inv {

/** One record of udev's database (/run/udev/data/b<major>:<minor>): E: properties and S: links. */
struct UdevRecord {
    QHash<QString, QString> properties;  // "ID_FS_TYPE" -> "ext4"
    QStringList links;                    // "disk/by-id/virtio-st-root"
};
UdevRecord parseUdevRecord(const QByteArray &text);

/** The whole disks among @p devices (boot::hostDevices()), described. */
QList<Disk> readDisks(const InventorySources &sources, const QList<boot::HostDevice> &devices, QStringList &notes);

/** The mounted block filesystems; marks the disks that hold a protected path. */
QList<Filesystem> readFilesystems(const InventorySources &sources, QList<Disk> &disks, QStringList &notes);

}  // namespace st::inv
