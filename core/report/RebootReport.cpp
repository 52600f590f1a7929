// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/RebootReport.h"

#include "report/CloneReport.h"

#include <QJsonArray>

namespace st {

QJsonObject RebootReport::toJson() const
{
    QJsonObject o{{QStringLiteral("kind"), QStringLiteral("reboot")},
                  {QStringLiteral("ok"), ok},
                  {QStringLiteral("secondary"), secondaryAddress},
                  {QStringLiteral("bootIdBefore"), bootIdBefore},
                  {QStringLiteral("bootIdAfter"), bootIdAfter},
                  {QStringLiteral("simulated"), simulated},
                  {QStringLiteral("hostAfter"), hostAfter},
                  {QStringLiteral("systemState"), systemState},
                  {QStringLiteral("failedBefore"), QJsonArray::fromStringList(failedBefore)},
                  {QStringLiteral("failedAfter"), QJsonArray::fromStringList(failedAfter)},
                  {QStringLiteral("newlyFailed"), QJsonArray::fromStringList(newlyFailed)},
                  {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)},
                  {QStringLiteral("bootLog"), QJsonArray::fromStringList(bootLog)},
                  {QStringLiteral("clonesConfirmed"), QJsonArray::fromStringList(clonesConfirmed)},
                  {QStringLiteral("clonesRolledBack"), QJsonArray::fromStringList(clonesRolledBack)},
                  {QStringLiteral("clonesUnconfirmed"), QJsonArray::fromStringList(clonesUnconfirmed)},
                  {QStringLiteral("cloneNotes"), QJsonArray::fromStringList(cloneNotes)},
                  {QStringLiteral("durationsMs"), QJsonObject{{QStringLiteral("goingDown"), static_cast<double>(goingDownMs)},
                                                              {QStringLiteral("down"), static_cast<double>(downMs)},
                                                              {QStringLiteral("starting"), static_cast<double>(startingMs)},
                                                              {QStringLiteral("total"), static_cast<double>(totalMs)}}}};
    if (!ok)
        o.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), errorCodeName(error.code)}, {QStringLiteral("message"), error.message}});
    return o;
}

QString RebootReport::summaryText() const
{
    if (!ok)
        return QStringLiteral("reboot of %1 failed: %2").arg(secondaryAddress, error.message);
    return QStringLiteral("%1 rebooted%2 in %3 (going down %4, away %5, starting %6): boot %7, host %8, systemd %9%10")
        .arg(secondaryAddress, simulated ? QStringLiteral(" (simulated)") : QString(), formatDuration(totalMs), formatDuration(goingDownMs),
             formatDuration(downMs), formatDuration(startingMs), bootIdAfter, hostAfter, systemState)
        .arg(warnings.isEmpty() ? QString() : QStringLiteral("; ") + warnings.join(QStringLiteral("; ")))
           + (clonesConfirmed.isEmpty() ? QString() : QStringLiteral("; clone %1 applied at boot and confirmed").arg(clonesConfirmed.join(QStringLiteral(", "))))
           + (clonesRolledBack.isEmpty() ? QString() : QStringLiteral("; clone %1 rolled back").arg(clonesRolledBack.join(QStringLiteral(", "))))
           + (clonesUnconfirmed.isEmpty() ? QString() : QStringLiteral("; clone %1 applied at boot, not yet confirmed").arg(clonesUnconfirmed.join(QStringLiteral(", "))));
}

}  // namespace st
