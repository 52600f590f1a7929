// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Logic of the Hardware step (step 4): after the reboot, each target that came back as
 * the twin (the Secondary, then the Tertiary) is inventoried and compared with this Primary by
 * a HardwareCheckJob (compatibility rules, the functional checks on the system the clone
 * produced, the clock offset over the link) on a thread of its own; then the engineer confirms
 * the checklist's items (the shipped ones and the protection profile's), each with a name, a
 * time and an optional note, per target.
 *
 * start() checks every target; after it, start() again is the Re-check (confirmations stay).
 * canProceed(): every target checked, nothing blocks, every item confirmed; proceedBlocker()
 * says what is missing. When the reboot rolled the clone back there is no twin to check: the
 * step is skipped (isSkipped()). Each target's report, with its confirmations, goes to the
 * WizardSession's InstallationRecord (a re-check replaces it; a confirmation amends it) and the
 * run to its hardwareOutcome(). GUI thread only; the job's socket and reads run on its threads.
 */
#include "config/HardwareRows.h"
#include "inventory/Confirmations.h"
#include "job/HardwareCheckJob.h"
#include "job/JobThread.h"
#include "session/WizardSession.h"

#include <QObject>

#include <memory>

namespace st {

class HardwareConfig : public QObject {
    Q_OBJECT
    Q_PROPERTY(st::HardwareConfig::State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY stateChanged)
    Q_PROPERTY(QString engineer READ engineer WRITE setEngineer NOTIFY confirmationsChanged)
    Q_PROPERTY(QStringList log READ log NOTIFY logAppended)

public:
    enum class State { Idle, Checking, Cancelling, Checked, Failed, Cancelled };
    Q_ENUM(State)

    explicit HardwareConfig(std::shared_ptr<WizardSession> session, QObject *parent = nullptr);
    ~HardwareConfig() override;

    /** Tunes the jobs (tests: timeouts, a fixed local inventory). Applied to the next start(). */
    void setSettingsTemplate(const HardwareCheckSettings &settings) { m_template = settings; }

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Checking || m_state == State::Cancelling; }
    bool canStart() const { return !isRunning() && startBlocker().isEmpty(); }
    /** Why no check can run (no rebooted twin, no checklist), else empty. */
    QString startBlocker() const;
    /** The reboot rolled the clone back: nothing to check, the installation ends. */
    bool isSkipped() const;

    /** The targets checked (those whose reboot brought the twin back), in order. */
    const QList<TargetMachine> &targets() const { return m_targets; }
    /** The target the page shows and confirms for (index into targets()). */
    int currentTarget() const { return m_current; }
    void setCurrentTarget(int index);
    /** The current target's last report (null before its first check). */
    const HardwareReport *report() const;
    /** The current target's table. */
    QList<HardwareRow> rows() const;
    /** "Nothing blocks; 1 warning" for the current target, or what blocks. */
    QString verdict() const;
    /** The current target's worst rule or check (Block when it could not be read); nullopt before its check. */
    std::optional<inv::RuleLevel> worstLevel() const;

    /** The engineer who confirms (default: this user's full name from the password database). */
    QString engineer() const { return m_engineer; }
    void setEngineer(const QString &name);
    /** The checklist's items (shipped defaults and the profile's). */
    const QList<ChecklistItem> &items() const { return m_items; }
    /** What was confirmed for the current target. */
    const inv::ConfirmationSet &confirmations() const;
    /** Ticks @p id for the current target with engineer() and the time now; an error (one line)
     *  without a name, before the check, or for an unknown item. */
    Status confirm(const QString &id, const QString &note = {});
    void unconfirm(const QString &id);

    /** Next: every target checked, nothing blocks, every item confirmed (or the step is skipped). */
    bool canProceed() const;
    QString proceedBlocker() const;

    QString statusText() const { return m_status; }
    const QStringList &log() const { return m_log; }

    void start();
    void cancel();
    /** On entering the step: picks up the targets the reboot brought back. */
    void refresh();

Q_SIGNALS:
    void stateChanged();
    /** A report arrived or the current target changed: re-read report(), rows(), verdict(). */
    void reportChanged();
    void confirmationsChanged();
    void logAppended(const QString &line);
    void runFinished(bool success);

private:
    void startTarget();
    void onJobFinished(const Status &result);
    void storeConfirmations(int index);
    void appendLog(const QString &line);
    void setState(State state, const QString &status);
    static QString defaultEngineer();

    std::shared_ptr<WizardSession> m_session;
    HardwareCheckSettings m_template;
    State m_state = State::Idle;
    QString m_status;
    QStringList m_log;
    QString m_engineer;
    QList<TargetMachine> m_targets;
    QStringList m_signature;  // the twins m_targets are (address@boot id)
    bool m_refreshed = false;
    QList<ChecklistItem> m_items;
    QString m_itemsError;
    QList<std::optional<HardwareReport>> m_reports;  // per target
    QList<inv::ConfirmationSet> m_confirmations;     // per target
    int m_current = 0;
    int m_checking = 0;  // the target being checked
    StepOutcome m_outcome;
    std::shared_ptr<HardwareReport> m_lastReport;  // written on the job's thread before finished() arrives
    JobThread m_thread;  // last: destroyed first, so a running check is cancelled and joined while the rest still exists
};

}  // namespace st
