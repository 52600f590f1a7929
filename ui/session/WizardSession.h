// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What the wizard's steps hand on to later steps, typed: the Secondary that was
 * tested and pinned, the chosen protection set, and the clone's outcome.
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

/** The clone step's outcome, for the summary. */
struct CloneOutcome {
    Status result;                       // success, or the error it stopped with
    QList<CloneReport> reports;          // one per target reached, in order: counts, bytes, stage durations, paths
    QStringList log;                     // the clone page's log pane, time-stamped lines
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

    const std::optional<CloneOutcome> &outcome() const { return m_outcome; }
    void setOutcome(const CloneOutcome &outcome) { m_outcome = outcome; Q_EMIT changed(); }

Q_SIGNALS:
    void changed();

private:
    WizardContext m_context;
    std::optional<Identity> m_identity;
    QList<TargetMachine> m_targets;
    std::optional<ProtectionChoice> m_protection;
    std::optional<CloneOutcome> m_outcome;
};

}  // namespace st
