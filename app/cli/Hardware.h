// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The hardware commands of the cli: `inventory` (this machine's inventory, or a
 * captured fixture's, as rows or JSON) and `checklist` (both machines compared, the
 * functional checks after the reboot, the engineer's confirmations from an answer file);
 * and what `install` and `demo` share with them: the report printed as a table, the
 * confirmations read from answers. Main thread only.
 */
#include "inventory/Confirmations.h"
#include "report/HardwareReport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QStringList>

namespace st::cli {
int runInventory(const QStringList &args);
int runChecklist(QCoreApplication &app, const QStringList &args);

/** The rules, the machines side by side, the functional checks and the confirmations, on stdout. */
void printHardwareReport(const HardwareReport &report);

/** The checklist @p items with what @p answers confirms: [{"id", "by", "note"}], ticked now;
 *  an unknown id, a missing name or a key this version does not know is refused (one line). */
Result<inv::ConfirmationSet> confirmationsFromAnswers(const QJsonArray &answers, const QList<ChecklistItem> &items, const QString &where);
}  // namespace st::cli
