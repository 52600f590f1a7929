// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/boot/BootLoaderCheck.h"

#include "restore/boot/MountInfo.h"
#include "restore/boot/RootedPath.h"

namespace st::boot {

namespace {
using Level = Finding::Level;
const QString kBootloader = QStringLiteral("bootloader");
const QString kBootdisk = QStringLiteral("bootdisk");
constexpr int kMaxStack = 8;  // dm on md on partition ...

QString baseNameOf(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

/** The disk (sysfs node's name) below @p node: itself, its parent for a partition, or the disk of a slave. */
Result<QString> diskOf(const QString &sysRoot, const QString &node, int depth)
{
    if (depth > kMaxStack)
        return makeError(ErrorCode::Io, QStringLiteral("/sys/%1 is stacked too deep").arg(node));
    if (existsInside(sysRoot, node + QStringLiteral("/partition")))
        return baseNameOf(node.left(node.lastIndexOf(QLatin1Char('/'))));
    const QString slaves = node + QStringLiteral("/slaves");
    const Result<QStringList> names = existsInside(sysRoot, slaves) ? listDirInside(sysRoot, slaves) : Result<QStringList>(QStringList());
    if (names && !names->isEmpty()) {
        const Result<QString> slave = resolveInside(sysRoot, slaves + QLatin1Char('/') + names->first());
        if (!slave)
            return slave.error();
        return diskOf(sysRoot, *slave, depth + 1);
    }
    return baseNameOf(node);
}

/** The sysfs node of the filesystem mounted by @p m. */
Result<QString> nodeOf(const HostRoots &host, const MountInfoEntry &m)
{
    const QString byNumber = QStringLiteral("dev/block/%1:%2").arg(m.major).arg(m.minor);
    if (m.major != 0 && existsInside(host.sysRoot, byNumber))
        return resolveInside(host.sysRoot, byNumber);
    if (m.source.startsWith(QLatin1String("/dev/"))) {
        const Result<QString> dev = resolveInside(host.devRoot, m.source.mid(5));
        if (dev && existsInside(host.devRoot, *dev)) {
            const QString entry = QStringLiteral("class/block/") + baseNameOf(*dev);
            if (existsInside(host.sysRoot, entry))
                return resolveInside(host.sysRoot, entry);
        }
    }
    return makeError(ErrorCode::Io, QStringLiteral("%1 (%2 on %3, device %4:%5) is on no block device in /sys/dev/block or /sys/class/block")
                                        .arg(m.mountPoint, m.fsType, m.source, QString::number(m.major), QString::number(m.minor)));
}

bool hasFile(const QString &root, const QString &rel)
{
    return kindInside(root, rel) == PathKind::File;
}
}  // namespace

Firmware firmwareMode(const HostRoots &host)
{
    return kindInside(host.sysRoot, QStringLiteral("firmware/efi")) == PathKind::Directory ? Firmware::Uefi : Firmware::Bios;
}

QString firmwareName(Firmware firmware)
{
    return firmware == Firmware::Uefi ? QStringLiteral("UEFI") : QStringLiteral("BIOS");
}

Result<QString> bootDisk(const HostRoots &host)
{
    const Result<QByteArray> text = readFileInside(host.procRoot, QStringLiteral("self/mountinfo"), 16 << 20);
    if (!text)
        return text.error();
    const Result<QList<MountInfoEntry>> mounts = parseMountInfo(*text);
    if (!mounts)
        return mounts.error();
    const MountInfoEntry *m = visibleMountAt(*mounts, QStringLiteral("/boot"));
    if (!m)
        m = visibleMountAt(*mounts, QStringLiteral("/"));
    if (!m)
        return makeError(ErrorCode::Io, QStringLiteral("neither /boot nor / is in %1/self/mountinfo").arg(host.procRoot));
    const Result<QString> node = nodeOf(host, *m);
    if (!node)
        return node.error();
    const Result<QString> disk = diskOf(host.sysRoot, *node, 0);
    if (!disk)
        return disk.error();
    return QStringLiteral("/dev/") + *disk;
}

QList<Finding> checkBootLoader(const QString &stagedRoot, const HostRoots &host)
{
    QList<Finding> out;
    const Firmware firmware = firmwareMode(host);
    const bool uefi = firmware == Firmware::Uefi;
    out << Finding{kBootloader, Level::Info,
                   uefi ? QStringLiteral("this Secondary boots by UEFI (/sys/firmware/efi exists)")
                        : QStringLiteral("this Secondary boots by BIOS (no /sys/firmware/efi)")};

    const QString grubPackage = uefi ? QStringLiteral("grub-efi-amd64") : QStringLiteral("grub-pc");
    const QString platform = uefi ? QStringLiteral("usr/lib/grub/x86_64-efi") : QStringLiteral("usr/lib/grub/i386-pc");
    const int before = static_cast<int>(out.size());
    if (!hasFile(stagedRoot, QStringLiteral("usr/sbin/update-initramfs")) && !hasFile(stagedRoot, QStringLiteral("usr/bin/dracut"))
        && !hasFile(stagedRoot, QStringLiteral("usr/sbin/dracut")))
        out << Finding{kBootloader, Level::Block,
                       QStringLiteral("the clone has neither /usr/sbin/update-initramfs nor dracut, so the initramfs cannot be rebuilt for this "
                                      "Secondary's disks: install initramfs-tools on the Primary and clone again")};
    if (!hasFile(stagedRoot, QStringLiteral("usr/sbin/grub-install")))
        out << Finding{kBootloader, Level::Block,
                       QStringLiteral("the clone has no /usr/sbin/grub-install, so GRUB cannot be put on this Secondary's boot disk: "
                                      "install %1 on the Primary and clone again").arg(grubPackage)};
    if (!hasFile(stagedRoot, QStringLiteral("usr/sbin/update-grub")) && !hasFile(stagedRoot, QStringLiteral("usr/sbin/grub-mkconfig")))
        out << Finding{kBootloader, Level::Block,
                       QStringLiteral("the clone has neither /usr/sbin/update-grub nor /usr/sbin/grub-mkconfig, so the boot menu cannot be "
                                      "written for this Secondary: install %1 on the Primary and clone again").arg(grubPackage)};
    if (kindInside(stagedRoot, platform) != PathKind::Directory)
        out << Finding{kBootloader, Level::Block,
                       QStringLiteral("the clone has no /%1, which GRUB needs on this %2 Secondary: install %3-bin on the Primary "
                                      "(a Primary that boots by %4 lacks it) and clone again")
                           .arg(platform, firmwareName(firmware), grubPackage, uefi ? QStringLiteral("BIOS") : QStringLiteral("UEFI"))};
    if (out.size() == before)
        out << Finding{kBootloader, Level::Ok,
                       QStringLiteral("the clone has the initramfs and GRUB tools and /%1 for this %2 Secondary").arg(platform, firmwareName(firmware))};

    const Result<QString> disk = bootDisk(host);
    if (disk)
        out << Finding{kBootdisk, Level::Info, QStringLiteral("this Secondary boots from %1").arg(*disk)};
    else
        out << Finding{kBootdisk, Level::Block,
                       QStringLiteral("cannot find this Secondary's boot disk (%1), so GRUB could not be reinstalled on it: run the check "
                                      "as root on the Secondary itself").arg(disk.error().message)};
    return out;
}

}  // namespace st::boot
