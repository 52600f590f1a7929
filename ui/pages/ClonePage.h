// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Clone step: which machine is being cloned, what it keeps of its own (a list
 * folded under a toggle), the four stages with their own
 * progress bars, the Primary's and the Secondary's live figures (bytes, files, throughput,
 * ETA, current path), a log pane, and Start / Cancel / Retry. Thin glue over CloneConfig,
 * which the page owns; the clone itself runs on the job's threads. Cancelling mid-clone asks
 * for confirmation (replaceable for tests). GUI thread only.
 */
#include "WizardPage.h"

#include <functional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace st {

class CloneConfig;
class StageProgressView;

class ClonePage : public WizardPage {
    Q_OBJECT
public:
    using Confirm = std::function<bool(QWidget *parent)>;

    /** Takes ownership of @p config. */
    explicit ClonePage(CloneConfig *config, QWidget *parent = nullptr);

    CloneConfig *config() const { return m_config; }
    StageProgressView *stageView() const { return m_stages; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *cancelButton() const { return m_cancel; }
    /** The list of what the Secondary keeps of its own (hidden until its toggle is pressed). */
    QLabel *keptList() const { return m_kept; }
    /** Replaces the question before cancelling a running clone; empty = no question. */
    void setConfirmCancel(Confirm confirm) { m_confirmCancel = std::move(confirm); }

    QString id() const override;
    QString title() const override;
    QString subtitle() const override;
    QIcon icon() const override;
    bool isComplete() const override;
    QString incompleteHint() const override;
    bool isBusy() const override;
    bool hasFailed() const override;
    void onEnter() override;
    bool startDefaultAction() override;
    void stopWork() override;

private:
    void showState();
    void showProgress();

    CloneConfig *m_config;
    Confirm m_confirmCancel;
    QLabel *m_target;
    QToolButton *m_keptToggle;
    QLabel *m_kept;
    StageProgressView *m_stages;
    QLabel *m_primary;
    QLabel *m_secondary;
    QLabel *m_current;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QLabel *m_status;
    QLabel *m_error;
    QPlainTextEdit *m_log;
};

}  // namespace st
