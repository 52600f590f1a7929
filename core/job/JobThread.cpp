// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/JobThread.h"

#ifdef Q_OS_LINUX
#include <algorithm>
#include <cerrno>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace st {

namespace {
/** Lowers the calling thread's CPU priority; threads it creates later inherit it. */
void lowerThisThreadsPriority()
{
#ifdef Q_OS_LINUX
    // On Linux nice is per thread (PRIO_PROCESS with a thread id) and copied into new threads.
    const id_t tid = static_cast<id_t>(gettid());
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, tid);
    if (errno == 0)
        (void)setpriority(PRIO_PROCESS, tid, std::min(current + 10, 19));
#else
    QThread::currentThread()->setPriority(QThread::LowPriority);
#endif
}
}  // namespace

JobThread::JobThread(QObject *parent)
    : QObject(parent)
{
}

JobThread::~JobThread()
{
    if (!m_thread)
        return;
    cancel();
    m_thread->wait();  // the job finishes after its cancel; its thread then ends by itself
}

bool JobThread::start(Factory factory, Hook onCreated, Hook onFinished)
{
    if (m_running)
        return false;
    if (m_thread)
        m_thread->wait();  // the previous job's thread has finished() already; join it
    m_running = true;
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("job"));
    m_anchor = new QObject;
    m_anchor->moveToThread(m_thread.get());
    QThread *thread = m_thread.get();
    QObject *anchor = m_anchor;
    connect(thread, &QThread::finished, anchor, &QObject::deleteLater);
    // `this` outlives the thread: the destructor waits for it.
    QMetaObject::invokeMethod(anchor, [factory = std::move(factory), onCreated = std::move(onCreated),
                                       onFinished = std::move(onFinished), thread, anchor, this] {
        lowerThisThreadsPriority();
        Job *job = factory();
        job->setParent(anchor);  // deleted with the anchor when the thread ends, at the latest
        if (onCreated)
            onCreated(job);
        // Connection order matters: onFinished runs (directly, here) before the queued
        // re-emission reaches the owner's thread.
        connect(job, &Job::finished, job, [job, onFinished, thread](const Status &) {
            if (onFinished)
                onFinished(job);
            job->deleteLater();
            thread->quit();
        });
        connect(job, &Job::progress, this, &JobThread::progress);
        connect(job, &Job::logMessage, this, &JobThread::logMessage);
        connect(job, &Job::finished, this, &JobThread::onJobFinished);
        job->start();
    }, Qt::QueuedConnection);
    m_thread->start();
    return true;
}

void JobThread::cancel()
{
    if (!m_running || !m_anchor)
        return;
    // The job may not exist yet (the factory has not run): cancel it as soon as it does by
    // queueing behind the factory call on the job's thread.
    QMetaObject::invokeMethod(m_anchor, [anchor = m_anchor] {
        for (Job *job : anchor->findChildren<Job *>(Qt::FindDirectChildrenOnly))
            job->cancel();
    }, Qt::QueuedConnection);
}

void JobThread::onJobFinished(const Status &result)
{
    m_running = false;  // the thread ends on its own; start() and the destructor join it
    Q_EMIT finished(result);
}

}  // namespace st
