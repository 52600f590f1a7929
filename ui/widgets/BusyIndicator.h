// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief A small spinning arc in the palette's highlight colour, shown while work runs.
 * Animates only while running and visible. GUI thread only.
 */
#include <QTimer>
#include <QWidget>

namespace st {

class BusyIndicator : public QWidget {
    Q_OBJECT

public:
    explicit BusyIndicator(int size = 20, QWidget *parent = nullptr);

    /** Shows and animates (true) or hides (false) the indicator. */
    void setRunning(bool running);
    bool isRunning() const { return m_running; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QTimer m_timer;
    int m_angle = 0;
    int m_size;
    bool m_running = false;
};

}  // namespace st
