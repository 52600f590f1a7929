// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The engineer's hardware checklist as data: the items (the shipped defaults in
 * resources/checklist/confirmations.json, then the ones a protection profile adds under
 * "checklist"), each an id and one sentence. Free functions, plain values: thread-safe.
 *
 *   { "version": 1, "items": [ { "id": "nic-cabling", "text": "The cabling of each NIC matches its role" } ] }
 */
#include "util/Result.h"

#include <QJsonArray>
#include <QList>
#include <QString>

namespace st {

struct ChecklistItem {
    QString id;    // lower-case words and dashes: "nic-cabling"
    QString text;  // what the engineer confirms, one sentence
};

/** Items from a checklist file's or a profile's "checklist" array; one-line error naming the bad item. */
Result<QList<ChecklistItem>> parseChecklistItems(const QJsonArray &items, const QString &where);
Result<QList<ChecklistItem>> parseChecklistFile(const QByteArray &json, const QString &where);
/** @p base then the items of @p extra whose id @p base does not have. */
QList<ChecklistItem> mergeChecklist(const QList<ChecklistItem> &base, const QList<ChecklistItem> &extra);
QJsonArray checklistToJson(const QList<ChecklistItem> &items);

/** The shipped default items (":/checklist/confirmations.json": the executables embed
 *  resources/checklist.qrc), then @p profileItems. */
Result<QList<ChecklistItem>> checklistFor(const QList<ChecklistItem> &profileItems);

}  // namespace st
