// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/BootRegeneration.h"

#include <QHash>
#include <QSet>

#include <array>
#include <string_view>

namespace st {

namespace {

// What update-initramfs (initramfs-tools, or dracut) builds the image from: all of /usr (and
// the merged-/usr links) since it copies binaries, libraries, modules, firmware and udev from
// there, /boot (the kernels and their config), and the configuration it reads in /etc.
constexpr std::array<std::string_view, 30> kInitramfsSources{
    "usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "boot",
    "etc/initramfs-tools", "etc/modprobe.d", "etc/modules", "etc/modules-load.d", "etc/udev",
    "etc/crypttab", "etc/cryptsetup-initramfs", "etc/mdadm", "etc/lvm", "etc/multipath", "etc/multipath.conf",
    "etc/fstab", "etc/iscsi", "etc/zfs", "etc/hostid", "etc/default/keyboard", "etc/console-setup",
    "etc/ld.so.conf", "etc/ld.so.conf.d", "etc/dracut.conf", "etc/dracut.conf.d", "etc/kernel"};

// What grub-install and update-grub read: GRUB's modules and tools, its configuration and
// scripts, the kernels and initramfs images they list, and the OS name of the menu entries.
constexpr std::array<std::string_view, 14> kBootLoaderSources{
    "boot", "usr/lib/grub", "usr/share/grub", "usr/sbin", "sbin", "usr/lib/modules", "lib/modules",
    "etc/default/grub", "etc/default/grub.d", "etc/grub.d", "etc/os-release", "usr/lib/os-release", "etc/kernel",
    "etc/lsb-release"};

/** @p path is @p source, lies under it, or is a directory that holds it. */
bool overlaps(const QByteArray &path, std::string_view source)
{
    const QByteArray s = QByteArray::fromRawData(source.data(), static_cast<qsizetype>(source.size()));
    if (path == s)
        return true;
    if (path.size() > s.size() && path.startsWith(s) && path.at(s.size()) == '/')
        return true;
    return s.size() > path.size() && s.startsWith(path) && s.at(path.size()) == '/';
}

template <std::size_t N>
bool underAny(const QByteArray &path, const std::array<std::string_view, N> &sources)
{
    for (std::string_view source : sources)
        if (overlaps(path, source))
            return true;
    return false;
}

}  // namespace

BootRegeneration bootRegenerationFor(const QList<QByteArray> &touched, const std::function<bool(const QByteArray &)> &changed)
{
    BootRegeneration r;
    for (const QByteArray &path : touched) {
        if (r.initramfs && r.bootLoader)
            break;
        const bool initramfs = !r.initramfs && underAny(path, kInitramfsSources);
        const bool bootLoader = !r.bootLoader && underAny(path, kBootLoaderSources);
        if ((!initramfs && !bootLoader) || (changed && !changed(path)))
            continue;
        if (initramfs) {
            r.initramfs = true;
            r.initramfsBecause = path;
        }
        if (bootLoader) {
            r.bootLoader = true;
            r.bootLoaderBecause = path;
        }
    }
    return r;
}

BootRegeneration bootRegenerationForPlan(const QList<txn::ApplyStep> &steps, const std::function<bool(const QByteArray &)> &movedDiffers)
{
    QList<QByteArray> touched;
    touched.reserve(steps.size());
    QSet<QByteArray> moved;
    QHash<QByteArray, bool> metadataDiffers;  // kept in place: mode or owner changed
    for (const txn::ApplyStep &step : steps) {
        touched.append(step.path);
        if (step.kind != txn::StepKind::Meta) {
            moved.insert(step.path);
            continue;
        }
        const struct stat &next = step.next.st;
        const struct stat &previous = step.previous.st;
        metadataDiffers[step.path] = metadataDiffers.value(step.path)
                                     || (step.parts & apply::MetaOwner && (next.st_uid != previous.st_uid || next.st_gid != previous.st_gid))
                                     || (step.parts & apply::MetaMode && (next.st_mode & 07777) != (previous.st_mode & 07777));
    }
    return bootRegenerationFor(touched, [&](const QByteArray &path) {
        if (moved.contains(path))
            return !movedDiffers || movedDiffers(path);
        return metadataDiffers.value(path, true);
    });
}

}  // namespace st
