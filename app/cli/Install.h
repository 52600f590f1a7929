// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief `servertwin-cli install --answers FILE`: the unattended installation. One JSON answer
 * file names the Secondary and answers every step; the steps run in order in the same
 * JobQueue the other front ends build (makeInstallationQueue): the Secondary's fitness (the
 * blocking hardware rules), the clone, staged on the Secondary, the reboot that applies and
 * confirms it, then the hardware checklist with every item confirmed. Main thread only.
 *
 *   { "version": 1,
 *     "secondary": { "address": "198.18.0.2:7443", "pairingCodeFile": "/root/code" },
 *     "clone":  { "profile": "/usr/share/servertwin/profiles/debian-server.json",
 *                 "include": [], "exclude": [], "snapshot": "auto", "timeoutSeconds": 120 },
 *     "reboot": { "timeoutSeconds": 1200, "expectHost": "primary", "confirm": true,
 *                 "rollbackOnUnhealthy": true },
 *     "hardware": { "confirmations": [ { "id": "nic-cabling", "by": "Ann Smith", "note": "..." }, ... ] },
 *     "stateDir": "/var/lib/servertwin", "report": "/root/install-report.json" }
 *
 * "secondary.address" is required, and a confirmation by name of every checklist item (the
 * shipped ones and the profile's "checklist"): unattended, nobody can tick them later. An unknown key or a value of the wrong type is refused
 * with one line naming it, before anything connects.
 */
#include <QCoreApplication>
#include <QStringList>

namespace st::cli {
int runInstall(QCoreApplication &app, const QStringList &args);
}  // namespace st::cli
