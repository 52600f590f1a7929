// SPDX-License-Identifier: GPL-3.0-or-later
// The clone's four stages from the job's progress, without widgets.
#include "config/CloneStages.h"

#include <catch2/catch.hpp>

using namespace st;
using State = CloneStage::State;

namespace {
JobProgress progress(Stage stage, qint64 done = 0, qint64 total = 0)
{
    JobProgress p;
    p.stage = stage;
    p.bytesDone = done;
    p.bytesTotal = total;
    return p;
}
}  // namespace

TEST_CASE("clone stages follow the job from snapshot to restore", "[ui][clone]")
{
    CloneStages s;
    for (const CloneStage &stage : s.stages()) {
        CHECK(stage.state == State::Pending);
        CHECK_FALSE(stage.activity.has_value());
    }

    s.onLocal(progress(Stage::Scan));
    CHECK(s.stage(QStringLiteral("snapshot")).state == State::Running);
    CHECK(s.stage(QStringLiteral("snapshot")).fraction < 0);  // amount unknown: busy bar
    s.onLocal(progress(Stage::Snapshot));
    CHECK(s.stage(QStringLiteral("snapshot")).activity == Stage::Snapshot);

    s.onLocal(progress(Stage::Transfer, 25, 100));
    CHECK(s.stage(QStringLiteral("snapshot")).state == State::Done);
    CHECK(s.stage(QStringLiteral("backup")).state == State::Running);
    CHECK(s.stage(QStringLiteral("backup")).fraction == Approx(0.25));

    // The Secondary receives while the Primary still reads: both bars move.
    s.onRemote(progress(Stage::Receive, 10, 100));
    CHECK(s.stage(QStringLiteral("backup")).state == State::Running);
    CHECK(s.stage(QStringLiteral("transfer")).state == State::Running);
    CHECK(s.stage(QStringLiteral("transfer")).fraction == Approx(0.10));

    s.onLocal(progress(Stage::Remote));
    CHECK(s.stage(QStringLiteral("backup")).state == State::Done);
    s.onRemote(progress(Stage::Verify, 50, 100));
    CHECK(s.stage(QStringLiteral("transfer")).state == State::Done);
    CHECK(s.stage(QStringLiteral("restore")).fraction == Approx(0.25));
    s.onRemote(progress(Stage::Apply, 50, 100));
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
    failed.onLocal(progress(Stage::Transfer, 5, 100));
    failed.onRemote(progress(Stage::Receive, 1, 100));
    failed.onFinished(false, false);
    CHECK(failed.stage(QStringLiteral("snapshot")).state == State::Done);
    CHECK(failed.stage(QStringLiteral("backup")).state == State::Failed);
    CHECK(failed.stage(QStringLiteral("transfer")).state == State::Failed);
    CHECK(failed.stage(QStringLiteral("restore")).state == State::Pending);

    CloneStages cancelled;
    cancelled.onLocal(progress(Stage::Scan));
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
