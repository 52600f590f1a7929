// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief `servertwin-cli demo`: the built-in demonstration of the clone spine on one machine.
 *
 * Starts a real servertwin-agent on 127.0.0.1 (free port) with a sandbox Secondary root in a
 * work directory, then clones the built-in demo protection set (real files of this machine:
 * /etc, time zones, licences) to it over TLS with a one-time pairing code, exactly as a
 * clone between two servers runs. The work directory is kept, so a second run shows the
 * pinned reconnection and the mirroring of the existing root. Main thread only.
 */
#include <QCoreApplication>
#include <QStringList>

namespace st::cli {
int runDemo(QCoreApplication &app, const QStringList &args);
}  // namespace st::cli
