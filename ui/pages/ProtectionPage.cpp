// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/ProtectionPage.h"

#include "Icons.h"
#include "config/ProtectionApplicationsModel.h"
#include "config/ProtectionConfig.h"
#include "config/ProtectionTreeModel.h"
#include "widgets/BusyIndicator.h"
#include "widgets/InlineMessage.h"
#include "widgets/PageParts.h"
#include "widgets/Palette.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace st {

namespace {

QString chooseWithDialog(QWidget *parent, bool save, const QString &start)
{
    const QString filter = ProtectionPage::tr("Protection profiles (*.json);;All files (*)");
    if (save)
        return QFileDialog::getSaveFileName(parent, ProtectionPage::tr("Save protection profile"), start, filter);
    return QFileDialog::getOpenFileName(parent, ProtectionPage::tr("Load protection profile"), start, filter);
}

}  // namespace

ProtectionPage::ProtectionPage(ProtectionConfig *config, QWidget *parent)
    : WizardPage(parent), m_config(config), m_chooseFile(chooseWithDialog)
{
    m_config->setParent(this);
    QVBoxLayout *layout = parts::scrollingContent(this);
    QWidget *content = layout->parentWidget();

    // The profile: name and source, Load / Save as, its error right below.
    auto *profileLabel = parts::sectionHeading(tr("Profile:"), content);
    m_profileName = new QLabel(content);
    m_profileName->setObjectName(QStringLiteral("profileName"));
    m_profileName->setTextFormat(Qt::PlainText);
    m_profileSource = new QLabel(content);
    m_profileSource->setObjectName(QStringLiteral("profileSource"));
    m_profileSource->setTextFormat(Qt::PlainText);
    m_profileSource->setTextInteractionFlags(Qt::TextSelectableByMouse);
    palette::setMuted(m_profileSource);
    m_profileSource->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // a long path must not widen the page
    m_load = new QPushButton(tr("&Load…"), content);
    m_load->setObjectName(QStringLiteral("loadProfileButton"));
    m_load->setToolTip(tr("Load a protection profile (JSON) from a file"));
    m_save = new QPushButton(tr("&Save as…"), content);
    m_save->setObjectName(QStringLiteral("saveProfileButton"));
    m_save->setToolTip(tr("Save the protection set as edited here to a profile file (JSON)"));
    m_profileError = parts::fieldError(content);
    m_profileError->setObjectName(QStringLiteral("profileError"));

    auto *profileRow = new QHBoxLayout;
    profileRow->setSpacing(8);
    profileRow->addWidget(profileLabel);
    profileRow->addWidget(m_profileName);
    profileRow->addWidget(m_profileSource, 1);
    profileRow->addWidget(m_load);
    profileRow->addWidget(m_save);

    // Left: the protected applications.
    auto *appsLabel = parts::sectionHeading(tr("Protected &applications"), content);
    m_detectSpinner = new BusyIndicator(16, content);
    m_detectSpinner->setObjectName(QStringLiteral("detectSpinner"));
    // A table, so Left/Right move between the Protect and Data checkboxes and Space toggles one.
    m_applications = new QTableView(content);
    m_applications->setObjectName(QStringLiteral("applicationList"));
    m_applications->setModel(m_config->applications());
    m_applications->setShowGrid(false);
    m_applications->setWordWrap(false);
    m_applications->setTabKeyNavigation(false);  // Tab leaves the list
    m_applications->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_applications->setSelectionMode(QAbstractItemView::SingleSelection);
    m_applications->verticalHeader()->hide();
    m_applications->verticalHeader()->setDefaultSectionSize(m_applications->fontMetrics().height() + 8);
    m_applications->setToolTip(tr("Applications to protect: checked ones are cloned with their program and configuration; "
                                  "Data also clones their data. Space toggles the current checkbox, Left and Right move "
                                  "between them."));
    m_applications->horizontalHeader()->setHighlightSections(false);
    m_applications->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_applications->horizontalHeader()->setStretchLastSection(false);
    m_applications->horizontalHeader()->setSectionResizeMode(ProtectionApplicationsModel::ApplicationColumn,
                                                             QHeaderView::Stretch);
    m_applications->horizontalHeader()->setSectionResizeMode(ProtectionApplicationsModel::DataColumn,
                                                             QHeaderView::ResizeToContents);
    appsLabel->setBuddy(m_applications);
    m_detectSummary = new QLabel(content);
    m_detectSummary->setObjectName(QStringLiteral("detectionSummary"));
    m_detectSummary->setTextFormat(Qt::PlainText);
    m_detectSummary->setWordWrap(true);
    palette::setMuted(m_detectSummary);
    m_detectAgain = new QPushButton(tr("Detect a&gain"), content);
    m_detectAgain->setObjectName(QStringLiteral("detectButton"));
    m_detectAgain->setToolTip(tr("Look again for installed applications of the catalog (packages, services, programs)"));

    auto *appsHead = new QHBoxLayout;
    appsHead->setSpacing(6);
    appsHead->addWidget(appsLabel);
    appsHead->addWidget(m_detectSpinner);
    appsHead->addStretch(1);
    auto *detectRow = new QHBoxLayout;
    detectRow->addWidget(m_detectSummary, 1);
    detectRow->addWidget(m_detectAgain, 0, Qt::AlignTop);
    auto *left = new QVBoxLayout;
    left->setSpacing(6);
    left->addLayout(appsHead);
    left->addWidget(m_applications, 1);
    left->addLayout(detectRow);

    // Right: the directories.
    auto *treeLabel = parts::sectionHeading(tr("D&irectories"), content);
    m_tree = new QTreeView(content);
    m_tree->setObjectName(QStringLiteral("directoryTree"));
    m_tree->setModel(m_config->tree());
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setToolTip(tr("What is cloned: uncheck a directory to exclude it, expand one to exclude a directory below "
                          "it. Space toggles the current row."));
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(ProtectionTreeModel::PathColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(ProtectionTreeModel::StateColumn, QHeaderView::Interactive);
    m_tree->header()->resizeSection(ProtectionTreeModel::StateColumn, 190);
    treeLabel->setBuddy(m_tree);
    m_editError = parts::fieldError(content);
    m_editError->setObjectName(QStringLiteral("editError"));
    auto *right = new QVBoxLayout;
    right->setSpacing(6);
    right->addWidget(treeLabel);
    right->addWidget(m_tree, 1);
    right->addWidget(m_editError);

    auto *lists = new QHBoxLayout;
    lists->setSpacing(16);
    lists->addLayout(left, 2);
    lists->addLayout(right, 3);

    // The data opt-in and its warning.
    m_allData = new QCheckBox(tr("Include the &data of all protected applications"), content);
    m_allData->setObjectName(QStringLiteral("allDataCheck"));
    m_allData->setToolTip(tr("Clone the data directories of every protected application now (databases, web roots, …); "
                             "off by default"));
    m_dataWarning = new InlineMessage(InlineMessage::Level::Warning, content);
    m_dataWarning->setObjectName(QStringLiteral("dataWarning"));

    // Snapshot mode, plan and estimate.
    auto *snapshotLabel = new QLabel(tr("Snapshot &mode:"), content);
    m_snapshot = new QComboBox(content);
    m_snapshot->setObjectName(QStringLiteral("snapshotMode"));
    for (const SnapshotMode mode : ProtectionConfig::snapshotModes()) {
        m_snapshot->addItem(ProtectionConfig::snapshotModeText(mode), static_cast<int>(mode));
        m_snapshot->setItemData(m_snapshot->count() - 1, ProtectionConfig::snapshotModeToolTip(mode), Qt::ToolTipRole);
    }
    m_snapshot->setToolTip(tr("How a consistent state of each directory is read during the backup"));
    snapshotLabel->setBuddy(m_snapshot);
    auto *estimateLabel = new QLabel(tr("Estimate:"), content);
    m_estimateSpinner = new BusyIndicator(16, content);
    m_estimateSpinner->setObjectName(QStringLiteral("estimateSpinner"));
    m_estimate = new QLabel(content);
    m_estimate->setObjectName(QStringLiteral("estimateText"));
    m_estimate->setTextFormat(Qt::PlainText);
    m_estimate->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_estimateAgain = new QPushButton(tr("&Estimate again"), content);
    m_estimateAgain->setObjectName(QStringLiteral("estimateButton"));
    m_estimateAgain->setToolTip(tr("Count the protection set and measure a sample again"));
    m_planSummary = new QLabel(content);
    m_planSummary->setObjectName(QStringLiteral("planSummary"));
    m_planSummary->setTextFormat(Qt::PlainText);
    palette::setMuted(m_planSummary);
    m_planError = parts::fieldError(content);
    m_planError->setObjectName(QStringLiteral("planError"));

    auto *bottom = new QGridLayout;
    bottom->setHorizontalSpacing(8);
    bottom->setVerticalSpacing(6);
    bottom->addWidget(snapshotLabel, 0, 0);
    bottom->addWidget(m_snapshot, 0, 1, 1, 2, Qt::AlignLeft);
    bottom->addWidget(m_estimateAgain, 0, 3);
    bottom->addWidget(estimateLabel, 1, 0);
    bottom->addWidget(m_estimateSpinner, 1, 1);
    bottom->addWidget(m_estimate, 1, 2, 1, 2);
    bottom->addWidget(m_planSummary, 2, 2, 1, 2);
    bottom->setColumnStretch(2, 1);

    layout->setSpacing(8);
    layout->addLayout(profileRow);
    layout->addWidget(m_profileError);
    layout->addSpacing(4);
    layout->addLayout(lists, 1);
    layout->addWidget(m_allData);
    layout->addWidget(m_dataWarning);
    layout->addWidget(palette::makeLine(Qt::Horizontal, content));
    layout->addLayout(bottom);
    layout->addWidget(m_planError);

    setTabOrder(m_load, m_save);
    setTabOrder(m_save, m_applications);
    setTabOrder(m_applications, m_detectAgain);
    setTabOrder(m_detectAgain, m_tree);
    setTabOrder(m_tree, m_allData);
    setTabOrder(m_allData, m_snapshot);
    setTabOrder(m_snapshot, m_estimateAgain);

    connect(m_load, &QPushButton::clicked, this, &ProtectionPage::loadProfile);
    connect(m_save, &QPushButton::clicked, this, &ProtectionPage::saveProfile);
    connect(m_detectAgain, &QPushButton::clicked, m_config, &ProtectionConfig::detectApplications);
    connect(m_estimateAgain, &QPushButton::clicked, m_config, &ProtectionConfig::startEstimate);
    connect(m_allData, &QCheckBox::toggled, m_config, &ProtectionConfig::setIncludeApplicationData);
    connect(m_snapshot, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            m_config->setSnapshotMode(static_cast<SnapshotMode>(m_snapshot->itemData(index).toInt()));
    });
    connect(m_config, &ProtectionConfig::profileChanged, this, &ProtectionPage::showProfile);
    connect(m_config, &ProtectionConfig::profileErrorChanged, m_profileError,
            [this](const QString &error) { parts::showFieldError(m_profileError, error); });
    connect(m_config, &ProtectionConfig::editErrorChanged, m_editError,
            [this](const QString &error) { parts::showFieldError(m_editError, error); });
    connect(m_config, &ProtectionConfig::detectionChanged, this, [this] {
        showDetection();
        emit completeChanged();  // busy changed
    });
    connect(m_config, &ProtectionConfig::planChanged, this, &ProtectionPage::showPlan);
    connect(m_config, &ProtectionConfig::estimateChanged, this, &ProtectionPage::showEstimate);
    connect(m_config, &ProtectionConfig::completeChanged, this, &WizardPage::completeChanged);

    m_snapshot->setCurrentIndex(static_cast<int>(ProtectionConfig::snapshotModes().indexOf(m_config->snapshotMode())));
    m_tree->expandToDepth(0);
    connect(m_config->tree(), &QAbstractItemModel::modelReset, m_tree, [this] { m_tree->expandToDepth(0); });
    parts::showFieldError(m_profileError, m_config->profileError());
    parts::showFieldError(m_editError, m_config->editError());
    showProfile();
    showDetection();
    showPlan();
    showEstimate();
}

void ProtectionPage::setFileChooser(FileChooser chooser)
{
    m_chooseFile = std::move(chooser);
}

QString ProtectionPage::id() const
{
    return QStringLiteral("protection");
}

QString ProtectionPage::title() const
{
    return tr("Protection set");
}

QString ProtectionPage::subtitle() const
{
    return tr("What is cloned: the operating system, the product and the protected applications.");
}

QIcon ProtectionPage::icon() const
{
    return icons::icon(icons::Id::StepProtection);
}

bool ProtectionPage::isComplete() const
{
    return m_config->isComplete();
}

QString ProtectionPage::incompleteHint() const
{
    return m_config->planError();
}

bool ProtectionPage::isBusy() const
{
    return m_config->isDetecting();
}

void ProtectionPage::onEnter()
{
    m_config->enter();
}

void ProtectionPage::onLeave()
{
    m_config->leave();
}

QString ProtectionPage::dialogStart() const
{
    const QString last = ProtectionConfig::lastProfilePath();
    if (!last.isEmpty())
        return last;
    const QString current = m_config->profilePath();
    if (!current.isEmpty() && !current.startsWith(QLatin1String(":/")))
        return current;
    return QDir::homePath();
}

void ProtectionPage::loadProfile()
{
    const QString file = m_chooseFile(this, false, dialogStart());
    if (!file.isEmpty())
        (void)m_config->loadProfile(file);  // an error is shown next to the button
}

void ProtectionPage::saveProfile()
{
    const QString file = m_chooseFile(this, true, dialogStart());
    if (!file.isEmpty())
        (void)m_config->saveProfile(file);
}

void ProtectionPage::showProfile()
{
    m_profileName->setText(m_config->profileName());
    m_profileSource->setText(QStringLiteral("(") + m_config->profileSource() + QStringLiteral(")"));
    m_profileSource->setToolTip(tr("Where the profile was loaded from or saved to: %1").arg(m_config->profileSource()));
    const QSignalBlocker block(m_allData);
    m_allData->setChecked(m_config->includeApplicationData());
    m_dataWarning->setText(m_config->isDataIncluded()
                               ? tr("Application data is normally synchronised later by the application's own "
                                    "replication; cloning it now copies a state that is outdated when the Secondary "
                                    "takes over, and makes the clone larger.")
                               : QString());
}

void ProtectionPage::showDetection()
{
    m_detectSpinner->setRunning(m_config->isDetecting());
    m_detectSummary->setText(m_config->detectionSummary());
    m_detectAgain->setEnabled(!m_config->isDetecting());
}

void ProtectionPage::showPlan()
{
    parts::showFieldError(m_planError, m_config->planError());
    m_planSummary->setText(m_config->planSummary());
    m_planSummary->setToolTip(m_config->planDetails());
    m_planSummary->setVisible(!m_config->planSummary().isEmpty());
}

void ProtectionPage::showEstimate()
{
    m_estimateSpinner->setRunning(m_config->isEstimating());
    m_estimate->setText(m_config->estimateText());
    m_estimate->setToolTip(m_config->estimateText() + QLatin1Char('\n') +
                           tr("Files and bytes are counted exactly; the compressed size and the duration are "
                              "extrapolated from a sample compressed on this machine."));
    m_estimateAgain->setEnabled(m_config->plan().has_value() && !m_config->isEstimating());
}

}  // namespace st
