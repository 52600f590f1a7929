// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The HTML pieces the installation report's sections share: escaping and a table row
 * of a label and a value. Free functions; thread-safe.
 */
#include <QString>

namespace st::html {

inline QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

/** A row of a two-column table: the label as a header cell, the value escaped. */
inline QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><th align=\"left\">%1</th><td>%2</td></tr>\n").arg(esc(label), esc(value));
}

}  // namespace st::html
