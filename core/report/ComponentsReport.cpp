// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/ComponentsReport.h"

#include <QJsonArray>

namespace st {

QString componentsModeName(ComponentsReport::Mode mode)
{
    switch (mode) {
    case ComponentsReport::Mode::List: return QStringLiteral("list");
    case ComponentsReport::Mode::Install: return QStringLiteral("install");
    case ComponentsReport::Mode::Rollback: return QStringLiteral("rollback");
    }
    return {};  // not reached: every enumerator is handled above
}

QJsonObject ComponentsReport::toJson() const
{
    QJsonObject o{{QStringLiteral("mode"), componentsModeName(mode)},
                  {QStringLiteral("ok"), ok},
                  {QStringLiteral("secondary"), secondaryAddress},
                  {QStringLiteral("installedBefore"), outcomesToJson(installedBefore)},
                  {QStringLiteral("offered"), outcomesToJson(offered)},
                  {QStringLiteral("outcomes"), outcomesToJson(outcomes)},
                  {QStringLiteral("installedAfter"), outcomesToJson(installedAfter)},
                  {QStringLiteral("uploadedBytes"), static_cast<double>(uploadedBytes)},
                  {QStringLiteral("at"), at.toString(Qt::ISODate)}};
    if (!ok)
        o[QStringLiteral("error")] = error.message;
    return o;
}

QString ComponentsReport::summaryText() const
{
    QStringList lines;
    const auto component = [&](const ComponentOutcome &c, const QString &state) {
        lines << QStringLiteral("  %1 %2: %3%4").arg(c.id, c.version, state,
                                                    c.signer.isEmpty() ? QString() : QStringLiteral(" (signed by %1)").arg(c.signer));
        for (const ComponentStep &s : c.steps)
            lines << QStringLiteral("      %1: %2").arg(stepStateName(s.state), s.what);
        if (!c.error.isEmpty())
            lines << QStringLiteral("      error: %1").arg(c.error);
    };
    if (mode == Mode::List) {
        lines << QStringLiteral("installed on %1: %2").arg(secondaryAddress).arg(installedAfter.size());
        for (const ComponentOutcome &c : installedAfter)
            component(c, QStringLiteral("installed %1").arg(c.installedAt));
        if (!offered.isEmpty()) {
            lines << QStringLiteral("offered by the Secondary:");
            for (const ComponentOutcome &c : offered)
                component(c, QStringLiteral("offered (%1 bytes)").arg(c.bytes));
        }
    } else {
        lines << QStringLiteral("%1 on %2:").arg(mode == Mode::Install ? QStringLiteral("install") : QStringLiteral("rollback"), secondaryAddress);
        for (const ComponentOutcome &c : outcomes)
            component(c, componentStateName(c.state));
        if (outcomes.isEmpty())
            lines << QStringLiteral("  nothing to do");
    }
    return lines.join(QLatin1Char('\n'));
}

}  // namespace st
