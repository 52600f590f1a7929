// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Hardware page's table: the Primary and the Secondary side by side, row by row,
 * grouped in sections (compatibility rules, checks after the reboot, inventory), each rule and
 * check with its status icon and its reason (the reason also as the row's tool tip, for long
 * ones). Read-only view over HardwareRow values. GUI thread only.
 */
#include "config/HardwareRows.h"

#include <QTreeWidget>

namespace st {

class HardwareTable : public QTreeWidget {
    Q_OBJECT
public:
    enum Column { ItemColumn, PrimaryColumn, SecondaryColumn, CheckColumn, ColumnCount };

    explicit HardwareTable(QWidget *parent = nullptr);

    void setRows(const QList<HardwareRow> &rows);
    /** The icon id for @p level (also used by the page's verdict). */
    static int iconFor(inv::RuleLevel level);
};

}  // namespace st
