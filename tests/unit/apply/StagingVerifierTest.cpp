// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApplyTestSupport.h"
#include "restore/StagingVerifier.h"
#include "support/TestTree.h"
#include "util/RawPath.h"

#include <catch2/catch.hpp>

#include <QDir>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace st;
using namespace st::test;

namespace {
struct StagedTree {
    ScratchDir dir{"verify"};
    QByteArray source = dir / "source";
    QByteArray staging = dir / "staging";
    Manifest manifest;
    ProgressCounters progress;

    StagedTree()
    {
        makeSpecialCases(source);
        copyTree(source, staging);
        manifest = manifestOf(source);
    }

    Result<VerifySummary> verify(CancelToken cancel = CancelToken())
    {
        const UniqueFd fd = openDirectory(staging);
        StagingVerifier verifier(fd.get(), manifest, cancel, &progress);
        return verifier.run();
    }

    QByteArray path(const QByteArray &rel) const { return staging + '/' + rel; }
};

void requireVerifyFailure(const Result<VerifySummary> &r, const QString &messagePart)
{
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().code == ErrorCode::Verify);
    CHECK(r.error().message.startsWith(QStringLiteral("verify failed: ")));
    CHECK(r.error().message.contains(messagePart));
}
}  // namespace

TEST_CASE("verify passes on an intact staged tree and reports what it read")
{
    StagedTree t;
    auto r = t.verify();
    INFO((r.ok() ? QString() : r.error().message + QLatin1Char('\n') + r.error().details).toStdString());
    REQUIRE(r.ok());
    CHECK(r->entries == t.manifest.entries().size());
    CHECK(r->files == t.manifest.fileCount());
    CHECK(r->bytes == t.manifest.totalFileBytes());
    CHECK(t.progress.filesDone == t.manifest.fileCount());
    CHECK(t.progress.bytesDone == t.manifest.totalFileBytes());
    CHECK_FALSE(t.progress.current().isEmpty());
    // The sparse file (64 MiB, mostly holes) is part of it and hashed as zeros.
    const ManifestEntry *sparse = t.manifest.find("sparse/holes.img");
    REQUIRE(sparse);
    CHECK(sparse->size == 64 << 20);
}

TEST_CASE("verify fails on a flipped byte and names the file")
{
    StagedTree t;
    const int fd = open(t.path("plain/random.bin").constData(), O_RDWR);
    REQUIRE(fd >= 0);
    char c = 0;
    REQUIRE(pread(fd, &c, 1, 4242) == 1);
    c = static_cast<char>(c ^ 0x01);
    REQUIRE(pwrite(fd, &c, 1, 4242) == 1);
    close(fd);
    auto r = t.verify();
    requireVerifyFailure(r, QStringLiteral("plain/random.bin: content does not match the manifest (SHA-256)"));
}

TEST_CASE("verify fails on a flipped byte behind a hole of a sparse file")
{
    StagedTree t;
    const int fd = open(t.path("sparse/holes.img").constData(), O_WRONLY);
    REQUIRE(fd >= 0);
    REQUIRE(pwrite(fd, "x", 1, 30 << 20) == 1);  // data where the manifest saw a hole
    close(fd);
    requireVerifyFailure(t.verify(), QStringLiteral("sparse/holes.img: content does not match"));
}

TEST_CASE("verify fails on a truncated file")
{
    StagedTree t;
    REQUIRE(truncate(t.path("plain/hello.txt").constData(), 3) == 0);
    requireVerifyFailure(t.verify(), QStringLiteral("plain/hello.txt: size is 3 bytes, the manifest says 12"));
}

TEST_CASE("verify fails on a missing file")
{
    StagedTree t;
    REQUIRE(unlink(t.path("xattr/file").constData()) == 0);
    requireVerifyFailure(t.verify(), QStringLiteral("xattr/file: missing from the staging tree"));
}

TEST_CASE("verify fails on an extra file the manifest does not list")
{
    StagedTree t;
    writeFile(t.path("plain/smuggled"), "extra\n");
    requireVerifyFailure(t.verify(), QStringLiteral("plain/smuggled: is in the staging tree but not in the manifest"));
}

TEST_CASE("verify fails on a symlink where a directory should be, without following it")
{
    StagedTree t;
    ScratchDir outside("verify-outside");
    copyTree(t.source + "/plain", outside.path());
    REQUIRE(QDir().rename(QString::fromLocal8Bit(t.path("plain")), QString::fromLocal8Bit(t.path("plain-away"))));
    REQUIRE(symlink(outside.path().constData(), t.path("plain").constData()) == 0);
    auto r = t.verify();
    requireVerifyFailure(r, QStringLiteral("plain: is a symlink, the manifest says directory"));
    // The files below it are reported unreachable (not read through the link), the moved
    // directory as extra.
    CHECK(r.error().details.contains(QStringLiteral("plain/hello.txt: cannot be reached in the staging tree")));
    CHECK(r.error().details.contains(QStringLiteral("plain-away: is in the staging tree but not in the manifest")));
    CHECK(r.error().message.contains(QStringLiteral("more differences")));
}

TEST_CASE("verify fails on a broken hard link")
{
    StagedTree t;
    REQUIRE(unlink(t.path("hard/two").constData()) == 0);
    writeFile(t.path("hard/two"), "shared inode\n");
    auto r = t.verify();
    requireVerifyFailure(r, QStringLiteral("hard/one: has 2 hard links, the manifest lists 3"));
    CHECK(r.error().details.contains(QStringLiteral("hard/two: is not hard-linked to hard/one")));
}

TEST_CASE("verify fails when two files the manifest lists separately share an inode")
{
    StagedTree t;
    // Same content, so only the link count can tell: after apply, writing one would change the other.
    writeFile(t.source + "/plain/copy-of-hello", "hello, twin\n");
    t.manifest = manifestOf(t.source);
    REQUIRE(link(t.path("plain/hello.txt").constData(), t.path("plain/copy-of-hello").constData()) == 0);
    auto r = t.verify();
    requireVerifyFailure(r, QStringLiteral("plain/copy-of-hello: has 2 hard links, the manifest lists 1"));
    CHECK(r.error().details.contains(QStringLiteral("plain/hello.txt: has 2 hard links, the manifest lists 1")));
}

TEST_CASE("verify fails on an entry of the wrong type")
{
    StagedTree t;
    REQUIRE(unlink(t.path("special/fifo").constData()) == 0);
    writeFile(t.path("special/fifo"), {});
    requireVerifyFailure(t.verify(), QStringLiteral("special/fifo: is a file, the manifest says fifo"));
}

TEST_CASE("verify lists every mismatch in the details")
{
    StagedTree t;
    REQUIRE(truncate(t.path("plain/hello.txt").constData(), 0) == 0);
    REQUIRE(unlink(t.path("names/with space").constData()) == 0);
    writeFile(t.path("zz-extra"), "x");
    auto r = t.verify();
    requireVerifyFailure(r, QStringLiteral("names/with space: missing from the staging tree (and 2 more differences)"));
    const QStringList lines = r.error().details.split(QLatin1Char('\n'));
    CHECK(lines.size() == 3);
    CHECK(r.error().details.contains(QStringLiteral("plain/hello.txt: size is 0 bytes")));
    CHECK(r.error().details.contains(QStringLiteral("zz-extra: is in the staging tree but not in the manifest")));
}

TEST_CASE("verify caps the details at 100 lines")
{
    StagedTree t;
    for (int i = 0; i < 130; ++i)
        writeFile(t.path("extra/f" + QByteArray::number(1000 + i)), "x");
    writeFile(t.path("plain/a-extra"), "x");
    auto r = t.verify();
    requireVerifyFailure(r, QStringLiteral("extra: is in the staging tree but not in the manifest"));
    // The directory is reported once, not its 130 files; use a flat set instead.
    REQUIRE(QDir(QString::fromLocal8Bit(t.path("extra"))).removeRecursively());
    for (int i = 0; i < 130; ++i)
        writeFile(t.path("plain/extra-" + QByteArray::number(1000 + i)), "x");
    r = t.verify();
    REQUIRE_FALSE(r.ok());
    const QStringList lines = r.error().details.split(QLatin1Char('\n'));
    CHECK(lines.size() == 101);
    CHECK(lines.last() == QStringLiteral("... 31 more not listed"));
    CHECK(r.error().message.contains(QStringLiteral("(and 130 more differences)")));
}

TEST_CASE("verify stops with Cancelled when cancelled")
{
    StagedTree t;
    CancelToken cancel;
    cancel.cancel();
    auto r = t.verify(cancel);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Cancelled);
}

TEST_CASE("verify accepts an O_PATH staging fd and leaves atimes alone")
{
    StagedTree t;
    struct stat before {};
    REQUIRE(lstat(t.path("plain/random.bin").constData(), &before) == 0);
    const int fd = open(t.staging.constData(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    UniqueFd pathFd(fd);
    StagingVerifier verifier(pathFd.get(), t.manifest, CancelToken());
    auto r = verifier.run();
    INFO((r.ok() ? QString() : r.error().message).toStdString());
    REQUIRE(r.ok());
    struct stat after {};
    REQUIRE(lstat(t.path("plain/random.bin").constData(), &after) == 0);
    CHECK(after.st_atim.tv_sec == before.st_atim.tv_sec);
    CHECK(after.st_atim.tv_nsec == before.st_atim.tv_nsec);
}
