// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Runs jobs one after another as one Job (after Calamares' JobQueue): the installation's
 * steps (clone, reboot, and the steps after them) and the cleanup that must follow them.
 *
 * Each queued job has a name, a weight (its share of the overall progress) and a kind. A Step
 * runs only while every job before it succeeded; a Cleanup runs in its place in the order
 * whatever happened before it (a failure or a cancel), and is never cancelled. The queue's
 * result is the first failed step's (ErrorCode::Cancelled after cancel()), else the first failed
 * cleanup's, else success; emitted exactly once, after the last job ran or was skipped.
 *
 * Overall progress is the weighted sum of the jobs' fractions (from bytes, else files, of their
 * progress; never going back within a job); a job that finished or was skipped counts whole, so
 * the overall fraction ends at 1. Owns: the queued jobs (reparented to the queue). Thread: the
 * queue and its jobs live in one thread; everything happens from that thread's event loop.
 */
#include "job/Job.h"

#include <QList>
#include <QString>

#include <optional>

namespace st {

class JobQueue final : public Job {
    Q_OBJECT
public:
    enum class Kind { Step, Cleanup };
    enum class State { Pending, Running, Succeeded, Failed, Skipped };
    struct Entry {
        QString name;
        double weight = 1;
        Kind kind = Kind::Step;
        State state = State::Pending;
        Status result;             // valid for Succeeded and Failed
        double fraction = 0;       // 0..1, never decreasing
    };

    explicit JobQueue(QObject *parent = nullptr);
    ~JobQueue() override;

    /** Queues @p job (the queue takes it); refused once the queue has started. */
    Status add(Job *job, const QString &name, double weight = 1, Kind kind = Kind::Step);
    int count() const { return static_cast<int>(m_entries.size()); }
    const Entry &entry(int index) const { return m_entries.at(index).info; }
    /** 0..1, the weighted sum of the jobs' fractions. */
    double overallFraction() const;

Q_SIGNALS:
    void jobStarted(int index, const QString &name);
    void jobFinished(int index, const QString &name, const st::Status &result);
    /** A job was not run because an earlier job failed or the queue was cancelled. */
    void jobSkipped(int index, const QString &name);
    void overallProgress(double fraction, int index, const QString &name);

protected:
    void doStart() override;
    void doCancel() override;

private:
    struct Slot {
        Job *job = nullptr;
        Entry info;
    };
    void runNext();
    void onProgress(int index, const JobProgress &p);
    void onFinished(int index, const Status &result);
    void finishQueue();

    QList<Slot> m_entries;
    int m_current = -1;
    bool m_failed = false;   // a step failed or the queue was cancelled: later steps are skipped
    bool m_cancelled = false;
    std::optional<Error> m_stepError;     // the first failed step's
    std::optional<Error> m_cleanupError;  // the first failed cleanup's
};

}  // namespace st
