// SPDX-License-Identifier: GPL-3.0-or-later
// Snapshots and quiescing through the real cli: a backup read from a btrfs snapshot with
// freeze/thaw hooks, and a backup killed with SIGKILL whose snapshot the next run removes —
// and nothing else.
#include "AgentProcess.h"
#include "support/TestTree.h"
#include "unit/snapshot/LoopBtrfs.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QThread>

#include <catch2/catch.hpp>
#include <csignal>

using namespace st::test;

namespace {
QStringList ourSnapshots(const LoopBtrfs &fs)
{
    QStringList out;
    for (const QString &v : btrfsSubvolumes(fs.mountPoint()))
        if (v.contains(QStringLiteral(".servertwin-snapshots/servertwin-")))
            out << v;
    return out;
}
}  // namespace

TEST_CASE("backup reads a btrfs snapshot with the applications frozen around it")
{
    LoopBtrfs fs;
    if (!fs.skipReason().isEmpty()) {
        WARN("skipped: " << fs.skipReason().toStdString());
        return;
    }
    REQUIRE(fs.ready());
    REQUIRE(fs.createSubvolume("vol"));
    writeFile(fs / "vol/etc/app.conf", "setting=1\n");
    // Another filesystem mounted below the include root, over a file it hides: the snapshot
    // shows the directory underneath, which must be skipped like a live walk skips the mount.
    writeFile(fs / "vol/etc/mnt/hidden-under-mount", "hidden\n");
    REQUIRE(run(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("tmpfs"), s(fs / "vol/etc/mnt")}) == 0);
    writeFile(fs / "vol/etc/mnt/on-tmpfs", "tmpfs\n");
    struct Unmount {
        QByteArray path;
        ~Unmount() { run(QStringLiteral("umount"), {QString::fromLocal8Bit(path)}); }
    } unmount{fs / "vol/etc/mnt"};
    ScratchDir dir("snapbackup");
    const QByteArray marks = dir / "marks.log";
    const QByteArray profile = dir / "profile.json";
    writeFile(profile, QByteArray(R"({"version": 1, "sourceRoot": ")") + fs / "vol" + R"(",
      "os": {"include": ["/etc"]},
      "applications": [{"id": "db", "name": "Database", "config": ["/etc"],
        "freeze": {"command": ["/bin/sh", "-c", "echo freeze >> )" + marks + R"("], "timeoutSeconds": 10},
        "thaw": {"command": ["/bin/sh", "-c", "echo thaw >> )" + marks + R"("], "timeoutSeconds": 10}}]})");
    CliRun r = runBinary("servertwin-cli", {QStringLiteral("backup"), QStringLiteral("--profile"), s(profile),
                                            QStringLiteral("--snapshot"), QStringLiteral("btrfs"),
                                            QStringLiteral("--state-dir"), s(dir / "state"),
                                            QStringLiteral("--output"), s(dir / "c.tar.zst"),
                                            QStringLiteral("--report"), s(dir / "r.json")});
    INFO(r.output.toStdString());
    REQUIRE(r.exitCode == 0);
    QFile m(s(marks));
    REQUIRE(m.open(QIODevice::ReadOnly));
    CHECK(m.readAll() == "freeze\nthaw\n");
    const QJsonObject snap = readJson(dir / "r.json").value(QStringLiteral("snapshot")).toObject();
    CHECK(snap.value(QStringLiteral("providers")).toString() == QStringLiteral("btrfs"));
    CHECK(snap.value(QStringLiteral("quiesce")).toArray().size() == 2);
    CHECK(ourSnapshots(fs).isEmpty());  // released after the backup
    QByteArray listing;
    REQUIRE(run(QStringLiteral("tar"), {QStringLiteral("--zstd"), QStringLiteral("-tf"), s(dir / "c.tar.zst")}, &listing) == 0);
    CHECK(listing.contains("etc/app.conf"));
    CHECK_FALSE(listing.contains(".servertwin-snapshots"));
    CHECK_FALSE(listing.contains("hidden-under-mount"));
    CHECK_FALSE(listing.contains("on-tmpfs"));
    bool reported = false;
    for (const QJsonValue &v : readJson(dir / "r.json").value(QStringLiteral("skipped")).toArray())
        reported = reported || (v.toObject().value(QStringLiteral("path")).toString() == QStringLiteral("etc/mnt")
                                && v.toObject().value(QStringLiteral("reason")).toString().contains(QStringLiteral("mount point")));
    CHECK(reported);
}

TEST_CASE("a snapshot left by a killed backup is removed by the next run, and nothing else")
{
    LoopBtrfs fs;
    if (!fs.skipReason().isEmpty()) {
        WARN("skipped: " << fs.skipReason().toStdString());
        return;
    }
    REQUIRE(fs.ready());
    REQUIRE(fs.createSubvolume("vol"));
    // Enough incompressible data that the backup is still running when it is killed.
    QRandomGenerator rng(5);
    for (int i = 0; i < 40; ++i) {
        QByteArray data(4 << 20, '\0');
        for (qsizetype j = 0; j < data.size(); j += 4)
            *reinterpret_cast<quint32 *>(data.data() + j) = rng.generate();
        writeFile(fs / "vol/data/f" + QByteArray::number(i), data);
    }
    // Someone else's subvolume in the same place: never ours to remove.
    QDir().mkpath(s(fs / "vol/.servertwin-snapshots"));
    REQUIRE(fs.createSubvolume("vol/.servertwin-snapshots/not-ours"));
    ScratchDir dir("killedbackup");
    const QStringList args{QStringLiteral("backup"), QStringLiteral("--source-root"), s(fs / "vol"),
                           QStringLiteral("--include"), QStringLiteral("/data"), QStringLiteral("--snapshot"), QStringLiteral("btrfs"),
                           QStringLiteral("--state-dir"), s(dir / "state"), QStringLiteral("--zstd-level"), QStringLiteral("19"),
                           QStringLiteral("--output"), s(dir / "c.tar.zst"), QStringLiteral("--report"), s(dir / "r.json")};
    QProcess backup;
    backup.start(binary("servertwin-cli"), args);
    REQUIRE(backup.waitForStarted(10000));
    QDeadlineTimer deadline(30000);
    while (ourSnapshots(fs).isEmpty() && !deadline.hasExpired() && backup.state() == QProcess::Running)
        QThread::msleep(20);
    REQUIRE(backup.state() == QProcess::Running);
    ::kill(static_cast<pid_t>(backup.processId()), SIGKILL);
    backup.waitForFinished(10000);
    const QStringList leftover = ourSnapshots(fs);
    REQUIRE(leftover.size() == 1);
    {
        QFile j(s(dir / "state/snapshots.journal"));
        INFO("journal after the kill: " << (j.open(QIODevice::ReadOnly) ? j.readAll().toStdString() : std::string("<none>")));
        CHECK(j.exists());
    }

    QStringList again = args;
    again[again.indexOf(QStringLiteral("/data"))] = QStringLiteral("/data/f0");
    again[again.indexOf(QStringLiteral("19"))] = QStringLiteral("1");
    CliRun next = runBinary("servertwin-cli", again);
    INFO(next.output.toStdString());
    REQUIRE(next.exitCode == 0);
    {
        QFile j(s(dir / "state/snapshots.journal"));
        INFO("left: " << ourSnapshots(fs).join(QLatin1Char(' ')).toStdString() << " was: " << leftover.join(QLatin1Char(' ')).toStdString()
                      << " journal now: " << (j.open(QIODevice::ReadOnly) ? j.readAll().toStdString() : std::string("<none>")));
        CHECK(ourSnapshots(fs).isEmpty());
    }
    CHECK(btrfsSubvolumes(fs.mountPoint()).contains(QStringLiteral("vol/.servertwin-snapshots/not-ours")));
    const QJsonArray removed = readJson(dir / "r.json").value(QStringLiteral("snapshot")).toObject().value(QStringLiteral("leftoversRemoved")).toArray();
    CHECK(removed.size() == 1);
}
