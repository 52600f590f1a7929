// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What the hardware checklist (step 4) found and what the engineer confirmed: both
 * inventories, every compatibility rule's outcome, the functional checks after the reboot
 * (with systemd's failed units and the kernel's errors), the clock offset measured over the
 * link, and each confirmation (who, when, note). Filled by HardwareCheckJob and the
 * Hardware step; read by the report, the console and the wizard. Plain value type.
 */
#include "inventory/CompatibilityRules.h"
#include "inventory/Confirmations.h"
#include "inventory/Inventory.h"

#include <QDateTime>
#include <optional>

namespace st {

struct HardwareReport {
    bool ok = false;           // both inventories read (whatever the rules say)
    Error error;
    QString secondaryAddress;
    QDateTime checkedAt;       // UTC
    inv::Inventory primary;
    inv::Inventory secondary;
    QList<inv::RuleOutcome> rules;
    bool functionalChecked = false;
    QList<inv::RuleOutcome> functional;
    QString systemState;
    QStringList failedUnits;
    QStringList kernelErrors;
    std::optional<qint64> clockOffsetMs;  // Secondary minus Primary
    qint64 clockUncertaintyMs = 0;
    QList<inv::Confirmation> confirmations;
    /** The checklist's items (0: confirmations were not asked, as before a clone) and those
     *  not confirmed yet, by text. */
    int itemsToConfirm = 0;
    QStringList unconfirmed;

    /** A rule or a functional check blocks. */
    bool blocks() const;
    /** Every item of the checklist is confirmed (true when none was asked). */
    bool allConfirmed() const { return unconfirmed.isEmpty(); }
    /** Takes the confirmations and the open items from @p set. */
    void setConfirmations(const inv::ConfirmationSet &set);
    QJsonObject toJson() const;
    /** "hardware: 10 rules (1 warn), 6 functional checks, 5 of 5 item(s) confirmed". */
    QString summaryText() const;
};

}  // namespace st
