// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/service/ServiceRegistry.h"

#include "agent/service/OperationCall.h"

namespace st {

void ServiceRegistry::add(std::unique_ptr<AgentService> service)
{
    const Operation op = service->operation();
    m_services[op] = std::move(service);
}

msg::OperationSet ServiceRegistry::offered() const
{
    msg::OperationSet set;
    for (const auto &[op, service] : m_services)
        set.offer(op, service->version());
    return set;
}

void ServiceRegistry::dispatch(OperationCall *call, const QString &operationName) const
{
    const auto op = operationFromName(operationName);
    const auto it = op ? m_services.find(*op) : m_services.end();
    if (it == m_services.end()) {
        call->finish(makeError(ErrorCode::Unsupported, QStringLiteral("this agent does not offer the operation %1: update it to this Primary's version")
                                                           .arg(operationName)));
        return;
    }
    if (call->version() > it->second->version()) {
        call->finish(makeError(ErrorCode::Unsupported, QStringLiteral("this agent speaks %1 up to version %2, the Primary asked for version %3")
                                                           .arg(operationName).arg(it->second->version()).arg(call->version())));
        return;
    }
    it->second->call(call);
}

}  // namespace st
