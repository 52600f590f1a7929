// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The reboot's phases as rows: a state icon, the phase's name, and its elapsed time
 * (counting while it runs). Shows a QList<RebootPhaseRow>; knows nothing about jobs.
 * Row widgets are named "phaseIcon-<id>", "phaseTitle-<id>", "phaseTime-<id>".
 * GUI thread only.
 */
#include "config/RebootConfig.h"

#include <QWidget>

class QLabel;

namespace st {

class IconWidget;

class RebootPhaseView : public QWidget {
    Q_OBJECT
public:
    explicit RebootPhaseView(QWidget *parent = nullptr);

    void setPhases(const QList<RebootPhaseRow> &phases);

private:
    struct Row {
        QString id;
        IconWidget *icon;
        QLabel *title;
        QLabel *time;
    };
    QList<Row> m_rows;
};

}  // namespace st
