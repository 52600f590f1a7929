// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief One line of feedback shown on a page next to the control it is about: an error or
 * warning icon and a word-wrapped, selectable text. Hidden while the text is empty.
 * Display only. GUI thread only.
 */
#include <QWidget>

class QLabel;

namespace st {

class IconWidget;

class InlineMessage : public QWidget {
    Q_OBJECT

public:
    enum class Level { Error, Warning };

    explicit InlineMessage(Level level, QWidget *parent = nullptr);

    /** Shows @p text (hides the widget when it is empty). */
    void setText(const QString &text);
    QString text() const;
    void setLevel(Level level);
    Level level() const { return m_level; }

private:
    Level m_level;
    IconWidget *m_icon;
    QLabel *m_label;
};

}  // namespace st
