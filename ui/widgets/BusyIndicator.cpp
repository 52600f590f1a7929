// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/BusyIndicator.h"

#include <QPainter>

namespace st {

BusyIndicator::BusyIndicator(int size, QWidget *parent) : QWidget(parent), m_size(size)
{
    setFixedSize(size, size);
    setVisible(false);
    m_timer.setInterval(40);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_angle = (m_angle + 12) % 360;
        update();
    });
}

void BusyIndicator::setRunning(bool running)
{
    m_running = running;
    setVisible(running);
}

QSize BusyIndicator::sizeHint() const
{
    return {m_size, m_size};
}

void BusyIndicator::showEvent(QShowEvent *)
{
    if (m_running)
        m_timer.start();
}

void BusyIndicator::hideEvent(QHideEvent *)
{
    m_timer.stop();
}

void BusyIndicator::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal pen = qMax(2.0, m_size / 8.0);
    const QRectF r = QRectF(rect()).adjusted(pen / 2, pen / 2, -pen / 2, -pen / 2);
    QColor track = palette().color(QPalette::Highlight);
    track.setAlpha(50);
    painter.setPen(QPen(track, pen));
    painter.drawEllipse(r);
    painter.setPen(QPen(palette().color(QPalette::Highlight), pen, Qt::SolidLine, Qt::RoundCap));
    painter.drawArc(r, -m_angle * 16, 100 * 16);
}

}  // namespace st
