// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/boot/BootCheck.h"

#include "restore/boot/BootLoaderCheck.h"
#include "restore/boot/DriverCheck.h"
#include "restore/boot/KernelModules.h"
#include "restore/boot/MountCheck.h"

namespace st::boot {

QList<Finding> checkBootReadiness(const QString &stagedRoot, const HostRoots &host, const BootCheckOptions &options)
{
    QList<Finding> out = checkMounts(stagedRoot, host, options);
    out += checkKernels(stagedRoot);
    out += checkDrivers(stagedRoot, host);
    out += checkBootLoader(stagedRoot, host);
    return out;
}

}  // namespace st::boot
