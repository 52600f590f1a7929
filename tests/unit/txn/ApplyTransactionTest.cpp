// SPDX-License-Identifier: GPL-3.0-or-later
// The journaled apply: forward, rollback, commit, and continuing after a power cut at any step
// (a child process that dies at that step, as a cut-off machine would stop; the next run
// happens in the test process, as the next boot would).
#include "TxnFixture.h"
#include "../apply/ApplyTestSupport.h"

#include "restore/StagingArea.h"
#include "restore/txn/PlanFile.h"
#include "util/RawPath.h"

#include "support/CatchQt.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

using namespace st;
using namespace st::test;
using st::txn::ApplyTransaction;
using st::txn::Phase;

namespace {

/** Runs @p work in a child process that dies (power cut) before step @p cutAt of @p direction. */
void cutAt(TxnFixture &f, ApplyTransaction::Direction direction, qsizetype cutAt, bool rollback)
{
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ApplyTransaction t = f.open();
        t.setStepHook([&](ApplyTransaction::Direction d, qsizetype i) {
            if (d == direction && i == cutAt)
                _exit(77);
        });
        if (rollback)
            (void)t.rollback();
        else
            (void)t.apply();
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 77);  // it died at that step, not after
}

/** Moving a whole tree with its owners needs root; without it the test says so and passes. */
bool rootOrWarn()
{
    return st::test::rootOrWarn("restoring owners and moving a whole tree");
}

qsizetype planSize(TxnFixture &f)
{
    auto plan = f.open().loadPlan();
    REQUIRE(plan);
    return plan->steps.size();
}

}  // namespace

TEST_CASE("a journaled apply gives the Primary's tree, keeps the host's files, and a rollback brings the old root back")
{
    if (!rootOrWarn())
        return;
    TxnFixture f;
    ApplyTransaction t = f.stage();
    CHECK(t.state().phase == Phase::Staged);
    CHECK(f.diffFromBefore().isEmpty());  // staging changes nothing

    auto report = t.apply();
    REQUIRE(report);
    CHECK(t.state().phase == Phase::Applied);
    CHECK(t.state().attempts == 1);
    CHECK(f.diffFromExpected() == QStringList());
    // The Primary's directory metadata replaced the Secondary's.
    struct stat etc {};
    REQUIRE(lstat((f.root() + "/etc").constData(), &etc) == 0);
    CHECK((etc.st_mode & 07777) == 0755);
    CHECK(etc.st_mtim.tv_sec == 1700000000);
    // The hard link pair arrived as one inode.
    struct stat a {}, b {};
    REQUIRE(lstat((f.root() + "/usr/bin/first-name").constData(), &a) == 0);
    REQUIRE(lstat((f.root() + "/usr/bin/second-name").constData(), &b) == 0);
    CHECK(a.st_ino == b.st_ino);
    // What was replaced or removed is reported and kept until the clone is confirmed.
    QList<QByteArray> removed;
    for (const RemovedPath &r : report->removed)
        removed.append(r.path);
    CHECK(removed.contains("etc/only-on-secondary.conf"));
    CHECK(removed.contains("usr/lib/old-lib"));
    CHECK(removed.contains("usr/share/was-a-dir"));
    CHECK(!removed.contains("etc/fstab"));
    CHECK(!removed.contains("var/log"));

    // Applying again is a no-op.
    ApplyTransaction again = f.open();
    REQUIRE(again.apply());
    CHECK(again.state().attempts == 1);
    CHECK(f.diffFromExpected() == QStringList());

    Status rolledBack = again.rollback();
    INFO((rolledBack ? QString() : rolledBack.error().message).toStdString());
    REQUIRE(rolledBack);
    CHECK(again.state().phase == Phase::RolledBack);
    CHECK(f.diffFromBefore() == QStringList());
    REQUIRE(again.discard());
    REQUIRE(ApplyTransaction::purgeRetired(f.rootFd()));
    CHECK(!existsIn(f.root() + '/' + stagingDirectoryName()));
    auto ids = ApplyTransaction::list(f.rootFd());
    REQUIRE(ids);
    CHECK(ids->isEmpty());
}

TEST_CASE("confirming an applied clone removes what it replaced and the staging area")
{
    if (!rootOrWarn())
        return;
    TxnFixture f;
    ApplyTransaction t = f.stage();
    auto listed = ApplyTransaction::list(f.rootFd());
    REQUIRE(listed);
    CHECK(*listed == QStringList{TxnFixture::kId});
    REQUIRE(t.apply());
    REQUIRE(t.commit());
    // Gone at once (retired); what it replaced is removed by the purge.
    auto none = ApplyTransaction::list(f.rootFd());
    REQUIRE(none);
    CHECK(none->isEmpty());
    CHECK(existsIn(f.root() + '/' + stagingDirectoryName()));
    REQUIRE(ApplyTransaction::purgeRetired(f.rootFd()));
    CHECK(!existsIn(f.root() + '/' + stagingDirectoryName()));
    CHECK(f.diffFromExpected() == QStringList());
    CHECK(!ApplyTransaction::open(f.rootFd(), TxnFixture::kId));
}

TEST_CASE("an apply cut off at any step continues to the whole new tree on the next run")
{
    if (!rootOrWarn())
        return;
    qsizetype steps = 0;
    {
        TxnFixture probe;
        probe.stage();
        cutAt(probe, ApplyTransaction::Direction::Forward, 0, false);  // plans, then dies before step 0
        steps = planSize(probe);
    }
    REQUIRE(steps > 10);
    for (qsizetype at = 0; at < steps; ++at) {
        INFO("power cut before step " << at << " of " << steps);
        TxnFixture f;
        f.stage();
        cutAt(f, ApplyTransaction::Direction::Forward, at, false);
        ApplyTransaction next = f.open();
        CHECK(next.state().phase == Phase::Applying);
        CHECK(next.started());
        auto report = next.apply();
        REQUIRE(report);
        CHECK(next.state().phase == Phase::Applied);
        CHECK(next.state().attempts == 2);
        CHECK(f.diffFromExpected() == QStringList());
    }
}

TEST_CASE("a rollback cut off at any step continues to the whole old tree on the next run")
{
    if (!rootOrWarn())
        return;
    qsizetype steps = 0;
    {
        TxnFixture probe;
        REQUIRE(probe.stage().apply());
        steps = planSize(probe);
    }
    for (qsizetype at = 0; at < steps; at += 2) {
        INFO("power cut before undo step " << at << " of " << steps);
        TxnFixture f;
        REQUIRE(f.stage().apply());
        cutAt(f, ApplyTransaction::Direction::Undo, at, true);
        ApplyTransaction next = f.open();
        CHECK(next.state().phase == Phase::RollingBack);
        CHECK(!next.apply());  // a rollback under way is not turned around
        REQUIRE(next.rollback());
        CHECK(next.state().phase == Phase::RolledBack);
        CHECK(f.diffFromBefore() == QStringList());
    }
}

TEST_CASE("an apply cut off again and again is rolled back instead of tried forever")
{
    if (!rootOrWarn())
        return;
    TxnFixture f;
    f.stage();
    for (int i = 0; i < ApplyTransaction::kMaxAttempts; ++i)
        cutAt(f, ApplyTransaction::Direction::Forward, 3, false);
    ApplyTransaction t = f.open();
    CHECK(t.state().attempts == ApplyTransaction::kMaxAttempts);
    auto result = t.apply();
    REQUIRE(!result);
    CHECK(result.error().message.contains(QStringLiteral("interrupted 3 times")));
    CHECK(t.state().phase == Phase::RolledBack);
    CHECK(f.diffFromBefore() == QStringList());
}

TEST_CASE("a step that fails rolls the apply back by itself")
{
    if (!rootOrWarn())
        return;
    TxnFixture f;
    ApplyTransaction t = f.stage();
    // Someone removes a staged file after the plan was made (before the first step runs).
    const QByteArray staged = f.root() + '/' + ApplyTransaction::directoryOf(TxnFixture::kId) + "/tree/usr/bin/tool";
    t.setStepHook([&](ApplyTransaction::Direction d, qsizetype i) {
        if (d == ApplyTransaction::Direction::Forward && i == 0)
            REQUIRE(unlink(staged.constData()) == 0);
    });
    auto result = t.apply();
    REQUIRE(!result);
    CHECK(result.error().message.startsWith(QStringLiteral("applying the clone failed and was rolled back")));
    CHECK(result.error().message.contains(QStringLiteral("usr/bin/tool")));
    CHECK(t.state().phase == Phase::RolledBack);
    CHECK(f.diffFromBefore() == QStringList());
}

TEST_CASE("a clone the pre-flight refuses ends rolled back with the root unchanged")
{
    if (!rootOrWarn())
        return;
    TxnFixture f;
    // A filesystem is mounted in the directory the Primary has as a file: never emptied.
    TmpfsMount mounted(f.root() + "/usr/share/was-a-dir/sub", "size=1m,mode=0755");
    REQUIRE(mounted.ok());
    const QStringList before = treeState(f.root());
    ApplyTransaction t = f.stage();
    auto result = t.apply();
    REQUIRE(!result);
    CHECK(result.error().message.startsWith(QStringLiteral("the clone was refused and nothing in the root was changed")));
    CHECK(result.error().message.contains(QStringLiteral("mount point")));
    CHECK(t.state().phase == Phase::RolledBack);
    CHECK(t.state().error == result.error().message);
    // The root directory itself got the staging area; everything else is as it was.
    const auto outsideStaging = [](QStringList state) {
        state.erase(std::remove_if(state.begin(), state.end(),
                                   [](const QString &l) { return l.startsWith(QStringLiteral(". ")) || l.startsWith(QStringLiteral(".servertwin-staging")); }),
                    state.end());
        return state;
    };
    CHECK(outsideStaging(treeState(f.root())) == outsideStaging(before));
}

TEST_CASE("plan lines and files survive a round trip and a torn plan is refused")
{
    apply::NodeMetadata meta;
    meta.st.st_mode = S_IFDIR | 02755;
    meta.st.st_uid = 1000;
    meta.st.st_gid = 50;
    meta.st.st_atim = {1, 2};
    meta.st.st_mtim = {1700000000, 999999999};
    meta.xattrs = {{"user.a b", QByteArray("\0\1:=", 4)}, {"system.posix_acl_access", "x"}};
    txn::Plan plan;
    plan.entriesApplied = 7;
    plan.steps = {txn::ApplyStep::aside("etc/with space/\xff", true), txn::ApplyStep::place("usr/bin/tool"),
                  txn::ApplyStep::meta("etc", apply::MetaAll, meta, meta)};
    const QByteArray text = txn::serializePlan(plan);
    auto back = txn::parsePlan(text);
    INFO(text.toStdString());
    INFO((back ? QString() : back.error().message).toStdString());
    REQUIRE(back);
    CHECK(back->entriesApplied == 7);
    REQUIRE(back->steps.size() == 3);
    CHECK(back->steps[0].path == QByteArray("etc/with space/\xff"));
    CHECK(back->steps[0].mirrored);
    CHECK(back->steps[1].kind == txn::StepKind::Place);
    CHECK(back->steps[2].next.st.st_mode == (S_IFDIR | 02755));
    CHECK(back->steps[2].next.st.st_mtim.tv_nsec == 999999999);
    REQUIRE(back->steps[2].previous.xattrs.size() == 2);
    CHECK(back->steps[2].previous.xattrs[0].value == QByteArray("\0\1:=", 4));

    CHECK(!txn::parsePlan(text.left(text.size() - 10)));
    QByteArray edited = text;
    edited.replace("usr/bin/tool", "usr/bin/toom");
    CHECK(!txn::parsePlan(edited));
    CHECK(!txn::ApplyStep::fromLine("P ../etc"));
    CHECK(!txn::ApplyStep::fromLine("X etc"));
}

TEST_CASE("an apply cut at its first step has begun: started() says so and the next run finishes it")
{
    if (!rootOrWarn())
        return;
    TxnFixture f;
    ApplyTransaction staged = f.stage();
    CHECK_FALSE(staged.started());
    // Cut at its first step: the attempt was counted when it began.
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ApplyTransaction t = f.open();
        t.setStepHook([](ApplyTransaction::Direction, qsizetype) { _exit(77); });
        (void)t.apply();
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WEXITSTATUS(status) == 77);
    ApplyTransaction cut = f.open();
    CHECK(cut.state().attempts == 1);
    CHECK(cut.started());
    REQUIRE(cut.apply());
    CHECK(cut.state().attempts == 2);
    CHECK(f.diffFromExpected() == QStringList());
}
