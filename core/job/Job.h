// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The one job contract (after KDE's KJob): start(), cooperative cancel(), typed
 * progress, and a result emitted exactly once.
 *
 * start() returns at once; the work begins from the event loop. cancel() asks the job to
 * stop at its next safe point; the job then finishes with ErrorCode::Cancelled (or with its
 * real result if it was already done). finished() is emitted exactly once, after which the
 * job does nothing more. Progress is typed (bytes, files, current item, throughput, ETA)
 * and rate-limited by the job. A Job lives in one thread (usually the GUI or main thread);
 * its heavy work runs on worker threads it owns and joins.
 */
#include "util/Result.h"
#include "util/Stage.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

namespace st {

struct JobProgress {
    Stage stage = Stage::Scan;
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;  // 0 = unknown
    qint64 filesDone = 0;
    qint64 filesTotal = 0;
    QString currentItem;    // display form of the current path
    double bytesPerSecond = 0;
    qint64 etaSeconds = -1; // -1 = unknown
};

/** Throughput over a sliding window and the ETA that follows from it. */
class RateMeter {
public:
    void reset();
    /** Feed the running total; returns bytes per second over the last few seconds. */
    double sample(qint64 bytesDone);
    static qint64 eta(qint64 done, qint64 total, double rate);

private:
    QElapsedTimer m_clock;
    QList<QPair<qint64, qint64>> m_samples;  // (ms, bytes)
};

struct ProgressCounters;

/** A JobProgress from worker counters, with throughput and ETA from @p meter. */
JobProgress sampleProgress(Stage stage, const ProgressCounters &counters, RateMeter &meter);

class Job : public QObject {
    Q_OBJECT
public:
    explicit Job(QObject *parent = nullptr);
    ~Job() override;

    void start();
    void cancel();
    bool isRunning() const { return m_started && !m_finished; }
    bool isFinished() const { return m_finished; }
    bool isCancelRequested() const { return m_cancelRequested; }
    /** Valid after finished(). */
    const Status &result() const { return m_result; }

Q_SIGNALS:
    void progress(const st::JobProgress &progress);
    void logMessage(const QString &line);
    void finished(const st::Status &result);

protected:
    virtual void doStart() = 0;
    /** Ask the running work to stop; the job still calls emitResult() when it has stopped. */
    virtual void doCancel() = 0;
    /** Finishes the job. Later calls are ignored (exactly-once). */
    void emitResult(const Status &result);

private:
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelRequested = false;
    Status m_result;
};

}  // namespace st

Q_DECLARE_METATYPE(st::JobProgress)
