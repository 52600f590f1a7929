// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/HardwareReport.h"

#include <QJsonArray>

namespace st {

namespace {
QJsonArray outcomesJson(const QList<inv::RuleOutcome> &outcomes)
{
    QJsonArray a;
    for (const inv::RuleOutcome &o : outcomes)
        a.append(inv::outcomeToJson(o));
    return a;
}

QString countsOf(const QList<inv::RuleOutcome> &outcomes)
{
    QStringList parts;
    for (inv::RuleLevel level : {inv::RuleLevel::Block, inv::RuleLevel::Warn, inv::RuleLevel::Info}) {
        const auto n = std::count_if(outcomes.begin(), outcomes.end(), [level](const inv::RuleOutcome &o) { return o.level == level; });
        if (n > 0)
            parts << QStringLiteral("%1 %2").arg(n).arg(inv::ruleLevelName(level));
    }
    return parts.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(parts.join(QStringLiteral(", ")));
}
}  // namespace

bool HardwareReport::blocks() const
{
    return inv::anyBlock(rules) || inv::anyBlock(functional);
}

QJsonObject HardwareReport::toJson() const
{
    QJsonObject o{{QStringLiteral("ok"), ok},
                  {QStringLiteral("secondary"), secondaryAddress},
                  {QStringLiteral("checkedAt"), checkedAt.toUTC().toString(Qt::ISODate)},
                  {QStringLiteral("primaryInventory"), primary.toJson()},
                  {QStringLiteral("secondaryInventory"), secondary.toJson()},
                  {QStringLiteral("rules"), outcomesJson(rules)},
                  {QStringLiteral("functionalChecked"), functionalChecked},
                  {QStringLiteral("functional"), outcomesJson(functional)},
                  {QStringLiteral("systemState"), systemState},
                  {QStringLiteral("failedUnits"), QJsonArray::fromStringList(failedUnits)},
                  {QStringLiteral("kernelErrors"), QJsonArray::fromStringList(kernelErrors)},
                  {QStringLiteral("clockUncertaintyMs"), static_cast<double>(clockUncertaintyMs)},
                  {QStringLiteral("blocks"), blocks()}};
    if (clockOffsetMs)
        o.insert(QStringLiteral("clockOffsetMs"), static_cast<double>(*clockOffsetMs));
    QJsonArray confirmed;
    for (const inv::Confirmation &c : confirmations)
        confirmed.append(c.toJson());
    o.insert(QStringLiteral("confirmations"), confirmed);
    o.insert(QStringLiteral("itemsToConfirm"), itemsToConfirm);
    o.insert(QStringLiteral("unconfirmed"), QJsonArray::fromStringList(unconfirmed));
    if (!ok)
        o.insert(QStringLiteral("error"), error.message);
    return o;
}

QString HardwareReport::summaryText() const
{
    if (!ok)
        return QStringLiteral("hardware: not checked: %1").arg(error.message);
    QString s = QStringLiteral("hardware: %1 rules%2").arg(rules.size()).arg(countsOf(rules));
    if (functionalChecked)
        s += QStringLiteral(", %1 functional checks%2").arg(functional.size()).arg(countsOf(functional));
    if (itemsToConfirm > 0)
        s += QStringLiteral(", %1 of %2 item(s) confirmed").arg(confirmations.size()).arg(itemsToConfirm);
    return s;
}

void HardwareReport::setConfirmations(const inv::ConfirmationSet &set)
{
    confirmations = set.confirmations();
    itemsToConfirm = static_cast<int>(set.items().size());
    unconfirmed = set.missing();
}

}  // namespace st
