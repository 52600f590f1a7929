// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The network part of an inventory: each interface with a device (sysfs class/net:
 * MAC, driver, operational state, carrier, speed, the bond or bridge it belongs to) and each
 * bond (its driver "bonding"), with the addresses LiveFacts reports. Free functions, no state:
 * thread-safe.
 */
#include "inventory/Inventory.h"
#include "inventory/InventorySources.h"
#include "restore/boot/SysfsDevices.h"

namespace st::inv {

QList<Nic> readNics(const InventorySources &sources, const QList<boot::HostDevice> &devices, QStringList &notes);

}  // namespace st::inv
