// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/service/ComponentServices.h"

namespace st {

void ComponentService::call(OperationCall *call)
{
    switch (m_op) {
    case Operation::ComponentsList: m_desk.list(call); return;
    case Operation::ComponentsUpload: m_desk.upload(call); return;
    case Operation::ComponentsInstall: m_desk.install(call); return;
    case Operation::ComponentsRollback: m_desk.rollback(call); return;
    case Operation::ComponentsCancel: m_desk.cancel(call); return;
    default: break;
    }
    call->finish(makeError(ErrorCode::Unsupported, QStringLiteral("%1 is not a components operation").arg(operationName(m_op))));
}

std::vector<std::unique_ptr<AgentService>> ComponentService::all(ComponentDesk &desk)
{
    std::vector<std::unique_ptr<AgentService>> out;
    for (Operation op : {Operation::ComponentsList, Operation::ComponentsUpload, Operation::ComponentsInstall, Operation::ComponentsRollback,
                         Operation::ComponentsCancel})
        out.push_back(std::make_unique<ComponentService>(desk, op));
    return out;
}

}  // namespace st
