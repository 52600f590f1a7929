// SPDX-License-Identifier: GPL-3.0-or-later
// A clone reaching a filesystem mounted below the root (a separate /usr, /boot or /var on a real
// Secondary; here a loop-mounted ext4 on the test root's usr/): staged in an area on that
// filesystem, applied by renames, continued after a power cut, rolled back, confirmed and
// purged with its area; refused before any change when that filesystem cannot hold it.
#include "TxnFixture.h"
#include "../apply/ApplyTestSupport.h"

#include "restore/StagingArea.h"
#include "restore/txn/StagingAreas.h"
#include "util/RawPath.h"

#include "support/CatchQt.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace st;
using namespace st::test;
using st::txn::ApplyTransaction;
using st::txn::Phase;

namespace {

bool rootOrWarn()
{
    return st::test::rootOrWarn("a filesystem of its own below the root (mkfs, mount)");
}

QByteArray areaOf(const TxnFixture &f)
{
    return f.root() + "/usr/" + stagingDirectoryName() + '/' + TxnFixture::kId.toLatin1();
}

/** Nothing of the clone's staging is left, on the root's filesystem or on usr/'s. */
void checkNoStagingLeft(const TxnFixture &f)
{
    CHECK(!existsIn(f.root() + '/' + stagingDirectoryName()));
    CHECK(!existsIn(f.root() + "/usr/" + stagingDirectoryName()));
}

}  // namespace

TEST_CASE("a clone reaching a filesystem mounted below the root is staged on it, applied by renames, rolled back and purged with its area")
{
    if (!rootOrWarn())
        return;
    TxnFixture f(TxnFixture::Usr::OwnExt4);
    ApplyTransaction t = f.stage();
    CHECK(t.areas() == QList<QByteArray>{"usr"});
    // usr/'s entries wait on usr/'s filesystem; the root's staging tree keeps only the empty
    // mount point directory (its metadata is the Primary's /usr).
    CHECK(existsIn(areaOf(f) + "/tree/usr/bin/tool"));
    CHECK(existsIn(areaOf(f) + "/backup"));
    CHECK(!existsIn(f.root() + '/' + ApplyTransaction::directoryOf(TxnFixture::kId) + "/tree/usr/bin"));
    CHECK(f.diffFromBefore() == QStringList());  // staging changes nothing, not even usr/'s times

    auto report = t.apply();
    INFO((report ? QString() : report.error().message).toStdString());
    REQUIRE(report);
    CHECK(t.state().phase == Phase::Applied);
    CHECK(f.diffFromExpected() == QStringList());  // usr/lost+found, the filesystem's own, kept
    // The hard link pair arrived as one inode on usr/'s filesystem.
    struct stat a {}, b {};
    REQUIRE(lstat((f.root() + "/usr/bin/first-name").constData(), &a) == 0);
    REQUIRE(lstat((f.root() + "/usr/bin/second-name").constData(), &b) == 0);
    CHECK(a.st_ino == b.st_ino);
    // What it replaced there waits in the area's backup, on the same filesystem.
    CHECK(existsIn(areaOf(f) + "/backup/usr/lib/old-lib/libold.so"));
    QList<QByteArray> removed;
    for (const RemovedPath &r : report->removed)
        removed.append(r.path);
    CHECK(removed.contains("usr/lib/old-lib"));
    CHECK(!removed.contains("usr/lost+found"));

    ApplyTransaction again = f.open();
    Status rolledBack = again.rollback();
    INFO((rolledBack ? QString() : rolledBack.error().message).toStdString());
    REQUIRE(rolledBack);
    CHECK(f.diffFromBefore() == QStringList());
    REQUIRE(again.discard());
    REQUIRE(ApplyTransaction::purgeRetired(f.rootFd()));
    checkNoStagingLeft(f);
}

TEST_CASE("a confirmed clone with an area leaves nothing behind on either filesystem")
{
    if (!rootOrWarn())
        return;
    TxnFixture f(TxnFixture::Usr::OwnExt4);
    REQUIRE(f.stage().apply());
    ApplyTransaction t = f.open();
    REQUIRE(t.commit());
    REQUIRE(ApplyTransaction::purgeRetired(f.rootFd()));
    checkNoStagingLeft(f);
    CHECK(f.diffFromExpected() == QStringList());
}

TEST_CASE("a retirement cut before it reached the areas is finished by the purge")
{
    if (!rootOrWarn())
        return;
    TxnFixture f(TxnFixture::Usr::OwnExt4);
    REQUIRE(f.stage().apply());
    // The root's directory was renamed, the power went before the area's was.
    const QByteArray parent = f.root() + '/' + stagingDirectoryName();
    REQUIRE(rename((parent + '/' + TxnFixture::kId.toLatin1()).constData(), (parent + "/.retired-" + TxnFixture::kId.toLatin1() + "-1").constData()) == 0);
    auto ids = ApplyTransaction::list(f.rootFd());
    REQUIRE(ids);
    CHECK(ids->isEmpty());
    CHECK(existsIn(areaOf(f)));
    REQUIRE(ApplyTransaction::purgeRetired(f.rootFd()));
    checkNoStagingLeft(f);
}

TEST_CASE("an apply across two filesystems cut off at any step continues to the whole new tree")
{
    if (!rootOrWarn())
        return;
    qsizetype steps = 0;
    {
        TxnFixture probe(TxnFixture::Usr::OwnExt4);
        REQUIRE(probe.stage().apply());
        auto plan = probe.open().loadPlan();
        REQUIRE(plan);
        steps = plan->steps.size();
    }
    REQUIRE(steps > 10);
    for (qsizetype at = 0; at < steps; at += 2) {
        INFO("power cut before step " << at << " of " << steps);
        TxnFixture f(TxnFixture::Usr::OwnExt4);
        f.stage();
        const pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ApplyTransaction t = f.open();
            t.setStepHook([&](ApplyTransaction::Direction d, qsizetype i) {
                if (d == ApplyTransaction::Direction::Forward && i == at)
                    _exit(77);
            });
            (void)t.apply();
            _exit(0);
        }
        int status = 0;
        REQUIRE(waitpid(pid, &status, 0) == pid);
        REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 77));
        ApplyTransaction next = f.open();
        CHECK(next.state().phase == Phase::Applying);
        REQUIRE(next.apply());
        CHECK(f.diffFromExpected() == QStringList());
        REQUIRE(next.rollback());
        CHECK(f.diffFromBefore() == QStringList());
    }
}

TEST_CASE("a filesystem below the root without room for its share refuses the clone before anything changes")
{
    if (!rootOrWarn())
        return;
    TxnFixture f(TxnFixture::Usr::OwnExt4);
    f.usrFilesystem()->fillLeaving(4 << 20);
    auto t = f.tryStage();
    REQUIRE(!t);
    CHECK(t.error().code == ErrorCode::NoSpace);
    CHECK_THAT(t.error().message.toStdString(), Catch::Contains("not enough free space on /usr (a filesystem of its own"));
    CHECK(t.error().message.count(QLatin1Char('\n')) == 0);
    REQUIRE(ApplyTransaction::remove(f.rootFd(), TxnFixture::kId.toLatin1()));
    f.usrFilesystem()->removeFiller();
    // The test's own filler file changed usr/'s times; the clone changed nothing.
    struct stat was {};
    REQUIRE(lstat((f.before() + "/usr").constData(), &was) == 0);
    const struct timespec times[2] = {was.st_atim, was.st_mtim};
    REQUIRE(utimensat(AT_FDCWD, (f.root() + "/usr").constData(), times, 0) == 0);
    CHECK(f.diffFromBefore() == QStringList());
    CHECK(!existsIn(f.root() + "/usr/" + stagingDirectoryName()));
}

TEST_CASE("a tmpfs below the root cannot hold a clone's entries across the reboot: refused")
{
    if (!rootOrWarn())
        return;
    TxnFixture f(TxnFixture::Usr::OwnTmpfs);
    auto t = f.tryStage();
    REQUIRE(!t);
    CHECK(t.error().code == ErrorCode::Refused);
    CHECK_THAT(t.error().message.toStdString(), Catch::Contains("/usr is a tmpfs on this Secondary"));
    REQUIRE(ApplyTransaction::remove(f.rootFd(), TxnFixture::kId.toLatin1()));
    CHECK(f.diffFromBefore() == QStringList());
}

TEST_CASE("an area that is not there at boot (its filesystem not mounted) stops the clone before any change, saying which")
{
    if (!rootOrWarn())
        return;
    TxnFixture f(TxnFixture::Usr::OwnExt4);
    f.stage();
    // As if usr/'s filesystem were not mounted: its area is not where the transaction looks.
    REQUIRE(rename(areaOf(f).constData(), (f.root() + "/usr/" + stagingDirectoryName() + "/elsewhere").constData()) == 0);
    auto t = ApplyTransaction::open(f.rootFd(), TxnFixture::kId);
    REQUIRE(!t);
    CHECK_THAT(t.error().message.toStdString(), Catch::Contains("its files for /usr are missing"));
    CHECK_THAT(t.error().message.toStdString(), Catch::Contains("is /usr mounted?"));
    REQUIRE(rename((f.root() + "/usr/" + stagingDirectoryName() + "/elsewhere").constData(), areaOf(f).constData()) == 0);
    CHECK(f.diffFromBefore() == QStringList());
}

TEST_CASE("the mount points a clone reaches: listed, or holding what it lists, and not those it protects")
{
    if (!rootOrWarn())
        return;
    TxnFixture f(TxnFixture::Usr::OwnExt4);
    Manifest all = manifestOf(f.primary(), {"etc", "usr"}, {});
    auto mounts = txn::mountsReached(f.rootFd(), all, {});
    REQUIRE(mounts);
    CHECK(*mounts == QList<QByteArray>{"usr"});
    auto kept = txn::mountsReached(f.rootFd(), all, {"usr"});
    REQUIRE(kept);
    CHECK(kept->isEmpty());
    // Only the mount point's directory itself left to clone: still reached (it gets the
    // Primary's metadata, and the Secondary's entries below it are mirrored away there).
    auto listedOnly = txn::mountsReached(f.rootFd(), all, {"usr/bin", "usr/lib", "usr/share"});
    REQUIRE(listedOnly);
    CHECK(*listedOnly == QList<QByteArray>{"usr"});
}
