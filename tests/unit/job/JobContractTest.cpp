// SPDX-License-Identifier: GPL-3.0-or-later
// The KJob-like contract: start() is asynchronous, finished() fires exactly once, cancel()
// before the work starts finishes with Cancelled.
#include "job/Job.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <catch2/catch.hpp>

using namespace st;

namespace {
class TwiceJob : public Job {
public:
    int starts = 0;
    int cancels = 0;

protected:
    void doStart() override
    {
        ++starts;
        QTimer::singleShot(0, this, [this] {
            emitResult({});
            emitResult(makeError(ErrorCode::Internal, QStringLiteral("second result must be ignored")));
        });
    }
    void doCancel() override { ++cancels; }
};
}  // namespace

TEST_CASE("finished is emitted exactly once and start() does not run the work synchronously")
{
    TwiceJob job;
    QSignalSpy spy(&job, &Job::finished);
    job.start();
    job.start();
    CHECK(job.starts == 0);  // asynchronous
    CHECK(spy.wait(2000));
    QTest::qWait(50);
    CHECK(spy.count() == 1);
    CHECK(job.starts == 1);
    CHECK(job.result().ok());
    CHECK(job.isFinished());
    job.cancel();  // after the end: nothing happens
    CHECK(job.cancels == 0);
}

TEST_CASE("cancel before the job runs finishes it as cancelled without starting the work")
{
    TwiceJob job;
    QSignalSpy spy(&job, &Job::finished);
    job.start();
    job.cancel();
    REQUIRE(spy.wait(2000));
    CHECK(spy.count() == 1);
    CHECK(job.starts == 0);
    REQUIRE_FALSE(job.result().ok());
    CHECK(job.result().error().code == ErrorCode::Cancelled);
}

TEST_CASE("rate meter and ETA")
{
    CHECK(RateMeter::eta(50, 100, 10) == 5);
    CHECK(RateMeter::eta(50, 0, 10) == -1);
    CHECK(RateMeter::eta(50, 100, 0) == -1);
    RateMeter meter;
    meter.reset();
    CHECK(meter.sample(0) == 0);
    QTest::qWait(300);
    const double rate = meter.sample(3000);
    CHECK(rate > 1000);
    CHECK(rate < 20000);
}
