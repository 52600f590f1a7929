// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Logic of the Welcome step: the introduction (what a twin installation does and which
 * steps this version performs) and the pre-flight checks, run on a worker thread through an
 * injected SystemProbe. The step is complete once the checks ran and none failed.
 *
 * Lives on the GUI thread; only PreflightChecks::runAll() runs on the worker (QtConcurrent).
 * The probe is shared with the worker, so a config destroyed mid-check is safe.
 */
#include "config/PreflightCheck.h"
#include "config/SystemProbe.h"
#include "config/WizardContext.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>

namespace st {

class WelcomeConfig : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool demoMode READ demoMode CONSTANT)
    Q_PROPERTY(QString introText READ introText CONSTANT)
    Q_PROPERTY(bool checking READ isChecking NOTIFY checkingChanged)
    Q_PROPERTY(bool checked READ hasChecked NOTIFY checksChanged)
    Q_PROPERTY(QList<st::PreflightCheck> checks READ checks NOTIFY checksChanged)
    Q_PROPERTY(QString checkSummary READ checkSummary NOTIFY checksChanged)
    Q_PROPERTY(bool complete READ isComplete NOTIFY completeChanged)

public:
    WelcomeConfig(const WizardContext &context, std::shared_ptr<const SystemProbe> probe, QObject *parent = nullptr);
    ~WelcomeConfig() override;

    bool demoMode() const { return m_context.demoMode; }
    /** Rich text: the six steps of a twin installation and which ones this version performs. */
    QString introText() const;

    bool isChecking() const { return m_checking; }
    bool hasChecked() const { return m_checked; }
    QList<PreflightCheck> checks() const { return m_checks; }
    /** One line over all results, e.g. "All checks passed." */
    QString checkSummary() const;
    /** Checks ran and none failed. */
    bool isComplete() const;

    /** Starts (or restarts, with fresh facts) the pre-flight checks; no-op while they run. */
    Q_INVOKABLE void runChecks();

Q_SIGNALS:
    void checkingChanged(bool checking);
    void checksChanged();
    void completeChanged(bool complete);

private:
    void takeResults();

    WizardContext m_context;
    std::shared_ptr<const SystemProbe> m_probe;
    QFutureWatcher<QList<PreflightCheck>> m_watcher;
    QList<PreflightCheck> m_checks;
    bool m_checking = false;
    bool m_checked = false;
};

}  // namespace st
