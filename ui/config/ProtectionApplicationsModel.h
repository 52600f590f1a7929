// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The protected applications as a checkable list: every application the catalog
 * detected on this system and every application the profile already protects. Column 0 is
 * the application (checked = protected, tooltip = the detection evidence), column 1 its data
 * opt-in (checkable only while protected and when it has data paths).
 *
 * Display and requests only: the rows come from ProtectionConfig (setRows()); a checkbox click
 * emits protectRequested() / dataRequested() and the config answers with new rows.
 * No widgets. GUI thread only.
 */
#include <QAbstractTableModel>
#include <QStringList>

namespace st {

struct ProtectionApplicationRow {
    QString id;
    QString name;
    QString note;            // the catalog's note, may be empty
    QStringList evidence;    // why it was detected; empty when not detected
    bool detected = false;   // installed on this system according to the catalog
    bool isProtected = false;  // in the profile
    bool hasData = false;    // has data paths
    bool includeData = false;  // its data is cloned (per application or for all)
    bool dataForAll = false;   // the profile includes every application's data

    bool operator==(const ProtectionApplicationRow &) const = default;
};

class ProtectionApplicationsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { ApplicationColumn, DataColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1 };

    explicit ProtectionApplicationsModel(QObject *parent = nullptr);

    /** Replaces the rows (in place when the same applications are listed in the same order). */
    void setRows(const QList<ProtectionApplicationRow> &rows);
    const QList<ProtectionApplicationRow> &rows() const { return m_rows; }
    /** Row of application @p id, or -1. */
    int rowOf(const QString &id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void protectRequested(const QString &id, bool protect);
    void dataRequested(const QString &id, bool includeData);

private:
    QString toolTip(const ProtectionApplicationRow &row, int column) const;

    QList<ProtectionApplicationRow> m_rows;
};

}  // namespace st
