// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Reboot step: which machine reboots, what its boot will do with the staged clone,
 * the phases with their elapsed time, the apply log the Secondary kept of its boot, a log
 * pane, and Reboot / Stop waiting / Retry; with "confirm at once" unticked, Keep the twin /
 * Roll back once it is back healthy. Back is disabled once the Secondary accepted the
 * reboot (the point of no return). Thin glue over RebootConfig, which the page owns; the
 * reboot itself runs on the job's thread. Starting asks for confirmation (replaceable for
 * tests). GUI thread only.
 */
#include "WizardPage.h"

#include <functional>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace st {

class RebootConfig;
class RebootPhaseView;

class RebootPage : public WizardPage {
    Q_OBJECT
public:
    using Confirm = std::function<bool(QWidget *parent, const QString &target)>;

    /** Takes ownership of @p config. */
    explicit RebootPage(RebootConfig *config, QWidget *parent = nullptr);

    RebootConfig *config() const { return m_config; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *cancelButton() const { return m_cancel; }
    QCheckBox *confirmAutomaticallyBox() const { return m_autoConfirm; }
    QPushButton *keepButton() const { return m_keep; }
    QPushButton *rollBackButton() const { return m_rollBack; }
    /** Replaces the question before the reboot; empty = no question. */
    void setConfirmStart(Confirm confirm) { m_confirmStart = std::move(confirm); }
    /** Replaces the question before a rollback; empty = no question. */
    void setConfirmRollBack(std::function<bool(QWidget *)> confirm) { m_confirmRollBack = std::move(confirm); }

    QString id() const override;
    QString title() const override;
    QString subtitle() const override;
    QIcon icon() const override;
    bool isComplete() const override;
    QString incompleteHint() const override;
    bool isBusy() const override;
    QString backBlockedReason() const override;
    bool hasFailed() const override;
    void onEnter() override;
    bool startDefaultAction() override;
    void stopWork() override;

private:
    void showState();
    void requestStart();

    RebootConfig *m_config;
    Confirm m_confirmStart;
    std::function<bool(QWidget *)> m_confirmRollBack;
    QLabel *m_target;
    QLabel *m_explain;
    RebootPhaseView *m_phases;
    QCheckBox *m_autoConfirm;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPushButton *m_keep;
    QPushButton *m_rollBack;
    QLabel *m_status;
    QLabel *m_error;
    QPlainTextEdit *m_applyLog;
    QPlainTextEdit *m_log;
};

}  // namespace st
