// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/StageProgressView.h"

#include "Icons.h"
#include "widgets/IconWidget.h"
#include "widgets/Palette.h"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>

namespace st {

namespace {
constexpr int kBarRange = 1000;

QString stateText(const CloneStage &s)
{
    switch (s.state) {
    case CloneStage::State::Pending: return StageProgressView::tr("waiting");
    case CloneStage::State::Running:
        return s.fraction < 0 ? StageProgressView::tr("running") : StageProgressView::tr("%1 %").arg(int(s.fraction * 100));
    case CloneStage::State::Done: return StageProgressView::tr("done");
    case CloneStage::State::Failed: return StageProgressView::tr("failed");
    case CloneStage::State::Cancelled: return StageProgressView::tr("cancelled");
    }
    return {};
}

icons::Id stateIcon(CloneStage::State state)
{
    switch (state) {
    case CloneStage::State::Pending: return icons::Id::StepPending;
    case CloneStage::State::Running: return icons::Id::StepCurrent;
    case CloneStage::State::Done: return icons::Id::StepDone;
    case CloneStage::State::Failed:
    case CloneStage::State::Cancelled: return icons::Id::StepFailed;
    }
    return icons::Id::StepPending;
}
}  // namespace

StageProgressView::StageProgressView(QWidget *parent)
    : QWidget(parent)
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(8);
    const CloneStages initial;
    int r = 0;
    for (const CloneStage &s : initial.stages()) {
        Row row{s.id, new IconWidget(18, this), new QLabel(stageTitle(s.id), this), new QProgressBar(this), new QLabel(this)};
        row.bar->setObjectName(s.id + QStringLiteral("Bar"));
        row.bar->setRange(0, kBarRange);
        row.bar->setTextVisible(false);
        row.bar->setToolTip(stageToolTip(s.id));
        row.title->setToolTip(stageToolTip(s.id));
        row.state->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("cancelled  ")));
        palette::setMuted(row.state);
        grid->addWidget(row.icon, r, 0);
        grid->addWidget(row.title, r, 1);
        grid->addWidget(row.bar, r, 2);
        grid->addWidget(row.state, r, 3);
        m_rows.append(row);
        ++r;
    }
    grid->setColumnStretch(2, 1);
    setStages(initial.stages());
}

QString StageProgressView::stageTitle(const QString &id)
{
    if (id == QLatin1String("snapshot"))
        return tr("Snapshot");
    if (id == QLatin1String("backup"))
        return tr("Backup");
    if (id == QLatin1String("transfer"))
        return tr("Transfer");
    if (id == QLatin1String("restore"))
        return tr("Restore");
    return id;
}

QString StageProgressView::stageToolTip(const QString &id)
{
    if (id == QLatin1String("snapshot"))
        return tr("Scan the protection set, connect, quiesce the protected applications and take a point-in-time snapshot");
    if (id == QLatin1String("backup"))
        return tr("Read the snapshot and compress it (zstd) on the Primary");
    if (id == QLatin1String("transfer"))
        return tr("The stream arriving over TLS and staged on the Secondary");
    if (id == QLatin1String("restore"))
        return tr("The Secondary verifies every file against the manifest, then applies the clone");
    return {};
}

void StageProgressView::setStages(const QList<CloneStage> &stages)
{
    for (const CloneStage &s : stages) {
        for (Row &row : m_rows) {
            if (row.id != s.id)
                continue;
            row.icon->setIcon(icons::icon(stateIcon(s.state)));
            const bool unknown = s.state == CloneStage::State::Running && s.fraction < 0;
            row.bar->setRange(0, unknown ? 0 : kBarRange);  // 0..0: Qt's busy bar
            if (!unknown)
                row.bar->setValue(s.state == CloneStage::State::Pending || s.fraction < 0 ? 0 : int(s.fraction * kBarRange));
            row.state->setText(stateText(s));
        }
    }
}

QProgressBar *StageProgressView::bar(const QString &id) const
{
    for (const Row &row : m_rows)
        if (row.id == id)
            return row.bar;
    return nullptr;
}

}  // namespace st
