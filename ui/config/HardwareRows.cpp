// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/HardwareRows.h"

#include "inventory/InventoryRows.h"

#include <QCoreApplication>

namespace st {

namespace {
QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("st::HardwareRows", text, nullptr, n);
}

HardwareRow section(const QString &label, const QString &what)
{
    HardwareRow r;
    r.kind = HardwareRow::Kind::Section;
    r.label = label;
    r.reason = what;
    return r;
}

HardwareRow outcomeRow(HardwareRow::Kind kind, const inv::RuleOutcome &o)
{
    HardwareRow r;
    r.kind = kind;
    r.label = o.title;
    r.primary = o.primary;
    r.secondary = o.secondary;
    r.level = o.level;
    r.reason = o.reason;
    return r;
}

constexpr int kDetailsShown = 20;  // kernel error lines in a tool tip
}  // namespace

QString levelText(inv::RuleLevel level)
{
    switch (level) {
    case inv::RuleLevel::Pass: return tr("OK");
    case inv::RuleLevel::Info: return tr("Note");
    case inv::RuleLevel::Warn: return tr("Warning");
    case inv::RuleLevel::Block: return tr("Blocks");
    }
    return {};  // not reached: every enumerator is handled above
}

QList<HardwareRow> hardwareRows(const HardwareReport &report)
{
    QList<HardwareRow> rows;
    if (!report.ok)
        return rows;
    rows << section(tr("Compatibility"), tr("The rules between the two machines; a rule that blocks must be fixed before the installation goes on"));
    for (const inv::RuleOutcome &o : report.rules)
        rows << outcomeRow(HardwareRow::Kind::Rule, o);

    if (report.functionalChecked) {
        rows << section(tr("After the reboot"), tr("The Secondary as the clone left it: every device with its driver, links, services, kernel errors"));
        for (const inv::RuleOutcome &o : report.functional) {
            HardwareRow r = outcomeRow(HardwareRow::Kind::Functional, o);
            if (o.rule == QLatin1String("failed-units"))
                r.details = report.failedUnits;
            else if (o.rule == QLatin1String("kernel-errors"))
                r.details = report.kernelErrors.mid(0, kDetailsShown);
            rows << r;
        }
    }

    rows << section(tr("Inventory"), tr("Both machines as read from /sys, /proc and udev"));
    const QList<inv::InventoryRow> primary = inv::inventoryRows(report.primary);
    const QList<inv::InventoryRow> secondary = inv::inventoryRows(report.secondary);
    auto valueIn = [](const QList<inv::InventoryRow> &list, const QString &key) -> const inv::InventoryRow * {
        for (const inv::InventoryRow &r : list)
            if (r.key == key)
                return &r;
        return nullptr;
    };
    auto add = [&rows](const QString &label, const QString &p, const QString &s) {
        HardwareRow r;
        r.kind = HardwareRow::Kind::Inventory;
        r.label = label;
        r.primary = p;
        r.secondary = s;
        rows << r;
    };
    for (const inv::InventoryRow &p : primary) {
        const inv::InventoryRow *s = valueIn(secondary, p.key);
        add(p.label, p.value, s ? s->value : QString());
    }
    for (const inv::InventoryRow &s : secondary)
        if (!valueIn(primary, s.key))
            add(s.label, QString(), s.value);
    return rows;
}

}  // namespace st
