// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The operations on a clone applied at boot (txn::ApplyTransaction under the agent's
 * root): clone.confirm (the Primary found the Secondary healthy: what the clone replaced is
 * removed, the clone stays) and clone.rollback (the next boot, real or simulated, restores
 * what the clone replaced; on a live host the offline update is armed again). Also the
 * staged clones as system.status lists them. Blocking only for the removal of a confirmed
 * clone's backup. Live in the agent's main thread.
 */
#include "agent/service/AgentService.h"
#include "net/SystemMessages.h"

#include <QByteArray>
#include <functional>

namespace st {

/** The clones staged, applied or rolled back under @p root (for system.status). */
QList<msg::StagedClone> stagedClones(const QByteArray &root);

class CloneConfirmService final : public AgentService {
public:
    CloneConfirmService(QByteArray root, std::function<void(const QString &)> log) : m_root(std::move(root)), m_log(std::move(log)) {}
    Operation operation() const override { return Operation::CloneConfirm; }
    int version() const override { return 1; }
    void call(OperationCall *call) override;

private:
    QByteArray m_root;
    std::function<void(const QString &)> m_log;
};

class CloneRollbackService final : public AgentService {
public:
    /** @p armBoot: makes the next boot run the rollback (a live host's offline update); may be empty. */
    CloneRollbackService(QByteArray root, std::function<Status()> armBoot, std::function<void(const QString &)> log)
        : m_root(std::move(root)), m_armBoot(std::move(armBoot)), m_log(std::move(log))
    {
    }
    Operation operation() const override { return Operation::CloneRollback; }
    int version() const override { return 1; }
    void call(OperationCall *call) override;

private:
    QByteArray m_root;
    std::function<Status()> m_armBoot;
    std::function<void(const QString &)> m_log;
};

}  // namespace st
