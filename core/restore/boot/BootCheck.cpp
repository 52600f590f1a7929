// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/boot/BootCheck.h"

#include "restore/boot/BootLoaderCheck.h"
#include "restore/boot/DriverCheck.h"
#include "restore/boot/KernelModules.h"
#include "restore/boot/MountCheck.h"
#include "util/RawPath.h"

namespace st::boot {

bool carriesBoot(const QList<QByteArray> &includeRoots)
{
    static const QList<QByteArray> bootPaths{"boot", "usr/lib/modules", "lib/modules", "usr/lib/grub", "usr/sbin", "sbin"};
    for (const QByteArray &inc : includeRoots)
        for (const QByteArray &b : bootPaths)
            if (isSameOrBelow(b, inc) || isSameOrBelow(inc, b))
                return true;
    return false;
}

QList<Finding> checkBootReadiness(const QString &stagedRoot, const HostRoots &host, const BootCheckOptions &options)
{
    QList<Finding> out = checkMounts(stagedRoot, host, options);
    if (!options.cloneCarriesBoot) {
        out << Finding{QStringLiteral("kernel"), Finding::Level::Info,
                       QStringLiteral("the clone carries no kernel, modules or boot tools: this Secondary keeps booting its own")};
        return out;
    }
    out += checkKernels(stagedRoot);
    out += checkDrivers(stagedRoot, host);
    out += checkBootLoader(stagedRoot, host);
    return out;
}

}  // namespace st::boot
