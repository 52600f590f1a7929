// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/InventoryReader.h"

#include "inventory/DeviceModules.h"
#include "inventory/MachineProbe.h"
#include "inventory/NicProbe.h"
#include "inventory/OsProbe.h"
#include "inventory/StorageProbe.h"
#include "restore/boot/RootedPath.h"

namespace st::inv {

Result<Inventory> readInventory(const InventorySources &sources)
{
    const Result<QList<boot::HostDevice>> devices = boot::hostDevices(sources.roots.sysRoot);
    if (!devices)
        return devices.error();
    Inventory inv;
    inv.host = sources.live.hostName ? sources.live.hostName()
                                     : boot::lineInsideOrEmpty(sources.roots.procRoot, QStringLiteral("sys/kernel/hostname"));
    inv.machine = readMachine(sources, inv.notes);
    inv.cpu = readCpu(sources, inv.notes);
    inv.memoryBytes = readMemory(sources, inv.notes);
    inv.disks = readDisks(sources, *devices, inv.notes);
    inv.filesystems = readFilesystems(sources, inv.disks, inv.notes);
    inv.nics = readNics(sources, *devices, inv.notes);
    inv.devices = readDeviceNeeds(sources, *devices, inv.notes);
    inv.os = readOs(sources, inv.notes);
    inv.clock = readClock(sources);
    inv.notes = inv.notes.mid(0, Inventory::kMaxNotes);
    return inv;
}

}  // namespace st::inv
