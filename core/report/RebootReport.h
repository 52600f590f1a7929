// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What a reboot of a Secondary did (step 3): boot ids, the system's state and failed
 * units before and after, the apply log of the boot, the clones confirmed or rolled back, and
 * the time of each phase. Filled by RebootJob; read by the report, the console and the wizard.
 * Plain value type.
 */
#include "util/Result.h"

#include <QJsonObject>
#include <QStringList>

namespace st {

/** What the reboot did, for the report and the console. Plain value type. */
struct RebootReport {
    bool ok = false;
    Error error;
    QString secondaryAddress;
    QString bootIdBefore;
    QString bootIdAfter;
    bool simulated = false;
    QString hostAfter;
    QString systemState;
    QStringList failedBefore;
    QStringList failedAfter;
    QStringList newlyFailed;
    QStringList warnings;
    QStringList bootLog;
    QStringList clonesConfirmed;   // applied at boot, healthy, confirmed
    QStringList clonesRolledBack;  // rolled back at boot (on request or after a failed health check)
    QStringList clonesUnconfirmed; // applied at boot, healthy, left for the engineer to confirm or roll back
    QStringList cloneNotes;
    qint64 goingDownMs = 0;   // accepted -> no answer
    qint64 downMs = 0;        // no answer -> answered in the new boot
    qint64 startingMs = 0;    // answered -> systemd done starting
    qint64 totalMs = 0;
    QJsonObject toJson() const;
    QString summaryText() const;
};

}  // namespace st
