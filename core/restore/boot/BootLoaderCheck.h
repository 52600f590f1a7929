// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Check 4, the boot loader: how this Secondary's firmware boots (UEFI when
 * sysRoot/firmware/efi exists, else BIOS), which disk it boots from (the disk under /boot, or
 * under / when /boot is no mount of its own, found through mountinfo and sysfs) and whether
 * the clone carries the tools that rebuild the boot there: update-initramfs or dracut,
 * grub-install, update-grub or grub-mkconfig, and GRUB's platform files for that firmware.
 * Free functions, thread-safe.
 */
#include "restore/boot/BootFinding.h"
#include "util/Result.h"

#include <QList>
#include <QString>

namespace st::boot {

enum class Firmware { Bios, Uefi };

Firmware firmwareMode(const HostRoots &host);

/** "BIOS", "UEFI". */
QString firmwareName(Firmware firmware);

/**
 * The disk this Secondary boots from as "/dev/NAME": the device (major:minor) of the mount
 * visible at /boot, else at /, in procRoot/self/mountinfo, through sysRoot/dev/block/MAJ:MIN
 * (or, for a filesystem without a real device number such as btrfs, its /dev source); a
 * partition leads to its parent disk, a device-mapper or md device to the disk under its first
 * slave. An error saying which step failed.
 */
Result<QString> bootDisk(const HostRoots &host);

/** Findings "bootloader" (Info for the firmware, Block per missing tool, Ok) and "bootdisk"
 *  (Info naming the disk, Block when it cannot be found). */
QList<Finding> checkBootLoader(const QString &stagedRoot, const HostRoots &host);

}  // namespace st::boot
