// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What the components step did on one Secondary (step 5): the installed set before
 * and after, what the Secondary offered (its hardware support), each component of an
 * install or a rollback with its signer and every action's outcome, and the error. Filled by
 * ComponentsJob; read by the report, the console and the wizard. Plain value type.
 */
#include "component/ComponentOutcome.h"

#include <QDateTime>
#include <QJsonObject>

namespace st {

struct ComponentsReport {
    enum class Mode { List, Install, Rollback };
    Mode mode = Mode::List;
    bool ok = false;
    Error error;
    QString secondaryAddress;
    QList<ComponentOutcome> installedBefore;
    QList<ComponentOutcome> offered;
    QList<ComponentOutcome> outcomes;  // install: each component, in install order; rollback: what was rolled back, newest first
    QList<ComponentOutcome> installedAfter;
    qint64 uploadedBytes = 0;
    QDateTime at;  // UTC, when the step ended

    QJsonObject toJson() const;
    /** Lines for the console: each component's outcome and its steps (the error is the caller's to print). */
    QString summaryText() const;
};

/** "list", "install", "rollback". */
QString componentsModeName(ComponentsReport::Mode mode);

}  // namespace st
