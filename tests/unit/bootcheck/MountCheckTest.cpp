// SPDX-License-Identifier: GPL-3.0-or-later
// Check 1: the devices of this Secondary's own fstab/crypttab (kept by the apply) are here, and
// the Primary mounts nothing this Secondary lacks.
#include "BootFixture.h"
#include "restore/boot/MountCheck.h"
#include "support/CatchQt.h"

#include <catch2/catch.hpp>

using namespace st;
using namespace st::boot;
using namespace st::test;
using Level = Finding::Level;

namespace {
QList<Finding> run(const BootFixture &fx, const BootCheckOptions &options = {})
{
    return checkMounts(fx.staged, fx.host, options);
}
}  // namespace

TEST_CASE("fstab: a Secondary whose devices are all here passes")
{
    BootFixture fx;
    const QList<Finding> f = run(fx);
    INFO(describe(f));
    CHECK_FALSE(hasBlock(f));
    CHECK(findingsAt(f, Level::Warn).isEmpty());
    CHECK(has(f, Level::Ok, {QStringLiteral("/ (this Secondary's /etc/fstab line 12"), QStringLiteral("/dev/disk/by-uuid/")}));
    CHECK(has(f, Level::Ok, {QStringLiteral("swap on UUID=") + QString::fromLatin1(BootFixture::kSwapUuid)}));
    // tmpfs and the Primary's proc are virtual: nothing said about them.
    for (const Finding &x : f)
        CHECK_FALSE(x.message.contains(QStringLiteral("/tmp")));
}

TEST_CASE("fstab: a UUID this Secondary does not have refuses the clone")
{
    BootFixture fx;
    fx.append(QStringLiteral("live/etc/fstab"), "UUID=deadbeef-0000-4000-8000-000000000000 /var ext4 defaults 0 2\n");
    const QList<Finding> f = run(fx);
    INFO(describe(f));
    CHECK(hasBlock(f));
    CHECK(has(f, Level::Block, {QStringLiteral("/var (this Secondary's /etc/fstab line 17, on UUID=deadbeef-0000-4000-8000-000000000000)"),
                                QStringLiteral("no /dev/disk/by-uuid/deadbeef-0000-4000-8000-000000000000 here"),
                                QStringLiteral("fix /etc/fstab here")}));
    CHECK(findingsAt(f, Level::Block).size() == 1);
}

TEST_CASE("fstab: a missing device marked nofail or noauto only warns")
{
    const QByteArray option = GENERATE(QByteArray("nofail"), QByteArray("noauto,user"));
    BootFixture fx;
    fx.append(QStringLiteral("live/etc/fstab"), "LABEL=backup /mnt/backup ext4 " + option + " 0 2\n/dev/sr0 /media/cdrom0 udf,iso9660 user,noauto 0 0\n");
    const QList<Finding> f = run(fx);
    INFO(describe(f));
    CHECK_FALSE(hasBlock(f));
    CHECK(has(f, Level::Warn, {QStringLiteral("/mnt/backup"), QStringLiteral("no /dev/disk/by-label/backup here"), QStringLiteral("nofail/noauto")}));
    CHECK(has(f, Level::Warn, {QStringLiteral("/media/cdrom0"), QStringLiteral("no /dev/sr0 here")}));
}

TEST_CASE("fstab: LABEL, PARTUUID, /dev paths, upper-case UUIDs and escaped labels resolve through /dev")
{
    BootFixture fx;
    fx.link(QStringLiteral("dev/disk/by-label/my\\x20data"), "../../vda1");
    fx.link(QStringLiteral("dev/disk/by-uuid/ABCD-1234"), "../../vda1");
    fx.append(QStringLiteral("live/etc/fstab"),
              "LABEL=my\\040data /srv/my\\040data ext4 defaults 0 2\n"
              "PARTUUID=0e4f7e2c-01 /mnt/p ext4 defaults 0 2\n"
              "UUID=abcd-1234 /boot/efi vfat umask=0077 0 1\n"
              "/dev/vda2 /mnt/d ext4 defaults 0 2\n"
              "/dev/disk/by-uuid/" + BootFixture::kRootUuid + " /mnt/e ext4 defaults 0 2\n");
    const QList<Finding> f = run(fx);
    INFO(describe(f));
    CHECK_FALSE(hasBlock(f));
    CHECK(has(f, Level::Ok, {QStringLiteral("/srv/my data"), QStringLiteral("/dev/disk/by-label/my\\x20data")}));
    CHECK(has(f, Level::Ok, {QStringLiteral("/mnt/p"), QStringLiteral("/dev/disk/by-partuuid/0e4f7e2c-01")}));
    CHECK(has(f, Level::Ok, {QStringLiteral("/boot/efi"), QStringLiteral("/dev/disk/by-uuid/ABCD-1234")}));
    CHECK(has(f, Level::Ok, {QStringLiteral("/mnt/d"), QStringLiteral("found as /dev/vda2")}));
    CHECK(has(f, Level::Ok, {QStringLiteral("/mnt/e")}));
}

TEST_CASE("fstab: a udev link whose device node is gone does not count")
{
    BootFixture fx;
    fx.link(QStringLiteral("dev/disk/by-uuid/feedface-0000-4000-8000-000000000000"), "../../vdz1");
    fx.append(QStringLiteral("live/etc/fstab"), "UUID=feedface-0000-4000-8000-000000000000 /srv ext4 defaults 0 2\n");
    const QList<Finding> f = run(fx);
    INFO(describe(f));
    CHECK(has(f, Level::Block, {QStringLiteral("/srv"), QStringLiteral("no /dev/disk/by-uuid/feedface")}));
}

TEST_CASE("fstab: bind mounts and swap files need their source in the clone or on this Secondary")
{
    BootFixture fx;
    fx.write(QStringLiteral("staged/srv/www/index.html"), "hello\n");
    fx.write(QStringLiteral("live/swapfile"), QByteArray(4096, '\0'));
    fx.append(QStringLiteral("live/etc/fstab"),
              "/srv/www /var/www none bind 0 0\n"
              "/swapfile none swap sw 0 0\n"
              "/srv/gone /var/gone none rbind 0 0\n");
    const QList<Finding> f = run(fx);
    INFO(describe(f));
    CHECK(has(f, Level::Ok, {QStringLiteral("/var/www"), QStringLiteral("the bind source /srv/www exists")}));
    CHECK(has(f, Level::Ok, {QStringLiteral("swap on /swapfile"), QStringLiteral("the file /swapfile exists")}));
    CHECK(has(f, Level::Block, {QStringLiteral("/var/gone"), QStringLiteral("the bind source /srv/gone is neither in the clone nor on this Secondary")}));
    CHECK(findingsAt(f, Level::Block).size() == 1);
}

TEST_CASE("fstab: a filesystem only the Primary mounts refuses the clone unless nofail, excluded, a boot partition or already here")
{
    BootFixture fx;
    fx.append(QStringLiteral("staged/etc/fstab"),
              "UUID=7d3c0f6e-1a2b-4c5d-8e9f-0a1b2c3d4e5f /srv/data xfs defaults 0 2\n"
              "LABEL=archive /srv/archive ext4 defaults,nofail 0 2\n"
              "UUID=" + BootFixture::kRootUuid + " /srv/shared ext4 defaults 0 2\n"
              "nas:/export/home /home nfs4 defaults 0 0\n"
              "/srv/www /var/www none bind 0 0\n"
              "UUID=99999999-0000-4000-8000-000000000000 /var/log ext4 defaults 0 2\n"
              "tmpfs /run/user tmpfs defaults 0 0\n"
              "UUID=0a1b2c3d-0000-4000-8000-000000000000 /boot ext2 defaults 0 2\n"
              "UUID=A1B2-C3D4 /boot/efi vfat umask=0077 0 1\n");
    // The Secondary mounts /var/log itself (from its own disk): the Primary's /var/log is fine.
    fx.append(QStringLiteral("live/etc/fstab"), "UUID=" + BootFixture::kRootUuid + " /var/log/ ext4 defaults 0 2\n");
    BootCheckOptions options;
    const bool excluded = GENERATE(false, true);
    if (excluded)
        options.excludedPaths = {QStringLiteral("/srv/data/")};
    const QList<Finding> f = run(fx, options);
    INFO(describe(f));
    const QString data = QStringLiteral("the Primary mounts /srv/data from UUID=7d3c0f6e-1a2b-4c5d-8e9f-0a1b2c3d4e5f (its /etc/fstab line 5)");
    if (excluded) {
        CHECK(has(f, Level::Info, {data, QStringLiteral("the clone excludes /srv/data")}));
    } else {
        CHECK(has(f, Level::Block, {data, QStringLiteral("which this Secondary does not have"),
                                    QStringLiteral("add it to /etc/fstab here) or exclude /srv/data from the clone")}));
    }
    CHECK(has(f, Level::Warn, {QStringLiteral("/srv/archive"), QStringLiteral("nofail/noauto")}));
    // Its device is on this Secondary, but nothing mounts it there.
    CHECK(has(f, Level::Block, {QStringLiteral("/srv/shared"), QStringLiteral("which this Secondary's /etc/fstab does not mount")}));
    CHECK(has(f, Level::Warn, {QStringLiteral("/home from nas:/export/home"), QStringLiteral("nfs4")}));
    // A /boot or ESP of the Primary's own: this Secondary keeps its boot layout.
    CHECK(has(f, Level::Info, {QStringLiteral("the Primary mounts /boot from UUID=0a1b2c3d"), QStringLiteral("its own boot layout is kept")}));
    CHECK(has(f, Level::Info, {QStringLiteral("the Primary mounts /boot/efi from UUID=A1B2-C3D4")}));
    CHECK(findingsAt(f, Level::Block).size() == (excluded ? 1 : 2));
    for (const Finding &x : f) {
        CHECK_FALSE(x.message.contains(QStringLiteral("the Primary mounts /var/log")));
        CHECK_FALSE(x.message.contains(QStringLiteral("the Primary mounts /var/www")));
        CHECK_FALSE(x.message.contains(QStringLiteral("/run/user")));
    }
}

TEST_CASE("crypttab: a mapper device counts when crypttab opens it from a device that is here")
{
    BootFixture fx;
    fx.write(QStringLiteral("live/etc/crypttab"), "# <target name> <source device> <key file> <options>\n"
                                                  "data_crypt PARTUUID=0e4f7e2c-01 none luks,discard\n"
                                                  "gone_crypt UUID=12345678-0000-4000-8000-000000000000 none luks\n"
                                                  "spare_crypt /dev/vdq none luks,nofail\n");
    fx.append(QStringLiteral("live/etc/fstab"),
              "/dev/mapper/data_crypt /srv/data ext4 defaults 0 2\n"
              "/dev/mapper/gone_crypt /srv/gone ext4 defaults 0 2\n"
              "/dev/mapper/nobody /srv/nobody ext4 defaults 0 2\n");
    const QList<Finding> f = run(fx);
    INFO(describe(f));
    CHECK(has(f, Level::Ok, {QStringLiteral("/srv/data"), QStringLiteral("/dev/mapper/data_crypt via crypttab on /dev/disk/by-partuuid/0e4f7e2c-01")}));
    CHECK(has(f, Level::Block, {QStringLiteral("/srv/gone"), QStringLiteral("comes from crypttab (line 3)"),
                                QStringLiteral("no /dev/disk/by-uuid/12345678-0000-4000-8000-000000000000 here")}));
    CHECK(has(f, Level::Block, {QStringLiteral("/srv/nobody"), QStringLiteral("no /dev/mapper/nobody here")}));
    CHECK(has(f, Level::Ok, {QStringLiteral("data_crypt (this Secondary's /etc/crypttab line 2")}));
    CHECK(has(f, Level::Block, {QStringLiteral("gone_crypt (this Secondary's /etc/crypttab line 3"), QStringLiteral("fix /etc/crypttab here")}));
    CHECK(has(f, Level::Warn, {QStringLiteral("spare_crypt"), QStringLiteral("no /dev/vdq here")}));

    // An opened mapping that is present in /dev counts as it is.
    BootFixture open;
    open.write(QStringLiteral("dev/dm-0"), {});
    open.link(QStringLiteral("dev/mapper/vg-root"), "../dm-0");
    open.append(QStringLiteral("live/etc/fstab"), "/dev/mapper/vg-root /srv ext4 defaults 0 2\n");
    const QList<Finding> g = run(open);
    INFO(describe(g));
    CHECK(has(g, Level::Ok, {QStringLiteral("/srv"), QStringLiteral("found as /dev/mapper/vg-root")}));
}

TEST_CASE("crypttab: an encrypted device only the Primary opens refuses the clone unless nofail or only for excluded mounts")
{
    BootFixture fx;
    fx.write(QStringLiteral("live/etc/crypttab"), "data_crypt PARTUUID=0e4f7e2c-01 none luks\n");
    fx.write(QStringLiteral("staged/etc/crypttab"), "data_crypt UUID=aaaa none luks\n"
                                                    "vault UUID=bbbb none luks\n"
                                                    "media UUID=cccc none luks,noauto\n"
                                                    "cache UUID=dddd none luks\n");
    fx.append(QStringLiteral("staged/etc/fstab"), "/dev/mapper/cache /var/cache/big ext4 defaults 0 2\n");
    fx.append(QStringLiteral("live/etc/fstab"), "tmpfs /var/cache/big tmpfs defaults 0 0\n");
    BootCheckOptions options;
    options.excludedPaths = {QStringLiteral("/var/cache")};
    const QList<Finding> f = run(fx, options);
    INFO(describe(f));
    CHECK(has(f, Level::Block, {QStringLiteral("the Primary opens the encrypted device vault on UUID=bbbb (its /etc/crypttab line 2)"),
                                QStringLiteral("add it to /etc/crypttab here")}));
    CHECK(has(f, Level::Warn, {QStringLiteral("encrypted device media")}));
    CHECK(has(f, Level::Info, {QStringLiteral("encrypted device cache"), QStringLiteral("the clone excludes what is mounted from it")}));
    CHECK(findingsAt(f, Level::Block).size() == 1);
}

TEST_CASE("fstab: unparsable lines warn and a missing fstab here is said")
{
    BootFixture fx;
    fx.append(QStringLiteral("live/etc/fstab"), "garbage\n");
    QList<Finding> f = run(fx);
    INFO(describe(f));
    CHECK(has(f, Level::Warn, {QStringLiteral("line 17 of this Secondary's /etc/fstab is not an entry (\"garbage\")")}));

    fx.remove(QStringLiteral("live/etc/fstab"));
    f = run(fx);
    CHECK(has(f, Level::Warn, {QStringLiteral("this Secondary has no /etc/fstab")}));
}
