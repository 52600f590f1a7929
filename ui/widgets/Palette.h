// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The wizard's few derived colours, computed from the current palette so light and
 * dark themes both work: muted text and the thin separator lines. GUI thread only.
 */
#include <QColor>
#include <QPalette>

class QWidget;

namespace st::palette {

/** The muted text colour on the Window background. */
QColor mutedText(const QPalette &pal);

/** Shows @p widget's text in the muted colour (on Window and on Base backgrounds). */
void setMuted(QWidget *widget);

/** A one pixel separator line, in a colour between background and text. */
QWidget *makeLine(Qt::Orientation orientation, QWidget *parent);

}  // namespace st::palette
