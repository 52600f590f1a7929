// SPDX-License-Identifier: GPL-3.0-or-later
// Which boot files an apply makes stale, from the paths its plan touched: a change under a
// source, or a directory placed whole that holds one; a configuration-only clone keeps both.
#include "agent/BootRegeneration.h"

#include <catch2/catch.hpp>

using namespace st;

TEST_CASE("an /etc clone of application settings keeps the initramfs and GRUB", "[agent][boot]")
{
    const BootRegeneration r = bootRegenerationFor({"etc/app.conf", "etc/hostname", "etc/ssh/sshd_config", "etc/systemd/system/db.service",
                                                    "etc/modprobe.dx", "var/lib/app/state"});
    CHECK_FALSE(r.initramfs);
    CHECK_FALSE(r.bootLoader);
    CHECK(bootRegenerationFor({}).initramfs == false);
}

TEST_CASE("what the initramfs is built from makes it stale", "[agent][boot]")
{
    for (const QByteArray &path : {QByteArray("etc/modprobe.d/blacklist.conf"), QByteArray("etc/udev/rules.d/70-net.rules"),
                                   QByteArray("usr/lib/modules/6.1.0-28-amd64/kernel/drivers/block/virtio_blk.ko"),
                                   QByteArray("usr/bin/busybox"), QByteArray("etc/crypttab"), QByteArray("etc/initramfs-tools/modules")}) {
        INFO(path.constData());
        const BootRegeneration r = bootRegenerationFor({"etc/app.conf", path});
        CHECK(r.initramfs);
        CHECK(r.initramfsBecause == path);
    }
    // A directory placed whole (the Secondary had no /etc/udev, say) holds a source.
    CHECK(bootRegenerationFor({"etc"}).initramfs);
    CHECK(bootRegenerationFor({"etc/default"}).initramfs);  // holds etc/default/keyboard
    CHECK_FALSE(bootRegenerationFor({"etc/default/useradd"}).initramfs);
}

TEST_CASE("what GRUB is installed and configured from makes the boot loader stale", "[agent][boot]")
{
    CHECK(bootRegenerationFor({"boot/vmlinuz-6.1.0-28-amd64"}).bootLoader);
    CHECK(bootRegenerationFor({"usr/lib/grub/i386-pc/normal.mod"}).bootLoader);
    CHECK(bootRegenerationFor({"etc/grub.d/10_linux"}).bootLoader);
    CHECK(bootRegenerationFor({"etc/os-release"}).bootLoader);
    const BootRegeneration app = bootRegenerationFor({"usr/lib/postgresql/15/bin/postgres"});
    CHECK(app.initramfs);  // all of /usr feeds the initramfs (binaries, libraries)
    CHECK_FALSE(app.bootLoader);
    const BootRegeneration udev = bootRegenerationFor({"etc/udev/hwdb.d/x.hwdb"});
    CHECK(udev.initramfs);
    CHECK_FALSE(udev.bootLoader);
    CHECK(bootRegenerationFor({"usr"}).bootLoaderBecause == "usr");  // /usr placed whole holds usr/lib/grub
}

TEST_CASE("an entry the clone placed unchanged (equal to the Secondary's) makes nothing stale", "[agent][boot]")
{
    // An /etc clone places every entry, also the Secondary's identical initramfs hook.
    const QList<QByteArray> touched{"etc/app.conf", "etc/kernel/postinst.d/initramfs-tools", "etc/modprobe.d/local.conf"};
    QList<QByteArray> asked;
    const BootRegeneration same = bootRegenerationFor(touched, [&](const QByteArray &p) {
        asked << p;
        return false;
    });
    CHECK_FALSE(same.initramfs);
    CHECK_FALSE(same.bootLoader);
    CHECK(asked == QList<QByteArray>{"etc/kernel/postinst.d/initramfs-tools", "etc/modprobe.d/local.conf"});  // only paths under a source

    const BootRegeneration one = bootRegenerationFor(touched, [](const QByteArray &p) { return p == "etc/modprobe.d/local.conf"; });
    CHECK(one.initramfs);
    CHECK(one.initramfsBecause == "etc/modprobe.d/local.conf");
    CHECK_FALSE(one.bootLoader);
}

TEST_CASE("a directory the plan only gave new times makes nothing stale, one that changed mode or owner does", "[agent][boot]")
{
    using st::txn::ApplyStep;
    st::apply::NodeMetadata was;
    was.st.st_mode = S_IFDIR | 0755;
    st::apply::NodeMetadata newTimes = was;
    newTimes.st.st_mtim.tv_sec = 1700000000;
    const QList<ApplyStep> steps{ApplyStep::aside("etc/app.conf", false), ApplyStep::place("etc/app.conf"),
                                 ApplyStep::meta("etc/kernel/postinst.d", st::apply::MetaAll, newTimes, was)};
    QList<QByteArray> askedMoved;
    const BootRegeneration kept = bootRegenerationForPlan(steps, [&](const QByteArray &p) {
        askedMoved << p;
        return true;
    });
    CHECK_FALSE(kept.initramfs);
    CHECK_FALSE(kept.bootLoader);
    CHECK(askedMoved.isEmpty());  // etc/app.conf feeds no boot file

    st::apply::NodeMetadata otherMode = was;
    otherMode.st.st_mode = S_IFDIR | 0700;
    const BootRegeneration stale = bootRegenerationForPlan({ApplyStep::meta("etc/kernel/postinst.d", st::apply::MetaAll, otherMode, was)}, {});
    CHECK(stale.initramfs);
    CHECK(stale.initramfsBecause == "etc/kernel/postinst.d");

    // A path that moved is judged by what it displaced.
    const BootRegeneration moved = bootRegenerationForPlan({ApplyStep::aside("etc/modprobe.d/x.conf", false), ApplyStep::place("etc/modprobe.d/x.conf")},
                                                           [](const QByteArray &) { return false; });
    CHECK_FALSE(moved.initramfs);
}
