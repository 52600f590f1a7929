// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The system operations: system.status (boot id, host, systemd state, failed units,
 * what the agent did at this boot) and system.reboot (refused while a clone is unfinished or
 * the host cannot reboot; else accepted, then the host goes down a moment later so the
 * Response reaches the Primary first).
 *
 * They read the agent's state through what they are given at construction (references to
 * objects the AgentServer owns and outlives them with). Live in the agent's main thread.
 */
#include "agent/BootIdentity.h"
#include "agent/service/AgentService.h"
#include "agent/service/RebootDriver.h"
#include "net/SystemMessages.h"

#include <QStringList>
#include <QTimer>
#include <functional>
#include <optional>

namespace st {

class SystemStatusService final : public AgentService {
public:
    SystemStatusService(const BootIdentity &boot, const QStringList &bootLog, std::function<QList<msg::StagedClone>()> clones)
        : m_boot(boot), m_bootLog(bootLog), m_clones(std::move(clones))
    {
    }
    Operation operation() const override { return Operation::SystemStatus; }
    int version() const override { return 1; }
    void call(OperationCall *call) override;

private:
    const BootIdentity &m_boot;
    const QStringList &m_bootLog;
    std::function<QList<msg::StagedClone>()> m_clones;
};

class RebootService final : public AgentService {
public:
    /** Time between the Response and the start of the reboot. */
    static constexpr int kGoingDownInMs = 1000;
    /** @p blocker: why the agent must not go down now (an unfinished clone), or nullopt;
     *  @p accepted: called when a reboot is accepted (the agent takes no new clone from then). */
    RebootService(const BootIdentity &boot, RebootDriver &driver, std::function<std::optional<Error>()> blocker,
                  std::function<void(const QString &)> log, std::function<void()> accepted);
    Operation operation() const override { return Operation::Reboot; }
    int version() const override { return 1; }
    void call(OperationCall *call) override;

private:
    const BootIdentity &m_boot;
    RebootDriver &m_driver;
    std::function<std::optional<Error>()> m_blocker;
    std::function<void(const QString &)> m_log;
    std::function<void()> m_accepted;
    bool m_underWay = false;
    QString m_pendingReason;
    QTimer m_goDown;
};

}  // namespace st
