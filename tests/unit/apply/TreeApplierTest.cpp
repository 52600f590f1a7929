// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApplyTestSupport.h"
#include "restore/StagingVerifier.h"
#include "restore/TreeApplier.h"
#include "support/TestTree.h"
#include "util/RawPath.h"
#include "util/Sha256.h"

#include <catch2/catch.hpp>

#include <QDir>

#include <fcntl.h>
#include <sys/acl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>

using namespace st;
using namespace st::test;

namespace {
void mkdirs(const QByteArray &path, mode_t mode = 0755)
{
    REQUIRE(QDir().mkpath(QString::fromLocal8Bit(path)));
    REQUIRE(chmod(path.constData(), mode) == 0);
}

QByteArray readAll(const QByteArray &path)
{
    QFile f(QString::fromLocal8Bit(path));
    if (!f.open(QIODevice::ReadOnly))
        return "<unreadable>";
    return f.readAll();
}

bool exists(const QByteArray &path)
{
    struct stat st {};
    return lstat(path.constData(), &st) == 0;
}

struct stat lstatOf(const QByteArray &path)
{
    struct stat st {};
    REQUIRE(lstat(path.constData(), &st) == 0);
    return st;
}

void setAcl(const QByteArray &path, const char *text, acl_type_t type)
{
    acl_t acl = acl_from_text(text);
    REQUIRE(acl);
    REQUIRE(acl_set_file(path.constData(), type, acl) == 0);
    acl_free(acl);
}

void setTimes(const QByteArray &path, time_t sec, long nsec)
{
    const timespec ts[2] = {{sec, nsec}, {sec, nsec}};
    REQUIRE(utimensat(AT_FDCWD, path.constData(), ts, AT_SYMLINK_NOFOLLOW) == 0);
}

QStringList sortedRemovals(const ApplyReport &report)
{
    QStringList out;
    for (const RemovedPath &r : report.removed)
        out << QStringLiteral("%1 | %2").arg(displayPath(r.path), r.reason);
    out.sort();
    return out;
}

QString describe(const Error &e)
{
    return e.message + QLatin1Char('\n') + e.details;
}

/** Verifies the staging tree (it must pass), then applies it. */
Result<ApplyReport> verifyAndApply(const QByteArray &root, const QByteArray &staging, const Manifest &manifest,
                                   const ExcludeMatcher &excludes, const QList<QByteArray> &protectedPaths,
                                   ProgressCounters *progress = nullptr)
{
    const UniqueFd stagingFd = openDirectory(staging);
    const UniqueFd rootFd = openDirectory(root);
    auto verified = StagingVerifier(stagingFd.get(), manifest, CancelToken()).run();
    INFO((verified.ok() ? QString() : describe(verified.error())).toStdString());
    REQUIRE(verified.ok());
    TreeApplier applier(rootFd.get(), stagingFd.get(), manifest, excludes, protectedPaths, CancelToken(), progress);
    return applier.run();
}

void requireSame(const QByteArray &a, const QByteArray &b, const CompareOptions &options = {})
{
    const QStringList diffs = compareTrees(a, b, options);
    INFO(diffs.join(QLatin1Char('\n')).toStdString());
    CHECK(diffs.isEmpty());
}
}  // namespace

TEST_CASE("apply into an empty root gives a tree identical to the source")
{
    ScratchDir dir("apply-empty");
    const QByteArray source = dir / "source", staging = dir / "staging", root = dir / "root";
    makeSpecialCases(source);
    copyTree(source, staging);
    mkdirs(root);
    const Manifest manifest = manifestOf(source);
    ProgressCounters progress;

    auto r = verifyAndApply(root, staging, manifest, ExcludeMatcher(), {}, &progress);
    INFO((r.ok() ? QString() : describe(r.error())).toStdString());
    REQUIRE(r.ok());
    requireSame(source, root);
    CHECK(r->removed.isEmpty());
    CHECK(r->entriesApplied == manifest.entries().size());
    CHECK(r->renamedSubtrees > 0);
    CHECK(r->copiedAcrossFilesystems == 0);
    CHECK(progress.filesDone == manifest.entries().size());
    CHECK(nonDirectoriesBelow(staging).isEmpty());
    CHECK(lstatOf(root + "/hard/one").st_ino == lstatOf(root + "/hard/sub/three").st_ino);
}

TEST_CASE("apply over an identical-but-drifted root restores every directory's metadata and the hard links")
{
    ScratchDir dir("apply-drift");
    const QByteArray source = dir / "source", staging = dir / "staging", root = dir / "root";
    makeSpecialCases(source);
    copyTree(source, staging);
    copyTree(source, root);
    // Drift: modes, owners, xattrs, ACLs and mtimes of existing directories; a broken link.
    REQUIRE(chmod((root + "/modes/private").constData(), 0755) == 0);
    REQUIRE(chmod((root + "/modes/sticky").constData(), 0755) == 0);
    REQUIRE(removexattr((root + "/xattr").constData(), "user.dir-note") == 0);
    REQUIRE(setxattr((root + "/plain").constData(), "user.secondary-only", "x", 1, 0) == 0);
    REQUIRE(acl_delete_def_file((root + "/acl/inherit").constData()) == 0);
    setAcl(root + "/empty-dir", "u::rwx,u:4321:r-x,g::r-x,m::r-x,o::r-x", ACL_TYPE_ACCESS);
    if (isRoot())
        REQUIRE(chown((root + "/owners/dir").constData(), 0, 0) == 0);
    setTimes(root + "/deep", 42, 0);
    REQUIRE(unlink((root + "/hard/two").constData()) == 0);
    writeFile(root + "/hard/two", "shared inode\n");
    const Manifest manifest = manifestOf(source);

    auto r = verifyAndApply(root, staging, manifest, ExcludeMatcher(), {});
    INFO((r.ok() ? QString() : describe(r.error())).toStdString());
    REQUIRE(r.ok());
    requireSame(source, root);
    CHECK(r->removed.isEmpty());
    CHECK(r->entriesApplied == manifest.entries().size());
    CHECK(nonDirectoriesBelow(staging).isEmpty());
    CHECK(lstatOf(root + "/hard/one").st_ino == lstatOf(root + "/hard/two").st_ino);
}

TEST_CASE("apply over an existing root mirrors the include roots and replaces entries of another type")
{
    ScratchDir dir("apply-mirror");
    const QByteArray source = dir / "source", root = dir / "root", sentinel = dir / "sentinel";
    const QByteArray staging = root + "/.servertwin-staging/1/tree";

    // The Primary.
    writeFile(source + "/etc/app.conf", "new\n");
    writeFile(source + "/etc/conf.d/a.conf", "a\n");
    writeFile(source + "/etc/keep-dir/inner", "inner\n");
    REQUIRE(chmod((source + "/etc/keep-dir").constData(), 0750) == 0);
    REQUIRE(setxattr((source + "/etc/keep-dir").constData(), "user.k", "primary", 7, 0) == 0);
    setAcl(source + "/etc/keep-dir", "u::rwx,u:1234:rwx,g::r-x,m::rwx,o::---", ACL_TYPE_DEFAULT);
    if (isRoot())
        REQUIRE(chown((source + "/etc/keep-dir").constData(), 1234, 5678) == 0);
    writeFile(source + "/srv/data/file", "data\n");
    writeFile(source + "/srv/was-dir", "now a file\n");
    writeFile(source + "/srv/was-file/inner", "now a directory\n");
    writeFile(source + "/srv/was-link/inner", "now a directory, not a link\n");
    writeFile(source + "/srv/h1", "linked\n");
    mkdirs(source + "/srv/sub");
    REQUIRE(link((source + "/srv/h1").constData(), (source + "/srv/sub/h2").constData()) == 0);
    for (const char *d : {"/etc/conf.d", "/etc/keep-dir", "/etc", "/srv/data", "/srv/sub", "/srv/was-file", "/srv/was-link", "/srv"})
        setTimes(source + d, 1600000000, 111);

    // The Secondary before the clone.
    writeFile(root + "/etc/app.conf", "old\n");
    writeFile(root + "/etc/only-secondary.conf", "gone\n");
    writeFile(root + "/etc/olddir/x/y", "gone\n");
    writeFile(root + "/etc/cache/keep.tmp", "excluded\n");
    writeFile(root + "/etc/run.pid", "123\n");
    writeFile(root + "/etc/keep-dir/stale", "gone\n");
    REQUIRE(chmod((root + "/etc/keep-dir").constData(), 0700) == 0);
    REQUIRE(setxattr((root + "/etc/keep-dir").constData(), "user.old", "secondary", 9, 0) == 0);
    setAcl(root + "/etc/keep-dir", "u::rwx,u:4321:r--,g::---,m::r--,o::---", ACL_TYPE_ACCESS);
    writeFile(root + "/srv/was-dir/a/b", "replaced\n");
    writeFile(root + "/srv/was-file", "replaced\n");
    writeFile(sentinel + "/precious", "must not change\n");
    REQUIRE(symlink(sentinel.constData(), (root + "/srv/was-link").constData()) == 0);
    writeFile(root + "/home/user/notes", "outside the include roots\n");
    writeFile(root + "/outside.txt", "top level\n");

    copyTree(source, staging);
    const Manifest manifest = manifestOf(source, {"etc", "srv"}, {"etc/cache", "*.pid"});
    auto excludes = ExcludeMatcher::compile(manifest.header.excludes);
    REQUIRE(excludes.ok());

    auto r = verifyAndApply(root, staging, manifest, *excludes, {".servertwin-staging"});
    INFO((r.ok() ? QString() : describe(r.error())).toStdString());
    REQUIRE(r.ok());

    CompareOptions options;
    options.ignoreTopLevel = {"home", "outside.txt", ".servertwin-staging"};
    QStringList diffs = compareTrees(source, root, options);
    diffs.sort();
    CHECK(diffs == QStringList({QStringLiteral("extra in second tree: etc/cache"),
                                QStringLiteral("extra in second tree: etc/cache/keep.tmp"),
                                QStringLiteral("extra in second tree: etc/run.pid")}));
    CHECK(sortedRemovals(*r) == QStringList({
              QStringLiteral("etc/keep-dir/stale | not present on the Primary"),
              QStringLiteral("etc/olddir | not present on the Primary"),
              QStringLiteral("etc/only-secondary.conf | not present on the Primary"),
              QStringLiteral("srv/was-dir | replaced by a file from the Primary"),
              QStringLiteral("srv/was-file | replaced by a directory from the Primary"),
              QStringLiteral("srv/was-link | replaced by a directory from the Primary"),
          }));
    // Excluded and out-of-scope paths are untouched, the link target outside the root too.
    CHECK(readAll(root + "/etc/cache/keep.tmp") == "excluded\n");
    CHECK(readAll(root + "/etc/run.pid") == "123\n");
    CHECK(readAll(root + "/home/user/notes") == "outside the include roots\n");
    CHECK(readAll(root + "/outside.txt") == "top level\n");
    CHECK(listAll(sentinel) == QList<QByteArray>({"precious"}));
    CHECK(readAll(sentinel + "/precious") == "must not change\n");
    CHECK(S_ISDIR(lstatOf(root + "/srv/was-link").st_mode));
    // The existing directory took the Primary's metadata (compareTrees checked mode, owner,
    // xattrs incl. both ACLs and mtime); spelled out for the record:
    const struct stat keep = lstatOf(root + "/etc/keep-dir");
    CHECK((keep.st_mode & 07777) == 0750);
    CHECK(keep.st_mtim.tv_sec == 1600000000);
    CHECK(keep.st_mtim.tv_nsec == 111);
    CHECK(getxattr((root + "/etc/keep-dir").constData(), "user.old", nullptr, 0) < 0);
    CHECK(getxattr((root + "/etc/keep-dir").constData(), "system.posix_acl_access", nullptr, 0) < 0);
    CHECK(getxattr((root + "/etc/keep-dir").constData(), "system.posix_acl_default", nullptr, 0) > 0);
    CHECK(lstatOf(root + "/srv/h1").st_ino == lstatOf(root + "/srv/sub/h2").st_ino);
    CHECK(nonDirectoriesBelow(root + "/.servertwin-staging").isEmpty());
}

TEST_CASE("apply never removes protected paths, even when the include root is the whole root")
{
    ScratchDir dir("apply-protected");
    const QByteArray source = dir / "source", root = dir / "root";
    const QByteArray staging = root + "/.servertwin-staging/1/tree";
    writeFile(source + "/a/file", "a\n");
    writeFile(source + "/b/dir/file", "b\n");
    writeFile(source + "/.servertwin-staging/evil", "the Primary must not overwrite the staging area\n");

    writeFile(root + "/a/old", "gone\n");
    writeFile(root + "/stray-file", "gone\n");
    writeFile(root + "/var/lib/servertwin/state.json", "{}\n");
    writeFile(root + "/var/lib/other/file", "gone\n");
    writeFile(root + "/.servertwin-staging/other-clone/file", "another clone in flight\n");
    copyTree(source, staging);
    const Manifest manifest = manifestOf(source, {QByteArray()});

    auto r = verifyAndApply(root, staging, manifest, ExcludeMatcher(), {".servertwin-staging", "/var/lib/servertwin/"});
    INFO((r.ok() ? QString() : describe(r.error())).toStdString());
    REQUIRE(r.ok());
    CHECK(sortedRemovals(*r) == QStringList({
              QStringLiteral("a/old | not present on the Primary"),
              QStringLiteral("stray-file | not present on the Primary"),
              QStringLiteral("var/lib/other | not present on the Primary"),
          }));
    CHECK(readAll(root + "/var/lib/servertwin/state.json") == "{}\n");
    CHECK(readAll(root + "/.servertwin-staging/other-clone/file") == "another clone in flight\n");
    CHECK_FALSE(exists(root + "/.servertwin-staging/evil"));
    CHECK(r->entriesApplied == manifest.entries().size() - 2);  // .servertwin-staging and its file
    CompareOptions options;
    options.ignoreTopLevel = {".servertwin-staging", "var"};
    requireSame(source, root, options);
}

TEST_CASE("apply stops with Cancelled before touching anything when cancelled")
{
    ScratchDir dir("apply-cancel");
    const QByteArray source = dir / "source", staging = dir / "staging", root = dir / "root";
    writeFile(source + "/a/file", "a\n");
    writeFile(root + "/stray", "stays\n");
    copyTree(source, staging);
    const Manifest manifest = manifestOf(source);
    const UniqueFd stagingFd = openDirectory(staging), rootFd = openDirectory(root);
    CancelToken cancel;
    cancel.cancel();
    auto r = TreeApplier(rootFd.get(), stagingFd.get(), manifest, ExcludeMatcher(), {}, cancel).run();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Cancelled);
    CHECK(r.error().message.contains(QStringLiteral("a")));
    CHECK(listAll(root) == QList<QByteArray>({"stray"}));
}

TEST_CASE("apply copies across a mount below the root and keeps holes, links and metadata")
{
    if (!isRoot()) {
        WARN("SKIP: mounting a tmpfs needs root");
        return;
    }
    ScratchDir dir("apply-exdev");
    const QByteArray source = dir / "source", staging = dir / "staging", root = dir / "root";
    mkdirs(source + "/mnt", 0751);
    REQUIRE(setxattr((source + "/mnt").constData(), "user.m", "mount root", 10, 0) == 0);
    writeFile(source + "/mnt/file", "on another filesystem\n", 0640);
    REQUIRE(chown((source + "/mnt/file").constData(), 1234, 5678) == 0);
    REQUIRE(setxattr((source + "/mnt/file").constData(), "user.f", "v", 1, 0) == 0);
    {
        const int fd = open((source + "/mnt/sparse").constData(), O_WRONLY | O_CREAT, 0644);
        REQUIRE(fd >= 0);
        REQUIRE(pwrite(fd, "head", 4, 0) == 4);
        REQUIRE(pwrite(fd, "tail", 4, (32 << 20) - 4) == 4);
        close(fd);
    }
    REQUIRE(symlink("file", (source + "/mnt/link").constData()) == 0);
    REQUIRE(mkfifo((source + "/mnt/fifo").constData(), 0620) == 0);
    writeFile(source + "/mnt/h3", "three names\n");
    mkdirs(source + "/mnt/sub", 0700);
    REQUIRE(link((source + "/mnt/h3").constData(), (source + "/mnt/sub/h1").constData()) == 0);
    REQUIRE(link((source + "/mnt/h3").constData(), (source + "/mnt/sub/h2").constData()) == 0);
    writeFile(source + "/mnt/newdir/deeper/file", "deep\n");
    writeFile(source + "/other/file", "same filesystem\n");
    for (const char *d : {"/mnt/newdir/deeper", "/mnt/newdir", "/mnt/sub", "/mnt", "/other"})
        setTimes(source + d, 1700000000, 999);
    setTimes(source + "/mnt/link", 1234, 5);

    mkdirs(root + "/mnt");
    TmpfsMount mount(root + "/mnt");
    if (!mount.ok()) {
        WARN("SKIP: cannot mount a tmpfs here");
        return;
    }
    writeFile(root + "/mnt/old-on-mount", "gone\n");
    copyTree(source, staging);
    const Manifest manifest = manifestOf(source);

    auto r = verifyAndApply(root, staging, manifest, ExcludeMatcher(), {});
    INFO((r.ok() ? QString() : describe(r.error())).toStdString());
    REQUIRE(r.ok());
    requireSame(source, root);
    CHECK(r->copiedAcrossFilesystems >= 5);
    CHECK(sortedRemovals(*r) == QStringList({QStringLiteral("mnt/old-on-mount | not present on the Primary")}));
    const ino_t ino = lstatOf(root + "/mnt/h3").st_ino;
    CHECK(lstatOf(root + "/mnt/sub/h1").st_ino == ino);
    CHECK(lstatOf(root + "/mnt/sub/h2").st_ino == ino);
    CHECK(lstatOf(root + "/mnt/sparse").st_blocks * 512 < (1 << 20));
    CHECK(nonDirectoriesBelow(staging).isEmpty());
    for (const QByteArray &name : listAll(root + "/mnt"))
        CHECK_FALSE(name.contains(".servertwin-tmp-"));
}

TEST_CASE("mirroring never empties a mounted filesystem and a mount point is not replaced")
{
    if (!isRoot()) {
        WARN("SKIP: mounting a tmpfs needs root");
        return;
    }
    ScratchDir dir("apply-mounts");
    const QByteArray source = dir / "source", staging = dir / "staging", root = dir / "root";
    writeFile(source + "/keep/file", "k\n");
    writeFile(root + "/old/junk", "gone\n");
    mkdirs(root + "/old/inner-mount");
    mkdirs(root + "/mnt2");
    TmpfsMount inner(root + "/old/inner-mount");
    TmpfsMount other(root + "/mnt2");
    if (!inner.ok() || !other.ok()) {
        WARN("SKIP: cannot mount a tmpfs here");
        return;
    }
    writeFile(root + "/old/inner-mount/data", "mounted data\n");
    writeFile(root + "/mnt2/data", "mounted data\n");
    copyTree(source, staging);
    const Manifest manifest = manifestOf(source);

    auto r = verifyAndApply(root, staging, manifest, ExcludeMatcher(), {});
    INFO((r.ok() ? QString() : describe(r.error())).toStdString());
    REQUIRE(r.ok());
    CHECK(sortedRemovals(*r) == QStringList({QStringLiteral("old/junk | not present on the Primary")}));
    CHECK(readAll(root + "/old/inner-mount/data") == "mounted data\n");
    CHECK(readAll(root + "/mnt2/data") == "mounted data\n");

    // The clone has a file where the Secondary has a directory holding a mount point.
    ScratchDir dir2("apply-mounts-2");
    const QByteArray source2 = dir2 / "source", staging2 = dir2 / "staging";
    writeFile(source2 + "/old", "a file on the Primary\n");
    copyTree(source2, staging2);
    const Manifest manifest2 = manifestOf(source2);
    auto r2 = verifyAndApply(root, staging2, manifest2, ExcludeMatcher(), {});
    REQUIRE_FALSE(r2.ok());
    INFO(r2.error().message.toStdString());
    CHECK(r2.error().message.contains(QStringLiteral("cannot replace directory old with a file from the Primary")));
    CHECK(r2.error().message.contains(QStringLiteral("old/inner-mount is a mount point")));
    CHECK(readAll(root + "/old/inner-mount/data") == "mounted data\n");
}

TEST_CASE("apply creates directories above an entry that the manifest does not list")
{
    ScratchDir dir("apply-implicit");
    const QByteArray staging = dir / "staging", root = dir / "root";
    writeFile(staging + "/opt/vendor/app/bin", "app\n");
    writeFile(root + "/opt/other", "unrelated\n");
    Manifest manifest;
    manifest.header.includes = {"opt/vendor/app"};
    manifest.add({"opt/vendor/app", EntryType::Directory, 0, {}, {}});
    manifest.add({"opt/vendor/app/bin", EntryType::File, 4, Sha256::of("app\n"), {}});

    auto r = verifyAndApply(root, staging, manifest, ExcludeMatcher(), {});
    INFO((r.ok() ? QString() : describe(r.error())).toStdString());
    REQUIRE(r.ok());
    CHECK(readAll(root + "/opt/vendor/app/bin") == "app\n");
    CHECK(readAll(root + "/opt/other") == "unrelated\n");
    CHECK(r->removed.isEmpty());
    CHECK(nonDirectoriesBelow(staging).isEmpty());
}
