// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief `servertwin-cli install --answers FILE`: the unattended installation. One JSON answer
 * file names the Secondary and answers every step; the steps run in order in the same
 * JobQueue the other front ends build (makeInstallationQueue): the clone, staged on the
 * Secondary, then the reboot that applies and confirms it. Main thread only.
 *
 *   { "version": 1,
 *     "secondary": { "address": "198.18.0.2:7443", "pairingCodeFile": "/root/code" },
 *     "clone":  { "profile": "/usr/share/servertwin/profiles/debian-server.json",
 *                 "include": [], "exclude": [], "snapshot": "auto", "timeoutSeconds": 120 },
 *     "reboot": { "timeoutSeconds": 1200, "expectHost": "primary", "confirm": true,
 *                 "rollbackOnUnhealthy": true },
 *     "stateDir": "/var/lib/servertwin", "report": "/root/install-report.json" }
 *
 * Only "secondary.address" is required. An unknown key or a value of the wrong type is refused
 * with one line naming it, before anything connects.
 */
#include <QCoreApplication>
#include <QStringList>

namespace st::cli {
int runInstall(QCoreApplication &app, const QStringList &args);
}  // namespace st::cli
