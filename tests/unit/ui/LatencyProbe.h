// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test helper: measures how late the GUI thread's 5 ms timer fires while the probe is
 * alive (the wizard's "UI never blocks" check), and the budget the tests hold it to.
 *
 * Two figures per tick: the raw lateness, and the GUI thread's *own* lateness, which is the
 * raw one minus the time the thread sat runnable on the kernel's run queue in that interval
 * (`/proc/thread-self/schedstat`, second field). A tick that is late because the GUI thread
 * computed, slept or waited on a lock counts in full; a tick that is late only because other
 * processes (a parallel build, CI neighbours) held both cores does not. The tests hold the own
 * lateness to the budget; without schedstat both figures are the raw lateness.
 * Test-only; lives in the GUI thread.
 */
#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace st::test {

/** The worst lateness a GUI tick may show during a clone. Sanitized builds instrument every
 *  memory access of the GUI thread's own work too, so they get three times the budget. */
#ifdef ST_SANITIZED
inline constexpr double kGuiLatencyBudgetMs = 150.0;
#else
inline constexpr double kGuiLatencyBudgetMs = 50.0;
#endif

class LatencyProbe : public QObject {
public:
    LatencyProbe()
    {
        m_timer.setInterval(kIntervalMs);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0) {
                const double late = double(now - m_last) / 1e6 - kIntervalMs;
                const qint64 queued = runQueueNs();
                const double waited = queued >= 0 && m_lastQueued >= 0 ? double(queued - m_lastQueued) / 1e6 : 0;
                const double own = std::max(0.0, late - waited);
                m_worstMs = std::max(m_worstMs, late);
                m_worstOwnMs = std::max(m_worstOwnMs, own);
                if (late > 20)
                    m_spikes << QStringLiteral("%1ms(own %2)@%3").arg(int(late)).arg(int(own)).arg(now / 1000000);
                m_lastQueued = queued;
            } else {
                m_lastQueued = runQueueNs();
            }
            m_last = now;
            ++m_ticks;
        });
        m_clock.start();
        m_timer.start();
    }
    /** The two worst figures, for callers that keep them after the probe is gone. */
    struct Figures {
        double worstMs = 0;
        double worstOwnMs = 0;
    };

    void stop() { m_timer.stop(); }
    /** The worst raw lateness of a tick, scheduler waits included (for the log). */
    double worstLatencyMs() const { return m_worstMs; }
    /** The worst lateness the GUI thread caused itself: raw minus its run-queue wait. */
    double worstOwnLatencyMs() const { return m_worstOwnMs; }
    /** Ticks over 20 ms late, "late(own)@ms-since-start", for the log. */
    QString spikes() const { return m_spikes.join(QLatin1Char(' ')); }
    int ticks() const { return m_ticks; }

private:
    /** Nanoseconds this thread has spent runnable but not running, or -1 without schedstat. */
    static qint64 runQueueNs()
    {
        std::FILE *f = std::fopen("/proc/thread-self/schedstat", "re");
        if (!f)
            return -1;
        unsigned long long ran = 0, waited = 0;
        const int n = std::fscanf(f, "%llu %llu", &ran, &waited);
        std::fclose(f);
        return n == 2 ? qint64(waited) : -1;
    }

    static constexpr int kIntervalMs = 5;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_lastQueued = -1;
    double m_worstMs = 0;
    double m_worstOwnMs = 0;
    int m_ticks = 0;
    QStringList m_spikes;
};

}  // namespace st::test
