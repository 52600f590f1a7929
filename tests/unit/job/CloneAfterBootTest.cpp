// SPDX-License-Identifier: GPL-3.0-or-later
// What RebootJob does about a clone staged for the boot it waited for (judgeClonesAfterBoot).
#include "job/CloneAfterBoot.h"
#include "support/CatchQt.h"

#include <catch2/catch.hpp>

using namespace st;

namespace {
msg::StagedClone clone(const char *phase, const char *error = "")
{
    msg::StagedClone c;
    c.cloneId = QStringLiteral("c1");
    c.sourceHost = QStringLiteral("primary");
    c.phase = QString::fromLatin1(phase);
    c.error = QString::fromLatin1(error);
    return c;
}
const Status healthy;
const Status unhealthy = makeError(ErrorCode::Verify, QStringLiteral("these units failed after the reboot: nginx.service"));
}  // namespace

TEST_CASE("a clone applied at this boot is confirmed when the Secondary is healthy, and only then")
{
    const CloneVerdict v = judgeClonesAfterBoot({clone("staged")}, {clone("applied")}, healthy, false, true, true);
    CHECK(v.action == CloneVerdict::Action::Confirm);
    CHECK(v.clones == QStringList{QStringLiteral("c1")});

    const CloneVerdict kept = judgeClonesAfterBoot({clone("staged")}, {clone("applied")}, healthy, false, false, true);
    CHECK(kept.action == CloneVerdict::Action::Finish);
    CHECK(kept.result.ok());
    CHECK(kept.notes.join(QString()).contains(QStringLiteral("not confirmed")));
    CHECK(kept.clones == QStringList{QStringLiteral("c1")});  // left for the engineer to confirm or roll back
}

TEST_CASE("an unhealthy Secondary after the clone is rolled back, or fails when rollback is off")
{
    const CloneVerdict v = judgeClonesAfterBoot({clone("staged")}, {clone("applied")}, unhealthy, false, true, true);
    CHECK(v.action == CloneVerdict::Action::RollBack);
    CHECK(v.clones == QStringList{QStringLiteral("c1")});
    CHECK(!v.result.ok());

    const CloneVerdict off = judgeClonesAfterBoot({clone("staged")}, {clone("applied")}, unhealthy, false, true, false);
    CHECK(off.action == CloneVerdict::Action::Finish);
    REQUIRE(!off.result.ok());
    CHECK(off.result.error().message.contains(QStringLiteral("nginx.service")));
    CHECK(off.result.error().message.contains(QStringLiteral("not confirmed")));
}

TEST_CASE("an apply that failed at boot, a clone left staged and a failed rollback each fail the reboot with what to do")
{
    const CloneVerdict rolled = judgeClonesAfterBoot({clone("staged")}, {clone("rolled-back", "staged file lost")}, healthy, false, true, true);
    REQUIRE(!rolled.result.ok());
    CHECK(rolled.result.error().message.contains(QStringLiteral("could not be applied at boot and was rolled back")));
    CHECK(rolled.result.error().message.contains(QStringLiteral("staged file lost")));

    const CloneVerdict stillStaged = judgeClonesAfterBoot({clone("staged")}, {clone("staged")}, healthy, false, true, true);
    REQUIRE(!stillStaged.result.ok());
    CHECK(stillStaged.result.error().message.contains(QStringLiteral("servertwin-apply")));

    const CloneVerdict failed = judgeClonesAfterBoot({clone("applied")}, {clone("failed", "EIO")}, healthy, true, true, true);
    REQUIRE(!failed.result.ok());
    CHECK(failed.result.error().message.contains(QStringLiteral("did not complete")));

    // A rollback left over from an earlier cycle is not this boot's failure.
    const CloneVerdict old = judgeClonesAfterBoot({clone("rolled-back", "old")}, {clone("rolled-back", "old")}, healthy, false, true, true);
    CHECK(old.result.ok());
    CHECK(old.action == CloneVerdict::Action::Finish);
}

TEST_CASE("after a requested rollback every clone must be rolled back")
{
    const CloneVerdict ok = judgeClonesAfterBoot({clone("applied")}, {clone("rolled-back")}, healthy, true, true, true);
    CHECK(ok.result.ok());
    CHECK(ok.notes.join(QString()).contains(QStringLiteral("rolled back")));
    const CloneVerdict notYet = judgeClonesAfterBoot({clone("applied")}, {clone("applied")}, healthy, true, true, true);
    CHECK(!notYet.result.ok());
}
