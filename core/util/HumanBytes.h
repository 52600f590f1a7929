// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Byte counts for messages and reports: "1.5 GiB" (IEC units, C locale, one decimal),
 * the same in every log and error line whatever the user's locale. Free function, thread-safe.
 */
#include <QString>

namespace st {

/** @p bytes as "512 bytes", "1.5 KiB", "3.2 GiB"; a negative count shows as 0. */
QString humanBytes(qint64 bytes);

}  // namespace st
