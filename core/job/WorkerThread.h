// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Runs one blocking function on its own QThread and hands the result back to the
 * owner's thread through a queued call.
 *
 * The function must return on its own (cancellation goes through a CancelToken it polls);
 * the thread is never terminated. The destructor waits for the thread, so the owner must
 * cancel first. Owned and used by one thread (the job's).
 */
#include <QObject>
#include <QThread>

#include <openssl/crypto.h>

#include <functional>
#include <optional>
#include <memory>

namespace st {

class WorkerThread {
public:
    WorkerThread() = default;
    ~WorkerThread() { wait(); }
    WorkerThread(const WorkerThread &) = delete;
    WorkerThread &operator=(const WorkerThread &) = delete;

    /** Runs @p work on a new thread; @p done runs afterwards in @p context's thread. */
    template <typename R>
    void run(QObject *context, std::function<R()> work, std::function<void(R)> done)
    {
        auto result = std::make_shared<std::optional<R>>();
        m_thread.reset(QThread::create([result, work = std::move(work)] {
            result->emplace(work());
            // Free this thread's OpenSSL state now: QThread::wait() returns before the thread's
            // own exit handlers run, and a process exiting then would free it twice.
            OPENSSL_thread_stop();
        }));
        QObject::connect(m_thread.get(), &QThread::finished, context,
                         [result, done = std::move(done)] { done(std::move(**result)); }, Qt::QueuedConnection);
        m_thread->start();
    }

    bool isRunning() const { return m_thread && m_thread->isRunning(); }
    void wait()
    {
        if (m_thread)
            m_thread->wait();
    }

private:
    std::unique_ptr<QThread> m_thread;
};

}  // namespace st
