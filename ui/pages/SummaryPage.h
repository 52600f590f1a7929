// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Summary step: the outcome in one line, the installation report (what was done,
 * figures and durations per target, warnings, the log) as it will be exported, and the export
 * buttons (HTML, PDF, JSON) with the destination folder. Thin glue over SummaryConfig, which
 * the page owns. GUI thread only.
 */
#include "WizardPage.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTextBrowser;

namespace st {

class IconWidget;
class SummaryConfig;

class SummaryPage : public WizardPage {
    Q_OBJECT
public:
    /** Takes ownership of @p config. */
    explicit SummaryPage(SummaryConfig *config, QWidget *parent = nullptr);

    SummaryConfig *config() const { return m_config; }

    QString id() const override;
    QString title() const override;
    QString subtitle() const override;
    QIcon icon() const override;
    bool isComplete() const override;
    void onEnter() override;

private:
    void showReport();
    void showExport();

    SummaryConfig *m_config;
    IconWidget *m_verdictIcon;
    QLabel *m_headline;
    QTextBrowser *m_report;
    QLineEdit *m_folder;
    QPushButton *m_browse;
    QPushButton *m_html;
    QPushButton *m_pdf;
    QPushButton *m_json;
    QLabel *m_exportStatus;
    QLabel *m_exportError;
};

}  // namespace st
