// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The installation report's section on one target's hardware checklist: the verdict,
 * the rules and the checks after the reboot (Primary and Secondary side by side, with level and
 * reason), the clock offset, and each confirmation with who gave it, when and the note.
 * The inventories themselves are in the JSON report. Free function; thread-safe.
 */
#include "report/HardwareReport.h"

namespace st {

QString hardwareReportHtml(const QString &role, const HardwareReport &report, int attempts);

}  // namespace st
