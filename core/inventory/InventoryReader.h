// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Reads one machine's whole inventory from its sources (InventorySources): the
 * agent's hardware.inventory on the Secondary and the Primary's own, by the same code. What
 * cannot be read becomes a note, not a failure: the only error is a sysfs without
 * class/block or class/net. Blocking I/O on sysfs and procfs (tens of milliseconds): call
 * it off the GUI thread. Free function, thread-safe.
 */
#include "inventory/Inventory.h"
#include "inventory/InventorySources.h"

namespace st::inv {

Result<Inventory> readInventory(const InventorySources &sources);

}  // namespace st::inv
