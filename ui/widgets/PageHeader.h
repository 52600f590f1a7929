// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The thin band above the pages: the current step's icon, title and one line on what
 * it does. GUI thread only.
 */
#include <QWidget>

class QLabel;

namespace st {

class IconWidget;

class PageHeader : public QWidget {
    Q_OBJECT

public:
    explicit PageHeader(QWidget *parent = nullptr);

    void setPage(const QString &title, const QString &subtitle, const QIcon &icon);
    QString title() const;
    QString subtitle() const;

private:
    IconWidget *m_icon;
    QLabel *m_title;
    QLabel *m_subtitle;
};

}  // namespace st
