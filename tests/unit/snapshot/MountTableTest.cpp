// SPDX-License-Identifier: GPL-3.0-or-later
// Mount table parsing (octal escapes, optional fields, stacked mounts) and path helpers.
#include "support/CatchQt.h"
#include "snapshot/MountTable.h"
#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace st;

namespace {

const QByteArray kMountInfo =
    "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
    "27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard\n"
    "43 27 0:39 /@home /home rw,relatime shared:5 master:2 - btrfs /dev/mapper/vg0-root rw,space_cache=v2,subvolid=257,subvol=/@home\n"
    "44 27 0:40 / /srv/with\\040space ro,nosuid - ext4 /dev/disk\\040one rw\n"
    "45 27 0:41 / /srv/tab\\011and\\134slash rw - xfs /dev/sdb1 rw,attr2\n"
    "46 43 0:42 / /home/user rw - tmpfs tmpfs rw\n"
    "47 43 0:43 / /home/user rw - ext4 /dev/sdc1 rw\n";

}  // namespace

TEST_CASE("mountinfo fields are parsed and octal escapes decoded")
{
    Result<QList<MountEntry>> mounts = parseMountInfo(kMountInfo);
    REQUIRE(mounts.ok());
    REQUIRE(mounts->size() == 7);

    const MountEntry &root = mounts->at(1);
    CHECK(root.mountId == 27);
    CHECK(root.parentId == 1);
    CHECK(root.major == 254);
    CHECK(root.minor == 0);
    CHECK(root.root == "/");
    CHECK(root.mountPoint == "/");
    CHECK(root.fsType == "ext4");
    CHECK(root.source == "/dev/vda");
    CHECK(root.superOptions == "rw,discard");
    CHECK_FALSE(root.readOnly());

    const MountEntry &home = mounts->at(2);  // two optional fields before the separator
    CHECK(home.root == "/@home");
    CHECK(home.fsType == "btrfs");
    CHECK(home.source == "/dev/mapper/vg0-root");
    CHECK(home.option("subvol") == "/@home");
    CHECK(home.option("subvolid") == "257");
    CHECK(home.option("compress").isNull());

    const MountEntry &spaced = mounts->at(3);
    CHECK(spaced.mountPoint == "/srv/with space");
    CHECK(spaced.source == "/dev/disk one");
    CHECK(spaced.readOnly());

    CHECK(mounts->at(4).mountPoint == QByteArray("/srv/tab\tand\\slash"));
}

TEST_CASE("unescapeMountField keeps what is not a three-digit octal escape")
{
    CHECK(unescapeMountField("a\\040b") == "a b");
    CHECK(unescapeMountField("\\012") == "\n");
    CHECK(unescapeMountField("trail\\04") == "trail\\04");
    CHECK(unescapeMountField("x\\999") == "x\\999");
    CHECK(unescapeMountField("\\") == "\\");
}

TEST_CASE("a malformed mountinfo line is an error naming the line")
{
    Result<QList<MountEntry>> mounts = parseMountInfo("27 1 254:0 / / rw - ext4 /dev/vda rw\n27 1 bad / /x rw\n");
    REQUIRE_FALSE(mounts.ok());
    CHECK(mounts.error().message.contains(QStringLiteral("line 2")));
}

TEST_CASE("findMount picks the longest mount point and the upper of stacked mounts")
{
    Result<QList<MountEntry>> mounts = parseMountInfo(kMountInfo);
    REQUIRE(mounts.ok());
    CHECK(findMount(*mounts, "/etc/ssh")->mountPoint == "/");
    CHECK(findMount(*mounts, "/home")->mountPoint == "/home");
    CHECK(findMount(*mounts, "/home/other/x")->mountPoint == "/home");
    CHECK(findMount(*mounts, "/homework")->mountPoint == "/");
    CHECK(findMount(*mounts, "/srv/with space/a")->fsType == "ext4");
    const MountEntry *user = findMount(*mounts, "/home/user/.bashrc");
    REQUIRE(user);
    CHECK(user->mountId == 47);  // mounted over 46
    CHECK(findMount({}, "/etc") == nullptr);
}

TEST_CASE("mountPointsBelow lists the mounts a snapshot would show as plain directories")
{
    Result<QList<MountEntry>> mounts = parseMountInfo(kMountInfo);
    REQUIRE(mounts.ok());
    CHECK(mountPointsBelow(*mounts, "/home") == QList<QByteArray>{"user"});  // stacked twice, listed once
    CHECK(mountPointsBelow(*mounts, "/srv")
          == (QList<QByteArray>{QByteArray("tab\tand\\slash"), QByteArray("with space")}));
    CHECK(mountPointsBelow(*mounts, "/").size() == 5);
    CHECK(mountPointsBelow(*mounts, "/home/user").isEmpty());
    CHECK(mountPointsBelow(*mounts, "/hom").isEmpty());
}

TEST_CASE("canonicalPath resolves parents but keeps a symlink leaf, and relativeTo")
{
    test::ScratchDir dir("snap-canon");
    test::writeFile(dir / "real/file", "x");
    REQUIRE(::symlink("real", (dir / "link").constData()) == 0);
    REQUIRE(::symlink("file", (dir / "real/leaf").constData()) == 0);

    Result<QByteArray> viaLink = canonicalPath(dir / "link/file");
    REQUIRE(viaLink.ok());
    CHECK(*viaLink == dir / "real/file");
    Result<QByteArray> leaf = canonicalPath(dir / "link/leaf");
    REQUIRE(leaf.ok());
    CHECK(*leaf == dir / "real/leaf");
    Result<QByteArray> missing = canonicalPath(dir / "missing");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.contains(QString::fromLocal8Bit(dir / "missing")));

    CHECK(relativeTo("/a/b/c", "/a") == "b/c");
    CHECK(relativeTo("/a", "/a").isEmpty());
    CHECK(relativeTo("/a/b", "/") == "a/b");
}

TEST_CASE("the live mount table parses and holds /")
{
    Result<QList<MountEntry>> mounts = readMountTable();
    REQUIRE(mounts.ok());
    const MountEntry *root = findMount(*mounts, "/");
    REQUIRE(root);
    Result<VolumeInfo> volume = volumeFor("/", *mounts);
    REQUIRE(volume.ok());
    CHECK(volume->fsMagic != 0);
}
