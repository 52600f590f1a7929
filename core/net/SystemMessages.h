// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Typed bodies of the system operations (Operation::SystemStatus, Operation::Reboot),
 * version 1, each with toJson() and a checked parse(). Plain value types.
 */
#include "util/Result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace st::msg {

/** A clone staged on the Secondary for its next boot, or applied and not yet confirmed. */
struct StagedClone {
    QString cloneId;
    QString sourceHost;
    QString phase;             // txn::phaseName(): staged, applying, applied, rolling-back, rolled-back, failed
    int attempts = 0;
    QString error;             // why it was rolled back, or why a rollback failed
    bool rollbackRequested = false;
    bool hostFinished = false; // the boot files were regenerated after it
    QJsonObject toJson() const;
    static Result<StagedClone> parse(const QJsonObject &o);
};

/** Request body of clone.confirm and clone.rollback. */
struct CloneRef {
    QString cloneId;
    QJsonObject toJson() const;
    static Result<CloneRef> parse(const QJsonObject &o, const char *operation);
};

/** Response body of system.status: what the Primary checks after a reboot. */
struct SystemStatus {
    static constexpr qsizetype kMaxFailedUnits = 256;
    static constexpr qsizetype kMaxLogLines = 200;
    QString bootId;          // /proc/sys/kernel/random/boot_id (a sandbox agent's simulated one)
    bool simulatedBoot = false;
    QString host;
    qint64 uptimeMs = 0;     // since this boot
    /** `systemctl is-system-running`: initializing, starting, running, degraded, maintenance,
     *  stopping; "offline" when the host does not run systemd. */
    QString systemState;
    QStringList failedUnits;
    QString agentVersion;
    QStringList bootLog;     // what the agent did at this boot (e.g. the apply of a clone), newest last
    static constexpr qsizetype kMaxClones = 16;
    QList<StagedClone> clones;  // staged, applied-unconfirmed or rolled back (absent from agents before it)
    QJsonObject toJson() const;
    static Result<SystemStatus> parse(const QJsonObject &o);
};

/** Request body of system.reboot. */
struct RebootRequest {
    QString reason;  // shown in the Secondary's logs
    QJsonObject toJson() const;
    static Result<RebootRequest> parse(const QJsonObject &o);
};

/** Response body of system.reboot: the request is accepted; the agent goes down next. */
struct RebootAccepted {
    QString bootId;   // the boot being left: the Primary waits for a different one
    bool simulated = false;
    qint64 goingDownInMs = 0;
    QJsonObject toJson() const;
    static Result<RebootAccepted> parse(const QJsonObject &o);
};

}  // namespace st::msg
