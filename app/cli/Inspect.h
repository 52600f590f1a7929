// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Commands that look before a backup: `detect` (protected applications installed on
 * this Primary, with evidence; optionally adopted into a profile) and `estimate` (files,
 * bytes, estimated compressed size and duration of a protection set). Main thread only.
 */
#include <QStringList>

namespace st::cli {
int runDetect(const QStringList &args);
int runEstimate(const QStringList &args);
}  // namespace st::cli
