// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief An inventory as rows for people: machine, CPU, memory, OS, clock, then one row per
 * disk, filesystem holding the protection set, and NIC. Each row has a stable key, so two
 * machines' rows line up side by side (disks and NICs by their order: "disk 1", "NIC 2"; the
 * NIC map of the network step pairs them by role later). Used by the cli, the wizard's
 * Hardware page and the report alike. Free functions, thread-safe.
 */
#include "inventory/Inventory.h"

namespace st::inv {

struct InventoryRow {
    QString key;    // "cpu.threads", "disk 1", "nic 2"
    QString label;  // "Logical CPUs", "Disk 1", "NIC 2"
    QString value;  // "2", "vda 8.0 GiB virtio_blk, SSD, holds the protection set"
};

QList<InventoryRow> inventoryRows(const Inventory &inv);

/** "ens3 52:54:00:12:34:56 virtio_net, up, 1000 Mbit/s, 198.18.10.1/24". */
QString describeNic(const Nic &nic);
/** "vda 8.0 GiB virtio_blk, SSD (vda1 ext4, vda2 swap), holds the protection set". */
QString describeDisk(const Disk &disk);

}  // namespace st::inv
