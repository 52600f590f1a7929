// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The one line a cli subcommand prints when it fails: "servertwin-cli COMMAND: error:
 * MESSAGE" on stderr, and the exit code to return. Main thread only.
 */
#include <QString>

#include <cstdio>

namespace st::cli {

inline int commandFailed(const QString &command, const QString &message, int code = 1)
{
    fprintf(stderr, "servertwin-cli %s: error: %s\n", command.toLocal8Bit().constData(), message.toLocal8Bit().constData());
    return code;
}

}  // namespace st::cli
