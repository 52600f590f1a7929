// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ProtectionApplicationsModel.h"

namespace st {

ProtectionApplicationsModel::ProtectionApplicationsModel(QObject *parent) : QAbstractTableModel(parent) {}

void ProtectionApplicationsModel::setRows(const QList<ProtectionApplicationRow> &rows)
{
    bool sameIds = rows.size() == m_rows.size();
    for (qsizetype i = 0; sameIds && i < rows.size(); ++i)
        sameIds = rows[i].id == m_rows[i].id;
    if (!sameIds) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    if (rows == m_rows)
        return;
    m_rows = rows;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(static_cast<int>(m_rows.size()) - 1, ColumnCount - 1));
}

int ProtectionApplicationsModel::rowOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == id)
            return static_cast<int>(i);
    }
    return -1;
}

int ProtectionApplicationsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ProtectionApplicationsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ProtectionApplicationsModel::toolTip(const ProtectionApplicationRow &row, int column) const
{
    if (column == DataColumn) {
        if (!row.hasData)
            return tr("%1 has no data directories in the catalog or profile").arg(row.name);
        if (row.dataForAll)
            return tr("The data of every protected application is included (see the option below the lists)");
        return tr("Check to clone the data of %1 now. Data is normally synchronised later, by the application's "
                  "own replication.")
            .arg(row.name);
    }
    QStringList lines;
    lines << (row.isProtected ? tr("%1 is protected: its program and configuration are cloned. Uncheck to leave it out.")
                              : tr("Check to protect %1: its program and configuration are cloned."))
                 .arg(row.name);
    if (row.detected)
        lines << tr("Detected: %1").arg(row.evidence.join(QStringLiteral("; ")));
    else
        lines << tr("Not detected on this system; the profile lists it.");
    if (!row.note.isEmpty())
        lines << row.note;
    return lines.join(QLatin1Char('\n'));
}

QVariant ProtectionApplicationsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ProtectionApplicationRow &row = m_rows[index.row()];
    const bool dataColumn = index.column() == DataColumn;
    switch (role) {
    case Qt::DisplayRole:
        if (dataColumn)
            return QString();  // the checkbox under the "Data" header says it
        return row.detected ? row.name : tr("%1 (not detected)").arg(row.name);
    case Qt::CheckStateRole:
        if (!dataColumn)
            return row.isProtected ? Qt::Checked : Qt::Unchecked;
        if (row.hasData)
            return row.isProtected && row.includeData ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        return toolTip(row, index.column());
    case IdRole:
        return row.id;
    default:
        return {};
    }
}

bool ProtectionApplicationsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || !index.isValid() || index.row() >= m_rows.size())
        return false;
    if (!(flags(index) & Qt::ItemIsUserCheckable))
        return false;
    const bool on = value.toInt() != Qt::Unchecked;
    const QString id = m_rows[index.row()].id;
    if (index.column() == DataColumn)
        emit dataRequested(id, on);
    else
        emit protectRequested(id, on);
    return true;
}

Qt::ItemFlags ProtectionApplicationsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return Qt::NoItemFlags;
    const ProtectionApplicationRow &row = m_rows[index.row()];
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == ApplicationColumn)
        return flags | Qt::ItemIsEnabled | Qt::ItemIsUserCheckable;
    if (row.hasData && row.isProtected && !row.dataForAll)
        flags |= Qt::ItemIsEnabled | Qt::ItemIsUserCheckable;
    return flags;
}

QVariant ProtectionApplicationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == ApplicationColumn ? tr("Application") : tr("Data");
}

}  // namespace st
