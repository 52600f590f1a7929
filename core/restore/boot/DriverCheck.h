// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Check 3, drivers: every staged kernel must carry the driver of each of this
 * Secondary's disks and network interfaces (and of the devices above them), loadable
 * (modules.dep) or built in (modules.builtin), or the clone boots without its disk or network.
 * Free functions, thread-safe.
 */
#include "restore/boot/BootFinding.h"
#include "restore/boot/KernelModules.h"
#include "restore/boot/SysfsDevices.h"

#include <QList>
#include <QString>

#include <optional>

namespace st::boot {

struct KernelModules {
    QString version;
    ModuleIndex index;
};

/**
 * Findings "driver" for @p devices against each of @p kernels. A driver missing from a kernel
 * is a Block. One exception: a driver with no module link (built into the running kernel)
 * whose name the running kernel's own index (@p running) does not list either cannot be
 * confirmed by name (pcieport is built in without a modules.builtin line): Warn.
 */
QList<Finding> checkDriversAgainst(const QList<HostDevice> &devices, const QList<KernelModules> &kernels,
                                   const std::optional<ModuleIndex> &running);

/** Reads the devices below host.sysRoot, the staged kernels' indexes and the running kernel's
 *  (procRoot/sys/kernel/osrelease, its modules in liveRoot), then checkDriversAgainst(). */
QList<Finding> checkDrivers(const QString &stagedRoot, const HostRoots &host);

}  // namespace st::boot
