// SPDX-License-Identifier: GPL-3.0-or-later
// A full disk on the Secondary: the root is a small ext4 filesystem on a loop device, nearly
// filled by a filler file. A clone that cannot fit stops with one clear line (the extractor's
// free-space check before writing, ENOSPC while staging, or the agent's pre-flight check for
// a network clone), the root's existing files are untouched and no staging is left behind;
// after the filler is deleted, the same clone completes byte-identical. Needs root.
#include "AgentProcess.h"
#include "support/LoopExt4.h"
#include "support/TestTree.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QThread>

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>

using namespace st;
using namespace st::test;

namespace {

/** A mounted loop ext4 of @p mib MiB (@p inodes: 0 = mkfs's default); nullptr when not root (the test is skipped, with the reason). */
std::unique_ptr<LoopExt4> loopDisk(int mib, int inodes = 0)
{
    if (!isRoot()) {
        WARN("skipped: needs root (loop device, mount)");
        return nullptr;
    }
    auto disk = std::make_unique<LoopExt4>(mib, inodes);
    INFO(disk->error().toStdString());
    REQUIRE(disk->error().isEmpty());
    return disk;
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator rng(42 + static_cast<quint32>(size));
    rng.fillRange(reinterpret_cast<quint32 *>(data.data()), size / 4);
    return data;
}

/** The root's files outside the clone's include root, as they were before a failed clone. */
QByteArray liveState(const QByteArray &root)
{
    QByteArray out;
    for (const QByteArray &rel : listTree(root + "/live")) {
        QFile f(s(root + "/live/" + rel));
        out += rel + ':' + (f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<dir>")) + '\n';
    }
    return out;
}

QByteArray lastLine(const QByteArray &output)
{
    const QList<QByteArray> lines = output.trimmed().split('\n');
    return lines.isEmpty() ? QByteArray() : lines.last();
}

QStringList networkCloneArgs(const AgentProcess &agent, const QByteArray &src, const QByteArray &primaryState, const QString &code)
{
    return {QStringLiteral("clone"), QStringLiteral("--secondary"), agent.address(), QStringLiteral("--source-root"), s(src),
            QStringLiteral("--include"), QStringLiteral("/data"), QStringLiteral("--state-dir"), s(primaryState),
            QStringLiteral("--pairing-code"), code};
}

void checkRootUntouched(const QByteArray &root, const QByteArray &before)
{
    CHECK(liveState(root) == before);
    CHECK_FALSE(QFileInfo::exists(s(root + "/data")));
    CHECK_FALSE(QFileInfo::exists(s(root + "/.servertwin-staging")));
}

}  // namespace

TEST_CASE("offline restore onto a full disk stops with one clear line, leaves the root alone, and completes after space is freed", "[restore][nospace]")
{
    const auto disk = loopDisk(64);
    if (!disk)
        return;
    const QByteArray root = disk->root();
    writeFile(root + "/live/keep.conf", "the Secondary's own file\n");
    writeFile(root + "/live/sub/state", "more\n");
    const QByteArray before = liveState(root);

    ScratchDir dir("full-disk");
    const QByteArray src = dir / "src";
    const bool fewBigFiles = GENERATE(true, false);
    if (fewBigFiles) {
        // 24 MiB of incompressible content: more than the 16 MiB left free. The extractor
        // refuses at the header of the file that no longer fits, before writing it.
        for (int i = 0; i < 3; ++i)
            writeFile(src + "/data/big-" + QByteArray::number(i), randomBytes(8 << 20));
    } else {
        // 8000 one-byte files: the stream announces 8 KB of data but every file takes a block
        // (1 KiB on this small ext4) and the directories grow: ENOSPC while staging.
        for (int i = 0; i < 8000; ++i)
            writeFile(src + "/data/d" + QByteArray::number(i % 50) + "/f" + QByteArray::number(i), QByteArray(1, 'x'));
    }
    const QByteArray clone = dir / "clone.tar.zst";
    CliRun backup = runBinary("servertwin-cli", {QStringLiteral("backup"), QStringLiteral("--source-root"), s(src),
                                                 QStringLiteral("--include"), QStringLiteral("/data"), QStringLiteral("--output"), s(clone)});
    INFO(backup.output.toStdString());
    REQUIRE(backup.exitCode == 0);

    disk->fillLeaving(fewBigFiles ? 16 << 20 : 2 << 20);
    CliRun full = runBinary("servertwin-agent", {QStringLiteral("restore"), QStringLiteral("--input"), s(clone), QStringLiteral("--root"), s(root)});
    INFO(full.output.toStdString());
    CHECK(full.exitCode == 1);
    const QByteArray line = lastLine(full.output);
    CHECK(line.startsWith("servertwin-agent: error: "));
    if (fewBigFiles)
        CHECK(line.contains("not enough free space in the staging area"));
    else
        CHECK(line.contains("No space left on device"));
    CHECK(full.output.count("error") == 1);
    checkRootUntouched(root, before);

    disk->removeFiller();
    CliRun retry = runBinary("servertwin-agent", {QStringLiteral("restore"), QStringLiteral("--input"), s(clone), QStringLiteral("--root"), s(root)});
    INFO(retry.output.toStdString());
    REQUIRE(retry.exitCode == 0);
    CompareOptions same;
    same.ignoreTopLevel = {".servertwin"};
    const QStringList diffs = compareTrees(src + "/data", root + "/data", same);
    INFO(diffs.join(QLatin1Char('\n')).toStdString());
    CHECK(diffs.isEmpty());
    CHECK(liveState(root) == before);
}

TEST_CASE("a network clone onto a full disk is refused by the agent's pre-flight check and completes after space is freed", "[restore][nospace]")
{
    const auto disk = loopDisk(192);
    if (!disk)
        return;
    const QByteArray root = disk->root();
    writeFile(root + "/live/keep.conf", "the Secondary's own file\n");
    const QByteArray before = liveState(root);
    ScratchDir dir("full-disk-net");
    const QByteArray src = dir / "src";
    for (int i = 0; i < 4; ++i)
        writeFile(src + "/data/big-" + QByteArray::number(i), randomBytes(8 << 20));

    disk->fillLeaving(64 << 20);
    AgentProcess agent(root, dir / "agent-state", QStringLiteral("PPPP-QQQQ-RRRR"));
    REQUIRE(agent.started());
    const QStringList args = networkCloneArgs(agent, src, dir / "primary", QStringLiteral("PPPP-QQQQ-RRRR"));
    CliRun full = runBinary("servertwin-cli", args);
    INFO(full.output.toStdString());
    CHECK(full.exitCode == 1);
    CHECK(lastLine(full.output).contains("free"));
    CHECK(full.output.count("error") == 1);
    checkRootUntouched(root, before);

    disk->removeFiller();
    QStringList again = args.mid(0, args.size() - 2);  // paired now: no code
    CliRun retry = runBinary("servertwin-cli", again);
    INFO(retry.output.toStdString());
    REQUIRE(retry.exitCode == 0);
    const QStringList diffs = compareTrees(src + "/data", root + "/data");
    INFO(diffs.join(QLatin1Char('\n')).toStdString());
    CHECK(diffs.isEmpty());
    CHECK(liveState(root) == before);
}

TEST_CASE("a network clone with more entries than the Secondary has free inodes is refused by the pre-flight check", "[restore][nospace]")
{
    const auto disk = loopDisk(160, 256);  // plenty of space, 256 inodes
    if (!disk)
        return;
    const QByteArray root = disk->root();
    writeFile(root + "/live/keep.conf", "the Secondary's own file\n");
    const QByteArray before = liveState(root);
    ScratchDir dir("inodes-net");
    const QByteArray src = dir / "src";
    for (int d = 0; d < 20; ++d)
        for (int i = 0; i < 30; ++i)
            writeFile(src + "/data/d" + QByteArray::number(d) + "/f" + QByteArray::number(i), "tiny\n");
    AgentProcess agent(root, dir / "agent-state", QStringLiteral("PPPP-QQQQ-RRRR"));
    REQUIRE(agent.started());
    CliRun run = runBinary("servertwin-cli", networkCloneArgs(agent, src, dir / "primary", QStringLiteral("PPPP-QQQQ-RRRR")));
    INFO(run.output.toStdString());
    CHECK(run.exitCode == 1);
    CHECK(lastLine(run.output).contains("not enough free inodes"));
    CHECK(lastLine(run.output).contains("621 entries"));  // 600 files, 20 directories and /data
    CHECK(run.output.count("error") == 1);
    checkRootUntouched(root, before);
}

TEST_CASE("the pre-flight check counts a sparse file by the data it holds, not by its size", "[restore][nospace]")
{
    const auto disk = loopDisk(192);
    if (!disk)
        return;
    const QByteArray root = disk->root();
    ScratchDir dir("sparse-net");
    const QByteArray src = dir / "src";
    // 4 GiB long, 2 MiB of data: far more than the 192 MiB disk by size, little by what it holds.
    writeFile(src + "/data/small", "small\n");
    {
        const int fd = ::open((src + "/data/sparse.img").constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        REQUIRE(fd >= 0);
        const QByteArray chunk = randomBytes(1 << 20);
        REQUIRE(::pwrite(fd, chunk.constData(), chunk.size(), 0) == chunk.size());
        REQUIRE(::pwrite(fd, chunk.constData(), chunk.size(), (4LL << 30) - chunk.size()) == chunk.size());
        ::close(fd);
    }
    AgentProcess agent(root, dir / "agent-state", QStringLiteral("PPPP-QQQQ-RRRR"));
    REQUIRE(agent.started());
    CliRun run = runBinary("servertwin-cli", networkCloneArgs(agent, src, dir / "primary", QStringLiteral("PPPP-QQQQ-RRRR")));
    INFO(run.output.toStdString());
    REQUIRE(run.exitCode == 0);
    const QStringList diffs = compareTrees(src + "/data", root + "/data");
    INFO(diffs.join(QLatin1Char('\n')).toStdString());
    CHECK(diffs.isEmpty());
    struct stat st{};
    REQUIRE(::stat((root + "/data/sparse.img").constData(), &st) == 0);
    CHECK(st.st_size == (4LL << 30));
    CHECK(st.st_blocks * 512 < (16LL << 20));  // restored sparse
}

TEST_CASE("the stream spool is counted with the staging copy when the state directory shares the root's filesystem, and let go after the clone", "[restore][nospace]")
{
    const auto disk = loopDisk(320);
    if (!disk)
        return;
    const QByteArray root = disk->root() + "/root";
    writeFile(root + "/live/keep.conf", "the Secondary's own file\n");
    const QByteArray before = liveState(root);
    ScratchDir dir("full-disk-spool");
    const QByteArray src = dir / "src";
    for (int i = 0; i < 12; ++i)  // 96 MiB that does not compress: the spool grows as large as the staging copy
        writeFile(src + "/data/big-" + QByteArray::number(i), randomBytes(8 << 20));
    const QByteArray state = disk->root() + "/agent-state";  // beside the root, on its filesystem
    AgentProcess agent(root, state, QStringLiteral("PPPP-QQQQ-RRRR"));
    REQUIRE(agent.started());
    const QStringList args = networkCloneArgs(agent, src, dir / "primary", QStringLiteral("PPPP-QQQQ-RRRR"));

    // 180 MiB free: room for the staging copy and its reserve (about 165 MiB), not for the spool too.
    disk->fillLeaving(180 << 20);
    CliRun upFront = runBinary("servertwin-cli", args);
    INFO(upFront.output.toStdString());
    CHECK(upFront.exitCode == 1);
    CHECK(lastLine(upFront.output).contains("stream spool"));
    CHECK(upFront.output.count("error") == 1);
    checkRootUntouched(root, before);
    disk->removeFiller();

    // 200 MiB free: it passes the up-front check (the spool could be a quarter of the data) and
    // is stopped while the stream arrives, before the disk is full, with nothing left behind.
    disk->fillLeaving(200 << 20);
    CliRun midway = runBinary("servertwin-cli", args);
    INFO(midway.output.toStdString());
    CHECK(midway.exitCode == 1);
    CHECK(lastLine(midway.output).contains("stream spool"));
    CHECK_FALSE(midway.output.contains("No space left on device"));
    checkRootUntouched(root, before);
    // The agent discards the spool as its restore worker ends, just after the refusal went out.
    QDeadlineTimer gone(10000);
    while (QFileInfo::exists(s(state + "/resume/stream.zst")) && !gone.hasExpired())
        QThread::msleep(50);
    CHECK_FALSE(QFileInfo::exists(s(state + "/resume/stream.zst")));
    disk->removeFiller();

    // With room for both, it completes; the agent holds no deleted spool open afterwards.
    CliRun done = runBinary("servertwin-cli", args);
    INFO(done.output.toStdString());
    REQUIRE(done.exitCode == 0);
    CHECK(compareTrees(src + "/data", root + "/data").isEmpty());
    QStringList held;
    for (const QFileInfo &fd : QDir(QStringLiteral("/proc/%1/fd").arg(agent.pid())).entryInfoList(QDir::System | QDir::NoDotAndDotDot))
        if (fd.symLinkTarget().contains(QStringLiteral("stream.zst")))
            held << fd.symLinkTarget();
    INFO(held.join(QLatin1Char(' ')).toStdString());
    CHECK(held.isEmpty());
}
