// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Hardware step: the Primary and the Secondary side by side, row by row, each rule
 * and check after the reboot with its status icon and reason; a verdict line; Re-check and
 * Stop; then the engineer's name and the checklist to confirm item by item, with notes; a log
 * pane. With a Tertiary, a picker chooses whose table and confirmations are shown. Next only
 * when nothing blocks and every item is confirmed for every target. The check starts by
 * itself on entering the step. Thin glue over HardwareConfig, which the page owns; the check
 * runs on the job's thread. GUI thread only.
 */
#include "WizardPage.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace st {

class ConfirmationList;
class HardwareConfig;
class HardwareTable;
class IconWidget;

class HardwarePage : public WizardPage {
    Q_OBJECT
public:
    /** Takes ownership of @p config. */
    explicit HardwarePage(HardwareConfig *config, QWidget *parent = nullptr);

    HardwareConfig *config() const { return m_config; }
    HardwareTable *table() const { return m_table; }
    ConfirmationList *confirmationList() const { return m_confirmations; }
    QLineEdit *engineerField() const { return m_engineer; }
    QPushButton *recheckButton() const { return m_recheck; }
    QPushButton *cancelButton() const { return m_cancel; }
    QComboBox *targetPicker() const { return m_targetPicker; }

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
    void showReport();
    void showConfirmations();
    void fillTargets();

    HardwareConfig *m_config;
    QComboBox *m_targetPicker;
    QLabel *m_targetLabel;
    IconWidget *m_verdictIcon;
    QLabel *m_verdict;
    HardwareTable *m_table;
    QPushButton *m_recheck;
    QPushButton *m_cancel;
    QLabel *m_status;
    QLabel *m_error;
    QLineEdit *m_engineer;
    ConfirmationList *m_confirmations;
    QLabel *m_confirmError;
    QPlainTextEdit *m_log;
};

}  // namespace st
