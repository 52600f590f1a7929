// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Counters a worker thread advances and a job polls (a few times a second).
 *
 * Workers write, one observer reads: the numbers are atomics, the current item is behind a
 * mutex. Polling keeps worker threads free of signal traffic and the GUI thread free of
 * floods. Thread-safe.
 */
#include <QByteArray>
#include <QMutex>
#include <QMutexLocker>
#include <atomic>

namespace st {

struct ProgressCounters {
    std::atomic<qint64> bytesDone{0};
    std::atomic<qint64> bytesTotal{0};
    std::atomic<qint64> filesDone{0};
    std::atomic<qint64> filesTotal{0};

    void setCurrent(const QByteArray &path)
    {
        QMutexLocker lock(&m_mutex);
        m_current = path;
    }
    QByteArray current() const
    {
        QMutexLocker lock(&m_mutex);
        return m_current;
    }

private:
    mutable QMutex m_mutex;
    QByteArray m_current;
};

}  // namespace st
