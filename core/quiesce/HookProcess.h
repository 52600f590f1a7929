// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Runs one command (argv, no shell) with a timeout, for the quiesce hooks.
 *
 * The command gets /dev/null as stdin, stdout and stderr go to a pipe whose last few KiB are
 * kept for messages, and it runs in its own process group. When it exceeds its timeout the
 * whole group is killed with SIGKILL and reaped, so nothing it started is left running.
 * After a normal exit, background children it left on purpose (e.g. a lock holder) are not
 * touched. Blocking; stateless, so any thread may call it.
 */
#include <QByteArray>
#include <QString>
#include <QStringList>

namespace st {

struct HookOutcome {
    bool started = false;
    QString startError;     // why it could not start (started == false)
    bool timedOut = false;  // killed after the timeout
    bool exited = false;    // exited normally (exitCode valid)
    int exitCode = -1;
    int signal = 0;         // terminating signal when !exited
    qint64 durationMs = 0;
    QByteArray outputTail;  // last bytes of stdout+stderr

    bool succeeded() const { return started && !timedOut && exited && exitCode == 0; }
    /** "exit 0", "exit 3", "killed by signal 9 (Killed)", "timed out after 5 s, killed", "cannot start: ...". */
    QString describe(int timeoutSeconds) const;
    /** The last non-empty output line, trimmed and shortened for a one-line message ("" if none). */
    QString lastOutputLine() const;
};

HookOutcome runHookProcess(const QStringList &argv, int timeoutMs);

/** The argv as one readable line (arguments with spaces quoted), for logs and messages. */
QString hookCommandLine(const QStringList &argv);

}  // namespace st
