// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Bodies of the agent operation hardware.inventory (version 1): the request (the
 * protection set's include roots, whether the functional checks after the reboot are wanted)
 * and the reply (the Secondary's inventory; with the functional checks, systemd's state, the
 * failed units and the kernel's errors since boot; and the agent's clock when it answered,
 * for the offset the Primary measures). Checked parse(); plain value types.
 */
#include "inventory/Inventory.h"

namespace st::inv {

struct InventoryRequest {
    QStringList protectedPaths;  // absolute, as on the Primary
    bool functional = false;
    QJsonObject toJson() const;
    static Result<InventoryRequest> parse(const QJsonObject &o);
};

struct InventoryReply {
    static constexpr qsizetype kMaxKernelErrors = 200;
    static constexpr qsizetype kMaxFailedUnits = 256;
    Inventory inventory;
    bool functional = false;     // the three below were gathered
    QString systemState;         // systemctl is-system-running; "offline" without systemd
    QStringList failedUnits;
    QStringList kernelErrors;    // journalctl -k -p err -b, newest last
    QString journalNote;         // why the kernel errors could not be read, if so
    qint64 answeredAtMs = 0;     // the agent's clock as it answered
    QJsonObject toJson() const;
    static Result<InventoryReply> parse(const QJsonObject &o);
};

}  // namespace st::inv
