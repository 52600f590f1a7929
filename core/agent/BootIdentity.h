// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The boot the agent runs in, as the Primary sees it across a reboot: the kernel's
 * boot id (/proc/sys/kernel/random/boot_id) and uptime on a real host, or a simulated boot
 * for a sandbox agent whose reboot is simulated (its id kept in the state directory, so an
 * agent restart is not mistaken for a reboot; a simulated reboot makes a new one).
 *
 * Plain object of the agent's main thread.
 */
#include "util/Result.h"

#include <QDateTime>
#include <QString>

namespace st {

class BootIdentity {
public:
    /** The kernel's boot. */
    static Result<BootIdentity> kernel();
    /** The simulated boot recorded in @p stateDir (created when there is none yet). */
    static Result<BootIdentity> simulated(const QString &stateDir);

    const QString &bootId() const { return m_id; }
    bool isSimulated() const { return m_simulated; }
    qint64 uptimeMs() const;
    /** Simulated only: a new boot id from now on, recorded durably. */
    Status beginSimulatedBoot();

    /** A fresh id in the kernel's format (8-4-4-4-12 lower-case hex digits). */
    static QString newId();

private:
    QString m_id;
    bool m_simulated = false;
    QString m_file;      // simulated: where the id is kept
    QDateTime m_since;   // simulated: when the boot began
};

}  // namespace st
