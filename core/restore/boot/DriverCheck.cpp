// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/boot/DriverCheck.h"

#include "restore/boot/RootedPath.h"

#include <QSet>

namespace st::boot {

namespace {
using Level = Finding::Level;
const QString kDriver = QStringLiteral("driver");

QString whose(const HostDevice &d)
{
    return QStringLiteral("this Secondary's %1 %2").arg(kindName(d.kind), d.name);
}

QString consequence(const HostDevice &d)
{
    return d.kind == HostDevice::Kind::Disk ? QStringLiteral("it would not find that disk at boot")
                                            : QStringLiteral("it would boot without that network interface");
}

std::optional<ModuleIndex> runningIndex(const HostRoots &host)
{
    const Result<QString> release = readLineInside(host.procRoot, QStringLiteral("sys/kernel/osrelease"));
    if (!release || release->isEmpty() || release->contains(QLatin1Char('/')))
        return std::nullopt;
    Result<ModuleIndex> index = ModuleIndex::load(host.liveRoot, *release);
    if (!index)
        return std::nullopt;
    return std::move(index).value();
}
}  // namespace

QList<Finding> checkDriversAgainst(const QList<HostDevice> &devices, const QList<KernelModules> &kernels,
                                   const std::optional<ModuleIndex> &running)
{
    QList<Finding> out;
    bool anyDisk = false;
    for (const HostDevice &d : devices)
        anyDisk = anyDisk || d.kind == HostDevice::Kind::Disk;
    if (!anyDisk)
        out << Finding{kDriver, Level::Warn,
                       QStringLiteral("found no disk with a device in /sys/class/block: the staged kernels' storage drivers were not checked")};
    if (kernels.isEmpty()) {
        out << Finding{kDriver, Level::Info, QStringLiteral("no staged kernel with modules to check this Secondary's drivers against")};
        return out;
    }
    for (const KernelModules &k : kernels) {
        for (const HostDevice &d : devices) {
            QStringList have;
            QSet<QString> seen;
            bool complete = true;
            for (const DeviceDriver &drv : d.drivers) {
                const QString module = drv.moduleName();
                if (seen.contains(normaliseModuleName(module)))
                    continue;
                seen.insert(normaliseModuleName(module));
                if (k.index.find(module) != ModuleIndex::Presence::Missing) {
                    have << module;
                    continue;
                }
                complete = false;
                if (drv.module.isEmpty() && running && running->find(module) == ModuleIndex::Presence::Missing) {
                    out << Finding{kDriver, Level::Warn,
                                   QStringLiteral("cannot confirm that the staged kernel %1 has %2 (bound to /sys/%3 on the way to %4): "
                                                  "it is built into the running kernel without a module name; check by hand if unsure")
                                       .arg(k.version, module, drv.node, whose(d))};
                    continue;
                }
                const QString builtIn = drv.module.isEmpty() ? QStringLiteral(" (built into the running kernel)") : QString();
                out << Finding{kDriver, Level::Block,
                               QStringLiteral("the staged kernel %1 has no %2%3, which drives %4 (/sys/%5), so %6: install a kernel "
                                              "that has it on the Primary (-cloud kernels lack most hardware drivers) and clone again")
                                   .arg(k.version, module, builtIn, whose(d), drv.node, consequence(d))};
            }
            if (complete)
                out << Finding{kDriver, Level::Ok,
                               QStringLiteral("the staged kernel %1 has the drivers of %2 (%3)")
                                   .arg(k.version, whose(d), have.isEmpty() ? QStringLiteral("none bound") : have.join(QStringLiteral(", ")))};
        }
    }
    return out;
}

QList<Finding> checkDrivers(const QString &stagedRoot, const HostRoots &host)
{
    const Result<QList<HostDevice>> devices = hostDevices(host.sysRoot);
    if (!devices)
        return {Finding{kDriver, Level::Block,
                        QStringLiteral("%1 (below %2): the drivers this Secondary needs cannot be checked; run the check as root on the Secondary")
                            .arg(devices.error().message, host.sysRoot)}};
    QList<KernelModules> kernels;
    const Result<QList<StagedKernel>> staged = stagedKernels(stagedRoot);
    if (staged) {
        for (const StagedKernel &k : *staged) {
            Result<ModuleIndex> index = ModuleIndex::load(stagedRoot, k.version);
            if (index)  // a kernel without modules is the kernel check's Block
                kernels << KernelModules{k.version, std::move(index).value()};
        }
    }
    return checkDriversAgainst(*devices, kernels, runningIndex(host));
}

}  // namespace st::boot
