// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/SummaryPage.h"

#include "Icons.h"
#include "config/SummaryConfig.h"
#include "widgets/IconWidget.h"
#include "widgets/PageParts.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace st {

SummaryPage::SummaryPage(SummaryConfig *config, QWidget *parent)
    : WizardPage(parent), m_config(config)
{
    m_config->setParent(this);
    m_verdictIcon = new IconWidget(22, this);
    m_headline = parts::sectionHeading(QString(), this);
    m_headline->setObjectName(QStringLiteral("headline"));
    m_headline->setWordWrap(true);
    m_report = new QTextBrowser(this);
    m_report->setObjectName(QStringLiteral("report"));
    m_report->setOpenLinks(false);
    m_report->setToolTip(tr("The installation report, as it is exported"));

    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("exportFolder"));
    m_folder->setToolTip(tr("The folder the report files are written into"));
    auto *folderLabel = new QLabel(tr("Save &into:"), this);
    folderLabel->setBuddy(m_folder);
    m_browse = new QPushButton(tr("Ch&oose…"), this);
    m_browse->setToolTip(tr("Choose the folder for the report files"));
    m_html = new QPushButton(tr("Save &HTML"), this);
    m_html->setObjectName(QStringLiteral("exportHtml"));
    m_html->setToolTip(tr("Save the report as a web page that prints well"));
    m_pdf = new QPushButton(tr("Save &PDF"), this);
    m_pdf->setObjectName(QStringLiteral("exportPdf"));
    m_pdf->setToolTip(tr("Save the report as a PDF document (A4)"));
    m_json = new QPushButton(tr("Save &JSON"), this);
    m_json->setObjectName(QStringLiteral("exportJson"));
    m_json->setToolTip(tr("Save the report as JSON, with every figure and path, for other tools"));
    m_exportStatus = parts::note(QString(), this);
    m_exportStatus->setObjectName(QStringLiteral("exportStatus"));
    m_exportError = parts::fieldError(this);
    m_exportError->setObjectName(QStringLiteral("exportError"));

    auto *head = new QHBoxLayout;
    head->addWidget(m_verdictIcon, 0, Qt::AlignTop);
    head->addWidget(m_headline, 1);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(folderLabel);
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(m_browse);
    auto *exportRow = new QHBoxLayout;
    exportRow->addWidget(m_html);
    exportRow->addWidget(m_pdf);
    exportRow->addWidget(m_json);
    exportRow->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addLayout(head);
    layout->addWidget(m_report, 1);
    layout->addLayout(folderRow);
    layout->addLayout(exportRow);
    layout->addWidget(m_exportStatus);
    layout->addWidget(m_exportError);

    connect(m_folder, &QLineEdit::editingFinished, this, [this] { m_config->setExportDir(m_folder->text().trimmed()); });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the report"), m_config->exportDir());
        if (!dir.isEmpty())
            m_config->setExportDir(dir);
    });
    auto exportAs = [this](SummaryConfig::Format format) {
        m_config->setExportDir(m_folder->text().trimmed());
        (void)m_config->exportReport(format);  // the result is shown through exportChanged()
    };
    connect(m_html, &QPushButton::clicked, this, [exportAs] { exportAs(SummaryConfig::Format::Html); });
    connect(m_pdf, &QPushButton::clicked, this, [exportAs] { exportAs(SummaryConfig::Format::Pdf); });
    connect(m_json, &QPushButton::clicked, this, [exportAs] { exportAs(SummaryConfig::Format::Json); });
    connect(m_config, &SummaryConfig::reportChanged, this, &SummaryPage::showReport);
    connect(m_config, &SummaryConfig::exportChanged, this, &SummaryPage::showExport);
    showReport();
    showExport();
}

QString SummaryPage::id() const
{
    return QStringLiteral("summary");
}

QString SummaryPage::title() const
{
    return tr("Summary");
}

QString SummaryPage::subtitle() const
{
    return tr("What was done, with figures and warnings; save the installation report.");
}

QIcon SummaryPage::icon() const
{
    return icons::icon(icons::Id::StepSummary);
}

bool SummaryPage::isComplete() const
{
    return true;  // Finish closes the wizard whatever the outcome
}

void SummaryPage::onEnter()
{
    m_config->refresh();
}

void SummaryPage::showReport()
{
    m_verdictIcon->setIcon(icons::icon(m_config->succeeded() ? icons::Id::CheckPass : icons::Id::CheckFail));
    m_headline->setText(m_config->headline());
    m_report->setHtml(m_config->reportHtml());
}

void SummaryPage::showExport()
{
    if (m_folder->text() != m_config->exportDir())
        m_folder->setText(m_config->exportDir());
    m_exportStatus->setText(m_config->exportStatus());
    m_exportStatus->setVisible(!m_config->exportStatus().isEmpty());
    parts::showFieldError(m_exportError, m_config->exportError());
}

}  // namespace st
