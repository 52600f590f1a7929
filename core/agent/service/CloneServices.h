// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The operations on a clone applied at boot (txn::ApplyTransaction under the agent's
 * root): clone.confirm (the Primary found the Secondary healthy: what the clone replaced is
 * removed, the clone stays) and clone.rollback (the next boot, real or simulated, restores
 * what the clone replaced; on a live host the offline update is armed again). Also the
 * staged clones as system.status lists them. A confirmed clone is retired at once (one
 * rename); what it replaced is removed off the event loop by the owner. Live in the agent's
 * main thread.
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
    /** @p retired: called after a clone was retired (the owner purges it off the event loop). */
    CloneConfirmService(QByteArray root, std::function<void(const QString &)> log, std::function<void()> retired)
        : m_root(std::move(root)), m_log(std::move(log)), m_retired(std::move(retired))
    {
    }
    Operation operation() const override { return Operation::CloneConfirm; }
    int version() const override { return 1; }
    void call(OperationCall *call) override;

private:
    QByteArray m_root;
    std::function<void(const QString &)> m_log;
    std::function<void()> m_retired;
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
