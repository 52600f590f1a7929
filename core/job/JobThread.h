// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Hosts one Job on a thread of its own, so the owner's thread (the wizard's GUI thread)
 * only receives queued progress and never runs the job's socket, timers or hashing.
 *
 * start() runs the factory on the new thread, so the job and everything it creates (timers,
 * sockets, worker threads) belong to that thread; onCreated() then runs there too, to connect
 * the job's own extra signals (queued to receivers in other threads by Qt), and the job is
 * started. progress(), logMessage() and finished() are re-emitted in the owner's thread;
 * onFinished() runs on the job's thread before finished() is delivered, to copy results out.
 * cancel() is forwarded to the job. After finished() the job is deleted on its thread and the
 * thread ends. The destructor cancels a running job and waits for it to finish (jobs finish
 * promptly after cancel; the thread is never terminated). The job's thread runs at a lower
 * CPU priority (Linux: nice +10, inherited by every thread the job starts: readers, zstd
 * workers), so on a loaded Primary the GUI thread still gets the CPU when it needs it.
 * Owned and used by one thread.
 */
#include "job/Job.h"

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>

namespace st {

class JobThread : public QObject {
    Q_OBJECT
public:
    using Factory = std::function<Job *()>;
    using Hook = std::function<void(Job *)>;

    explicit JobThread(QObject *parent = nullptr);
    ~JobThread() override;

    /** Starts a job made by @p factory (on the job's thread). One job at a time: a second
     *  start() while one runs is ignored and returns false. */
    bool start(Factory factory, Hook onCreated = {}, Hook onFinished = {});
    /** Cooperative cancel of the running job; no-op when none runs. */
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(const st::JobProgress &progress);
    void logMessage(const QString &line);
    void finished(const st::Status &result);

private:
    void onJobFinished(const Status &result);

    std::unique_ptr<QThread> m_thread;
    QObject *m_anchor = nullptr;  // lives on m_thread: the context for calls into it
    bool m_running = false;
};

}  // namespace st
