// SPDX-License-Identifier: GPL-3.0-or-later
// SecureExtractor: hostile streams are refused (ErrorCode::Hostile) and nothing outside the
// staging directory is touched.
#include "ExtractTestSupport.h"

#include <catch2/catch.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace st;
using namespace st::test;

namespace {
void requireRefused(Sandbox &box, TarBuilder &b, const QString &needle, ExtractOptions options = Sandbox::defaultOptions())
{
    b.addManifest();
    const Result<ExtractSummary> r = box.extract(b.finish(), options);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().code == ErrorCode::Hostile);
    CHECK(r.error().message.startsWith(QStringLiteral("refused entry \"")));
    CHECK(r.error().message.contains(needle));
    const QString damage = box.outsideDamage();
    INFO(damage.toStdString());
    CHECK(damage.isEmpty());
}
}  // namespace

TEST_CASE("extract hostile: absolute path", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addFile(box.outside() + "/sentinel", "overwritten\n");
    requireRefused(box, b, QStringLiteral("absolute path"));
}

TEST_CASE("extract hostile: leading ./ is refused, not stripped", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addFile("./file", "x\n");
    requireRefused(box, b, QStringLiteral("refused entry \"./file\": '.' path component"));
}

TEST_CASE("extract hostile: '..' components", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    const QByteArray path = GENERATE(QByteArray("../outside/sentinel"), QByteArray("a/../../outside/sentinel"), QByteArray(".."));
    b.addDirectory("a");
    b.addFile(path, "overwritten\n");
    requireRefused(box, b, QStringLiteral("'..' path component"));
}

TEST_CASE("extract hostile: file through a symlink to the outside", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addSymlink("d", "../outside");
    b.addFile("d/sentinel", "overwritten\n");
    requireRefused(box, b, QStringLiteral("parent \"d\" is a symlink"));
}

TEST_CASE("extract hostile: directory and fifo through a symlink", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addSymlink("d", "../outside");
    if (GENERATE(true, false))
        b.addDirectory("d/newdir");
    else
        b.addNode("d/newfifo", AE_IFIFO);
    requireRefused(box, b, QStringLiteral("is a symlink, not a directory"));
}

TEST_CASE("extract hostile: hard link created through a symlinked parent", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addFile("f", "inside\n");
    b.addSymlink("d", "../outside");
    b.addHardLink("d/planted", "f");
    requireRefused(box, b, QStringLiteral("parent \"d\" is a symlink"));
}

TEST_CASE("extract hostile: hard link whose target goes through a symlink", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addSymlink("d", "../outside");
    b.addHardLink("stolen", "d/sentinel");
    requireRefused(box, b, QStringLiteral("hard link target \"d/sentinel\" is not an earlier file"));
}

TEST_CASE("extract hostile: hard link to a path outside the root", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    const QByteArray target = GENERATE(QByteArray("../outside/sentinel"), QByteArray("/etc/passwd"));
    b.addHardLink("stolen", target);
    requireRefused(box, b, QStringLiteral("hard link target"));
}

TEST_CASE("extract hostile: hard link to a symlink, a directory, a device", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addSymlink("sym", "../outside/sentinel");
    b.addDirectory("dir");
    b.addNode("fifo", AE_IFIFO);
    const int which = GENERATE(0, 1, 2);
    const QByteArray target = which == 0 ? "sym" : which == 1 ? "dir" : "fifo";
    const QString kind = which == 0 ? QStringLiteral("symlink") : which == 1 ? QStringLiteral("directory") : QStringLiteral("fifo");
    b.addHardLink("link", target);
    requireRefused(box, b, QStringLiteral("is a %1, not a regular file").arg(kind));
}

TEST_CASE("extract hostile: hard link to a later or unknown entry", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addHardLink("early", "later");
    b.addFile("later", "data\n");
    requireRefused(box, b, QStringLiteral("hard link target \"later\" is not an earlier file of this stream"));
}

TEST_CASE("extract hostile: a path that appears twice", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    const int variant = GENERATE(0, 1, 2, 3);
    if (variant == 0) {
        b.addFile("twice", "first\n");
        b.addFile("twice", "second\n", 0644, false);
    } else if (variant == 1) {
        b.addFile("twice", "first\n");
        b.addDirectory("twice", 0755, false);
    } else if (variant == 2) {
        b.addDirectory("twice");
        b.addSymlink("twice", "../outside", false);
    } else {
        b.addFile("twice/child", "made the parent implicitly\n");
        b.addFile("twice", "now a file\n");
    }
    requireRefused(box, b, QStringLiteral("duplicate entry"));
}

TEST_CASE("extract hostile: device nodes when devices are not allowed", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addNode("disk", GENERATE(AE_IFCHR, AE_IFBLK), makedev(8, 0));
    ExtractOptions o = Sandbox::defaultOptions();
    o.allowDevices = false;
    requireRefused(box, b, QStringLiteral("device nodes are not allowed"), o);
    CHECK(access((box.staging() + "/disk").constData(), F_OK) != 0);
}

TEST_CASE("extract hostile: entries under the reserved .servertwin directory", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    const int variant = GENERATE(0, 1, 2);
    if (variant == 0)
        b.addFile(".servertwin/evil", "x\n", 0644, false);
    else if (variant == 1)
        b.addSymlink(".servertwin", "../outside", false);
    else
        b.addDirectory(".servertwin/sub", 0755, false);
    requireRefused(box, b, QStringLiteral("reserved"));
}

TEST_CASE("extract hostile: empty components and over-long names", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    const int variant = GENERATE(0, 1, 2);
    if (variant == 0) {
        b.addFile("a//b", "x\n");
        requireRefused(box, b, QStringLiteral("empty path component"));
    } else if (variant == 1) {
        b.addFile("dir/" + QByteArray(256, 'n'), "x\n");
        requireRefused(box, b, QStringLiteral("longer than 255 bytes"));
    } else {
        QByteArray deep;
        while (deep.size() <= 4096)
            deep += QByteArray(200, 'd') + '/';
        b.addFile(deep + "leaf", "x\n");
        requireRefused(box, b, QStringLiteral("longer than 4095 bytes"));
    }
}

TEST_CASE("extract hostile: entry count limit", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    for (int i = 0; i < 5; ++i)
        b.addFile("f" + QByteArray::number(i), "x");
    ExtractOptions o = Sandbox::defaultOptions();
    o.limits.maxEntries = 3;
    requireRefused(box, b, QStringLiteral("more than 3 entries"), o);
}

TEST_CASE("extract hostile: total bytes limit", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addFile("small", QByteArray(600, 's'));
    b.addFile("big", QByteArray(600, 'b'));
    ExtractOptions o = Sandbox::defaultOptions();
    o.limits.maxTotalBytes = 1000;
    requireRefused(box, b, QStringLiteral("more than 1000 bytes"), o);
    CHECK(access((box.staging() + "/big").constData(), F_OK) != 0);
}

TEST_CASE("extract hostile: an entry after the manifest", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addFile("ok", "x");
    b.addManifest();
    b.addFile("smuggled", "after the manifest\n", 0644, false);
    const Result<ExtractSummary> r = box.extract(b.finish());
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().code == ErrorCode::Hostile);
    CHECK(r.error().message.contains(QStringLiteral("after the manifest")));
    CHECK(access((box.staging() + "/smuggled").constData(), F_OK) != 0);
}

TEST_CASE("extract hostile: a manifest over the size limit", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addFile("ok", "x");
    ExtractOptions o = Sandbox::defaultOptions();
    o.limits.manifest.maxBytes = 64;
    requireRefused(box, b, QStringLiteral("exceeds the limit of 64 bytes"), o);
}

TEST_CASE("extract hostile: a symlink planted in the staging area is never followed", "[extract][hostile]")
{
    Sandbox box;
    REQUIRE(symlink("../outside", (box.staging() + "/d").constData()) == 0);
    TarBuilder b;
    b.addFile("d/sentinel", "overwritten\n");
    b.addManifest();
    const Result<ExtractSummary> r = box.extract(b.finish());
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(box.outsideDamage().isEmpty());
}

TEST_CASE("extract hostile: a hard link that carries data", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    b.addFile("target", "original\n");
    // libarchive's writer never puts data on a hard link; pax readers accept it, so craft one.
    b.addRaw(ustarEntry("link", '1', "replaced\n", "target"));
    b.manifest().add({"link", EntryType::HardLink, 0, {}, "target"});
    requireRefused(box, b, QStringLiteral("hard link carries data"));
}
