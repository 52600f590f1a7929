// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What the Secondary does at boot with its staged clones: the one code path of the
 * real offline apply (servertwin-agent apply-staged, run by servertwin-apply.service in
 * system-update.target, or early in a normal boot after a power cut) and of a sandbox
 * agent's simulated reboot.
 *
 * For every transaction under the root (txn::ApplyTransaction), in the direction its state
 * says: Staged or Applying -> apply (an apply that fails or was cut too often rolls back by
 * itself); Applied with a rollback requested, or RollingBack -> rollback. Then, on a live
 * host (BootApplySettings::liveHost), the host's own steps for what changed, until they are
 * recorded as done: the agent's package record kept in the package database the clone
 * brought, the initramfs of every installed kernel regenerated, GRUB installed on the
 * Secondary's boot disk and its configuration generated (each only when the apply touched
 * what it is built from, BootRegeneration); and the /system-update link
 * removed. Everything it did is returned as log lines and saved durably in the state
 * directory (boot-apply.json), where the agent reads it at start (system.status bootLog).
 * Blocking: call on a worker thread or from the boot-time command; not cancellable (a
 * power cut is the only interruption it plans for, and the next boot continues).
 */
#include "agent/BootRegeneration.h"
#include "restore/txn/ApplyTransaction.h"
#include "snapshot/CommandRunner.h"
#include "util/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QStringList>
#include <functional>

namespace st {

struct BootApplySettings {
    QByteArray root = QByteArrayLiteral("/");
    QString stateDir;
    bool liveHost = false;           // the running system's own root: regenerate its boot files
    bool interruptedOnly = false;    // a normal boot: only finish what a power cut interrupted (Applying, RollingBack)
    CommandRunner *runner = nullptr; // liveHost: runs update-initramfs, grub-install, update-grub
    /** Each log line as it happens (the boot's console), before the step it announces. */
    std::function<void(const QString &)> onLine;
};

struct BootApplyOutcome {
    QStringList log;
    bool changed = false;  // the root changed: applied or rolled back
    bool failed = false;   // an apply failed (and was rolled back), or a rollback or a host step failed
    bool armedByUs = false;  // the /system-update link named our staging area (this boot is ours)
};

class BootApplier {
public:
    explicit BootApplier(BootApplySettings settings) : m_settings(std::move(settings)) {}
    /** Runs everything due; the outcome is also saved as the last boot's apply log. */
    BootApplyOutcome run();

    /** The log of the last run saved in @p stateDir (empty when none). */
    static QStringList lastLog(const QString &stateDir);
    /** The offline-update link systemd looks for (systemd.offline-updates). */
    static QByteArray systemUpdateLink() { return QByteArrayLiteral("system-update"); }
    /** Makes the next boot of a live host enter system-update.target (the link names the staging area). */
    static Status arm(const QByteArray &root);
    /** Removes the link when it names our staging area (true), never another updater's. */
    static bool disarm(const QByteArray &root);

private:
    void note(const QString &line);
    Status hostSteps(int rootFd, const QString &id, const txn::ApplyTransaction &transaction);
    Status keepAgentRecord(int rootFd, const txn::ApplyTransaction &transaction);
    Status regenerateBoot(const BootRegeneration &stale);

    BootApplySettings m_settings;
    BootApplyOutcome m_outcome;
};

}  // namespace st
