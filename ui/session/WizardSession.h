// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What the wizard's steps hand on to later steps, typed: the Secondary that was
 * tested and pinned, the chosen protection set, each step's run (outcome, log, times) and
 * the installation record (each step's report per target, a retry replacing the last).
 *
 * One instance per wizard run, shared (std::shared_ptr) by the page configs; each step writes
 * only its own part when it completes and reads earlier parts when it is entered. Plain data
 * plus a changed() signal; GUI thread only (jobs get copies of what they need).
 */
#include "config/WizardContext.h"
#include "net/Identity.h"
#include "net/SecondaryLink.h"
#include "profile/ProtectionProfile.h"
#include "profile/SelectionPlan.h"
#include "quiesce/Estimate.h"
#include "report/CloneReport.h"
#include "report/InstallationRecord.h"
#include "snapshot/Snapshot.h"

#include <QDateTime>
#include <QObject>

#include <optional>

namespace st {

/** A machine that receives the clone, after its connection test succeeded. */
struct TargetMachine {
    QString role;          // "Secondary" or "Tertiary" (for people)
    QString address;       // as typed, "host:port"
    LinkOptions link;      // pairing code cleared once the pin is stored
    SecondaryInfo info;    // what the connection test showed (host, OS, version, fingerprint, free space)
};

/** The protection set the engineer confirmed. */
struct ProtectionChoice {
    ProtectionProfile profile;           // as edited on the page (save/load)
    SelectionPlan plan;                  // resolved from the profile
    std::optional<BackupEstimate> estimate;
    SnapshotMode snapshot = SnapshotMode::Auto;
};

/** A step's run over every target, for the summary (its reports per target are in the
 *  session's InstallationRecord). */
struct StepOutcome {
    Status result;                       // success, or the error it stopped with
    QStringList log;                     // the page's log pane, time-stamped lines
    QDateTime startedAt;
    QDateTime finishedAt;
    QStringList warnings;                // one line each, for the summary
    int attempts = 0;                    // 1 + retries
};

class WizardSession : public QObject {
    Q_OBJECT
public:
    explicit WizardSession(WizardContext context, QObject *parent = nullptr)
        : QObject(parent), m_context(std::move(context)) {}

    const WizardContext &context() const { return m_context; }

    /** The Primary's TLS identity (created on first use by the Secondary step). */
    const std::optional<Identity> &identity() const { return m_identity; }
    void setIdentity(const Identity &identity) { m_identity = identity; Q_EMIT changed(); }

    /** Tested targets, Secondary first; empty until the Secondary step completes. */
    const QList<TargetMachine> &targets() const { return m_targets; }
    void setTargets(const QList<TargetMachine> &targets) { m_targets = targets; Q_EMIT changed(); }

    const std::optional<ProtectionChoice> &protection() const { return m_protection; }
    void setProtection(const ProtectionChoice &choice) { m_protection = choice; Q_EMIT changed(); }
    void clearProtection() { m_protection.reset(); Q_EMIT changed(); }

    /** The clone step's run (absent until it ran). */
    const std::optional<StepOutcome> &outcome() const { return m_outcome; }
    void setOutcome(const StepOutcome &outcome) { m_outcome = outcome; Q_EMIT changed(); }

    /** The reboot step's run (absent until it ran). */
    const std::optional<StepOutcome> &rebootOutcome() const { return m_rebootOutcome; }
    void setRebootOutcome(std::optional<StepOutcome> outcome) { m_rebootOutcome = std::move(outcome); Q_EMIT changed(); }

    /** The hardware checklist's run (absent until it ran). */
    const std::optional<StepOutcome> &hardwareOutcome() const { return m_hardwareOutcome; }
    void setHardwareOutcome(std::optional<StepOutcome> outcome) { m_hardwareOutcome = std::move(outcome); Q_EMIT changed(); }

    /** The components step's run (absent until it ran). */
    const std::optional<StepOutcome> &componentsOutcome() const { return m_componentsOutcome; }
    void setComponentsOutcome(std::optional<StepOutcome> outcome) { m_componentsOutcome = std::move(outcome); Q_EMIT changed(); }
    /** Each step's last report per target. */
    const InstallationRecord &record() const { return m_record; }
    InstallationRecord &record() { return m_record; }

Q_SIGNALS:
    void changed();

private:
    WizardContext m_context;
    std::optional<Identity> m_identity;
    QList<TargetMachine> m_targets;
    std::optional<ProtectionChoice> m_protection;
    std::optional<StepOutcome> m_outcome;
    std::optional<StepOutcome> m_rebootOutcome;
    std::optional<StepOutcome> m_hardwareOutcome;
    std::optional<StepOutcome> m_componentsOutcome;
    InstallationRecord m_record;
};

}  // namespace st
