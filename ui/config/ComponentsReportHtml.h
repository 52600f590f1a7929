// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The installation report's section on one target's components: each install and
 * rollback in order, each component with its version, signer and key fingerprint, every
 * action and check with its outcome, and the errors. Free function; thread-safe.
 */
#include "report/ComponentsReport.h"

#include <QList>

namespace st {

QString componentsReportHtml(const QString &role, const QList<ComponentsReport> &runs);

}  // namespace st
