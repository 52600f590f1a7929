// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The installation report the Summary step exports: what was done, for which machines,
 * with which protection set, the figures and durations per target, warnings, the notable paths
 * what each target keeps of its own and what its boot regenerated, each reboot's phases and
 * apply log, each target's hardware checklist with the engineer's confirmations, and the logs; as HTML (self-contained, printable), PDF (the same HTML laid out by
 * QTextDocument onto a QPdfWriter, A4) and JSON (each target's step reports from the
 * InstallationRecord plus the session's facts).
 *
 * Built from a WizardSession snapshot; plain value type. Writes are atomic (QSaveFile) and
 * return a one-line error naming the file. PDF needs a QGuiApplication; any thread that owns
 * no widgets may call it, the wizard calls it on the GUI thread (a report is a few pages).
 */
#include "session/WizardSession.h"

#include <QJsonObject>
#include <QString>

namespace st {

class InstallationReport {
public:
    InstallationReport(const WizardSession &session, QString primaryHost);

    QString title() const;
    QString html() const;
    QJsonObject json() const;

    Status writeHtml(const QString &fileName) const;
    Status writePdf(const QString &fileName) const;
    Status writeJson(const QString &fileName) const;

    /** Paths listed per category at most (the JSON has them all). */
    static constexpr int kMaxListedPaths = 200;

private:
    QString rebootSection(const TargetRecord &target) const;
    QString hostSpecificSection() const;
    static QString logSection(const QString &heading, const QStringList &lines);

    QString m_primaryHost;
    WizardContext m_context;
    QList<TargetMachine> m_targets;
    std::optional<ProtectionChoice> m_protection;
    std::optional<StepOutcome> m_outcome;        // the clone step's run
    std::optional<StepOutcome> m_rebootOutcome;  // the reboot step's run
    std::optional<StepOutcome> m_hardwareOutcome;  // the hardware step's run
    std::optional<StepOutcome> m_componentsOutcome;  // the components step's last install or rollback
    InstallationRecord m_record;                 // each step's report per target
};

}  // namespace st
