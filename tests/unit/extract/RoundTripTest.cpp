// SPDX-License-Identifier: GPL-3.0-or-later
// SecureExtractor: what goes in comes out, byte for byte and attribute for attribute.
#include "ExtractTestSupport.h"

#include "util/Sha256.h"

#include <catch2/catch.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <sys/acl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

using namespace st;
using namespace st::test;

namespace {
std::string text(const Result<ExtractSummary> &r)
{
    return r.ok() ? std::string("ok") : r.error().message.toStdString();
}

struct stat statOf(const QByteArray &path)
{
    struct stat st{};
    REQUIRE(lstat(path.constData(), &st) == 0);
    return st;
}
}  // namespace

TEST_CASE("extract: round trip of a tree with every entry type and attribute", "[extract]")
{
    if (!isRoot()) {
        WARN("skipped: needs root (device nodes, foreign owners, security.capability)");
        return;
    }
    const bool binaryHeaders = GENERATE(true, false);
    INFO("pax hdrcharset=BINARY: " << binaryHeaders);
    Sandbox box;
    const QByteArray src = box.path("source");
    makeSpecialCases(src);
    writeFile(src + "/names/cafe\xcc\x81-nfd", "decomposed name must keep its bytes\n");
    writeFile(src + "/hard/" + QByteArray(255, 'h'), "long name, hard-linked\n");
    REQUIRE(link((src + "/hard/" + QByteArray(255, 'h')).constData(), (src + "/hard/sub/long-link").constData()) == 0);

    TarBuilder builder(binaryHeaders);
    archiveTree(src, builder);
    builder.addManifest();
    const Manifest expected = builder.manifest();
    ProgressCounters progress;
    const Result<ExtractSummary> r = box.extract(builder.finish(), Sandbox::defaultOptions(), {}, &progress);
    INFO(text(r));
    REQUIRE(r.ok());

    const QStringList diffs = compareTrees(src, box.staging());
    INFO(diffs.join(QLatin1Char('\n')).toStdString());
    CHECK(diffs.isEmpty());

    CHECK(r->entries == expected.entries().size());
    CHECK(r->manifest.entries().size() == expected.entries().size());
    CHECK(r->files == expected.fileCount());
    CHECK(r->bytes == expected.totalFileBytes());
    CHECK(r->writtenSha256.size() == expected.fileCount());
    CHECK(r->writtenSha256.value("plain/hello.txt") == Sha256::of("hello, twin\n"));
    CHECK(progress.filesDone.load() == expected.entries().size());
    CHECK(progress.bytesDone.load() == expected.totalFileBytes());

    // Holes stay holes: 64 MiB logical, two tiny data blocks.
    const struct stat sparse = statOf(box.staging() + "/sparse/holes.img");
    CHECK(sparse.st_size == 64 << 20);
    CHECK(sparse.st_blocks * 512 < 1 << 20);
    // The capability survived the chown that precedes it, setuid survived too.
    char cap[64];
    CHECK(getxattr((box.staging() + "/caps/ping-like").constData(), "security.capability", cap, sizeof cap) == 20);
    CHECK((statOf(box.staging() + "/modes/setuid").st_mode & 07777) == 04755);
    CHECK(statOf(box.staging() + "/owners/foreign").st_uid == 1234);
    // The manifest is not part of the tree.
    CHECK(access((box.staging() + "/.servertwin").constData(), F_OK) != 0);
}

TEST_CASE("extract: a directory listed after its children still gets its metadata", "[extract]")
{
    Sandbox box;
    TarBuilder b;
    b.addFile("late/sub/file", "child first\n");
    b.addDirectory("late/sub", 0750);
    b.addDirectory("late", 0711);
    b.addManifest();
    const Result<ExtractSummary> r = box.extract(b.finish());
    INFO(text(r));
    REQUIRE(r.ok());
    const struct stat late = statOf(box.staging() + "/late");
    const struct stat sub = statOf(box.staging() + "/late/sub");
    CHECK((late.st_mode & 07777) == 0711);
    CHECK((sub.st_mode & 07777) == 0750);
    CHECK(late.st_mtim.tv_sec == 1600000000);
    CHECK(late.st_mtim.tv_nsec == 250000000);
    CHECK(sub.st_mtim.tv_sec == 1600000000);
}

TEST_CASE("extract: hard-link group, symlink, fifo and the reserved directory entry", "[extract]")
{
    Sandbox box;
    TarBuilder b;
    b.addDirectory(".servertwin", 0700, false);
    b.addFile("data/one", "shared\n", 0640);
    b.addHardLink("data/two", "data/one");
    b.addDirectory("other");
    b.addHardLink("other/three", "data/one");
    b.addSymlink("data/link", "../../../../etc/shadow");
    b.addNode("data/fifo", AE_IFIFO);
    b.addManifest();
    const Result<ExtractSummary> r = box.extract(b.finish());
    INFO(text(r));
    REQUIRE(r.ok());
    const struct stat one = statOf(box.staging() + "/data/one");
    CHECK(one.st_nlink == 3);
    CHECK(statOf(box.staging() + "/data/two").st_ino == one.st_ino);
    CHECK(statOf(box.staging() + "/other/three").st_ino == one.st_ino);
    CHECK((one.st_mode & 07777) == 0640);
    CHECK(S_ISFIFO(statOf(box.staging() + "/data/fifo").st_mode));
    char target[64] = {};
    CHECK(readlink((box.staging() + "/data/link").constData(), target, sizeof target - 1) == 22);
    CHECK(QByteArray(target) == "../../../../etc/shadow");
    CHECK(access((box.staging() + "/.servertwin").constData(), F_OK) != 0);
    CHECK(r->writtenSha256.size() == 1);
    CHECK(box.outsideDamage().isEmpty());
}

TEST_CASE("extract: a POSIX ACL that arrives as a system.posix_acl_access xattr is set as-is", "[extract]")
{
    Sandbox box;
    // Capture the kernel's binary form from a real file.
    const QByteArray probe = box.path("probe");
    writeFile(probe, "x", 0640);
    acl_t acl = acl_from_text("u::rw-,u:4242:r--,g::r--,m::r--,o::---");
    REQUIRE(acl);
    REQUIRE(acl_set_file(probe.constData(), ACL_TYPE_ACCESS, acl) == 0);
    acl_free(acl);
    char value[256];
    const ssize_t len = getxattr(probe.constData(), "system.posix_acl_access", value, sizeof value);
    REQUIRE(len > 0);

    TarBuilder b;
    archive_entry *e = archive_entry_new();
    archive_entry_copy_pathname(e, "acl-as-xattr");
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0640);
    archive_entry_set_size(e, 3);
    archive_entry_xattr_add_entry(e, "system.posix_acl_access", value, static_cast<size_t>(len));
    archive_entry_xattr_add_entry(e, "user.note", "kept", 4);
    b.addEntry(e, "abc");
    archive_entry_free(e);
    b.manifest().add({"acl-as-xattr", EntryType::File, 3, Sha256::of("abc"), {}});
    b.addManifest();
    const Result<ExtractSummary> r = box.extract(b.finish());
    INFO(text(r));
    REQUIRE(r.ok());
    char got[256];
    const QByteArray file = box.staging() + "/acl-as-xattr";
    const ssize_t gotLen = getxattr(file.constData(), "system.posix_acl_access", got, sizeof got);
    REQUIRE(gotLen == len);
    CHECK(QByteArray(got, gotLen) == QByteArray(value, len));
    CHECK(getxattr(file.constData(), "user.note", got, sizeof got) == 4);
}

TEST_CASE("extract: without ownership restore, files belong to the extracting user", "[extract]")
{
    Sandbox box;
    TarBuilder b;
    archive_entry *e = archive_entry_new();
    archive_entry_copy_pathname(e, "foreign");
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0604);
    archive_entry_set_uid(e, 1234);
    archive_entry_set_gid(e, 5678);
    archive_entry_set_size(e, 2);
    b.addEntry(e, "hi");
    archive_entry_free(e);
    b.manifest().add({"foreign", EntryType::File, 2, Sha256::of("hi"), {}});
    b.addManifest();
    ExtractOptions o = Sandbox::defaultOptions();
    o.restoreOwnership = false;
    const Result<ExtractSummary> r = box.extract(b.finish(), o);
    INFO(text(r));
    REQUIRE(r.ok());
    const struct stat st = statOf(box.staging() + "/foreign");
    CHECK(st.st_uid == geteuid());
    CHECK((st.st_mode & 07777) == 0604);
}
