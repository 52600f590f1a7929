// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The components.* operations (list, upload, install, rollback, cancel), each handed
 * to the agent's ComponentDesk, which owns the state they share. Live in the agent's main
 * thread; the desk outlives them (the AgentServer owns both).
 */
#include "agent/ComponentDesk.h"
#include "agent/service/AgentService.h"

#include <memory>
#include <vector>

namespace st {

class ComponentService final : public AgentService {
public:
    ComponentService(ComponentDesk &desk, Operation op) : m_desk(desk), m_op(op) {}
    Operation operation() const override { return m_op; }
    int version() const override { return 1; }
    void call(OperationCall *call) override;

    /** One service per components.* operation, over @p desk. */
    static std::vector<std::unique_ptr<AgentService>> all(ComponentDesk &desk);

private:
    ComponentDesk &m_desk;
    Operation m_op;
};

}  // namespace st
