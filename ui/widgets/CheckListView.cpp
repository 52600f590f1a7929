// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/CheckListView.h"

#include "Icons.h"
#include "widgets/IconWidget.h"
#include "widgets/Palette.h"

#include <QGridLayout>
#include <QLabel>

namespace st {

namespace {

QString levelText(PreflightCheck::Level level)
{
    switch (level) {
    case PreflightCheck::Level::Pass: return CheckListView::tr("Passed");
    case PreflightCheck::Level::Warn: return CheckListView::tr("Warning");
    case PreflightCheck::Level::Fail: return CheckListView::tr("Failed");
    }
    return {};
}

icons::Id levelIcon(PreflightCheck::Level level)
{
    switch (level) {
    case PreflightCheck::Level::Pass: return icons::Id::CheckPass;
    case PreflightCheck::Level::Warn: return icons::Id::CheckWarn;
    case PreflightCheck::Level::Fail: return icons::Id::CheckFail;
    }
    return icons::Id::CheckFail;
}

}  // namespace

CheckListView::CheckListView(QWidget *parent) : QWidget(parent), m_grid(new QGridLayout(this))
{
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(12);
    m_grid->setVerticalSpacing(12);
    m_grid->setColumnStretch(2, 1);
}

void CheckListView::clearRows()
{
    for (QWidget *w : std::as_const(m_rowWidgets))
        delete w;
    m_rowWidgets.clear();
}

void CheckListView::setChecks(const QList<PreflightCheck> &checks)
{
    clearRows();
    m_checks = checks;
    for (int row = 0; row < checks.size(); ++row) {
        const PreflightCheck &c = checks[row];
        // As tall as a line of text, so the icon centres on the title's first line.
        auto *icon = new IconWidget(qMax(16, fontMetrics().height()), this);
        icon->setObjectName(QStringLiteral("checkIcon-") + c.id);
        icon->setIcon(icons::icon(levelIcon(c.level)));
        icon->setToolTip(levelText(c.level));
        icon->setAccessibleName(levelText(c.level));

        auto *title = new QLabel(c.title, this);
        title->setTextFormat(Qt::PlainText);
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);

        auto *details = new QWidget(this);
        auto *column = new QVBoxLayout(details);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(3);
        auto *message = new QLabel(c.message, details);
        message->setObjectName(QStringLiteral("checkMessage-") + c.id);
        message->setTextFormat(Qt::PlainText);
        message->setWordWrap(true);
        message->setTextInteractionFlags(Qt::TextSelectableByMouse);
        column->addWidget(message);
        if (c.level != PreflightCheck::Level::Pass && !c.hint.isEmpty()) {
            auto *hint = new QLabel(c.hint, details);
            hint->setObjectName(QStringLiteral("checkHint-") + c.id);
            hint->setTextFormat(Qt::PlainText);
            hint->setWordWrap(true);
            palette::setMuted(hint);
            hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
            column->addWidget(hint);
        }
        column->addStretch(1);  // extra row height goes below the text, not between its lines

        m_grid->addWidget(icon, row, 0, Qt::AlignTop | Qt::AlignHCenter);
        m_grid->addWidget(title, row, 1, Qt::AlignTop | Qt::AlignLeft);
        m_grid->addWidget(details, row, 2);
        m_rowWidgets << icon << title << details;
        for (QWidget *w : {static_cast<QWidget *>(icon), static_cast<QWidget *>(title), details})
            w->setVisible(true);  // now, not when the layout's queued show arrives
    }
}

}  // namespace st
