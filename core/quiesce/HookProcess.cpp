// SPDX-License-Identifier: GPL-3.0-or-later
#include "HookProcess.h"

#include "util/UniqueFd.h"

#include <QElapsedTimer>
#include <QList>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

extern char **environ;

namespace st {

namespace {

constexpr qsizetype kTailBytes = 4096;

enum class ReadResult { Data, WouldBlock, End };

/** One read into the kept tail of the output. */
ReadResult readOnce(int fd, QByteArray &tail)
{
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            tail.append(buffer, n);
            if (tail.size() > kTailBytes)
                tail.remove(0, tail.size() - kTailBytes);
            return ReadResult::Data;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return ReadResult::WouldBlock;
        return ReadResult::End;
    }
}

/** Reads what is pending after the command ended; a background child may keep the pipe open, so never wait. */
void drain(int fd, QByteArray &tail)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    for (int reads = 0; reads < 256 && readOnce(fd, tail) == ReadResult::Data; ++reads) {
    }
}

/** Spawn attributes: own process group, empty signal mask, ignored signals back to default. */
class SpawnSetup {
public:
    SpawnSetup(int writeFd)
    {
        ::posix_spawn_file_actions_init(&actions);
        ::posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        ::posix_spawn_file_actions_adddup2(&actions, writeFd, STDOUT_FILENO);
        ::posix_spawn_file_actions_adddup2(&actions, writeFd, STDERR_FILENO);
        ::posix_spawnattr_init(&attr);
        sigset_t mask;
        sigemptyset(&mask);
        ::posix_spawnattr_setsigmask(&attr, &mask);
        sigset_t defaults;
        sigemptyset(&defaults);
        for (int sig : {SIGPIPE, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM, SIGTSTP,
                        SIGTTIN, SIGTTOU})
            sigaddset(&defaults, sig);
        ::posix_spawnattr_setsigdefault(&attr, &defaults);
        ::posix_spawnattr_setpgroup(&attr, 0);
        ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    }
    ~SpawnSetup()
    {
        ::posix_spawn_file_actions_destroy(&actions);
        ::posix_spawnattr_destroy(&attr);
    }
    SpawnSetup(const SpawnSetup &) = delete;
    SpawnSetup &operator=(const SpawnSetup &) = delete;

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
};

void recordStatus(int status, HookOutcome &outcome)
{
    if (status == -1)
        return;  // unknown: neither exited nor signalled
    if (WIFEXITED(status)) {
        outcome.exited = true;
        outcome.exitCode = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        outcome.signal = WTERMSIG(status);
    }
}

}  // namespace

QString hookCommandLine(const QStringList &argv)
{
    QStringList parts;
    for (const QString &arg : argv) {
        if (arg.isEmpty() || arg.contains(QLatin1Char(' ')) || arg.contains(QLatin1Char('\'')))
            parts << QLatin1Char('\'') + QString(arg).replace(QStringLiteral("'"), QStringLiteral("'\\''"))
                         + QLatin1Char('\'');
        else
            parts << arg;
    }
    return parts.join(QLatin1Char(' '));
}

QString HookOutcome::describe(int timeoutSeconds) const
{
    if (!started)
        return QStringLiteral("cannot start: %1").arg(startError);
    if (timedOut)
        return QStringLiteral("timed out after %1 s, killed").arg(timeoutSeconds);
    if (exited)
        return QStringLiteral("exit %1").arg(exitCode);
    if (signal == 0)
        return QStringLiteral("ended with an unknown exit status");
    return QStringLiteral("killed by signal %1 (%2)").arg(signal).arg(QString::fromLocal8Bit(::strsignal(signal)));
}

QString HookOutcome::lastOutputLine() const
{
    const QList<QByteArray> lines = outputTail.split('\n');
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        const QString line = QString::fromUtf8(it->trimmed());
        if (!line.isEmpty())
            return line.size() > 200 ? line.left(200) + QStringLiteral("...") : line;
    }
    return QString();
}

HookOutcome runHookProcess(const QStringList &argv, int timeoutMs)
{
    HookOutcome outcome;
    QElapsedTimer clock;
    clock.start();
    if (argv.isEmpty() || argv.first().isEmpty()) {
        outcome.startError = QStringLiteral("empty command");
        return outcome;
    }
    std::vector<QByteArray> storage;
    for (const QString &arg : argv)
        storage.push_back(arg.toLocal8Bit());
    std::vector<char *> cargv;
    for (QByteArray &arg : storage)
        cargv.push_back(arg.data());
    cargv.push_back(nullptr);

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        outcome.startError = QStringLiteral("pipe: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return outcome;
    }
    UniqueFd readEnd(fds[0]);
    UniqueFd writeEnd(fds[1]);
    pid_t pid = -1;
    {
        SpawnSetup setup(writeEnd.get());
        const int err = ::posix_spawnp(&pid, cargv[0], &setup.actions, &setup.attr, cargv.data(), environ);
        if (err != 0) {
            outcome.startError = QStringLiteral("%1: %2").arg(argv.first(), QString::fromLocal8Bit(std::strerror(err)));
            outcome.durationMs = clock.elapsed();
            return outcome;
        }
    }
    outcome.started = true;
    writeEnd.reset();
    // glibc 2.36 declares pidfd_open() without C linkage in C++: call it directly. -1 on old
    // kernels: then waitpid() is polled.
    UniqueFd pidFd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));

    bool pipeOpen = true;
    bool reaped = false;
    int status = 0;
    for (;;) {
        pid_t r;
        do
            r = ::waitpid(pid, &status, WNOHANG);
        while (r < 0 && errno == EINTR);
        if (r == pid) {
            reaped = true;
            break;
        }
        if (r < 0) {  // ECHILD: something else in this process reaped it; the status is lost
            reaped = true;
            status = -1;
            break;
        }
        const qint64 remaining = timeoutMs - clock.elapsed();
        if (remaining <= 0)
            break;
        pollfd polls[2];
        nfds_t count = 0;
        if (pidFd.valid())
            polls[count++] = pollfd{pidFd.get(), POLLIN, 0};
        if (pipeOpen)
            polls[count++] = pollfd{readEnd.get(), POLLIN, 0};
        const int wait = pidFd.valid() ? int(std::min<qint64>(remaining, 1000)) : int(std::min<qint64>(remaining, 20));
        const int ready = ::poll(polls, count, wait);
        if (ready < 0 && errno != EINTR)
            break;  // cannot wait: treated as a timeout below (killed, reaped)
        for (nfds_t i = 0; ready > 0 && i < count; ++i) {
            if (polls[i].fd == readEnd.get() && (polls[i].revents & (POLLIN | POLLHUP | POLLERR)))
                pipeOpen = readOnce(readEnd.get(), outcome.outputTail) != ReadResult::End;
        }
    }
    if (!reaped) {
        outcome.timedOut = true;
        ::kill(-pid, SIGKILL);  // the whole group: shells and what they started
        ::kill(pid, SIGKILL);
        pid_t r;
        do
            r = ::waitpid(pid, &status, 0);
        while (r < 0 && errno == EINTR);
    }
    recordStatus(status, outcome);
    if (pipeOpen)
        drain(readEnd.get(), outcome.outputTail);
    outcome.durationMs = clock.elapsed();
    return outcome;
}

}  // namespace st
