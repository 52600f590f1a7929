// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Runs the external tools snapshots need (btrfs, lvm2, mount): argv only, never a shell.
 *
 * CommandRunner is the seam tests replace with a fake to check command construction and
 * output parsing; ProcessRunner is the real one (QProcess, blocking: call it on a worker
 * thread, one runner per thread). A command that exceeds its timeout is killed. Output is
 * captured; children run with LC_ALL=C so their messages are parseable and quotable.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace st {

struct CommandOutput {
    int exitCode = 0;
    QByteArray out;  // stdout
    QByteArray err;  // stderr
};

class CommandRunner {
public:
    virtual ~CommandRunner() = default;
    /**
     * Runs argv[0] with the other arguments. An error only when the command cannot start,
     * crashes or exceeds @p timeoutMs (it is then killed); a non-zero exit is returned as is.
     */
    virtual Result<CommandOutput> run(const QStringList &argv, int timeoutMs) = 0;
};

class ProcessRunner final : public CommandRunner {
public:
    Result<CommandOutput> run(const QStringList &argv, int timeoutMs) override;
};

/** "btrfs subvolume delete /x" (arguments with spaces quoted), for messages. */
QString commandLine(const QStringList &argv);

/** First non-empty line of a command's stderr (or stdout), trimmed; empty if there is none. */
QString firstLine(const QByteArray &text);

/** run(), and a non-zero exit becomes an error "`cmd` failed (exit N): <first stderr line>". */
Result<CommandOutput> runChecked(CommandRunner &runner, const QStringList &argv, int timeoutMs);

/**
 * A raw path as a command argument. Commands take text arguments, so a path whose bytes do not
 * survive the local encoding round trip is refused (naming it) rather than silently changed.
 */
Result<QString> pathArgument(const QByteArray &raw);

}  // namespace st
