// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief How the agent's host reboots: through systemd on a real host, or simulated for a
 * sandbox root (tests, the demo: the agent stops serving and comes back with a new boot id).
 *
 * check() says whether a reboot can be started now (privileges, a running systemd) without
 * changing anything; reboot() starts it and returns (the host goes down asynchronously).
 * Lives in the agent's main thread.
 */
#include "util/Result.h"

#include <functional>

namespace st {

class RebootDriver {
public:
    virtual ~RebootDriver() = default;
    virtual bool simulated() const = 0;
    virtual Status check() const = 0;
    virtual void reboot(const QString &reason) = 0;
};

/** `systemctl reboot`: needs root and a host booted with systemd. */
class SystemdReboot final : public RebootDriver {
public:
    /** @p log receives one line when the reboot cannot be started after all. */
    explicit SystemdReboot(std::function<void(const QString &)> log) : m_log(std::move(log)) {}
    bool simulated() const override { return false; }
    Status check() const override;
    void reboot(const QString &reason) override;

private:
    std::function<void(const QString &)> m_log;
};

/** Calls @p goDown, which takes the agent down and brings it back with a new simulated boot. */
class SimulatedReboot final : public RebootDriver {
public:
    explicit SimulatedReboot(std::function<void(const QString &)> goDown) : m_goDown(std::move(goDown)) {}
    bool simulated() const override { return true; }
    Status check() const override { return {}; }
    void reboot(const QString &reason) override { m_goDown(reason); }

private:
    std::function<void(const QString &)> m_goDown;
};

}  // namespace st
