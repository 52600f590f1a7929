// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/HardwareTable.h"

#include "Icons.h"

#include <QHeaderView>

namespace st {

HardwareTable::HardwareTable(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(ColumnCount);
    setHeaderLabels({tr("Item"), tr("Primary"), tr("Secondary"), tr("Check")});
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    // The labels as wide as they are; the values and the checks share the rest (elided, whole in
    // their tool tips): no sideways scrolling.
    header()->setSectionResizeMode(QHeaderView::Stretch);
    header()->setSectionResizeMode(ItemColumn, QHeaderView::ResizeToContents);
}

int HardwareTable::iconFor(inv::RuleLevel level)
{
    switch (level) {
    case inv::RuleLevel::Pass: return static_cast<int>(icons::Id::CheckPass);
    case inv::RuleLevel::Info: return static_cast<int>(icons::Id::CheckInfo);
    case inv::RuleLevel::Warn: return static_cast<int>(icons::Id::CheckWarn);
    case inv::RuleLevel::Block: return static_cast<int>(icons::Id::CheckFail);
    }
    return static_cast<int>(icons::Id::CheckFail);  // not reached: every enumerator is handled above
}

void HardwareTable::setRows(const QList<HardwareRow> &rows)
{
    clear();
    QTreeWidgetItem *section = nullptr;
    for (const HardwareRow &row : rows) {
        if (row.kind == HardwareRow::Kind::Section) {
            section = new QTreeWidgetItem(this);
            section->setText(ItemColumn, row.label);
            section->setToolTip(ItemColumn, row.reason);
            section->setFirstColumnSpanned(true);
            QFont bold = section->font(ItemColumn);
            bold.setBold(true);
            section->setFont(ItemColumn, bold);
            section->setFlags(Qt::ItemIsEnabled);
            section->setExpanded(true);
            continue;
        }
        auto *item = section ? new QTreeWidgetItem(section) : new QTreeWidgetItem(this);
        item->setText(ItemColumn, row.label);
        item->setText(PrimaryColumn, row.primary);
        item->setText(SecondaryColumn, row.secondary);
        for (int c : {PrimaryColumn, SecondaryColumn})
            item->setToolTip(c, item->text(c));
        if (row.level) {
            item->setIcon(CheckColumn, icons::icon(static_cast<icons::Id>(iconFor(*row.level))));
            const QString text = row.reason.isEmpty() ? levelText(*row.level) : tr("%1: %2").arg(levelText(*row.level), row.reason);
            item->setText(CheckColumn, text);
            item->setToolTip(CheckColumn, row.details.isEmpty() ? text : text + QLatin1Char('\n') + row.details.join(QLatin1Char('\n')));
            item->setData(CheckColumn, Qt::AccessibleTextRole, text);
        } else if (!row.reason.isEmpty()) {
            item->setText(CheckColumn, row.reason.section(QLatin1Char('\n'), 0, 0));
            item->setToolTip(CheckColumn, row.reason);
        }
    }
    expandAll();
}

}  // namespace st
