// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Welcome page's pre-flight checks, judged from the facts a SystemProbe reports:
 * privileges, snapshot support of the source root, free space for the state directory and
 * the agent binary next to the wizard.
 *
 * Pure functions of (probe, inputs): no state, safe from any thread (they run on a worker).
 */
#include "config/PreflightCheck.h"
#include "config/SystemProbe.h"

#include <QCoreApplication>

namespace st {

struct PreflightInputs {
    bool demoMode = false;
    QString sourceRoot = QStringLiteral("/");  // the Primary's root that is cloned
    QString stateDir;                          // the Primary's state directory
    QString applicationDir;                    // where servertwin-agent is expected
};

class PreflightChecks {
    Q_DECLARE_TR_FUNCTIONS(PreflightChecks)

public:
    static constexpr qint64 kMinStateDirFreeBytes = qint64(64) * 1024 * 1024;

    /** All checks, in the order they are shown. */
    static QList<PreflightCheck> runAll(const SystemProbe &probe, const PreflightInputs &in);

    /** Effective uid 0 passes; otherwise fail (warn in demo mode, which works without root). */
    static PreflightCheck privileges(const SystemProbe &probe, const PreflightInputs &in);
    /** btrfs under the source root passes; any other filesystem warns (files are read live). */
    static PreflightCheck snapshotSupport(const SystemProbe &probe, const PreflightInputs &in);
    /** At least kMinStateDirFreeBytes free where the state directory is (or will be) passes. */
    static PreflightCheck stateDirSpace(const SystemProbe &probe, const PreflightInputs &in);
    /** servertwin-agent next to the wizard passes; missing warns (fails in demo mode). */
    static PreflightCheck agentBinary(const SystemProbe &probe, const PreflightInputs &in);

    /** Where agentBinary() looks for servertwin-agent. */
    static QString agentPath(const PreflightInputs &in);
};

}  // namespace st
