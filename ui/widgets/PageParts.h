// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The building blocks every step's page shares, so the pages look alike: the scrolling
 * content area on the Base background, section headings, inline field errors (next to the
 * field, not in a dialog) and muted notes. Free functions; GUI thread only.
 */
#include <QString>

class QLabel;
class QPlainTextEdit;
class QVBoxLayout;
class QWidget;

namespace st::parts {

/** Gives @p page a frameless vertical scroll area on the Base background and returns the
 *  layout of its content widget (margins set, spacing 12); add the page's rows to it. */
QVBoxLayout *scrollingContent(QWidget *page);

/** A bold, slightly larger label for a section of the page. */
QLabel *sectionHeading(const QString &text, QWidget *parent);

/** An error line under a field: red, word-wrapped, hidden while its text is empty (use
 *  showFieldError()). */
QLabel *fieldError(QWidget *parent);
void showFieldError(QLabel *label, const QString &message);

/** A read-only log pane (fixed font, 10 000 lines kept, Tab leaves it) named @p name. */
QPlainTextEdit *logPane(const QString &name, const QString &toolTip, QWidget *parent);

/** A muted, word-wrapped explanation. */
QLabel *note(const QString &text, QWidget *parent);

}  // namespace st::parts
