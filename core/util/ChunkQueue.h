// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief A bounded queue of byte chunks between a blocking worker thread and an event loop.
 *
 * The hand-off point of the clone pipeline: on the Primary the archive worker pushes
 * compressed chunks and the network side (event-driven) takes them; on the Secondary the
 * network side pushes received chunks and the restore worker takes them. The blocking side
 * waits on a condition variable (backpressure: a full queue stalls the producer, an empty
 * one the consumer); the event-loop side uses tryPush()/tryPop() and gets a notifier call
 * (from the other thread) when there is something to do. close() marks the end of the
 * stream; abort(Error) wakes both sides with the error. Thread-safe.
 */
#include "util/Result.h"

#include <QByteArray>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

namespace st {

class ChunkQueue {
public:
    explicit ChunkQueue(size_t maxBytes) : m_maxBytes(maxBytes) {}

    /** Called (from the thread that changed the queue) after a push, a pop, close or abort. */
    void setNotifier(std::function<void()> notifier)
    {
        std::lock_guard lock(m_mutex);
        m_notifier = std::move(notifier);
    }

    /** Blocks while the queue is full. Fails if aborted. */
    Status push(QByteArray chunk)
    {
        std::function<void()> notify;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [&] { return m_aborted || m_bytes < m_maxBytes; });
            if (m_aborted)
                return m_error;
            m_bytes += static_cast<size_t>(chunk.size());
            m_chunks.push_back(std::move(chunk));
            notify = m_notifier;
        }
        m_cv.notify_all();
        if (notify)
            notify();
        return {};
    }

    /** Non-blocking push; false when full (the caller waits for the notifier). */
    bool tryPush(QByteArray &chunk)
    {
        std::function<void()> notify;
        {
            std::lock_guard lock(m_mutex);
            if (m_aborted || m_closed || m_bytes >= m_maxBytes)
                return false;
            m_bytes += static_cast<size_t>(chunk.size());
            m_chunks.push_back(std::move(chunk));
            notify = m_notifier;
        }
        m_cv.notify_all();
        if (notify)
            notify();
        return true;
    }

    /** Blocks while empty. Empty optional = end of stream. Fails if aborted. */
    Result<std::optional<QByteArray>> pop()
    {
        std::function<void()> notify;
        QByteArray chunk;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [&] { return m_aborted || m_closed || !m_chunks.empty(); });
            if (m_aborted)
                return m_error;
            if (m_chunks.empty())
                return std::optional<QByteArray>();
            chunk = std::move(m_chunks.front());
            m_chunks.pop_front();
            m_bytes -= static_cast<size_t>(chunk.size());
            notify = m_notifier;
        }
        m_cv.notify_all();
        if (notify)
            notify();
        return std::optional<QByteArray>(std::move(chunk));
    }

    enum class TryPop { Chunk, Empty, Closed, Aborted };
    /** Non-blocking pop. */
    TryPop tryPop(QByteArray &out)
    {
        std::function<void()> notify;
        {
            std::lock_guard lock(m_mutex);
            if (m_aborted)
                return TryPop::Aborted;
            if (m_chunks.empty())
                return m_closed ? TryPop::Closed : TryPop::Empty;
            out = std::move(m_chunks.front());
            m_chunks.pop_front();
            m_bytes -= static_cast<size_t>(out.size());
            notify = m_notifier;
        }
        m_cv.notify_all();
        if (notify)
            notify();
        return TryPop::Chunk;
    }

    void close()
    {
        std::function<void()> notify;
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
            notify = m_notifier;
        }
        m_cv.notify_all();
        if (notify)
            notify();
    }

    void abort(Error error)
    {
        std::function<void()> notify;
        {
            std::lock_guard lock(m_mutex);
            if (m_aborted)
                return;
            m_aborted = true;
            m_error = std::move(error);
            m_chunks.clear();
            m_bytes = 0;
            notify = m_notifier;
        }
        m_cv.notify_all();
        if (notify)
            notify();
    }

    bool hasRoom() const
    {
        std::lock_guard lock(m_mutex);
        return m_bytes < m_maxBytes;
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<QByteArray> m_chunks;
    std::function<void()> m_notifier;
    size_t m_maxBytes;
    size_t m_bytes = 0;
    bool m_closed = false;
    bool m_aborted = false;
    Error m_error;
};


}  // namespace st
