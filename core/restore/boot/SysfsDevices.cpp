// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/boot/SysfsDevices.h"

#include "restore/boot/RootedPath.h"

#include <optional>

namespace st::boot {

namespace {
const QString kDevices = QStringLiteral("devices");

QString baseNameOf(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

QString parentOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : path.left(slash);
}

bool isBelowDevices(const QString &rel)
{
    return rel.startsWith(kDevices + QLatin1Char('/'));
}

/** The device a class entry's "device" link leads to, when it stays below devices/. */
std::optional<QString> deviceOf(const QString &sysRoot, const QString &classEntry)
{
    const QString link = classEntry + QStringLiteral("/device");
    if (kindInside(sysRoot, link) != PathKind::Directory)
        return std::nullopt;
    const Result<QString> node = resolveInside(sysRoot, link);
    if (!node || !isBelowDevices(*node))
        return std::nullopt;
    return *node;
}

bool isSkippedBlockName(const QString &name)
{
    for (const char *prefix : {"loop", "ram", "zram", "dm-", "md", "sr"})
        if (name.startsWith(QLatin1String(prefix)))
            return true;
    return false;
}
}  // namespace

QString kindName(HostDevice::Kind kind)
{
    return kind == HostDevice::Kind::Disk ? QStringLiteral("disk") : QStringLiteral("network interface");
}

QList<DeviceDriver> driversFrom(const QString &sysRoot, const QString &node)
{
    QList<DeviceDriver> out;
    for (QString at = node; isBelowDevices(at); at = parentOf(at)) {
        const QString link = at + QStringLiteral("/driver");
        if (kindInside(sysRoot, link) != PathKind::Directory)
            continue;
        const Result<QString> driverDir = resolveInside(sysRoot, link);
        if (!driverDir)
            continue;
        DeviceDriver d{at, baseNameOf(*driverDir), {}};
        const QString moduleLink = *driverDir + QStringLiteral("/module");
        if (kindInside(sysRoot, moduleLink) == PathKind::Directory) {
            const Result<QString> moduleDir = resolveInside(sysRoot, moduleLink);
            if (moduleDir)
                d.module = baseNameOf(*moduleDir);
        }
        out << d;
    }
    return out;
}

Result<QList<HostDevice>> hostDevices(const QString &sysRoot)
{
    QList<HostDevice> out;
    const QString blockDir = QStringLiteral("class/block");
    const Result<QStringList> disks = listDirInside(sysRoot, blockDir);
    if (!disks)
        return disks.error().withContext(QStringLiteral("cannot list this Secondary's disks"));
    for (const QString &name : *disks) {
        const QString entry = blockDir + QLatin1Char('/') + name;
        if (isSkippedBlockName(name) || existsInside(sysRoot, entry + QStringLiteral("/partition")))
            continue;
        const std::optional<QString> node = deviceOf(sysRoot, entry);
        if (node)
            out << HostDevice{HostDevice::Kind::Disk, name, *node, driversFrom(sysRoot, *node)};
    }
    const QString netDir = QStringLiteral("class/net");
    const Result<QStringList> interfaces = listDirInside(sysRoot, netDir);
    if (!interfaces)
        return interfaces.error().withContext(QStringLiteral("cannot list this Secondary's network interfaces"));
    for (const QString &name : *interfaces) {
        if (name == QLatin1String("lo"))
            continue;
        const std::optional<QString> node = deviceOf(sysRoot, netDir + QLatin1Char('/') + name);
        if (node)
            out << HostDevice{HostDevice::Kind::NetworkInterface, name, *node, driversFrom(sysRoot, *node)};
    }
    return out;
}

}  // namespace st::boot
