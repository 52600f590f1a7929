// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The agent's operations, one service each: what Welcome offers, and the dispatch of
 * a Request to its service.
 *
 * dispatch() answers itself what no service can: an operation this agent does not offer (or
 * does not know at all) and a version above the one it speaks are ErrorCode::Unsupported,
 * naming the operation and the versions, so a newer Primary learns what to fall back to
 * instead of losing the connection. Owns its services. Lives in the agent's main thread.
 */
#include "agent/service/AgentService.h"

#include <map>
#include <memory>

namespace st {

class ServiceRegistry {
public:
    void add(std::unique_ptr<AgentService> service);
    msg::OperationSet offered() const;
    /** Hands @p call to its service, or finishes it with Unsupported. */
    void dispatch(OperationCall *call, const QString &operationName) const;

private:
    std::map<Operation, std::unique_ptr<AgentService>> m_services;
};

}  // namespace st
