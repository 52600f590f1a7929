// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Makes sure a state directory (keys, pins, lockout, resume spool) is private.
 *
 * The directory is created 0700 when missing. An existing one must belong to the user the
 * program runs as (else: refused, naming owner and path); group or other permission bits
 * are removed (0755 becomes 0700) and the change is returned as a sentence for the log, so
 * the engineer sees it. A symlink is followed and its target checked. Free function, any thread.
 */
#include "util/Result.h"

#include <QString>

namespace st {

/** An empty string when nothing had to change, else what was tightened (one line). */
Result<QString> securePrivateDirectory(const QString &dir);

}  // namespace st
