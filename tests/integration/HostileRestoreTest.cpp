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

/** Writes @p builder's stream (manifest added with @p includes and @p excludes) as a .tar.zst clone file. */
QByteArray writeClone(TarBuilder &builder, const QByteArray &file, const QList<QByteArray> &includes = {"etc"},
                      const QList<QByteArray> &excludes = {})
{
    builder.manifest().header.includes = includes;
    builder.manifest().header.excludes = excludes;
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

/** Every path below @p root with its type, mode, mtime and content or link target: equal means unchanged. */
QStringList stateOf(const QByteArray &root)
{
    QStringList out;
    for (const QByteArray &rel : listTree(root)) {
        const QByteArray full = root + '/' + rel;
        struct stat st{};
        REQUIRE(lstat(full.constData(), &st) == 0);
        QByteArray content;
        if (S_ISREG(st.st_mode)) {
            content = contentOf(full);
        } else if (S_ISLNK(st.st_mode)) {
            char target[4096];
            const ssize_t n = readlink(full.constData(), target, sizeof target);
            content = "-> " + QByteArray(target, n > 0 ? static_cast<qsizetype>(n) : 0);
        }
        out << QStringLiteral("%1 %2 %3.%4 %5").arg(s(rel)).arg(st.st_mode, 0, 8).arg(st.st_mtim.tv_sec)
                   .arg(st.st_mtim.tv_nsec).arg(QString::fromUtf8(content.toHex()));
    }
    return out;
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

TEST_CASE("a refused clone changes nothing in the root: a planted symlink under an unlisted directory, a climbing include root", "[restore][hostile]")
{
    Sandbox box;  // the Secondary's root is the sandbox's "staging" directory, next to "outside"
    ScratchDir files("hostile-clones");
    const QByteArray root = box.staging();
    TarBuilder first;
    first.addDirectory("etc");
    first.addFile("etc/hostname", "twin\n");
    first.addSymlink("etc/x", box.outside());
    CliRun one = restore(writeClone(first, files / "first.tar.zst"), root);
    INFO(one.output.toStdString());
    REQUIRE(one.exitCode == 0);
    const QStringList before = stateOf(root);

    const bool climbing = GENERATE(false, true);
    TarBuilder second;
    second.addDirectory("etc");
    second.addFile("etc/aaa", "applied before the refusal?\n");  // sorts before etc/x
    second.addFile("etc/hostname", "changed by a refused clone?\n");
    QList<QByteArray> includes{"etc"};
    if (climbing) {
        includes.append("../..");  // the entries themselves are harmless
    } else {
        second.addFile("etc/x/pwned", "written through the planted link?\n", 0644);  // no entry for etc/x
    }
    CliRun two = restore(writeClone(second, files / "second.tar.zst", includes), root);
    INFO(two.output.toStdString());
    CHECK(two.exitCode == 1);
    if (climbing) {
        CHECK(two.output.contains("manifest include root \"../..\" is not a normalised relative path"));
    } else {
        CHECK(two.output.contains("the clone was refused and nothing in the root was changed"));
        CHECK(two.output.contains("etc/x in the root is a symlink and the clone has no directory entry for it"));
    }
    CHECK_FALSE(two.output.contains("part-way"));
    CHECK(stateOf(root) == before);
    CHECK_FALSE(QFileInfo::exists(s(root + "/etc/aaa")));
    CHECK(contentOf(root + "/etc/hostname") == "twin\n");
    CHECK(isSymlink(root + "/etc/x"));
    CHECK(box.outsideDamage().isEmpty());
    CHECK_FALSE(QFileInfo::exists(s(root + "/.servertwin-staging")));
}

TEST_CASE("a clone with a bad exclude pattern is refused before its files are applied", "[restore][hostile]")
{
    Sandbox box;
    ScratchDir files("hostile-clones");
    const QByteArray root = box.staging();
    TarBuilder first;
    first.addDirectory("etc");
    first.addFile("etc/hostname", "twin\n");
    first.addFile("etc/old.conf", "mirrored away by a refused clone?\n");
    CliRun one = restore(writeClone(first, files / "first.tar.zst"), root);
    INFO(one.output.toStdString());
    REQUIRE(one.exitCode == 0);
    const QStringList before = stateOf(root);

    TarBuilder second;
    second.addDirectory("etc");
    second.addFile("etc/aaa", "applied before the refusal?\n");
    second.addFile("etc/hostname", "twin\n");
    CliRun two = restore(writeClone(second, files / "second.tar.zst", {"etc"}, {"*.pid", "[oops"}), root);
    INFO(two.output.toStdString());
    CHECK(two.exitCode == 1);
    CHECK(two.output.contains("the manifest's exclude list has a bad pattern \"[oops\""));
    CHECK(stateOf(root) == before);
    CHECK(box.outsideDamage().isEmpty());
    CHECK_FALSE(QFileInfo::exists(s(root + "/.servertwin-staging")));
}
