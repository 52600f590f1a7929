// SPDX-License-Identifier: GPL-3.0-or-later
// The clone's four stages from the job's progress, without widgets.
#include "config/CloneStages.h"

#include <catch2/catch.hpp>

using namespace st;
using State = CloneStage::State;

namespace {
JobProgress progress(const char *stage, qint64 done = 0, qint64 total = 0)
{
    JobProgress p;
    p.stage = QString::fromLatin1(stage);
    p.bytesDone = done;
    p.bytesTotal = total;
    return p;
}
}  // namespace

TEST_CASE("clone stages follow the job from snapshot to restore", "[ui][clone]")
{
    CloneStages s;
    for (const CloneStage &stage : s.stages())
        CHECK(stage.state == State::Pending);

    s.onLocal(progress("scan"));
    CHECK(s.stage(QStringLiteral("snapshot")).state == State::Running);
    CHECK(s.stage(QStringLiteral("snapshot")).fraction < 0);  // amount unknown: busy bar
    s.onLocal(progress("snapshot"));
    CHECK(s.stage(QStringLiteral("snapshot")).activity == QStringLiteral("snapshot"));

    s.onLocal(progress("transfer", 25, 100));
    CHECK(s.stage(QStringLiteral("snapshot")).state == State::Done);
    CHECK(s.stage(QStringLiteral("backup")).state == State::Running);
    CHECK(s.stage(QStringLiteral("backup")).fraction == Approx(0.25));

    // The Secondary receives while the Primary still reads: both bars move.
    s.onRemote(progress("receive", 10, 100));
    CHECK(s.stage(QStringLiteral("backup")).state == State::Running);
    CHECK(s.stage(QStringLiteral("transfer")).state == State::Running);
    CHECK(s.stage(QStringLiteral("transfer")).fraction == Approx(0.10));

    s.onLocal(progress("remote"));
    CHECK(s.stage(QStringLiteral("backup")).state == State::Done);
    s.onRemote(progress("verify", 50, 100));
    CHECK(s.stage(QStringLiteral("transfer")).state == State::Done);
    CHECK(s.stage(QStringLiteral("restore")).fraction == Approx(0.25));
    s.onRemote(progress("apply", 50, 100));
    CHECK(s.stage(QStringLiteral("restore")).fraction == Approx(0.75));

    s.onFinished(true, false);
    for (const CloneStage &stage : s.stages()) {
        CHECK(stage.state == State::Done);
        CHECK(stage.fraction == 1.0);
    }
}

TEST_CASE("clone stages: a failure marks what was running, a cancel says cancelled", "[ui][clone]")
{
    CloneStages failed;
    failed.onLocal(progress("transfer", 5, 100));
    failed.onRemote(progress("receive", 1, 100));
    failed.onFinished(false, false);
    CHECK(failed.stage(QStringLiteral("snapshot")).state == State::Done);
    CHECK(failed.stage(QStringLiteral("backup")).state == State::Failed);
    CHECK(failed.stage(QStringLiteral("transfer")).state == State::Failed);
    CHECK(failed.stage(QStringLiteral("restore")).state == State::Pending);

    CloneStages cancelled;
    cancelled.onLocal(progress("scan"));
    cancelled.onFinished(false, true);
    CHECK(cancelled.stage(QStringLiteral("snapshot")).state == State::Cancelled);
    CHECK(cancelled.stage(QStringLiteral("backup")).state == State::Pending);

    // Failed before anything reported progress (e.g. the scan failed at once).
    CloneStages early;
    early.onFinished(false, false);
    CHECK(early.stage(QStringLiteral("snapshot")).state == State::Failed);

    early.reset();
    CHECK(early.stage(QStringLiteral("snapshot")).state == State::Pending);
}
