// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The operation hardware.inventory: this Secondary's inventory (core/inventory,
 * read on a thread of its own), with the protection set's include roots placed below the
 * agent's root, the staged clone's kernels checked beside the running one, and, when the
 * functional checks are asked for (after the reboot), systemd's state, the failed units and
 * the kernel's errors since boot. The reply carries the agent's clock as it answered.
 *
 * Each call gathers in an InventoryGathering owned by the call, so a connection that goes
 * takes its gathering with it (the reading thread is joined: it takes well under a second).
 * Lives in the agent's main thread.
 */
#include "agent/service/AgentService.h"

#include <QByteArray>
#include <functional>

namespace st {

class InventoryService final : public AgentService {
public:
    /** @p root: where clones are applied; @p stagedTree: the staged clone's tree, or empty. */
    InventoryService(QByteArray root, std::function<QString()> stagedTree);
    Operation operation() const override { return Operation::HardwareInventory; }
    int version() const override { return 1; }
    void call(OperationCall *call) override;

private:
    QByteArray m_root;
    std::function<QString()> m_stagedTree;
};

}  // namespace st
