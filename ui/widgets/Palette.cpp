// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/Palette.h"

#include <QWidget>

namespace st::palette {

namespace {

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                            a.blueF() + (b.blueF() - a.blueF()) * t);
}

}  // namespace

QColor mutedText(const QPalette &pal)
{
    return mix(pal.color(QPalette::Window), pal.color(QPalette::WindowText), 0.62);
}

void setMuted(QWidget *widget)
{
    QPalette pal = widget->palette();
    // Labels on a Base background draw with Text, on a Window background with WindowText.
    pal.setColor(QPalette::WindowText, mutedText(pal));
    pal.setColor(QPalette::Text, mix(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.62));
    widget->setPalette(pal);
}

QWidget *makeLine(Qt::Orientation orientation, QWidget *parent)
{
    auto *line = new QWidget(parent);
    if (orientation == Qt::Horizontal)
        line->setFixedHeight(1);
    else
        line->setFixedWidth(1);
    QPalette pal = parent->palette();
    pal.setColor(QPalette::Window, mix(pal.color(QPalette::Window), pal.color(QPalette::WindowText), 0.16));
    line->setPalette(pal);
    line->setBackgroundRole(QPalette::Window);  // not the parent's role (Base on the page side)
    line->setAutoFillBackground(true);
    return line;
}

}  // namespace st::palette
