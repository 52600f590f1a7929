// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Which kernel modules each device needs and whether a kernel has them: the device's
 * modalias (sysfs) matched against a kernel's modules.alias the way modprobe does (shell
 * globs), plus the module of the driver bound now; then each module looked up in the running
 * kernel's and each staged kernel's index (loadable or built in). Devices: every device on
 * the way from a disk or NIC to the root of sysfs, and every PCI device. ModuleAliases is a
 * value (immutable after load); free functions: thread-safe.
 */
#include "inventory/Inventory.h"
#include "inventory/InventorySources.h"
#include "restore/boot/SysfsDevices.h"

#include <QHash>

namespace st::inv {

class ModuleAliases {
public:
    /** "alias pci:v00001AF4d00001001sv*sd*bc*sc*i* virtio_pci" lines; others are skipped. */
    static ModuleAliases fromText(const QByteArray &modulesAlias);
    /** The modules (normalised, sorted, unique) whose aliases match @p modalias. */
    QStringList match(const QString &modalias) const;
    qsizetype size() const { return m_count; }

private:
    struct Alias {
        QByteArray pattern;
        QString module;
    };
    QHash<QByteArray, QList<Alias>> m_byBus;  // "pci" -> its aliases; "" -> patterns whose bus is a glob
    qsizetype m_count = 0;
};

/** The devices of @p devices' chains and every PCI device, with what they need from each kernel. */
QList<DeviceNeed> readDeviceNeeds(const InventorySources &sources, const QList<boot::HostDevice> &devices, QStringList &notes);

}  // namespace st::inv
