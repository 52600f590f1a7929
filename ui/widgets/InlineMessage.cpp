// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/InlineMessage.h"

#include "Icons.h"
#include "widgets/IconWidget.h"

#include <QHBoxLayout>
#include <QLabel>

namespace st {

InlineMessage::InlineMessage(Level level, QWidget *parent)
    : QWidget(parent), m_level(level), m_icon(new IconWidget(qMax(16, fontMetrics().height()), this)), m_label(new QLabel(this))
{
    m_label->setObjectName(QStringLiteral("messageText"));
    m_label->setTextFormat(Qt::PlainText);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_label, 1);
    setLevel(level);
    setVisible(false);
}

void InlineMessage::setText(const QString &text)
{
    m_label->setText(text);
    setToolTip(text);
    setVisible(!text.isEmpty());
}

QString InlineMessage::text() const
{
    return m_label->text();
}

void InlineMessage::setLevel(Level level)
{
    m_level = level;
    m_icon->setIcon(icons::icon(level == Level::Error ? icons::Id::CheckFail : icons::Id::CheckWarn));
}

}  // namespace st
