// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Protection set step: the profile (Load, Save as, errors next to them), the
 * detected protected applications with their protect and data checkboxes, the directory tree
 * with include/exclude checkboxes, the data opt-in with its warning, the snapshot mode, and
 * the plan's error or summary and its size and time estimate. Thin glue: all logic is in
 * ProtectionConfig (and its models), which the page owns. GUI thread only.
 */
#include "WizardPage.h"

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTreeView;

namespace st {

class BusyIndicator;
class InlineMessage;
class ProtectionConfig;

class ProtectionPage : public WizardPage {
    Q_OBJECT

public:
    /** Asks for a profile file to load (@p save false) or to save to; "" = cancelled. */
    using FileChooser = std::function<QString(QWidget *parent, bool save, const QString &start)>;

    /** Takes ownership of @p config. */
    explicit ProtectionPage(ProtectionConfig *config, QWidget *parent = nullptr);

    ProtectionConfig *config() const { return m_config; }
    /** Replaces the file dialogs (tests); the default uses QFileDialog. */
    void setFileChooser(FileChooser chooser);

    QString id() const override;
    QString title() const override;
    QString subtitle() const override;
    QIcon icon() const override;
    bool isComplete() const override;
    QString incompleteHint() const override;
    /** While the applications are detected. */
    bool isBusy() const override;
    /** Detection on the first visit; the estimate when there is none. */
    void onEnter() override;
    /** Cancels the estimate and hands the protection set to the session. */
    void onLeave() override;

private:
    void loadProfile();
    void saveProfile();
    QString dialogStart() const;
    void showProfile();
    void showDetection();
    void showPlan();
    void showEstimate();

    ProtectionConfig *m_config;
    FileChooser m_chooseFile;
    QLabel *m_profileName;
    QLabel *m_profileSource;
    QPushButton *m_load;
    QPushButton *m_save;
    QLabel *m_profileError;
    BusyIndicator *m_detectSpinner;
    QLabel *m_detectSummary;
    QTableView *m_applications;
    QPushButton *m_detectAgain;
    QTreeView *m_tree;
    QLabel *m_editError;
    QCheckBox *m_allData;
    InlineMessage *m_dataWarning;
    QComboBox *m_snapshot;
    BusyIndicator *m_estimateSpinner;
    QLabel *m_estimate;
    QPushButton *m_estimateAgain;
    QLabel *m_planSummary;
    QLabel *m_planError;
};

}  // namespace st
