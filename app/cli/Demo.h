// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief `servertwin-cli demo`: the built-in demonstration of the installation on one machine.
 *
 * Starts a real servertwin-agent on 127.0.0.1 (free port) with a sandbox Secondary root in a
 * work directory, then runs the installation's steps in one JobQueue: the clone of the
 * built-in demo protection set (real files of this machine: /etc, time zones, licences) over
 * TLS with a one-time pairing code, staged on the Secondary as onto a real one; then the
 * reboot, which the sandbox agent simulates (it stops serving, applies the staged clone with
 * the boot-time code, comes back with a new boot id), and the confirmation of the healthy
 * clone. The work directory is kept, so a second run shows the pinned reconnection and the
 * mirroring of the existing root. Main thread only.
 */
#include <QCoreApplication>
#include <QStringList>

namespace st::cli {
int runDemo(QCoreApplication &app, const QStringList &args);
}  // namespace st::cli
