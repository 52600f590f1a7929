// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/** @brief The Secondary's restore report as the JSON numbers sent in Result (paths go in ReportItems). */
#include "restore/RestorePipeline.h"

#include <QJsonObject>

namespace st {
QJsonObject restoreReportToJson(const RestoreReport &report);
}  // namespace st
