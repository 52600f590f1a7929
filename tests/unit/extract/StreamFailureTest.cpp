// SPDX-License-Identifier: GPL-3.0-or-later
// SecureExtractor: broken streams, manifest disagreements, cancellation and privileges.
#include "ExtractTestSupport.h"

#include "util/Sha256.h"

#include <catch2/catch.hpp>

#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace st;
using namespace st::test;

namespace {
Error failureOf(Sandbox &box, const QByteArray &stream, ExtractOptions options = Sandbox::defaultOptions())
{
    const Result<ExtractSummary> r = box.extract(stream, options);
    REQUIRE_FALSE(r.ok());
    return r.error();
}

TarBuilder &simpleTree(TarBuilder &b)
{
    b.addDirectory("etc");
    b.addFile("etc/hostname", "primary\n");
    b.addFile("etc/motd", "hello\n");
    b.addHardLink("etc/motd.link", "etc/motd");
    b.addSymlink("etc/localtime", "/usr/share/zoneinfo/UTC");
    return b;
}
}  // namespace

TEST_CASE("extract: a stream without a manifest", "[extract]")
{
    Sandbox box;
    TarBuilder b;
    simpleTree(b);
    const Error e = failureOf(box, b.finish());
    INFO(e.message.toStdString());
    CHECK(e.code == ErrorCode::Archive);
    CHECK(e.message == QStringLiteral("clone stream has no manifest (truncated?)"));
}

TEST_CASE("extract: a truncated stream", "[extract]")
{
    Sandbox box;
    TarBuilder b;
    simpleTree(b);
    b.addFile("big", QByteArray(100000, 'b'));
    b.addManifest();
    const QByteArray full = b.finish();
    const Error e = failureOf(box, full.left(full.indexOf(QByteArray(100000, 'b')) + 5000));
    INFO(e.message.toStdString());
    CHECK(e.code == ErrorCode::Archive);
}

TEST_CASE("extract: garbage after the end of the archive", "[extract]")
{
    Sandbox box;
    TarBuilder b;
    simpleTree(b);
    b.addManifest();
    const Error e = failureOf(box, b.finish() + QByteArray(4096, '\0') + "trailing junk");
    INFO(e.message.toStdString());
    CHECK(e.code == ErrorCode::Archive);
    CHECK(e.message == QStringLiteral("clone stream has data after the end of the archive"));
}

TEST_CASE("extract: the manifest's checksum must hold", "[extract]")
{
    Sandbox box;
    TarBuilder b;
    simpleTree(b);
    QByteArray text = b.manifest().serialize();
    text.replace("etc/hostname", "etc/hostnamX");
    b.addManifest(text);
    const Error e = failureOf(box, b.finish());
    INFO(e.message.toStdString());
    CHECK(e.code == ErrorCode::Archive);
    CHECK(e.message.contains(QStringLiteral("clone manifest")));
}

TEST_CASE("extract: manifest with a wrong hash for a file", "[extract]")
{
    Sandbox box;
    TarBuilder b;
    b.addDirectory("etc");
    b.addFile("etc/hostname", "primary\n", 0644, false);
    b.manifest().add({"etc/hostname", EntryType::File, 8, Sha256::of("tampered"), {}});
    b.addManifest();
    const Error e = failureOf(box, b.finish());
    INFO(e.message.toStdString());
    CHECK(e.code == ErrorCode::Verify);
    CHECK(e.message.contains(QStringLiteral("\"etc/hostname\"")));
}

TEST_CASE("extract: stream and manifest must list the same entries", "[extract]")
{
    Sandbox box;
    TarBuilder b;
    const int variant = GENERATE(0, 1, 2, 3);
    QString needle;
    if (variant == 0) {
        simpleTree(b);
        b.addFile("unlisted", "x\n", 0644, false);
        needle = QStringLiteral("\"unlisted\" was extracted but is not in the manifest");
    } else if (variant == 1) {
        simpleTree(b);
        b.manifest().add({"etc/ghost", EntryType::Fifo, 0, {}, {}});
        needle = QStringLiteral("\"etc/ghost\" (fifo) is in the manifest but not in the stream");
    } else if (variant == 2) {
        b.addDirectory("etc");
        b.addSymlink("etc/x", "y", false);
        b.manifest().add({"etc/x", EntryType::Directory, 0, {}, {}});
        needle = QStringLiteral("\"etc/x\" is a symlink in the stream but a directory in the manifest");
    } else {
        b.addFile("a", "1");
        b.addFile("b", "2");
        b.addHardLink("c", "a", false);
        b.manifest().add({"c", EntryType::HardLink, 0, {}, "b"});
        needle = QStringLiteral("hard link \"c\" points to \"a\"");
    }
    b.addManifest();
    const Error e = failureOf(box, b.finish());
    INFO(e.message.toStdString());
    CHECK(e.code == ErrorCode::Verify);
    CHECK(e.message.contains(needle));
}

TEST_CASE("extract: cancelled before it starts", "[extract]")
{
    Sandbox box;
    TarBuilder b;
    simpleTree(b);
    b.addManifest();
    CancelToken token;
    token.cancel();
    const Result<ExtractSummary> r = box.extract(b.finish(), Sandbox::defaultOptions(), token);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Cancelled);
    CHECK(access((box.staging() + "/etc").constData(), F_OK) != 0);
}

TEST_CASE("extract: cancelled in the middle of a file", "[extract]")
{
    Sandbox box;
    TarBuilder b;
    b.addFile("big", QByteArray(4 << 20, 'z'));
    b.addManifest();
    CancelToken token;
    MemorySource source(b.finish(), 64 * 1024);
    source.hook = [token](qint64 pos) -> std::optional<Error> {
        if (pos > (1 << 20))
            token.cancel();
        return std::nullopt;
    };
    SecureExtractor extractor(box.stagingFd(), Sandbox::defaultOptions(), token);
    const Result<ExtractSummary> r = extractor.run(source);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Cancelled);
}

TEST_CASE("extract: a failing source reports its own error", "[extract]")
{
    Sandbox box;
    TarBuilder b;
    simpleTree(b);
    b.addManifest();
    MemorySource source(b.finish(), 1024);
    source.hook = [](qint64 pos) -> std::optional<Error> {
        if (pos >= 3072)
            return makeError(ErrorCode::Network, QStringLiteral("connection lost"));
        return std::nullopt;
    };
    SecureExtractor extractor(box.stagingFd(), Sandbox::defaultOptions(), CancelToken());
    const Result<ExtractSummary> r = extractor.run(source);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Network);
    CHECK(r.error().message == QStringLiteral("connection lost"));
}

TEST_CASE("extract: restoring owners needs root", "[extract]")
{
    if (!isRoot()) {
        Sandbox box;
        ExtractOptions o;
        o.restoreOwnership = true;
        const Result<ExtractSummary> r = box.extract({}, o);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Permission);
        return;
    }
    // As root: check in a child that drops to an unprivileged user.
    Sandbox box;
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (setgroups(0, nullptr) != 0 || setresgid(65534, 65534, 65534) != 0 || setresuid(65534, 65534, 65534) != 0)
            _exit(2);
        ExtractOptions o;
        o.restoreOwnership = true;
        MemorySource source({});
        SecureExtractor extractor(box.stagingFd(), o, CancelToken());
        const Result<ExtractSummary> r = extractor.run(source);
        const bool expected = !r.ok() && r.error().code == ErrorCode::Permission
            && r.error().message == QStringLiteral("restoring owners needs root privileges (run as root or disable ownership restore)");
        _exit(expected ? 0 : 1);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
