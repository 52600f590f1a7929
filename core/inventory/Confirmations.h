// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The engineer's confirmations of the hardware checklist's items (profile/ChecklistItems):
 * who ticked each, when, and an optional note. A ConfirmationSet answers whether every item
 * is confirmed. Plain value types: thread-safe as values are.
 */
#include "profile/ChecklistItems.h"
#include "util/Result.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace st::inv {

struct Confirmation {
    QString id;
    QString text;   // the item's text as confirmed
    QString by;     // the engineer's name
    QDateTime at;   // UTC
    QString note;
    QJsonObject toJson() const;
    static Result<Confirmation> parse(const QJsonObject &o);
};

class ConfirmationSet {
public:
    explicit ConfirmationSet(QList<st::ChecklistItem> items = {}) : m_items(std::move(items)) {}
    const QList<st::ChecklistItem> &items() const { return m_items; }
    /** Ticks @p id (replacing an earlier tick). Error for an unknown id or an empty name. */
    Status confirm(const QString &id, const QString &by, const QDateTime &at, const QString &note = {});
    void unconfirm(const QString &id);
    const Confirmation *confirmation(const QString &id) const;
    bool allConfirmed() const;
    /** The items not confirmed yet, by text. */
    QStringList missing() const;
    QList<Confirmation> confirmations() const;  // in the items' order

private:
    QList<st::ChecklistItem> m_items;
    QList<Confirmation> m_confirmed;
};

}  // namespace st::inv
