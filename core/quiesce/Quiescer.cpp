// SPDX-License-Identifier: GPL-3.0-or-later
#include "Quiescer.h"

#include "quiesce/HookProcess.h"

#include <QElapsedTimer>

#include <algorithm>

namespace st {

struct Quiescer::Impl {
    QList<QuiesceAction> actions;
    qsizetype frozenCount = 0;  // actions[0..frozenCount) are frozen (their freeze succeeded or was empty)
    bool frozen = false;
    bool windowStarted = false;
    bool windowOpen = false;
    QElapsedTimer window;
    qint64 windowMs = 0;
    QStringList log;

    /** Runs one hook, logs it; returns an empty string on success, else "<app>: <what happened>". */
    QString runHook(const char *kind, const QuiesceAction &action, const QStringList &argv, int timeoutSeconds)
    {
        if (!windowStarted) {
            window.start();
            windowStarted = true;
            windowOpen = true;
        }
        const int seconds = std::clamp(timeoutSeconds, 1, 3600);
        const HookOutcome outcome = runHookProcess(argv, seconds * 1000);
        QString line = QStringLiteral("%1 %2: %3: %4, %5 ms")
                           .arg(QLatin1String(kind), action.application, hookCommandLine(argv),
                                outcome.describe(seconds))
                           .arg(outcome.durationMs);
        const QString output = outcome.lastOutputLine();
        if (!outcome.succeeded() && !output.isEmpty())
            line += QStringLiteral(" (output: %1)").arg(output);
        log.append(line);
        if (outcome.succeeded())
            return QString();
        QString failure = QStringLiteral("\"%1\": `%2` %3").arg(action.application, hookCommandLine(argv),
                                                             outcome.describe(seconds));
        if (!output.isEmpty())
            failure += QStringLiteral(": %1").arg(output);
        return failure;
    }

    /** Thaws actions[0..frozenCount) in reverse; returns the failures (every thaw runs regardless). */
    QStringList thawFrozen()
    {
        QStringList failures;
        while (frozenCount > 0) {
            const QuiesceAction &action = actions.at(--frozenCount);
            if (action.thaw.isEmpty())
                continue;
            const QString failure = runHook("thaw", action, action.thaw, action.thawTimeoutSeconds);
            if (!failure.isEmpty())
                failures.append(failure);
        }
        frozen = false;
        closeWindow();
        return failures;
    }

    void closeWindow()
    {
        if (windowOpen) {
            windowMs = window.elapsed();
            windowOpen = false;
        }
    }
};

Quiescer::Quiescer(QList<QuiesceAction> actions) : d(new Impl)
{
    d->actions = std::move(actions);
}

Quiescer::~Quiescer()
{
    if (d->frozen)
        (void)thaw();  // failures are in log(); a destructor cannot report them otherwise
    delete d;
}

Status Quiescer::freeze()
{
    if (d->frozen)
        return makeError(ErrorCode::Internal, QStringLiteral("quiesce: freeze() called while already frozen"));
    d->windowStarted = false;
    d->windowMs = 0;
    d->frozenCount = 0;
    d->frozen = true;  // from here on thaw() (and the destructor) undo whatever got frozen
    for (const QuiesceAction &action : std::as_const(d->actions)) {
        if (!action.freeze.isEmpty()) {
            const QString failure = d->runHook("freeze", action, action.freeze, action.timeoutSeconds);
            if (!failure.isEmpty()) {
                const qsizetype alreadyFrozen = d->frozenCount;
                const QStringList thawFailures = d->thawFrozen();
                QString message = QStringLiteral("quiesce: freeze of application %1; %2 application(s) frozen "
                                                 "before it were thawed")
                                      .arg(failure)
                                      .arg(alreadyFrozen);
                if (!thawFailures.isEmpty())
                    message += QStringLiteral(", but thaw failed for %1").arg(thawFailures.join(QStringLiteral("; ")));
                return makeError(ErrorCode::Io, message);
            }
        }
        ++d->frozenCount;
    }
    if (!d->windowStarted) {  // nothing ran: the window is the (empty) moment of the snapshot
        d->window.start();
        d->windowStarted = true;
        d->windowOpen = true;
    }
    return {};
}

Status Quiescer::thaw()
{
    if (!d->frozen)
        return {};
    const QStringList failures = d->thawFrozen();
    if (failures.isEmpty())
        return {};
    return makeError(ErrorCode::Io, QStringLiteral("quiesce: thaw failed for %1 application(s): %2")
                                        .arg(failures.size())
                                        .arg(failures.join(QStringLiteral("; "))));
}

bool Quiescer::isFrozen() const
{
    return d->frozen;
}

qint64 Quiescer::freezeWindowMs() const
{
    return d->windowOpen ? d->window.elapsed() : d->windowMs;
}

QStringList Quiescer::log() const
{
    return d->log;
}

}  // namespace st
