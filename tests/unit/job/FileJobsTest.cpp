// SPDX-License-Identifier: GPL-3.0-or-later
// The offline route's jobs end to end: BackupJob writes a clone file, RestoreFileJob applies it.
#include "job/BackupJob.h"
#include "job/RestoreFileJob.h"
#include "support/TestTree.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>

#include <catch2/catch.hpp>

using namespace st;
using namespace st::test;

namespace {
SelectionPlan planFor(const QByteArray &root, const QByteArray &include)
{
    SelectionOverrides o;
    o.sourceRoot = root;
    o.includes = {include};
    auto plan = SelectionPlan::build(nullptr, o);
    REQUIRE(plan.ok());
    return *plan;
}
}  // namespace

TEST_CASE("backup job writes a clone file and the restore job applies it, each finishing once")
{
    ScratchDir dir("filejobs");
    for (int i = 0; i < 50; ++i)
        writeFile(dir / "src/data/f" + QByteArray::number(i), QByteArray(1000 + i, 'x'));
    BackupJob backup({planFor(dir / "src", "/data"), QString::fromLocal8Bit(dir / "c.tar.zst"), {}, SnapshotMode::Auto,
                      QString::fromLocal8Bit(dir / "state")});
    QSignalSpy done(&backup, &Job::finished);
    QSignalSpy progress(&backup, &Job::progress);
    backup.start();
    REQUIRE(done.wait(60000));
    INFO((backup.result() ? std::string() : backup.result().error().message.toStdString()));
    REQUIRE(backup.result().ok());
    CHECK(done.count() == 1);
    CHECK(progress.count() >= 1);
    CHECK(backup.report().files == 50);
    CHECK(backup.report().compressedBytes > 0);
    CHECK(QFile::exists(QString::fromLocal8Bit(dir / "c.tar.zst")));

    RestoreFileJob restore({QString::fromLocal8Bit(dir / "c.tar.zst"), dir / "root", isRoot(), {}});
    QDir().mkpath(QString::fromLocal8Bit(dir / "root"));
    QSignalSpy restored(&restore, &Job::finished);
    restore.start();
    REQUIRE(restored.wait(60000));
    INFO((restore.result() ? std::string() : restore.result().error().message.toStdString()));
    REQUIRE(restore.result().ok());
    CHECK(restored.count() == 1);
    CHECK(restore.report().files == 50);
    CHECK(compareTrees(dir / "src/data", dir / "root/data", {}).isEmpty());
}

TEST_CASE("a cancelled backup leaves no clone file and no partial file")
{
    ScratchDir dir("cancelbackup");
    for (int i = 0; i < 3000; ++i)
        writeFile(dir / "src/data/f" + QByteArray::number(i), QByteArray(4096, static_cast<char>(i)));
    BackupJob backup({planFor(dir / "src", "/data"), QString::fromLocal8Bit(dir / "c.tar.zst"), {}, SnapshotMode::Auto,
                      QString::fromLocal8Bit(dir / "state")});
    QSignalSpy done(&backup, &Job::finished);
    QObject::connect(&backup, &Job::logMessage, &backup, [&] { backup.cancel(); });
    backup.start();
    REQUIRE(done.wait(60000));
    CHECK(done.count() == 1);
    REQUIRE_FALSE(backup.result().ok());
    CHECK(backup.result().error().code == ErrorCode::Cancelled);
    CHECK_FALSE(QFile::exists(QString::fromLocal8Bit(dir / "c.tar.zst")));
    CHECK_FALSE(QFile::exists(QString::fromLocal8Bit(dir / "c.tar.zst.partial")));
}

TEST_CASE("restore job refuses a missing input file with a clear error")
{
    ScratchDir dir("missinginput");
    RestoreFileJob restore({QString::fromLocal8Bit(dir / "nope.tar.zst"), dir.path(), false, {}});
    QSignalSpy done(&restore, &Job::finished);
    restore.start();
    REQUIRE(done.wait(10000));
    REQUIRE_FALSE(restore.result().ok());
    CHECK(restore.result().error().message.contains(QStringLiteral("nope.tar.zst")));
}
