// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/StepList.h"

#include "Icons.h"
#include "widgets/Palette.h"

#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace st {

namespace {
constexpr int kIconSize = 18;
constexpr int kPadding = 10;
constexpr int kRowGap = 4;
}  // namespace

StepList::StepList(QWidget *parent) : QWidget(parent)
{
    setFocusPolicy(Qt::NoFocus);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setAccessibleName(tr("Installation steps"));
}

void StepList::setSteps(const QStringList &titles)
{
    m_titles = titles;
    m_states = QList<StepState>(titles.size(), StepState::Pending);
    updateGeometry();
    updateAccessibleText();
    update();
}

void StepList::setState(int index, StepState state)
{
    if (index < 0 || index >= m_states.size() || m_states[index] == state)
        return;
    m_states[index] = state;
    updateAccessibleText();
    update();
}

int StepList::rowHeight() const
{
    return qMax(fontMetrics().height() + 14, kIconSize + 14);
}

int StepList::rowAt(int y) const
{
    const int pitch = rowHeight() + kRowGap;
    const int row = y / pitch;
    return (row < count() && y % pitch < rowHeight()) ? row : -1;
}

QSize StepList::sizeHint() const
{
    int textWidth = 0;
    QFont bold = font();
    bold.setBold(true);
    for (const QString &t : m_titles)
        textWidth = qMax(textWidth, QFontMetrics(bold).horizontalAdvance(t));
    const int height = count() * rowHeight() + qMax(0, count() - 1) * kRowGap;
    return {3 * kPadding + kIconSize + textWidth, height};
}

QSize StepList::minimumSizeHint() const
{
    return {3 * kPadding + kIconSize + fontMetrics().averageCharWidth() * 8, sizeHint().height()};
}

QString StepList::stateText(StepState state) const
{
    switch (state) {
    case StepState::Pending: return tr("not yet");
    case StepState::Current: return tr("current step");
    case StepState::Done: return tr("done");
    case StepState::Failed: return tr("failed");
    }
    return {};
}

void StepList::updateAccessibleText()
{
    QStringList parts;
    for (int i = 0; i < count(); ++i)
        parts << tr("%1. %2 (%3)").arg(i + 1).arg(m_titles[i], stateText(m_states[i]));
    setAccessibleDescription(parts.join(QStringLiteral("; ")));
}

void StepList::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int h = rowHeight();
    for (int i = 0; i < count(); ++i) {
        const QRect row(0, i * (h + kRowGap), width(), h);
        const StepState state = m_states[i];
        if (state == StepState::Current) {
            QColor fill = palette().color(QPalette::Highlight);
            fill.setAlpha(38);
            QPainterPath path;
            path.addRoundedRect(QRectF(row), 6, 6);
            painter.fillPath(path, fill);
        }
        icons::Id id = icons::Id::StepPending;
        if (state == StepState::Current)
            id = icons::Id::StepCurrent;
        else if (state == StepState::Done)
            id = icons::Id::StepDone;
        else if (state == StepState::Failed)
            id = icons::Id::StepFailed;
        const QRect iconRect(row.left() + kPadding, row.top() + (h - kIconSize) / 2, kIconSize, kIconSize);
        icons::icon(id).paint(&painter, iconRect);

        QFont f = font();
        f.setBold(state == StepState::Current);
        painter.setFont(f);
        QColor textColor = palette().color(QPalette::WindowText);
        if (state == StepState::Pending)
            textColor = palette::mutedText(palette());
        painter.setPen(textColor);
        const QRect textRect(iconRect.right() + 1 + kPadding, row.top(), row.right() - iconRect.right() - 2 * kPadding, h);
        painter.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                         QFontMetrics(f).elidedText(m_titles[i], Qt::ElideRight, textRect.width()));
    }
}

bool StepList::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int row = rowAt(help->pos().y());
        if (row >= 0)
            QToolTip::showText(help->globalPos(), tr("%1: %2").arg(m_titles[row], stateText(m_states[row])), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void StepList::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

}  // namespace st
