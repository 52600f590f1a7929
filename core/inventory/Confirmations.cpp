// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/Confirmations.h"

#include "net/JsonFields.h"


namespace st::inv {

namespace {
constexpr qsizetype kMaxText = 500;
}  // namespace

QJsonObject Confirmation::toJson() const
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("text"), text}, {QStringLiteral("by"), by},
            {QStringLiteral("at"), at.toUTC().toString(Qt::ISODate)}, {QStringLiteral("note"), note}};
}

Result<Confirmation> Confirmation::parse(const QJsonObject &o)
{
    msg::detail::Fields f(o, "confirmation");
    Confirmation c;
    c.id = f.text("id", 64);
    c.text = f.text("text", kMaxText);
    c.by = f.text("by", 255);
    const QString at = f.text("at", 64);
    c.note = f.text("note", 2000, false);
    if (!f.ok())
        return f.error();
    c.at = QDateTime::fromString(at, Qt::ISODate);
    if (!c.at.isValid())
        return makeError(ErrorCode::Protocol, QStringLiteral("confirmation \"%1\": \"at\" is not an ISO 8601 time").arg(c.id));
    return c;
}

Status ConfirmationSet::confirm(const QString &id, const QString &by, const QDateTime &at, const QString &note)
{
    const auto item = std::find_if(m_items.begin(), m_items.end(), [&id](const ChecklistItem &i) { return i.id == id; });
    if (item == m_items.end())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("there is no checklist item \"%1\"").arg(id));
    if (by.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("\"%1\" needs the name of the engineer who confirms it").arg(item->text));
    unconfirm(id);
    m_confirmed << Confirmation{id, item->text, by.trimmed(), at.toUTC(), note.trimmed()};
    return {};
}

void ConfirmationSet::unconfirm(const QString &id)
{
    m_confirmed.removeIf([&id](const Confirmation &c) { return c.id == id; });
}

const Confirmation *ConfirmationSet::confirmation(const QString &id) const
{
    for (const Confirmation &c : m_confirmed)
        if (c.id == id)
            return &c;
    return nullptr;
}

bool ConfirmationSet::allConfirmed() const
{
    return missing().isEmpty();
}

QStringList ConfirmationSet::missing() const
{
    QStringList out;
    for (const ChecklistItem &item : m_items)
        if (!confirmation(item.id))
            out << item.text;
    return out;
}

QList<Confirmation> ConfirmationSet::confirmations() const
{
    QList<Confirmation> out;
    for (const ChecklistItem &item : m_items)
        if (const Confirmation *c = confirmation(item.id))
            out << *c;
    return out;
}

}  // namespace st::inv
