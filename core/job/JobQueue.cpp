// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/JobQueue.h"

#include <algorithm>

namespace st {

namespace {
double fractionOf(const JobProgress &p)
{
    if (p.bytesTotal > 0)
        return std::clamp(static_cast<double>(p.bytesDone) / static_cast<double>(p.bytesTotal), 0.0, 1.0);
    if (p.filesTotal > 0)
        return std::clamp(static_cast<double>(p.filesDone) / static_cast<double>(p.filesTotal), 0.0, 1.0);
    return 0;
}
}  // namespace

JobQueue::JobQueue(QObject *parent) : Job(parent) {}

JobQueue::~JobQueue() = default;

Status JobQueue::add(Job *job, const QString &name, double weight, Kind kind)
{
    if (job == nullptr)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("job queue: no job given for \"%1\"").arg(name));
    if (isRunning() || isFinished())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("job queue: \"%1\" added after the queue started").arg(name));
    if (!(weight >= 0))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("job queue: \"%1\" has a negative weight").arg(name));
    job->setParent(this);
    Slot slot;
    slot.job = job;
    slot.info.name = name;
    slot.info.weight = weight;
    slot.info.kind = kind;
    const int index = static_cast<int>(m_entries.size());
    m_entries.append(slot);
    connect(job, &Job::progress, this, [this, index](const JobProgress &p) { onProgress(index, p); });
    connect(job, &Job::logMessage, this, &Job::logMessage);
    connect(job, &Job::finished, this, [this, index](const Status &r) { onFinished(index, r); });
    return {};
}

double JobQueue::overallFraction() const
{
    double total = 0, done = 0;
    for (const Slot &s : m_entries) {
        total += s.info.weight;
        done += s.info.weight * s.info.fraction;
    }
    return total > 0 ? std::clamp(done / total, 0.0, 1.0) : (isFinished() ? 1.0 : 0.0);
}

void JobQueue::doStart()
{
    runNext();
}

void JobQueue::doCancel()
{
    m_cancelled = true;
    m_failed = true;
    // A running step stops at its next safe point; a running cleanup is left to finish.
    if (m_current >= 0 && m_current < m_entries.size() && m_entries[m_current].info.kind == Kind::Step)
        m_entries[m_current].job->cancel();
}

void JobQueue::runNext()
{
    while (++m_current < m_entries.size()) {
        Slot &s = m_entries[m_current];
        if (m_failed && s.info.kind == Kind::Step) {
            s.info.state = State::Skipped;
            s.info.fraction = 1;
            Q_EMIT jobSkipped(m_current, s.info.name);
            Q_EMIT overallProgress(overallFraction(), m_current, s.info.name);
            continue;
        }
        s.info.state = State::Running;
        Q_EMIT jobStarted(m_current, s.info.name);
        s.job->start();
        return;  // onFinished() goes on
    }
    finishQueue();
}

void JobQueue::onProgress(int index, const JobProgress &p)
{
    Slot &s = m_entries[index];
    if (s.info.state != State::Running)
        return;
    s.info.fraction = std::max(s.info.fraction, fractionOf(p));
    Q_EMIT progress(p);
    Q_EMIT overallProgress(overallFraction(), index, s.info.name);
}

void JobQueue::onFinished(int index, const Status &result)
{
    Slot &s = m_entries[index];
    if (index != m_current || s.info.state != State::Running)
        return;
    s.info.state = result.ok() ? State::Succeeded : State::Failed;
    s.info.result = result;
    s.info.fraction = 1;
    Q_EMIT jobFinished(index, s.info.name, result);
    Q_EMIT overallProgress(overallFraction(), index, s.info.name);
    if (!result.ok()) {
        std::optional<Error> &first = s.info.kind == Kind::Step ? m_stepError : m_cleanupError;
        if (!first)
            first = result.error().withContext(s.info.name);
        if (s.info.kind == Kind::Step)
            m_failed = true;
    }
    runNext();
}

void JobQueue::finishQueue()
{
    if (m_stepError)
        emitResult(*m_stepError);
    else if (m_cancelled)
        emitResult(makeError(ErrorCode::Cancelled, QStringLiteral("cancelled")));
    else if (m_cleanupError)
        emitResult(*m_cleanupError);
    else
        emitResult({});
}

}  // namespace st
