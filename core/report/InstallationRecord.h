// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The installation's outcome per target and per step, typed: for each machine that
 * receives the clone (the Secondary, the Tertiary; keyed by address), the last report of each
 * step it went through and how many attempts that step took. A retry replaces the step's
 * report; it never adds a target. Filled by the wizard's step configs; read by the summary
 * and the installation report (HTML, PDF, JSON). Later steps (hardware, components, network)
 * add their report here. Plain value type.
 */
#include "report/CloneReport.h"
#include "report/ComponentsReport.h"
#include "report/HardwareReport.h"
#include "report/RebootReport.h"

#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>

namespace st {

enum class InstallStep { Clone, Reboot, Hardware, Components };

/** Stable key of @p step in reports and answer files: "clone", "reboot", "hardware", "components". */
QString installStepKey(InstallStep step);

struct TargetRecord {
    QString role;     // "Secondary" or "Tertiary" (for people)
    QString address;  // "host:port", the key
    std::optional<CloneReport> clone;
    std::optional<RebootReport> reboot;
    std::optional<HardwareReport> hardware;  // with the engineer's confirmations
    std::optional<ComponentsReport> components;  // the last install or rollback
    QList<ComponentsReport> componentRuns;       // every install and rollback, in order (the report lists the rollbacks)
    int cloneAttempts = 0;
    int rebootAttempts = 0;
    int hardwareAttempts = 0;
    int componentsAttempts = 0;

    /** The step ran and its last attempt succeeded (the hardware checklist: both inventories
     *  read, nothing blocks and every item confirmed). */
    bool succeeded(InstallStep step) const;
    /** The step ran (at least one attempt is recorded). */
    bool ran(InstallStep step) const;
    int attempts(InstallStep step) const;
    QJsonObject toJson() const;
};

class InstallationRecord {
public:
    /** Records the clone's report for the target at @p address (replacing an earlier attempt's). */
    void recordClone(const QString &role, const QString &address, const CloneReport &report);
    /** Records the reboot's report for the target at @p address (replacing an earlier attempt's). */
    void recordReboot(const QString &role, const QString &address, const RebootReport &report);
    /** Records the hardware checklist's report for the target at @p address (a re-check replaces it). */
    void recordHardware(const QString &role, const QString &address, const HardwareReport &report);
    /** Records an install or rollback of components on the target at @p address (kept in
     *  order; the last is the step's outcome). A list is not recorded. */
    void recordComponents(const QString &role, const QString &address, const ComponentsReport &report);

    const QList<TargetRecord> &targets() const { return m_targets; }
    const TargetRecord *find(const QString &address) const;
    /** The target's record to amend in place (e.g. a clone confirmed after its reboot); null when absent. */
    TargetRecord *find(const QString &address);
    /** How many targets completed @p step. */
    int succeeded(InstallStep step) const;
    /** How many targets ran @p step at all. */
    int ran(InstallStep step) const;
    bool isEmpty() const { return m_targets.isEmpty(); }
    /** Forgets every step of every target (a new installation run). */
    void clear() { m_targets.clear(); }
    /** Drops @p step's reports (a new run of that step from its first target). */
    void clearStep(InstallStep step);

    /** One object per target: role, address, then each step's report and attempts by key. */
    QJsonArray toJson() const;

private:
    TargetRecord &target(const QString &role, const QString &address);

    QList<TargetRecord> m_targets;  // in the order they were first recorded: Secondary, Tertiary
};

}  // namespace st
