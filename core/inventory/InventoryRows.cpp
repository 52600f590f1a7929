// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/InventoryRows.h"

#include "util/HumanBytes.h"

namespace st::inv {

namespace {
QString orUnknown(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("unknown") : s;
}
}  // namespace

QString describeNic(const Nic &n)
{
    QStringList parts;
    parts << QStringLiteral("%1 %2 %3").arg(n.name, orUnknown(n.mac), n.driver.isEmpty() ? QStringLiteral("no driver") : n.driver);
    parts << (n.operState.isEmpty() ? QStringLiteral("state unknown") : n.operState) + (n.carrier ? QString() : QStringLiteral(" (no carrier)"));
    if (n.speedMbps > 0)
        parts << QStringLiteral("%1 Mbit/s").arg(n.speedMbps);
    if (!n.master.isEmpty())
        parts << QStringLiteral("in %1").arg(n.master);
    if (!n.addresses.isEmpty())
        parts << n.addresses.join(QLatin1Char(' '));
    return parts.join(QStringLiteral(", "));
}

QString describeDisk(const Disk &d)
{
    QString s = QStringLiteral("%1 %2 %3").arg(d.name, humanBytes(d.sizeBytes), d.driver.isEmpty() ? QStringLiteral("no driver") : d.driver);
    QStringList facts;
    if (!d.model.isEmpty())
        facts << d.model;
    facts << (d.rotational ? QStringLiteral("rotational") : QStringLiteral("SSD"));
    if (d.removable)
        facts << QStringLiteral("removable");
    QStringList parts;
    for (const Partition &p : d.partitions)
        parts << (p.fsType.isEmpty() ? p.name : QStringLiteral("%1 %2").arg(p.name, p.fsType));
    s += QStringLiteral(", ") + facts.join(QStringLiteral(", "));
    if (!parts.isEmpty())
        s += QStringLiteral(" (%1)").arg(parts.join(QStringLiteral(", ")));
    if (d.holdsProtectionSet)
        s += QStringLiteral(", holds the protection set");
    return s;
}

QList<InventoryRow> inventoryRows(const Inventory &inv)
{
    QList<InventoryRow> rows;
    const auto add = [&rows](const QString &key, const QString &label, const QString &value) { rows << InventoryRow{key, label, value}; };
    add(QStringLiteral("host"), QStringLiteral("Host name"), orUnknown(inv.host));
    add(QStringLiteral("machine"), QStringLiteral("Machine"),
        inv.machine.vendor.isEmpty() && inv.machine.product.isEmpty() ? QStringLiteral("unknown (no DMI)") : QStringLiteral("%1 %2").arg(inv.machine.vendor, inv.machine.product).trimmed());
    add(QStringLiteral("firmware"), QStringLiteral("Firmware"), inv.machine.firmware == QLatin1String("uefi") ? QStringLiteral("UEFI") : QStringLiteral("BIOS"));
    add(QStringLiteral("virtualization"), QStringLiteral("Virtualisation"), orUnknown(inv.machine.virtualization));
    add(QStringLiteral("cpu.architecture"), QStringLiteral("Architecture"), orUnknown(inv.cpu.architecture));
    add(QStringLiteral("cpu.model"), QStringLiteral("CPU"), orUnknown(inv.cpu.model));
    add(QStringLiteral("cpu.threads"), QStringLiteral("CPUs"),
        QStringLiteral("%1 (%2 socket(s), %3 core(s))").arg(inv.cpu.threads).arg(inv.cpu.sockets).arg(inv.cpu.cores));
    add(QStringLiteral("memory"), QStringLiteral("Memory"), inv.memoryBytes > 0 ? humanBytes(inv.memoryBytes) : QStringLiteral("unknown"));
    add(QStringLiteral("os"), QStringLiteral("Operating system"), orUnknown(inv.os.prettyName));
    add(QStringLiteral("kernel"), QStringLiteral("Kernel"), orUnknown(inv.os.kernel));
    add(QStringLiteral("timezone"), QStringLiteral("Time zone"), orUnknown(inv.clock.timeZone));
    add(QStringLiteral("ntp"), QStringLiteral("Time service"),
        QStringLiteral("%1, %2").arg(inv.clock.ntpService.isEmpty() ? QStringLiteral("none enabled") : inv.clock.ntpService,
                                     inv.clock.ntpSynchronized == 1   ? QStringLiteral("synchronised")
                                     : inv.clock.ntpSynchronized == 0 ? QStringLiteral("not synchronised")
                                                                      : QStringLiteral("synchronisation unknown")));
    for (qsizetype i = 0; i < inv.disks.size(); ++i)
        add(QStringLiteral("disk %1").arg(i + 1), QStringLiteral("Disk %1").arg(i + 1), describeDisk(inv.disks.at(i)));
    for (const Filesystem &fs : inv.filesystems) {
        if (fs.protectedPaths.isEmpty())
            continue;
        QString value = QStringLiteral("%1 on %2 (%3)").arg(fs.fsType, fs.device, fs.disks.join(QStringLiteral(", ")));
        if (fs.sizeBytes >= 0)
            value += QStringLiteral(", %1 free of %2").arg(humanBytes(fs.freeBytes), humanBytes(fs.sizeBytes));
        value += QStringLiteral(": ") + fs.protectedPaths.join(QLatin1Char(' '));
        add(QStringLiteral("fs ") + fs.mountPoint, QStringLiteral("Filesystem %1").arg(fs.mountPoint), value);
    }
    for (qsizetype i = 0; i < inv.nics.size(); ++i)
        add(QStringLiteral("nic %1").arg(i + 1), QStringLiteral("NIC %1").arg(i + 1), describeNic(inv.nics.at(i)));
    return rows;
}

}  // namespace st::inv
