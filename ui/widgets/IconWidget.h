// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Paints a QIcon at a fixed logical size, sharp at any device pixel ratio (unlike a
 * QLabel pixmap fixed at creation). GUI thread only.
 */
#include <QIcon>
#include <QWidget>

namespace st {

class IconWidget : public QWidget {
    Q_OBJECT

public:
    explicit IconWidget(int size, QWidget *parent = nullptr);

    void setIcon(const QIcon &icon);
    QIcon icon() const { return m_icon; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QIcon m_icon;
    int m_size;
};

}  // namespace st
