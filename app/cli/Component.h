// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief `servertwin-cli component keygen|pack|verify`: the signing key of the engineer who
 * makes component bundles, a bundle directory packed (its files listed into manifest.json,
 * signed), and a bundle checked against trusted keys as the agent will check it. Main thread
 * only; blocking file I/O.
 */
#include <QStringList>

namespace st::cli {
int runComponent(const QStringList &args);
}  // namespace st::cli
