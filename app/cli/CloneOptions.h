// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The command-line options shared by `clone` and `backup`: what to clone
 * (--profile/--include/--exclude/--source-root) and how to compress (--zstd-level/--threads),
 * turned into a SelectionPlan. Main thread only.
 */
#include "archive/ZstdStream.h"
#include "profile/SelectionPlan.h"
#include "snapshot/Snapshot.h"
#include "util/Result.h"

#include <QCommandLineParser>
#include <optional>

namespace st::cli {

/**
 * Parses a command's options. Returns the exit code to leave with when the command must not
 * run: 2 after printing a usage error, 0 after printing --help; nullopt to go on.
 */
std::optional<int> parseOrExit(QCommandLineParser &parser, const QStringList &args);

void addSelectionOptions(QCommandLineParser &parser);
Result<SelectionPlan> selectionFrom(const QCommandLineParser &parser);
Result<ZstdOptions> zstdFrom(const QCommandLineParser &parser);
Result<SnapshotMode> snapshotFrom(const QCommandLineParser &parser);

}  // namespace st::cli
