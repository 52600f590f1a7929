// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Reads a pairing code given without a command line (where every user would see it
 * in ps): from a file only its owner can read, or, for "-", from the first line of standard
 * input. Returns the canonical code; one-line errors name the file and the fix. Main thread
 * of a command-line program (blocking read).
 */
#include "util/Result.h"

#include <QString>

namespace st {

Result<QString> readPairingCode(const QString &source);

}  // namespace st
