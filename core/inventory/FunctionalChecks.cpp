// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/FunctionalChecks.h"

#include "inventory/InventoryRows.h"
#include "util/HumanBytes.h"

namespace st::inv {

QList<RuleOutcome> functionalChecks(const InventoryReply &r)
{
    QList<RuleOutcome> out;
    for (const Disk &d : r.inventory.disks) {
        RuleOutcome o{QStringLiteral("disk-driver ") + d.name, QStringLiteral("Disk %1").arg(d.name), RuleLevel::Pass, QString(),
                      QStringLiteral("%1, %2").arg(humanBytes(d.sizeBytes), d.driver.isEmpty() ? QStringLiteral("no driver") : d.driver), QString()};
        if (d.driver.isEmpty()) {
            o.level = RuleLevel::Block;
            o.reason = QStringLiteral("no driver is bound to it: the clone's kernel does not drive this disk (see the modules below)");
        } else {
            o.reason = QStringLiteral("seen, driven by %1").arg(d.driver);
        }
        out << o;
    }
    for (const Nic &n : r.inventory.nics) {
        if (n.driver == QLatin1String("bonding"))
            continue;
        RuleOutcome o{QStringLiteral("nic ") + n.name, QStringLiteral("NIC %1").arg(n.name), RuleLevel::Pass, QString(), describeNic(n), QString()};
        if (n.driver.isEmpty()) {
            o.level = RuleLevel::Block;
            o.reason = QStringLiteral("no driver is bound to it: the clone's kernel does not drive this NIC");
        } else if (!n.carrier) {
            o.level = RuleLevel::Warn;
            o.reason = QStringLiteral("no link: check the cabling of this port (or that it is meant to be unused)");
        } else {
            o.reason = QStringLiteral("driven by %1, link up").arg(n.driver);
        }
        out << o;
    }
    RuleOutcome units{QStringLiteral("failed-units"), QStringLiteral("systemd units"), RuleLevel::Pass, QString(),
                      QStringLiteral("%1, %2 failed").arg(r.systemState.isEmpty() ? QStringLiteral("unknown") : r.systemState).arg(r.failedUnits.size()), QString()};
    if (!r.failedUnits.isEmpty()) {
        units.level = RuleLevel::Warn;
        units.reason = QStringLiteral("failed: %1 (systemctl status UNIT on the Secondary)").arg(r.failedUnits.mid(0, 8).join(QStringLiteral(", ")));
    } else if (r.systemState == QLatin1String("offline")) {
        units.level = RuleLevel::Info;
        units.reason = QStringLiteral("this host does not run systemd");
    } else {
        units.reason = QStringLiteral("no unit failed");
    }
    out << units;
    RuleOutcome kernel{QStringLiteral("kernel-errors"), QStringLiteral("Kernel errors since boot"), RuleLevel::Pass, QString(),
                       QString::number(r.kernelErrors.size()), QString()};
    if (!r.journalNote.isEmpty() && r.kernelErrors.isEmpty()) {
        kernel.level = RuleLevel::Info;
        kernel.secondary = QStringLiteral("not read");
        kernel.reason = r.journalNote;
    } else if (!r.kernelErrors.isEmpty()) {
        kernel.level = RuleLevel::Warn;
        kernel.reason = QStringLiteral("%1 error(s) in the kernel log (journalctl -k -p err -b), the last: %2").arg(r.kernelErrors.size()).arg(r.kernelErrors.last());
    } else {
        kernel.reason = QStringLiteral("none");
    }
    out << kernel;
    return out;
}

}  // namespace st::inv
