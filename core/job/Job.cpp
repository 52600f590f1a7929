// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/Job.h"

#include "util/ProgressCounters.h"
#include "util/RawPath.h"

#include <QTimer>

namespace st {

void RateMeter::reset()
{
    m_clock.start();
    m_samples.clear();
}

double RateMeter::sample(qint64 bytesDone)
{
    if (!m_clock.isValid())
        m_clock.start();
    const qint64 now = m_clock.elapsed();
    m_samples.append({now, bytesDone});
    while (m_samples.size() > 2 && now - m_samples.first().first > 5000)
        m_samples.removeFirst();
    const auto &first = m_samples.first();
    const qint64 dt = now - first.first;
    if (dt < 200)
        return 0;
    return static_cast<double>(bytesDone - first.second) * 1000.0 / static_cast<double>(dt);
}

qint64 RateMeter::eta(qint64 done, qint64 total, double rate)
{
    if (total <= 0 || rate <= 1)
        return -1;
    return static_cast<qint64>(static_cast<double>(std::max<qint64>(0, total - done)) / rate);
}

JobProgress sampleProgress(Stage stage, const ProgressCounters &counters, RateMeter &meter)
{
    JobProgress p;
    p.stage = stage;
    p.filesDone = counters.filesDone;
    p.filesTotal = counters.filesTotal;
    p.bytesDone = counters.bytesDone;
    p.bytesTotal = counters.bytesTotal;
    p.currentItem = displayPath(counters.current());
    p.bytesPerSecond = meter.sample(p.bytesDone);
    p.etaSeconds = RateMeter::eta(p.bytesDone, p.bytesTotal, p.bytesPerSecond);
    return p;
}

Job::Job(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<st::JobProgress>();
    qRegisterMetaType<st::Status>();
}

Job::~Job() = default;

void Job::start()
{
    if (m_started)
        return;
    m_started = true;
    QTimer::singleShot(0, this, [this] {
        if (m_cancelRequested) {
            emitResult(makeError(ErrorCode::Cancelled, QStringLiteral("cancelled before it started")));
            return;
        }
        doStart();
    });
}

void Job::cancel()
{
    if (m_finished || m_cancelRequested)
        return;
    m_cancelRequested = true;
    if (m_started)
        doCancel();
}

void Job::emitResult(const Status &result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result = result;
    Q_EMIT finished(m_result);
}

}  // namespace st
