// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ComponentsReportHtml.h"

#include "config/ReportHtml.h"
#include "util/HumanBytes.h"

#include <QCoreApplication>

namespace st {

namespace {
using html::esc;
using html::row;

QString tr(const char *text)
{
    return QCoreApplication::translate("ComponentsReportHtml", text);
}
}  // namespace

QString componentsReportHtml(const QString &role, const QList<ComponentsReport> &runs)
{
    QString h = QStringLiteral("<h2>%1</h2>\n").arg(esc(tr("Components of the %1").arg(role)));
    for (const ComponentsReport &run : runs) {
        const QString what = run.mode == ComponentsReport::Mode::Install ? tr("Install") : tr("Rollback");
        h += QStringLiteral("<h3>%1</h3>\n<p class=\"%2\">%3</p>\n")
                 .arg(esc(QStringLiteral("%1 — %2").arg(what, run.at.toLocalTime().toString(Qt::ISODate))),
                      run.ok ? QStringLiteral("ok") : QStringLiteral("fail"),
                      esc(run.ok ? tr("Completed on %1.").arg(run.secondaryAddress) : run.error.message));
        if (run.outcomes.isEmpty())
            h += QStringLiteral("<p>%1</p>\n").arg(esc(tr("Nothing to do.")));
        for (const ComponentOutcome &c : run.outcomes) {
            h += QStringLiteral("<table>\n");
            h += row(tr("Component"), QStringLiteral("%1 %2 — %3").arg(c.id, c.version, c.description));
            h += row(tr("Outcome"), componentStateName(c.state) + (c.error.isEmpty() ? QString() : QStringLiteral(": ") + c.error));
            h += row(tr("Signer (key fingerprint)"), c.signer);
            if (!c.previousVersion.isEmpty())
                h += row(tr("Version before"), c.previousVersion);
            for (const ComponentStep &s : c.steps)
                h += row(stepStateName(s.state), s.what);
            h += QStringLiteral("</table>\n");
        }
        if (run.uploadedBytes > 0)
            h += QStringLiteral("<p>%1</p>\n").arg(esc(tr("%1 sent to the Secondary.").arg(humanBytes(run.uploadedBytes))));
    }
    if (!runs.isEmpty()) {
        const QList<ComponentOutcome> &after = runs.last().installedAfter;
        QStringList names;
        for (const ComponentOutcome &c : after)
            names << QStringLiteral("%1 %2").arg(c.id, c.version);
        h += QStringLiteral("<p>%1</p>\n").arg(esc(names.isEmpty() ? tr("Installed afterwards: none.")
                                                                 : tr("Installed afterwards: %1.").arg(names.join(QStringLiteral(", ")))));
    }
    return h;
}

}  // namespace st
