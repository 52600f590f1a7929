// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Hardware page's table as plain rows: the compatibility rules (Primary and
 * Secondary side by side, with the level and its reason), the functional checks on the
 * system the clone produced (systemd's failed units and the kernel's errors as details), then both
 * inventories row by row, lined up by each row's key (a row only one machine has is shown
 * with the other side empty). Free function over a HardwareReport; thread-safe.
 */
#include "report/HardwareReport.h"

#include <QList>
#include <QString>

#include <optional>

namespace st {

struct HardwareRow {
    enum class Kind { Section, Rule, Functional, Inventory };
    Kind kind = Kind::Inventory;
    QString label;
    QString primary;
    QString secondary;
    std::optional<inv::RuleLevel> level;  // rules and functional checks
    QString reason;                       // one line; for a section, what it holds
    QStringList details;                  // more lines (failed units, kernel errors), for a tool tip
};

QList<HardwareRow> hardwareRows(const HardwareReport &report);

/** "Blocks" / "Warning" / "Note" / "OK": a level for people. */
QString levelText(inv::RuleLevel level);

}  // namespace st
