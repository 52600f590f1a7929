// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/HardwareReportHtml.h"

#include "config/HardwareRows.h"
#include "config/ReportHtml.h"

#include <QCoreApplication>

namespace st {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("st::InstallationReport", text);
}

QString levelCell(const HardwareRow &r)
{
    if (!r.level)
        return html::esc(r.reason);
    const bool bad = *r.level == inv::RuleLevel::Block || *r.level == inv::RuleLevel::Warn;
    return QStringLiteral("<span class=\"%1\">%2</span>%3")
        .arg(bad ? QStringLiteral("fail") : QStringLiteral("ok"), html::esc(levelText(*r.level)),
             r.reason.isEmpty() ? QString() : QStringLiteral(": ") + html::esc(r.reason));
}
}  // namespace

QString hardwareReportHtml(const QString &role, const HardwareReport &report, int attempts)
{
    using html::esc;
    QString h = QStringLiteral("<h2>%1</h2>\n<table>\n").arg(esc(tr("Hardware of the %1").arg(role)));
    h += html::row(tr("Result"), !report.ok           ? tr("not checked: %1").arg(report.error.message)
                                 : report.blocks()     ? tr("blocks the installation")
                                 : !report.allConfirmed() ? tr("checked; items not confirmed: %1").arg(report.unconfirmed.join(QStringLiteral("; ")))
                                                          : tr("checked, nothing blocks, every item confirmed"));
    h += html::row(tr("Checked at"), report.checkedAt.toUTC().toString(Qt::ISODate));
    h += html::row(tr("Attempts"), QString::number(attempts));
    if (report.clockOffsetMs)
        h += html::row(tr("Clock offset"), tr("%1 ms (± %2 ms), the Secondary against the Primary").arg(*report.clockOffsetMs).arg(report.clockUncertaintyMs));
    h += QStringLiteral("</table>\n");
    if (!report.ok)
        return h;

    h += QStringLiteral("<table border=\"1\">\n<tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th></tr>\n")
             .arg(esc(tr("Item")), esc(tr("Primary")), esc(tr("Secondary")), esc(tr("Check")));
    for (const HardwareRow &r : hardwareRows(report)) {
        if (r.kind == HardwareRow::Kind::Inventory)
            continue;  // the inventories are in the JSON report
        if (r.kind == HardwareRow::Kind::Section) {
            h += QStringLiteral("<tr><th colspan=\"4\" align=\"left\">%1</th></tr>\n").arg(esc(r.label));
            continue;
        }
        h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>\n")
                 .arg(esc(r.label), esc(r.primary), esc(r.secondary), levelCell(r));
    }
    h += QStringLiteral("</table>\n");

    if (report.itemsToConfirm > 0) {
        h += QStringLiteral("<h3>%1</h3>\n<table border=\"1\">\n<tr><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>\n")
                 .arg(esc(tr("Confirmed by the engineer")), esc(tr("Item")), esc(tr("By")), esc(tr("At (UTC)")), esc(tr("Note")));
        for (const inv::Confirmation &c : report.confirmations)
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>\n")
                     .arg(esc(c.text), esc(c.by), esc(c.at.toUTC().toString(Qt::ISODate)), esc(c.note));
        for (const QString &open : report.unconfirmed)
            h += QStringLiteral("<tr><td>%1</td><td colspan=\"3\" class=\"fail\">%2</td></tr>\n").arg(esc(open), esc(tr("not confirmed")));
        h += QStringLiteral("</table>\n");
    }
    return h;
}

}  // namespace st
