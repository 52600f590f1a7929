// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile clones across restores: a symlink that one clone plants in the Secondary's root
// cannot redirect the writes of the next clone (restored by the real agent's offline
// `restore` subcommand), and the outside sentinel is unchanged after each restore.
#include "AgentProcess.h"
#include "ExtractTestSupport.h"

#include "archive/ZstdStream.h"
#include "support/TestTree.h"

#include <QDir>
#include <QFile>

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

using namespace st;
using namespace st::test;

namespace {

class FileSinkForTest final : public ByteSink {
public:
    explicit FileSinkForTest(const QByteArray &path) : m_file(s(path)) { REQUIRE(m_file.open(QIODevice::WriteOnly)); }
    Status write(const char *data, size_t len) override
    {
        REQUIRE(m_file.write(data, static_cast<qint64>(len)) == static_cast<qint64>(len));
        return {};
    }
    Status finish() override
    {
        m_file.close();
        return {};
    }

private:
    QFile m_file;
};

/** Writes @p builder's stream (manifest added, include root "etc") as a .tar.zst clone file. */
QByteArray writeClone(TarBuilder &builder, const QByteArray &file)
{
    builder.manifest().header.includes = {"etc"};
    builder.addManifest();
    const QByteArray tar = builder.finish();
    FileSinkForTest sink(file);
    ZstdCompressSink z(sink, ZstdOptions{3, 1});
    REQUIRE(z.write(tar.constData(), static_cast<size_t>(tar.size())).ok());
    REQUIRE(z.finish().ok());
    return file;
}

CliRun restore(const QByteArray &clone, const QByteArray &root)
{
    QStringList args{QStringLiteral("restore"), QStringLiteral("--input"), s(clone), QStringLiteral("--root"), s(root)};
    if (!isRoot())
        args << QStringLiteral("--no-owner");
    return runBinary("servertwin-agent", args);
}

bool isSymlink(const QByteArray &path)
{
    struct stat st{};
    return lstat(path.constData(), &st) == 0 && S_ISLNK(st.st_mode);
}

bool isDirectory(const QByteArray &path)
{
    struct stat st{};
    return lstat(path.constData(), &st) == 0 && S_ISDIR(st.st_mode);
}

QByteArray contentOf(const QByteArray &path)
{
    QFile f(s(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

}  // namespace

TEST_CASE("a symlink planted by one clone cannot redirect the writes of the next clone", "[restore][hostile]")
{
    Sandbox box;  // the Secondary's root is the sandbox's "staging" directory, next to "outside"
    ScratchDir files("hostile-clones");
    const QByteArray root = box.staging();
    // The planted link: absolute (to the real outside directory) or relative (climbing out).
    const bool absolute = GENERATE(true, false);
    const QByteArray target = absolute ? box.outside() : QByteArray("../../outside");

    TarBuilder first;
    first.addDirectory("etc");
    first.addFile("etc/hostname", "twin\n");
    first.addSymlink("etc/x", target);
    CliRun one = restore(writeClone(first, files / "first.tar.zst"), root);
    INFO(one.output.toStdString());
    REQUIRE(one.exitCode == 0);
    REQUIRE(isSymlink(root + "/etc/x"));
    CHECK(box.outsideDamage().isEmpty());

    // The next clone writes etc/x/sentinel and etc/x/new, with etc/x now a directory.
    TarBuilder second;
    second.addDirectory("etc");
    second.addFile("etc/hostname", "twin\n");
    second.addDirectory("etc/x");
    second.addFile("etc/x/sentinel", "overwritten through the planted link?\n");
    second.addFile("etc/x/new", "created through the planted link?\n");
    CliRun two = restore(writeClone(second, files / "second.tar.zst"), root);
    INFO(two.output.toStdString());
    CHECK(two.exitCode == 0);
    const QString damage = box.outsideDamage();
    INFO(damage.toStdString());
    CHECK(damage.isEmpty());
    CHECK(QDir(s(box.outside())).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden) == QStringList{QStringLiteral("sentinel")});
    // The link was replaced by the clone's directory, inside the root.
    CHECK(isDirectory(root + "/etc/x"));
    CHECK(contentOf(root + "/etc/x/sentinel") == "overwritten through the planted link?\n");
    CHECK(contentOf(root + "/etc/x/new") == "created through the planted link?\n");
}

TEST_CASE("mirroring removes a planted symlink, never what it points to", "[restore][hostile]")
{
    Sandbox box;  // the Secondary's root is the sandbox's "staging" directory, next to "outside"
    ScratchDir files("hostile-clones");
    const QByteArray root = box.staging();
    TarBuilder first;
    first.addDirectory("etc");
    first.addSymlink("etc/x", box.outside());
    first.addSymlink("etc/s", box.outside() + "/sentinel");
    CliRun one = restore(writeClone(first, files / "first.tar.zst"), root);
    INFO(one.output.toStdString());
    REQUIRE(one.exitCode == 0);

    TarBuilder second;  // neither etc/x nor etc/s: both are mirrored away
    second.addDirectory("etc");
    second.addFile("etc/hostname", "twin\n");
    CliRun two = restore(writeClone(second, files / "second.tar.zst"), root);
    INFO(two.output.toStdString());
    CHECK(two.exitCode == 0);
    CHECK_FALSE(QFileInfo::exists(s(root + "/etc/x")));
    CHECK_FALSE(isSymlink(root + "/etc/x"));
    CHECK_FALSE(isSymlink(root + "/etc/s"));
    CHECK(box.outsideDamage().isEmpty());
}

TEST_CASE("a hard link in the next clone cannot reach a symlink or file planted by an earlier one", "[restore][hostile]")
{
    Sandbox box;  // the Secondary's root is the sandbox's "staging" directory, next to "outside"
    ScratchDir files("hostile-clones");
    const QByteArray root = box.staging();
    TarBuilder first;
    first.addDirectory("etc");
    first.addSymlink("etc/s", box.outside() + "/sentinel");
    first.addFile("etc/f", "first clone\n");
    CliRun one = restore(writeClone(first, files / "first.tar.zst"), root);
    INFO(one.output.toStdString());
    REQUIRE(one.exitCode == 0);

    TarBuilder second;
    second.addDirectory("etc");
    second.addHardLink("etc/stolen", GENERATE(QByteArray("etc/s"), QByteArray("etc/f")));
    CliRun two = restore(writeClone(second, files / "second.tar.zst"), root);
    INFO(two.output.toStdString());
    CHECK(two.exitCode == 1);
    CHECK(two.output.contains("is not an earlier file of this stream"));
    CHECK_FALSE(QFileInfo::exists(s(root + "/etc/stolen")));
    CHECK(contentOf(root + "/etc/f") == "first clone\n");  // the root is untouched by the refused clone
    CHECK(isSymlink(root + "/etc/s"));
    CHECK(box.outsideDamage().isEmpty());
    CHECK_FALSE(QFileInfo::exists(s(root + "/.servertwin-staging")));
}
