// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test helper: an in-process AgentServer on 127.0.0.1 (any free port) restoring into
 * <dir>/root, with its state in <dir>/agent-state and a fixed pairing code. For tests that
 * link the agent library; the agent lives in the test's thread (event loop).
 */
#include "agent/AgentServer.h"
#include "net/PairingCode.h"
#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <memory>

namespace st::test {

/** The configuration of a loopback test agent below @p dir with pairing code @p code. */
inline AgentConfig loopbackAgentConfig(const ScratchDir &dir, const QString &code)
{
    AgentConfig config;
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.root = dir / "root";
    config.stateDir = QString::fromLocal8Bit(dir / "agent-state");
    config.pairingCode = *PairingCode::normalise(code);
    config.restoreOwnership = isRoot();
    return config;
}

/** Starts an agent with @p config; a failed test assertion when it cannot listen. */
inline std::unique_ptr<AgentServer> startLoopbackAgent(const AgentConfig &config)
{
    auto agent = std::make_unique<AgentServer>(config);
    const Status s = agent->start();
    INFO((s ? std::string() : s.error().message.toStdString()));
    REQUIRE(s.ok());
    return agent;
}

}  // namespace st::test
