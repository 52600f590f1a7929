// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/PageHeader.h"

#include "widgets/IconWidget.h"
#include "widgets/Palette.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace st {

PageHeader::PageHeader(QWidget *parent)
    : QWidget(parent), m_icon(new IconWidget(40, this)), m_title(new QLabel(this)), m_subtitle(new QLabel(this))
{
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_subtitle->setObjectName(QStringLiteral("pageSubtitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_subtitle->setTextFormat(Qt::PlainText);
    m_subtitle->setWordWrap(true);
    palette::setMuted(m_subtitle);

    auto *text = new QVBoxLayout;
    text->setSpacing(2);
    text->addWidget(m_title);
    text->addWidget(m_subtitle);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(28, 18, 28, 16);
    layout->setSpacing(14);
    layout->addWidget(m_icon, 0, Qt::AlignVCenter);
    layout->addLayout(text, 1);
}

void PageHeader::setPage(const QString &title, const QString &subtitle, const QIcon &icon)
{
    m_title->setText(title);
    m_subtitle->setText(subtitle);
    m_icon->setIcon(icon);
}

QString PageHeader::title() const
{
    return m_title->text();
}

QString PageHeader::subtitle() const
{
    return m_subtitle->text();
}

}  // namespace st
