// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief One operation the agent offers beside the clone (system status, reboot, and each
 * later step): its name, the highest body version it speaks, and how it answers a call.
 *
 * call() receives a request already checked against the version (the registry answers an
 * unknown operation or a too new version itself); it must finish the call, at once or later
 * from the event loop (holding a QPointer: the call goes with its connection). A service
 * whose work must survive a reboot keeps it on disk itself. Lives in the agent's main thread.
 */
#include "net/Operation.h"

namespace st {

class OperationCall;

class AgentService {
public:
    virtual ~AgentService() = default;
    virtual Operation operation() const = 0;
    virtual int version() const = 0;
    virtual void call(OperationCall *call) = 0;
};

}  // namespace st
