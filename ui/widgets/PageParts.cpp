// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/PageParts.h"

#include "widgets/Palette.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QVBoxLayout>

namespace st::parts {

QVBoxLayout *scrollingContent(QWidget *page)
{
    auto *content = new QWidget;
    content->setBackgroundRole(QPalette::Base);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 8, 0);
    layout->setSpacing(12);

    auto *scroll = new QScrollArea(page);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus);  // Tab goes to the page's controls, not to the frame
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setBackgroundRole(QPalette::Base);
    auto *outer = new QVBoxLayout(page);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    return layout;
}

QPlainTextEdit *logPane(const QString &name, const QString &toolTip, QWidget *parent)
{
    auto *pane = new QPlainTextEdit(parent);
    pane->setObjectName(name);
    pane->setReadOnly(true);
    pane->setMaximumBlockCount(10000);
    pane->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    pane->setToolTip(toolTip);
    pane->setTabChangesFocus(true);
    return pane;
}

QLabel *sectionHeading(const QString &text, QWidget *parent)
{
    auto *heading = new QLabel(text, parent);
    QFont font = heading->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    heading->setFont(font);
    return heading;
}

QLabel *fieldError(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    QPalette pal = label->palette();
    const QColor red = pal.color(QPalette::Window).lightness() > 128 ? QColor(0xb3, 0x26, 0x1e) : QColor(0xf2, 0xb8, 0xb5);
    pal.setColor(QPalette::WindowText, red);
    pal.setColor(QPalette::Text, red);
    label->setPalette(pal);
    label->setVisible(false);
    return label;
}

void showFieldError(QLabel *label, const QString &message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
}

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    palette::setMuted(label);
    return label;
}

}  // namespace st::parts
