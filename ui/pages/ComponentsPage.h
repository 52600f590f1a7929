// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Components step: what will be installed on the twin (the Secondary's own
 * hardware support, the bundles the engineer adds from archives or directories), each with its version,
 * size, signer and every change it makes; Install with progress (bytes sent, then component
 * and step), Stop, and the outcome per component and step (a failure shows its error and what
 * was rolled back); what the Secondary has installed, with Roll back; the trusted keys; a
 * log pane. Reading the Secondary's list starts by itself on entering the step. Thin glue over
 * ComponentsConfig, which the page owns. GUI thread only.
 */
#include "WizardPage.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace st {

class ComponentsConfig;

class ComponentsPage : public WizardPage {
    Q_OBJECT
public:
    /** Takes ownership of @p config. */
    explicit ComponentsPage(ComponentsConfig *config, QWidget *parent = nullptr);

    ComponentsConfig *config() const { return m_config; }
    QTreeWidget *proposedTable() const { return m_proposed; }
    QTreeWidget *installedTable() const { return m_installed; }
    QPushButton *installButton() const { return m_install; }
    QPushButton *rollbackButton() const { return m_rollback; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *removeButton() const { return m_remove; }
    QCheckBox *hardwareSupportBox() const { return m_hardwareSupport; }
    QLineEdit *keysField() const { return m_keys; }

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
    void showRows();
    void showProgress();

    ComponentsConfig *m_config;
    QTreeWidget *m_proposed;
    QTreeWidget *m_installed;
    QCheckBox *m_hardwareSupport;
    QLineEdit *m_keys;
    QPushButton *m_add;
    QPushButton *m_addFolder;
    QPushButton *m_remove;
    QPushButton *m_install;
    QPushButton *m_rollback;
    QPushButton *m_cancel;
    QProgressBar *m_bar;
    QLabel *m_current;
    QLabel *m_status;
    QLabel *m_error;
    QPlainTextEdit *m_log;
};

}  // namespace st
