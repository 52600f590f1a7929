// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The system part of an inventory: os-release, the running kernel, the time zone
 * (/etc/localtime's link, else /etc/timezone), the enabled time service and the clock.
 * Free functions, no state: thread-safe.
 */
#include "inventory/Inventory.h"
#include "inventory/InventorySources.h"

#include <QHash>

namespace st::inv {

/** os-release(5): KEY=value lines, values unquoted ("..." or '...', backslash escapes). */
QHash<QString, QString> parseOsRelease(const QByteArray &text);

Os readOs(const InventorySources &sources, QStringList &notes);
Clock readClock(const InventorySources &sources);

}  // namespace st::inv
