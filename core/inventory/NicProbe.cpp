// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/NicProbe.h"

#include "restore/boot/RootedPath.h"

namespace st::inv {

namespace {
Nic describe(const InventorySources &s, const QString &name, const QString &driver)
{
    const QString entry = QStringLiteral("class/net/") + name;
    Nic n;
    n.name = name;
    n.mac = boot::lineInsideOrEmpty(s.roots.sysRoot, entry + QStringLiteral("/address"));
    n.driver = driver;
    n.operState = boot::lineInsideOrEmpty(s.roots.sysRoot, entry + QStringLiteral("/operstate"));
    n.carrier = boot::lineInsideOrEmpty(s.roots.sysRoot, entry + QStringLiteral("/carrier")) == QLatin1String("1");  // unreadable while down
    bool ok = false;
    const int speed = boot::lineInsideOrEmpty(s.roots.sysRoot, entry + QStringLiteral("/speed")).toInt(&ok);
    n.speedMbps = ok && speed > 0 ? speed : -1;  // -1 ("unknown") or unreadable while down
    if (boot::kindInside(s.roots.sysRoot, entry + QStringLiteral("/master")) == boot::PathKind::Directory)
        if (const Result<QString> master = boot::resolveInside(s.roots.sysRoot, entry + QStringLiteral("/master")))
            n.master = master->mid(master->lastIndexOf(QLatin1Char('/')) + 1);
    if (s.live.addresses)
        n.addresses = s.live.addresses(name).mid(0, Inventory::kMaxAddresses);
    return n;
}
}  // namespace

QList<Nic> readNics(const InventorySources &s, const QList<boot::HostDevice> &devices, QStringList &notes)
{
    QList<Nic> out;
    for (const boot::HostDevice &device : devices) {
        if (device.kind != boot::HostDevice::Kind::NetworkInterface)
            continue;
        out << describe(s, device.name, device.drivers.isEmpty() ? QString() : device.drivers.first().driver);
    }
    // Bonds have no device of their own; their members point at them (master).
    if (const Result<QStringList> names = boot::listDirInside(s.roots.sysRoot, QStringLiteral("class/net"))) {
        for (const QString &name : *names)
            if (boot::existsInside(s.roots.sysRoot, QStringLiteral("class/net/%1/bonding").arg(name)))
                out << describe(s, name, QStringLiteral("bonding"));
    }
    if (out.size() > Inventory::kMaxNics) {
        notes << QStringLiteral("more than %1 network interfaces: the rest are not listed").arg(Inventory::kMaxNics);
        out.resize(Inventory::kMaxNics);
    }
    return out;
}

}  // namespace st::inv
