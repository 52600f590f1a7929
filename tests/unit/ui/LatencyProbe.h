// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test helper: measures how late the GUI thread's 5 ms timer fires while the probe is
 * alive (the wizard's "UI never blocks" check), and the budget the tests hold it to.
 * Test-only; lives in the GUI thread.
 */
#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <algorithm>

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
                m_worstMs = std::max(m_worstMs, late);
                if (late > 20)
                    m_spikes << QStringLiteral("%1ms@%2").arg(int(late)).arg(now / 1000000);
            }
            m_last = now;
            ++m_ticks;
        });
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double worstLatencyMs() const { return m_worstMs; }
    /** Ticks over 20 ms late, "late@ms-since-start", for the log. */
    QString spikes() const { return m_spikes.join(QLatin1Char(' ')); }
    int ticks() const { return m_ticks; }

private:
    static constexpr int kIntervalMs = 5;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    double m_worstMs = 0;
    int m_ticks = 0;
    QStringList m_spikes;
};

}  // namespace st::test
