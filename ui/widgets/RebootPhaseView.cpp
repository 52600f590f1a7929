// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/RebootPhaseView.h"

#include "Icons.h"
#include "report/CloneReport.h"
#include "widgets/IconWidget.h"
#include "widgets/Palette.h"

#include <QGridLayout>
#include <QLabel>

namespace st {

namespace {

icons::Id stateIcon(RebootPhaseRow::State state)
{
    switch (state) {
    case RebootPhaseRow::State::Pending: return icons::Id::StepPending;
    case RebootPhaseRow::State::Running: return icons::Id::StepCurrent;
    case RebootPhaseRow::State::Done: return icons::Id::StepDone;
    case RebootPhaseRow::State::Failed: return icons::Id::StepFailed;
    }
    return icons::Id::StepPending;
}

QString toolTipOf(const QString &id)
{
    if (id == QLatin1String("ask"))
        return RebootPhaseView::tr("Connect with the pinned certificate, note its failed units and boot id, and ask its agent to reboot");
    if (id == QLatin1String("going-down"))
        return RebootPhaseView::tr("The agent accepted: the Secondary stops its services; from here the reboot goes on whatever happens");
    if (id == QLatin1String("away"))
        return RebootPhaseView::tr("Nothing answers: the Secondary applies the staged clone in system-update.target, regenerates its "
                                   "initramfs and boot loader, and boots again");
    if (id == QLatin1String("back"))
        return RebootPhaseView::tr("The agent answers with the same certificate in a new boot");
    if (id == QLatin1String("starting"))
        return RebootPhaseView::tr("systemd is still starting units; asked again every few seconds");
    return RebootPhaseView::tr("No unit failed that had not failed before the reboot; the clone is confirmed and what it replaced is released");
}

}  // namespace

RebootPhaseView::RebootPhaseView(QWidget *parent) : QWidget(parent)
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(8);
    const QList<RebootPhaseRow> initial = RebootConfig::initialPhases();
    int r = 0;
    for (const RebootPhaseRow &p : initial) {
        Row row{p.id, new IconWidget(18, this), new QLabel(p.title, this), new QLabel(this)};
        row.icon->setObjectName(QStringLiteral("phaseIcon-") + p.id);
        row.title->setObjectName(QStringLiteral("phaseTitle-") + p.id);
        row.time->setObjectName(QStringLiteral("phaseTime-") + p.id);
        row.title->setToolTip(toolTipOf(p.id));
        row.time->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("00:00:00  ")));
        row.time->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        palette::setMuted(row.time);
        grid->addWidget(row.icon, r, 0);
        grid->addWidget(row.title, r, 1);
        grid->addWidget(row.time, r, 2);
        m_rows.append(row);
        ++r;
    }
    grid->setColumnStretch(1, 1);
    setPhases(initial);
}

void RebootPhaseView::setPhases(const QList<RebootPhaseRow> &phases)
{
    for (const RebootPhaseRow &p : phases) {
        for (Row &row : m_rows) {
            if (row.id != p.id)
                continue;
            row.icon->setIcon(icons::icon(stateIcon(p.state)));
            row.title->setText(p.title);
            QFont f = row.title->font();
            f.setBold(p.state == RebootPhaseRow::State::Running);
            row.title->setFont(f);
            row.time->setText(p.state == RebootPhaseRow::State::Pending ? QString()
                             : p.elapsedMs < 0 ? tr("not needed")
                                               : formatDuration(p.elapsedMs));
        }
    }
}

}  // namespace st
