// SPDX-License-Identifier: GPL-3.0-or-later
#include "profile/ChecklistItems.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace st {

namespace {
constexpr qsizetype kMaxItems = 100;
constexpr qsizetype kMaxText = 500;

bool isItemId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    return id.size() <= 64 && re.match(id).hasMatch();
}
}  // namespace

Result<QList<ChecklistItem>> parseChecklistItems(const QJsonArray &items, const QString &where)
{
    if (items.size() > kMaxItems)
        return makeError(ErrorCode::Profile, QStringLiteral("%1: more than %2 checklist items").arg(where).arg(kMaxItems));
    QList<ChecklistItem> out;
    QSet<QString> ids;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonObject o = items.at(i).toObject();
        const QString id = o.value(QStringLiteral("id")).toString();
        const QString text = o.value(QStringLiteral("text")).toString().trimmed();
        if (!items.at(i).isObject() || o.size() != 2 || !isItemId(id) || text.isEmpty() || text.size() > kMaxText)
            return makeError(ErrorCode::Profile, QStringLiteral("%1: checklist item %2 must be {\"id\": \"lower-case-words\", \"text\": \"one sentence\"}").arg(where).arg(i + 1));
        if (ids.contains(id))
            return makeError(ErrorCode::Profile, QStringLiteral("%1: checklist item id \"%2\" is listed twice").arg(where, id));
        ids.insert(id);
        out << ChecklistItem{id, text};
    }
    return out;
}

Result<QList<ChecklistItem>> parseChecklistFile(const QByteArray &json, const QString &where)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(ErrorCode::Profile, QStringLiteral("%1 is not a JSON object: %2").arg(where, error.errorString()));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("version")).toInt() != 1 || !o.value(QStringLiteral("items")).isArray())
        return makeError(ErrorCode::Profile, QStringLiteral("%1 must be {\"version\": 1, \"items\": [...]}").arg(where));
    return parseChecklistItems(o.value(QStringLiteral("items")).toArray(), where);
}

QList<ChecklistItem> mergeChecklist(const QList<ChecklistItem> &base, const QList<ChecklistItem> &extra)
{
    QList<ChecklistItem> out = base;
    for (const ChecklistItem &item : extra)
        if (std::none_of(out.begin(), out.end(), [&item](const ChecklistItem &b) { return b.id == item.id; }))
            out << item;
    return out;
}

QJsonArray checklistToJson(const QList<ChecklistItem> &items)
{
    QJsonArray a;
    for (const ChecklistItem &item : items)
        a.append(QJsonObject{{QStringLiteral("id"), item.id}, {QStringLiteral("text"), item.text}});
    return a;
}

Result<QList<ChecklistItem>> checklistFor(const QList<ChecklistItem> &profileItems)
{
    QFile file(QStringLiteral(":/checklist/confirmations.json"));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Internal, QStringLiteral("this program was built without its checklist (resources/checklist.qrc)"));
    Result<QList<ChecklistItem>> shipped = parseChecklistFile(file.readAll(), QStringLiteral("the shipped checklist"));
    if (!shipped)
        return shipped.error();
    return mergeChecklist(*shipped, profileItems);
}

}  // namespace st
