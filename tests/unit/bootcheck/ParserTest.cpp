// SPDX-License-Identifier: GPL-3.0-or-later
// The readers under the boot check: fstab/crypttab, mountinfo, module lists, symlinks resolved
// inside a root, udev's label spelling.
#include "BootFixture.h"
#include "restore/boot/DeviceResolver.h"
#include "restore/boot/FstabParser.h"
#include "restore/boot/KernelModules.h"
#include "restore/boot/MountInfo.h"
#include "restore/boot/RootedPath.h"
#include "support/CatchQt.h"

#include <catch2/catch.hpp>

using namespace st;
using namespace st::boot;
using namespace st::test;

TEST_CASE("fstab: comments, blank lines, tabs, octal escapes, quoted tags, defaults and bad lines")
{
    const QByteArray text =
        "# comment\n"
        "   # indented comment\n"
        "\n"
        "UUID=\"abcd-1234\"\t/boot/efi\tvfat\tumask=0077\t0\t1\n"
        "LABEL=my\\040data /srv/my\\040data/ ext4 defaults,nofail 0 2\n"
        "/dev/vdb1 /mnt/x\n"
        "/swapfile none swap sw 0 0\n"
        "/srv/www /var/www none bind 0 0\n"
        "lonely-field\n"
        "backslash\\x /mnt/\\134odd auto noauto 0 0";  // no newline at the end
    const Parsed<FstabEntry> p = parseFstab(text);
    REQUIRE(p.entries.size() == 6);
    CHECK(p.entries[0].line == 4);
    CHECK(p.entries[0].spec == QStringLiteral("UUID=abcd-1234"));
    CHECK(p.entries[0].mountPoint == QStringLiteral("/boot/efi"));
    CHECK(p.entries[0].type == QStringLiteral("vfat"));
    CHECK(p.entries[0].options == QStringList{QStringLiteral("umask=0077")});
    CHECK(p.entries[1].spec == QStringLiteral("LABEL=my data"));
    CHECK(p.entries[1].mountPoint == QStringLiteral("/srv/my data"));
    CHECK(p.entries[1].optional());
    CHECK(p.entries[2].type == QStringLiteral("auto"));
    CHECK(p.entries[2].options == QStringList{QStringLiteral("defaults")});
    CHECK_FALSE(p.entries[2].optional());
    CHECK(p.entries[3].isSwap());
    CHECK(p.entries[3].mountPoint == QStringLiteral("none"));
    CHECK(p.entries[4].isBind());
    REQUIRE(p.bad.size() == 1);
    CHECK(p.bad[0].line == 9);
    CHECK(p.bad[0].text == QStringLiteral("lonely-field"));
    // The last line: "\x" is no octal escape and stays, "\134" is a backslash.
    CHECK(p.entries[5].line == 10);
    CHECK(p.entries[5].spec == QStringLiteral("backslash\\x"));
    CHECK(p.entries[5].mountPoint == QStringLiteral("/mnt/\\odd"));
    CHECK(p.entries[5].hasOption(QStringLiteral("noauto")));
}

TEST_CASE("crypttab: two to four fields, options and nofail")
{
    const Parsed<CrypttabEntry> p = parseCrypttab("# <target name> <source device> <key file> <options>\n"
                                                  "vda3_crypt UUID=aaaa-bbbb none luks,discard\n"
                                                  "data PARTUUID=0e4f7e2c-03\n"
                                                  "scratch /dev/vdc /root/key luks,nofail\n"
                                                  "broken\n");
    REQUIRE(p.entries.size() == 3);
    CHECK(p.entries[0].name == QStringLiteral("vda3_crypt"));
    CHECK(p.entries[0].source == QStringLiteral("UUID=aaaa-bbbb"));
    CHECK(p.entries[0].keyFile == QStringLiteral("none"));
    CHECK(p.entries[0].options == (QStringList{QStringLiteral("luks"), QStringLiteral("discard")}));
    CHECK_FALSE(p.entries[0].optional());
    CHECK(p.entries[1].keyFile.isEmpty());
    CHECK(p.entries[1].options.isEmpty());
    CHECK(p.entries[2].optional());
    REQUIRE(p.bad.size() == 1);
    CHECK(p.bad[0].line == 5);
}

TEST_CASE("mountinfo: optional fields up to the dash, escapes, the visible mount")
{
    const QByteArray text =
        "27 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro\n"
        "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n"
        "40 27 254:17 / /boot rw,relatime - ext2 /dev/vdb1 rw\n"
        "41 27 0:50 /sub\\040dir /srv/with\\040space rw shared:9 master:2 propagate_from:3 - btrfs /dev/vdc rw,subvol=/sub dir\n"
        "42 27 254:18 / /boot rw,relatime shared:40 - ext4 /dev/vdb2 rw\n";
    const Result<QList<MountInfoEntry>> parsed = parseMountInfo(text);
    INFO((parsed ? std::string() : parsed.error().message.toStdString()));
    REQUIRE(parsed.ok());
    REQUIRE(parsed->size() == 5);
    const MountInfoEntry &root = parsed->at(0);
    CHECK(root.mountId == 27);
    CHECK(root.parentId == 1);
    CHECK(root.major == 254);
    CHECK(root.minor == 1);
    CHECK(root.mountPoint == QStringLiteral("/"));
    CHECK(root.optionalFields == QStringList{QStringLiteral("shared:1")});
    CHECK(root.fsType == QStringLiteral("ext4"));
    CHECK(root.source == QStringLiteral("/dev/vda1"));
    CHECK(root.superOptions == QStringLiteral("rw,errors=remount-ro"));
    CHECK(parsed->at(1).root == QStringLiteral("/mnt1"));
    CHECK(parsed->at(2).optionalFields.isEmpty());
    CHECK(parsed->at(2).fsType == QStringLiteral("ext2"));
    const MountInfoEntry &spaced = parsed->at(3);
    CHECK(spaced.root == QStringLiteral("/sub dir"));
    CHECK(spaced.mountPoint == QStringLiteral("/srv/with space"));
    CHECK(spaced.optionalFields.size() == 3);
    CHECK(spaced.fsType == QStringLiteral("btrfs"));
    CHECK(spaced.source == QStringLiteral("/dev/vdc"));
    // Two mounts on /boot: the later one is the one in use.
    const MountInfoEntry *boot = visibleMountAt(*parsed, QStringLiteral("/boot"));
    REQUIRE(boot != nullptr);
    CHECK(boot->source == QStringLiteral("/dev/vdb2"));
    CHECK(visibleMountAt(*parsed, QStringLiteral("/nothing")) == nullptr);

    const Result<QList<MountInfoEntry>> noDash = parseMountInfo("27 1 254:1 / / rw,relatime shared:1 ext4 /dev/vda1 rw x\n");
    REQUIRE_FALSE(noDash.ok());
    CHECK(noDash.error().message.contains(QStringLiteral("line 1 of mountinfo")));
    const Result<QList<MountInfoEntry>> badDev = parseMountInfo(text + "28 1 254-1 / /x rw - ext4 /dev/vda1 rw\n");
    REQUIRE_FALSE(badDev.ok());
    CHECK(badDev.error().message.contains(QStringLiteral("line 6 of mountinfo")));
}

TEST_CASE("module lists: suffixes, modules.dep vs modules.builtin, '-' and '_' are one")
{
    CHECK(moduleNameFromPath(QStringLiteral("kernel/drivers/block/virtio_blk.ko.xz")) == QStringLiteral("virtio_blk"));
    CHECK(moduleNameFromPath(QStringLiteral("kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko.zst")) == QStringLiteral("e1000e"));
    CHECK(moduleNameFromPath(QStringLiteral("updates/dkms/zfs.ko.gz")) == QStringLiteral("zfs"));
    CHECK(moduleNameFromPath(QStringLiteral("kernel/sound/pci/hda/snd-hda-intel.ko")) == QStringLiteral("snd_hda_intel"));
    CHECK(moduleNameFromPath(QStringLiteral("kernel/README")).isEmpty());

    const ModuleIndex index = ModuleIndex::fromText(
        "kernel/drivers/virtio/virtio_pci.ko.xz: kernel/drivers/virtio/virtio_pci_modern_dev.ko.xz\n"
        "kernel/sound/pci/hda/snd-hda-intel.ko.xz: kernel/sound/pci/hda/snd-hda-codec.ko.xz\n"
        "\n",
        "kernel/drivers/block/virtio_blk.ko\n");
    CHECK(index.find(QStringLiteral("virtio-pci")) == ModuleIndex::Presence::Loadable);
    CHECK(index.find(QStringLiteral("virtio_pci")) == ModuleIndex::Presence::Loadable);
    CHECK(index.find(QStringLiteral("snd_hda_intel")) == ModuleIndex::Presence::Loadable);
    CHECK(index.find(QStringLiteral("virtio_blk")) == ModuleIndex::Presence::BuiltIn);
    CHECK(index.find(QStringLiteral("virtio-blk")) == ModuleIndex::Presence::BuiltIn);
    // A module that is only someone's dependency is not listed as a module of its own.
    CHECK(index.find(QStringLiteral("snd_hda_codec")) == ModuleIndex::Presence::Missing);
    CHECK(index.find(QStringLiteral("nvme")) == ModuleIndex::Presence::Missing);
}

TEST_CASE("symlinks resolve inside the root: relative, absolute, '..' clamped, loops refused")
{
    BootFixture fx;
    const QString root = fx.path(QStringLiteral("r"));
    fx.write(QStringLiteral("r/usr/lib/modules/6.1/modules.dep"), "x.ko:\n");
    fx.write(QStringLiteral("outside/usr/lib/secret"), "outside the root\n");
    fx.link(QStringLiteral("r/lib"), "usr/lib");
    fx.link(QStringLiteral("r/abs"), "/usr/lib");
    fx.link(QStringLiteral("r/usr/escape"), "../../../outside/usr/lib");
    fx.link(QStringLiteral("r/usr/share/deep"), "/usr/lib/modules");
    fx.link(QStringLiteral("r/loop1"), "loop2");
    fx.link(QStringLiteral("r/loop2"), "loop1");

    CHECK(resolveInside(root, QStringLiteral("lib/modules/6.1")).value() == QStringLiteral("usr/lib/modules/6.1"));
    CHECK(resolveInside(root, QStringLiteral("/abs/modules")).value() == QStringLiteral("usr/lib/modules"));
    CHECK(resolveInside(root, QStringLiteral("usr/escape/secret")).value() == QStringLiteral("outside/usr/lib/secret"));
    CHECK(resolveInside(root, QStringLiteral("usr/share/deep/6.1")).value() == QStringLiteral("usr/lib/modules/6.1"));
    CHECK(readFileInside(root, QStringLiteral("lib/modules/6.1/modules.dep")).value() == "x.ko:\n");
    CHECK(readFileInside(root, QStringLiteral("abs/modules/6.1/modules.dep")).value() == "x.ko:\n");
    CHECK(kindInside(root, QStringLiteral("usr/escape/secret")) == PathKind::Missing);
    CHECK_FALSE(readFileInside(root, QStringLiteral("usr/escape/secret")).ok());
    CHECK(kindInside(root, QStringLiteral("lib")) == PathKind::Directory);
    CHECK(kindInside(root, QStringLiteral("nothing/here")) == PathKind::Missing);
    const Result<QString> loop = resolveInside(root, QStringLiteral("loop1/x"));
    REQUIRE_FALSE(loop.ok());
    CHECK(loop.error().message.contains(QStringLiteral("too many levels of symbolic links")));
    CHECK_FALSE(readFileInside(root, QStringLiteral("usr/lib/modules")).ok());  // a directory is no file
}

TEST_CASE("udev spells labels in by-label with \\x escapes")
{
    CHECK(udevEncode(QStringLiteral("my data")) == QStringLiteral("my\\x20data"));
    CHECK(udevEncode(QStringLiteral("a/b")) == QStringLiteral("a\\x2fb"));
    CHECK(udevEncode(QStringLiteral("EFI-SYSTEM_1.0")) == QStringLiteral("EFI-SYSTEM_1.0"));
    CHECK(udevEncode(QStringLiteral("données")) == QStringLiteral("données"));
}
