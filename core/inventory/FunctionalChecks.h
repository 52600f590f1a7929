// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The functional checklist after the reboot, on the system the clone produced: every
 * disk and NIC of the Secondary with a driver bound (Block when not), each NIC's link (Warn
 * without carrier: check its cabling), systemd's failed units and the kernel's errors since
 * boot (Warn, listed). Free function, thread-safe.
 */
#include "inventory/CompatibilityRules.h"
#include "inventory/InventoryMessages.h"

namespace st::inv {

QList<RuleOutcome> functionalChecks(const InventoryReply &secondary);

}  // namespace st::inv
