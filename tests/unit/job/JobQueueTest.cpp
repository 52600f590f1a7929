// SPDX-License-Identifier: GPL-3.0-or-later
// JobQueue (after Calamares' JobQueue): jobs in order, weighted overall progress, later steps
// skipped after a failure or a cancel, cleanup jobs always run, one result.
#include "job/JobQueue.h"

#include "support/CatchQt.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace st;

namespace {
/** A job that reports `steps` progress events (bytes i/steps) from the event loop, then
 * finishes with `result`; it records the order it ran in and whether it was cancelled. */
class StepJob : public Job {
public:
    StepJob(QStringList *log, QString name, int steps, Status result = {})
        : m_log(log), m_name(std::move(name)), m_steps(steps), m_result(std::move(result))
    {
    }
    bool cancelled = false;
    bool hold = false;  // stay running after the last step until cancelled

protected:
    void doStart() override
    {
        m_log->append(m_name);
        tick();
    }
    void doCancel() override
    {
        cancelled = true;
        QTimer::singleShot(0, this, [this] { emitResult(makeError(ErrorCode::Cancelled, m_name + QStringLiteral(" stopped"))); });
    }

private:
    void tick()
    {
        if (isFinished() || cancelled)
            return;
        if (m_done < m_steps) {
            ++m_done;
            JobProgress p;
            p.stage = Stage::Transfer;
            p.bytesDone = m_done;
            p.bytesTotal = m_steps;
            Q_EMIT progress(p);
            QTimer::singleShot(1, this, [this] { tick(); });
            return;
        }
        if (!hold)
            emitResult(m_result);
    }
    QStringList *m_log;
    QString m_name;
    int m_steps;
    int m_done = 0;
    Status m_result;
};

Status failure(const QString &what) { return makeError(ErrorCode::Io, what); }
}  // namespace

TEST_CASE("a job queue runs its jobs in order and succeeds once, with overall progress ending at 1")
{
    QStringList log;
    JobQueue q;
    REQUIRE(q.add(new StepJob(&log, QStringLiteral("clone"), 4), QStringLiteral("clone"), 3).ok());
    REQUIRE(q.add(new StepJob(&log, QStringLiteral("reboot"), 2), QStringLiteral("reboot"), 1).ok());
    QList<double> fractions;
    QObject::connect(&q, &JobQueue::overallProgress, &q, [&](double f, int, const QString &) { fractions.append(f); });
    QSignalSpy started(&q, &JobQueue::jobStarted);
    QSignalSpy done(&q, &Job::finished);
    q.start();
    REQUIRE(done.wait(5000));
    QTest::qWait(20);
    CHECK(done.count() == 1);
    CHECK(q.result().ok());
    CHECK(log == QStringList{QStringLiteral("clone"), QStringLiteral("reboot")});
    REQUIRE(started.count() == 2);
    CHECK(started.at(1).at(1).toString() == QStringLiteral("reboot"));
    CHECK(q.entry(0).state == JobQueue::State::Succeeded);
    CHECK(q.entry(1).state == JobQueue::State::Succeeded);
    // Weighted: clone is 3/4 of the whole. Its half is 3/8; its end 3/4; monotonic; ends at 1.
    REQUIRE_FALSE(fractions.isEmpty());
    CHECK(fractions.contains(0.375));
    CHECK(fractions.contains(0.75));
    CHECK(fractions.last() == 1.0);
    CHECK(std::is_sorted(fractions.begin(), fractions.end()));
    // Nothing can be added once it ran.
    StepJob late(&log, QStringLiteral("late"), 1);
    CHECK_FALSE(q.add(&late, QStringLiteral("late")).ok());
}

TEST_CASE("after a failed step the later steps are skipped, cleanup still runs, and the step's error is the result")
{
    QStringList log;
    JobQueue q;
    REQUIRE(q.add(new StepJob(&log, QStringLiteral("a"), 1), QStringLiteral("a")).ok());
    REQUIRE(q.add(new StepJob(&log, QStringLiteral("b"), 1, failure(QStringLiteral("disk full"))), QStringLiteral("b")).ok());
    REQUIRE(q.add(new StepJob(&log, QStringLiteral("c"), 1), QStringLiteral("c")).ok());
    REQUIRE(q.add(new StepJob(&log, QStringLiteral("thaw"), 1), QStringLiteral("thaw"), 0, JobQueue::Kind::Cleanup).ok());
    REQUIRE(q.add(new StepJob(&log, QStringLiteral("d"), 1), QStringLiteral("d")).ok());
    QSignalSpy skipped(&q, &JobQueue::jobSkipped);
    QSignalSpy done(&q, &Job::finished);
    q.start();
    REQUIRE(done.wait(5000));
    CHECK(log == QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("thaw")});
    CHECK(skipped.count() == 2);
    CHECK(q.entry(2).state == JobQueue::State::Skipped);
    CHECK(q.entry(3).state == JobQueue::State::Succeeded);
    CHECK(q.entry(4).state == JobQueue::State::Skipped);
    REQUIRE_FALSE(q.result().ok());
    CHECK(q.result().error().code == ErrorCode::Io);
    CHECK(q.result().error().message == QStringLiteral("b: disk full"));
    CHECK(q.overallFraction() == 1.0);
}

TEST_CASE("cancel stops the running step, skips the rest, runs cleanup uncancelled, and finishes cancelled")
{
    QStringList log;
    JobQueue q;
    auto *clone = new StepJob(&log, QStringLiteral("clone"), 2);
    clone->hold = true;
    auto *cleanup = new StepJob(&log, QStringLiteral("cleanup"), 3);
    REQUIRE(q.add(clone, QStringLiteral("clone")).ok());
    REQUIRE(q.add(new StepJob(&log, QStringLiteral("reboot"), 1), QStringLiteral("reboot")).ok());
    REQUIRE(q.add(cleanup, QStringLiteral("cleanup"), 1, JobQueue::Kind::Cleanup).ok());
    QSignalSpy done(&q, &Job::finished);
    q.start();
    QTimer::singleShot(30, &q, [&] { q.cancel(); });
    REQUIRE(done.wait(5000));
    CHECK(clone->cancelled);
    CHECK_FALSE(cleanup->cancelled);
    CHECK(log == QStringList{QStringLiteral("clone"), QStringLiteral("cleanup")});
    CHECK(q.entry(0).state == JobQueue::State::Failed);
    CHECK(q.entry(1).state == JobQueue::State::Skipped);
    CHECK(q.entry(2).state == JobQueue::State::Succeeded);
    REQUIRE_FALSE(q.result().ok());
    CHECK(q.result().error().code == ErrorCode::Cancelled);
    QTest::qWait(20);
    CHECK(done.count() == 1);
}

TEST_CASE("a cancel that arrives while cleanup runs lets the cleanup finish")
{
    QStringList log;
    JobQueue q;
    auto *cleanup = new StepJob(&log, QStringLiteral("cleanup"), 5);
    REQUIRE(q.add(new StepJob(&log, QStringLiteral("a"), 1, failure(QStringLiteral("lost"))), QStringLiteral("a")).ok());
    REQUIRE(q.add(cleanup, QStringLiteral("cleanup"), 1, JobQueue::Kind::Cleanup).ok());
    QSignalSpy started(&q, &JobQueue::jobStarted);
    QSignalSpy done(&q, &Job::finished);
    QObject::connect(&q, &JobQueue::jobStarted, &q, [&](int, const QString &name) {
        if (name == QStringLiteral("cleanup"))
            q.cancel();
    });
    q.start();
    REQUIRE(done.wait(5000));
    CHECK_FALSE(cleanup->cancelled);
    CHECK(q.entry(1).state == JobQueue::State::Succeeded);
    // The step's failure came first and is the result.
    CHECK(q.result().error().code == ErrorCode::Io);
}

TEST_CASE("a failed cleanup after successful steps is the queue's result")
{
    QStringList log;
    JobQueue q;
    REQUIRE(q.add(new StepJob(&log, QStringLiteral("a"), 1), QStringLiteral("a")).ok());
    REQUIRE(q.add(new StepJob(&log, QStringLiteral("unmount"), 1, failure(QStringLiteral("busy"))), QStringLiteral("unmount"), 1,
                  JobQueue::Kind::Cleanup).ok());
    QSignalSpy done(&q, &Job::finished);
    q.start();
    REQUIRE(done.wait(5000));
    REQUIRE_FALSE(q.result().ok());
    CHECK(q.result().error().message == QStringLiteral("unmount: busy"));
}

TEST_CASE("an empty job queue succeeds, and a null job or a negative weight is refused")
{
    JobQueue q;
    CHECK_FALSE(q.add(nullptr, QStringLiteral("none")).ok());
    QStringList log;
    StepJob refused(&log, QStringLiteral("x"), 1);
    CHECK_FALSE(q.add(&refused, QStringLiteral("x"), -1).ok());
    CHECK(refused.parent() == nullptr);
    QSignalSpy done(&q, &Job::finished);
    q.start();
    REQUIRE(done.wait(2000));
    CHECK(q.result().ok());
    CHECK(q.count() == 0);
}
