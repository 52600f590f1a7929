// SPDX-License-Identifier: GPL-3.0-or-later
// A refused clone must not change the root (issue 10, point 5): everything the apply would
// refuse is refused before the first change, and the root is byte-for-byte as it was; the
// legitimate replacements of an OS clone keep working.
#include "ApplyTestSupport.h"
#include "restore/StagingVerifier.h"
#include "restore/TreeApplier.h"
#include "support/TestTree.h"
#include "util/RawPath.h"
#include "util/Sha256.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace st;
using namespace st::test;

namespace {
QString describe(const Error &e)
{
    return e.message + QLatin1Char('\n') + e.details;
}

bool exists(const QByteArray &path)
{
    struct stat st {};
    return lstat(path.constData(), &st) == 0;
}

mode_t typeOf(const QByteArray &path)
{
    struct stat st {};
    return lstat(path.constData(), &st) == 0 ? (st.st_mode & S_IFMT) : 0;
}

QByteArray readAll(const QByteArray &path)
{
    QFile f(s(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

/** Verifies the staging tree (it must pass), then applies it. */
Result<ApplyReport> verifyAndApply(const QByteArray &root, const QByteArray &staging, const Manifest &manifest,
                                   const ExcludeMatcher &excludes = {})
{
    const UniqueFd stagingFd = openDirectory(staging);
    const UniqueFd rootFd = openDirectory(root);
    auto verified = StagingVerifier(stagingFd.get(), manifest, CancelToken()).run();
    INFO((verified.ok() ? QString() : describe(verified.error())).toStdString());
    REQUIRE(verified.ok());
    return TreeApplier(rootFd.get(), stagingFd.get(), manifest, excludes, {}, CancelToken()).run();
}

/** The apply must be refused, say that nothing changed, and leave @p trees exactly as they were. */
Error requireRefusedUnchanged(const QByteArray &root, const QByteArray &staging, const Manifest &manifest,
                              const QList<QByteArray> &trees, const ExcludeMatcher &excludes = {})
{
    QList<QStringList> before;
    for (const QByteArray &t : trees)
        before << treeState(t);
    auto r = verifyAndApply(root, staging, manifest, excludes);
    REQUIRE_FALSE(r.ok());
    INFO(describe(r.error()).toStdString());
    CHECK(r.error().message.startsWith(QStringLiteral("the clone was refused and nothing in the root was changed: ")));
    CHECK_FALSE(r.error().message.contains(QStringLiteral("part-way")));
    for (qsizetype i = 0; i < trees.size(); ++i) {
        const QStringList after = treeState(trees.at(i));
        QStringList changed;
        for (const QString &line : after)
            if (!before.at(i).contains(line))
                changed << QStringLiteral("now: ") + line;
        for (const QString &line : before.at(i))
            if (!after.contains(line))
                changed << QStringLiteral("was: ") + line;
        INFO(changed.join(QLatin1Char('\n')).toStdString());
        CHECK(changed.isEmpty());
    }
    return r.error();
}

/** Sets inode flags (FS_IMMUTABLE_FL, FS_APPEND_FL) on a path and clears them again at scope end. */
class InodeFlags {
public:
    InodeFlags(const QByteArray &path, int flags) : m_path(path) { m_ok = set(flags); }
    ~InodeFlags() { set(0); }
    bool ok() const { return m_ok; }

private:
    bool set(int flags)
    {
        const int fd = open(m_path.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            return false;
        int current = 0;
        bool ok = ioctl(fd, FS_IOC_GETFLAGS, &current) == 0;
        current = (current & ~(FS_IMMUTABLE_FL | FS_APPEND_FL)) | flags;
        ok = ok && ioctl(fd, FS_IOC_SETFLAGS, &current) == 0;
        close(fd);
        return ok;
    }
    QByteArray m_path;
    bool m_ok = false;
};

/** The Secondary's root before the clone: an older twin with one stray file. */
void fillRoot(const QByteArray &root)
{
    writeFile(root + "/etc/hello", "the old hello\n");
    writeFile(root + "/stray", "the Primary has no such file\n");
}

/** The Primary: "aaa" (sorts before everything else) and etc/hello. */
void fillSource(const QByteArray &source)
{
    writeFile(source + "/aaa", "first entry of the clone\n");
    writeFile(source + "/etc/hello", "the new hello\n");
}
}  // namespace

TEST_CASE("a manifest whose include roots are not normalised relative paths is refused before anything changes")
{
    const QByteArray bad = GENERATE(QByteArray("../.."), QByteArray("/etc"), QByteArray("a//b"), QByteArray("a/../b"),
                                    QByteArray("etc/"), QByteArray("./etc"), QByteArray("a\0b", 3));
    INFO(escapePath(bad).toStdString());
    ScratchDir dir("preflight-includes");
    const QByteArray source = dir / "source", staging = dir / "staging", root = dir / "root";
    fillSource(source);
    fillRoot(root);
    copyTree(source, staging);
    const Manifest manifest = manifestOf(source, {"etc", bad});

    const Error e = requireRefusedUnchanged(root, staging, manifest, {root});
    CHECK(e.code == ErrorCode::Hostile);
    CHECK(e.message.contains(QStringLiteral("manifest include root \"%1\" is not a normalised relative path")
                                 .arg(QString::fromLatin1(escapePath(bad)))));
    CHECK_FALSE(exists(root + "/aaa"));

    // The agent refuses it already when it reads the manifest, before verifying the staging.
    const Result<Manifest> parsed = Manifest::parse(manifest.serialize());
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message.contains(QString::fromLatin1(escapePath(bad))));
}

TEST_CASE("a symlink or file an earlier clone left where the clone needs an unlisted directory refuses the clone before anything changes")
{
    enum class Planted { AbsoluteLink, RelativeLink, File };
    const Planted planted = GENERATE(Planted::AbsoluteLink, Planted::RelativeLink, Planted::File);
    ScratchDir dir("preflight-planted");
    const QByteArray staging = dir / "staging", root = dir / "root", outside = dir / "outside";
    writeFile(outside + "/sentinel", "outside the root\n");
    fillRoot(root);
    // Left in the root by an earlier clone.
    if (planted == Planted::AbsoluteLink)
        REQUIRE(symlink(outside.constData(), (root + "/x").constData()) == 0);
    else if (planted == Planted::RelativeLink)
        REQUIRE(symlink("../outside", (root + "/x").constData()) == 0);
    else
        writeFile(root + "/x", "a file where the clone needs a directory\n");

    // The clone: "aaa" first, then x/pwned without an entry for x itself.
    writeFile(staging + "/aaa", "applied before the refusal?\n");
    writeFile(staging + "/x/pwned", "written through the link?\n");
    Manifest manifest;
    manifest.header.includes = {QByteArray()};
    manifest.add({"aaa", EntryType::File, 28, Sha256::of("applied before the refusal?\n"), {}});
    manifest.add({"x/pwned", EntryType::File, 26, Sha256::of("written through the link?\n"), {}});

    const Error e = requireRefusedUnchanged(root, staging, manifest, {root, outside});
    CHECK(e.message.contains(planted == Planted::File ? QStringLiteral("x in the root is a file and the clone has no entry for it")
                                                      : QStringLiteral("x in the root is a symlink and the clone has no directory entry for it")));
    CHECK_FALSE(exists(root + "/aaa"));
    CHECK_FALSE(exists(outside + "/pwned"));
    CHECK(readAll(root + "/stray") == "the Primary has no such file\n");
}

TEST_CASE("a bad exclude pattern in the manifest refuses the clone before anything changes")
{
    ScratchDir dir("preflight-excludes");
    const QByteArray source = dir / "source", staging = dir / "staging", root = dir / "root";
    fillSource(source);
    fillRoot(root);
    copyTree(source, staging);
    const Manifest manifest = manifestOf(source, {QByteArray()}, {"*.pid", "[oops"});

    const Error e = requireRefusedUnchanged(root, staging, manifest, {root});
    CHECK(e.message.contains(QStringLiteral("the manifest's exclude list has a bad pattern \"[oops\"")));
    CHECK_FALSE(exists(root + "/aaa"));
    CHECK(readAll(root + "/stray") == "the Primary has no such file\n");

    const Result<Manifest> parsed = Manifest::parse(manifest.serialize());
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message.contains(QStringLiteral("[oops")));
}

TEST_CASE("the clone still replaces a symlink, a file or a directory in the root by an entry of another type")
{
    ScratchDir dir("preflight-replace");
    const QByteArray source = dir / "source", staging = dir / "staging", root = dir / "root", outside = dir / "outside";
    writeFile(outside + "/sentinel", "outside the root\n");
    // The Primary: directories where the Secondary has links and a file, a file where it has a directory.
    writeFile(source + "/aaa", "first\n");
    writeFile(source + "/x/inside", "in the directory that replaces the link\n");
    writeFile(source + "/deep/x/inside", "one level down\n");
    writeFile(source + "/l", "a file that replaces a link\n");
    writeFile(source + "/f/inner", "a directory that replaces a file\n");
    writeFile(source + "/d", "a file that replaces a directory\n");
    // The Secondary.
    REQUIRE(QDir().mkpath(s(root + "/deep")));
    REQUIRE(symlink(outside.constData(), (root + "/x").constData()) == 0);
    REQUIRE(symlink("../../outside", (root + "/deep/x").constData()) == 0);
    REQUIRE(symlink((outside + "/sentinel").constData(), (root + "/l").constData()) == 0);
    writeFile(root + "/f", "a file\n");
    writeFile(root + "/d/sub/file", "a directory\n");
    copyTree(source, staging);
    const QStringList outsideBefore = treeState(outside);
    const Manifest manifest = manifestOf(source);

    auto r = verifyAndApply(root, staging, manifest);
    INFO((r.ok() ? QString() : describe(r.error())).toStdString());
    REQUIRE(r.ok());
    CHECK(compareTrees(source, root).isEmpty());
    CHECK(typeOf(root + "/x") == S_IFDIR);
    CHECK(typeOf(root + "/deep/x") == S_IFDIR);
    CHECK(typeOf(root + "/l") == S_IFREG);
    CHECK(typeOf(root + "/f") == S_IFDIR);
    CHECK(typeOf(root + "/d") == S_IFREG);
    CHECK(readAll(root + "/x/inside") == "in the directory that replaces the link\n");
    CHECK(treeState(outside) == outsideBefore);
    QStringList removed;
    for (const RemovedPath &p : r->removed)
        removed << displayPath(p.path) + QStringLiteral(" | ") + p.reason;
    removed.sort();
    CHECK(removed == QStringList({QStringLiteral("d | replaced by a file from the Primary"),
                                  QStringLiteral("deep/x | replaced by a directory from the Primary"),
                                  QStringLiteral("f | replaced by a directory from the Primary"),
                                  QStringLiteral("l | replaced by a file from the Primary"),
                                  QStringLiteral("x | replaced by a directory from the Primary")}));
}

TEST_CASE("an immutable or append-only node the apply would change refuses the clone before anything changes")
{
    if (!isRoot()) {
        WARN("SKIP: setting immutable and append-only flags needs root");
        return;
    }
    enum class Case { ReplacedFile, MirroredAway, AppendOnlyDirectory, KeptDirectory };
    const Case which = GENERATE(Case::ReplacedFile, Case::MirroredAway, Case::AppendOnlyDirectory, Case::KeptDirectory);
    ScratchDir dir("preflight-flags");
    const QByteArray source = dir / "source", staging = dir / "staging", root = dir / "root";
    fillSource(source);
    fillRoot(root);
    copyTree(source, staging);
    const Manifest manifest = manifestOf(source);

    QByteArray path;
    int flag = FS_IMMUTABLE_FL;
    QString expected;
    switch (which) {
    case Case::ReplacedFile:
        path = root + "/etc/hello";
        expected = QStringLiteral("cannot replace etc/hello: etc/hello is immutable");
        break;
    case Case::MirroredAway:
        path = root + "/stray";
        expected = QStringLiteral("cannot remove stray (not present on the Primary): stray is immutable");
        break;
    case Case::AppendOnlyDirectory:
        path = root + "/etc";
        flag = FS_APPEND_FL;
        expected = QStringLiteral("etc is append-only");
        break;
    case Case::KeptDirectory:
        path = root + "/etc";
        expected = QStringLiteral("cannot give the Primary's metadata to etc: etc is immutable");
        break;
    }
    InodeFlags flags(path, flag);
    if (!flags.ok()) {
        WARN("SKIP: this filesystem has no immutable/append-only flags");
        return;
    }
    const Error e = requireRefusedUnchanged(root, staging, manifest, {root});
    CHECK(e.message.contains(expected));
    CHECK_FALSE(exists(root + "/aaa"));
}

TEST_CASE("a read-only or too small filesystem below the root refuses the clone before anything changes")
{
    if (!isRoot()) {
        WARN("SKIP: mounting a tmpfs needs root");
        return;
    }
    const bool readOnly = GENERATE(true, false);
    ScratchDir dir("preflight-mounts");
    const QByteArray source = dir / "source", staging = dir / "staging", root = dir / "root";
    fillSource(source);
    writeFile(source + "/mnt/big", QByteArray(2 << 20, 'x'));
    fillRoot(root);
    REQUIRE(QDir().mkpath(s(root + "/mnt")));
    TmpfsMount mount(root + "/mnt", "size=1m,mode=0755", readOnly ? MS_RDONLY : 0);
    if (!mount.ok()) {
        WARN("SKIP: cannot mount a tmpfs here");
        return;
    }
    copyTree(source, staging);
    const Manifest manifest = manifestOf(source);

    const Error e = requireRefusedUnchanged(root, staging, manifest, {root});
    if (readOnly) {
        CHECK(e.message.contains(QStringLiteral("mnt is on a read-only filesystem")));
    } else {
        CHECK(e.code == ErrorCode::NoSpace);
        CHECK(e.message.contains(QStringLiteral("not enough free space on the filesystem mounted at or above mnt")));
    }
    CHECK_FALSE(exists(root + "/aaa"));
}
