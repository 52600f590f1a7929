// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Shows pre-flight checks as a list: pass/warn/fail icon, the check's title, its
 * finding and, unless it passed, the hint on how to fix it right under the finding.
 * Display only. GUI thread only.
 */
#include "config/PreflightCheck.h"

#include <QWidget>

class QGridLayout;

namespace st {

class CheckListView : public QWidget {
    Q_OBJECT

public:
    explicit CheckListView(QWidget *parent = nullptr);

    /** Replaces the rows. Row widgets are named "checkIcon-<id>", "checkMessage-<id>", "checkHint-<id>". */
    void setChecks(const QList<PreflightCheck> &checks);
    QList<PreflightCheck> checks() const { return m_checks; }

private:
    void clearRows();

    QGridLayout *m_grid;
    QList<PreflightCheck> m_checks;
    QList<QWidget *> m_rowWidgets;
};

}  // namespace st
