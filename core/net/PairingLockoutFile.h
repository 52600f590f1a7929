// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The agent's pairing failures and lockout on disk (`<state-dir>/pairing-lockout.json`),
 * so that restarting the agent does not give a guesser five fresh tries.
 *
 * Written atomically (QSaveFile, mode 0600) after every check that changes the state; a
 * missing file is a clean state; a damaged one is an error naming the file (the agent refuses
 * to start rather than forget a lockout). Free functions, any thread.
 */
#include "net/PairingGuard.h"
#include "util/Result.h"

#include <QString>

namespace st::PairingLockoutFile {

QString path(const QString &stateDir);
Result<PairingGuard::Lockout> load(const QString &file);
Status save(const QString &file, const PairingGuard::Lockout &state);

}  // namespace st::PairingLockoutFile
