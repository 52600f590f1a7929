// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The clone's stages as rows: a state icon, the stage's name, its own progress bar
 * (busy when the amount is unknown) and what it does right now. Shows a QList<CloneStage>;
 * knows nothing about jobs. GUI thread only.
 */
#include "config/CloneStages.h"

#include <QWidget>

class QLabel;
class QProgressBar;

namespace st {

class IconWidget;

class StageProgressView : public QWidget {
    Q_OBJECT
public:
    explicit StageProgressView(QWidget *parent = nullptr);

    void setStages(const QList<CloneStage> &stages);
    /** The bar of stage @p id ("snapshot", "backup", "transfer", "restore"); for tests. */
    QProgressBar *bar(const QString &id) const;

    static QString stageTitle(const QString &id);
    static QString stageToolTip(const QString &id);

private:
    struct Row {
        QString id;
        IconWidget *icon;
        QLabel *title;
        QProgressBar *bar;
        QLabel *state;
    };
    QList<Row> m_rows;
};

}  // namespace st
