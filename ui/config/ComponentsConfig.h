// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Logic of the Components step (step 5): what is proposed for the twins the reboot
 * brought back (the Secondary's own hardware-support component when it offers one, and the
 * bundles the engineer adds, each verified here against the trusted keys), what is installed
 * there, and the install and rollback, run by a ComponentsJob per target on a thread of its own.
 *
 * refresh() (entering the step) reads the first twin's list (installed, offered). addBundle()
 * verifies a bundle on a worker thread (a bundle that is unsigned, signed by an untrusted key
 * or altered is refused with one line and not added). install() installs the proposed set on
 * each twin in turn; a failed component is rolled back with what the install did on that
 * twin, and the page shows it step by step. rollBack() undoes everything installed. Each run
 * goes to the WizardSession's InstallationRecord and its componentsOutcome(). Next: nothing
 * is proposed, or the last install succeeded on every twin (or the engineer rolled back).
 * GUI thread only; the jobs' sockets and file reads run on their threads.
 */
#include "component/ComponentOutcome.h"
#include "job/ComponentsJob.h"
#include "job/JobThread.h"
#include "job/WorkerThread.h"
#include "session/WizardSession.h"

#include <QObject>

#include <memory>

namespace st {

/** One line of the page's tables. */
struct ComponentRow {
    enum class Source { HardwareSupport, Bundle, Installed };
    Source source = Source::Bundle;
    QString id;
    QString version;
    QString description;
    QString signer;      // fingerprint, or "this Secondary (built in)"
    qint64 bytes = 0;
    QStringList changes;  // each action and check, one line each
    QString status;       // "", "installed", "failed: ...", "rolled back", step states...
    bool failed = false;
};

struct ComponentsOptions {
    QString trustedKeys;       // a .pub file or a directory of them (default: defaultTrustedKeysDir())
    QStringList bundles;       // proposed from the start (the demo's bundle)
    ComponentsSettings settingsTemplate;  // tests: timeouts
};

class ComponentsConfig : public QObject {
    Q_OBJECT
    Q_PROPERTY(st::ComponentsConfig::State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY stateChanged)
    Q_PROPERTY(QStringList log READ log NOTIFY logAppended)

public:
    enum class State { Idle, Reading, Verifying, Installing, RollingBack, Cancelling, Done, Failed, Cancelled };
    Q_ENUM(State)

    explicit ComponentsConfig(std::shared_ptr<WizardSession> session, ComponentsOptions options = ComponentsOptions(), QObject *parent = nullptr);
    ~ComponentsConfig() override;

    State state() const { return m_state; }
    bool isRunning() const;
    QString statusText() const { return m_status; }
    const QStringList &log() const { return m_log; }
    /** The last refusal of a bundle or key path (one line), or empty. */
    QString bundleError() const { return m_bundleError; }
    const JobProgress &progress() const { return m_progress; }

    /** The twins (targets the reboot brought back); empty: the step has nothing to work on. */
    const QList<TargetMachine> &targets() const { return m_targets; }
    QString trustedKeys() const { return m_trustedKeys; }
    void setTrustedKeys(const QString &path);
    bool hardwareSupport() const { return m_hardwareSupport; }
    void setHardwareSupport(bool on);

    /** What the install would bring: the offered hardware support, then the added bundles. */
    QList<ComponentRow> proposed() const;
    /** What the first twin has installed (after refresh(), an install or a rollback). */
    QList<ComponentRow> installed() const;

    void addBundle(const QString &dir);
    void removeBundle(int index);  // index among the added bundles
    int bundleCount() const { return int(m_bundles.size()); }

    bool canInstall() const;
    bool canRollBack() const;
    QString startBlocker() const;
    bool canProceed() const;
    QString proceedBlocker() const;

    void refresh();
    void install();
    void rollBack();
    void cancel();

Q_SIGNALS:
    void stateChanged();
    void rowsChanged();
    void progressChanged();
    void logAppended(const QString &line);
    void runFinished(bool success);

private:
    struct Bundle {
        QString dir;
        ComponentOutcome summary;  // id, version, description, signer, bytes, steps (NotRun)
    };
    void startJob(ComponentsReport::Mode mode);
    void runOnTarget();
    void onJobFinished(const Status &result);
    void verifyNext();
    void appendLog(const QString &line);
    void setState(State state, const QString &status);

    std::shared_ptr<WizardSession> m_session;
    ComponentsOptions m_options;
    QString m_trustedKeys;
    bool m_hardwareSupport = true;
    State m_state = State::Idle;
    QString m_status;
    QString m_bundleError;
    QStringList m_log;
    JobProgress m_progress;
    QList<TargetMachine> m_targets;
    QList<Bundle> m_bundles;
    QStringList m_toVerify;
    QList<ComponentOutcome> m_installed;
    QList<ComponentOutcome> m_offered;
    QList<ComponentOutcome> m_outcomes;  // the last install's or rollback's, on the last target it ran on
    ComponentsReport::Mode m_mode = ComponentsReport::Mode::List;
    bool m_installSucceeded = false;     // the last install succeeded on every twin
    bool m_rolledBack = false;           // the last run was a successful rollback
    int m_target = 0;
    StepOutcome m_outcome;
    std::shared_ptr<ComponentsReport> m_lastReport;  // written on the job's thread before finished() arrives
    WorkerThread m_verifier;
    JobThread m_thread;  // last: destroyed first, so a running job is cancelled and joined while the rest still exists
};

}  // namespace st
