// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/IconWidget.h"

#include <QPainter>

namespace st {

IconWidget::IconWidget(int size, QWidget *parent) : QWidget(parent), m_size(size)
{
    setFixedSize(size, size);
}

void IconWidget::setIcon(const QIcon &icon)
{
    m_icon = icon;
    update();
}

QSize IconWidget::sizeHint() const
{
    return {m_size, m_size};
}

void IconWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    m_icon.paint(&painter, rect());
}

}  // namespace st
