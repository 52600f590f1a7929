// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/ComponentsPage.h"

#include "Icons.h"
#include "config/ComponentsConfig.h"
#include "util/HumanBytes.h"
#include "widgets/PageParts.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace st {

namespace {

QTreeWidget *componentTable(const QString &name, const QString &accessible, QWidget *parent)
{
    auto *t = new QTreeWidget(parent);
    t->setObjectName(name);
    t->setAccessibleName(accessible);
    t->setColumnCount(5);
    t->setHeaderLabels({ComponentsPage::tr("Component"), ComponentsPage::tr("Version"), ComponentsPage::tr("Size"), ComponentsPage::tr("Signed by"),
                        ComponentsPage::tr("Status")});
    t->setRootIsDecorated(true);
    t->setUniformRowHeights(false);
    t->setWordWrap(true);
    t->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    t->header()->setSectionResizeMode(4, QHeaderView::Stretch);
    t->setMinimumHeight(150);
    return t;
}

/** A fingerprint shortened for the table ("SHA256:8ec2…d70d"); the tooltip has it whole. */
QString shortSigner(const QString &signer)
{
    return signer.startsWith(QLatin1String("SHA256:")) && signer.size() > 20 ? signer.left(11) + QChar(0x2026) + signer.right(4) : signer;
}

void fill(QTreeWidget *table, const QList<ComponentRow> &rows)
{
    table->clear();
    for (const ComponentRow &r : rows) {
        auto *item = new QTreeWidgetItem(table, {r.id, r.version, r.bytes > 0 ? humanBytes(r.bytes) : QString(), shortSigner(r.signer), r.status});
        item->setToolTip(0, r.description);
        item->setToolTip(3, r.signer);
        item->setToolTip(4, r.status);
        item->setIcon(0, icons::icon(r.failed ? icons::Id::CheckFail : r.status.isEmpty() ? icons::Id::CheckInfo : icons::Id::CheckPass));
        if (!r.description.isEmpty())
            new QTreeWidgetItem(item, {r.description});
        for (const QString &change : r.changes)
            new QTreeWidgetItem(item, {change});
        item->setExpanded(r.failed || rows.size() <= 2);
        for (int i = 0; i < item->childCount(); ++i)
            item->child(i)->setFirstColumnSpanned(true);
    }
}

}  // namespace

ComponentsPage::ComponentsPage(ComponentsConfig *config, QWidget *parent) : WizardPage(parent), m_config(config)
{
    m_config->setParent(this);
    QVBoxLayout *layout = parts::scrollingContent(this);
    layout->setSpacing(8);

    auto *proposedHeading = parts::sectionHeading(tr("To install on the twin"), this);
    auto *explain = parts::note(tr("What the clone image does not carry: the Secondary's own hardware support (firmware, microcode and "
                                   "drivers the Primary lacks, kept from before the clone) and signed bundles you add. Each is verified "
                                   "here and again on the Secondary; every change is journaled and a failure is rolled back."),
                                this);
    m_proposed = componentTable(QStringLiteral("proposedTable"), tr("Components to install"), this);
    m_hardwareSupport = new QCheckBox(tr("Include the Secondary's &hardware support"), this);
    m_hardwareSupport->setObjectName(QStringLiteral("hardwareSupport"));
    m_hardwareSupport->setChecked(m_config->hardwareSupport());
    m_add = new QPushButton(tr("&Add bundle…"), this);
    m_add->setObjectName(QStringLiteral("addButton"));
    m_add->setToolTip(tr("A bundle archive (.tar, .tar.gz, .tar.xz, .tar.zst)"));
    m_addFolder = new QPushButton(tr("Add &folder…"), this);
    m_addFolder->setObjectName(QStringLiteral("addFolderButton"));
    m_addFolder->setToolTip(tr("A bundle directory made by servertwin-cli component pack"));
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeButton"));
    auto *edit = new QHBoxLayout;
    edit->addWidget(m_hardwareSupport, 1);
    edit->addWidget(m_add);
    edit->addWidget(m_addFolder);
    edit->addWidget(m_remove);

    m_keys = new QLineEdit(m_config->trustedKeys(), this);
    m_keys->setObjectName(QStringLiteral("trustedKeys"));
    m_keys->setAccessibleName(tr("Trusted signing keys"));
    m_keys->setToolTip(tr("A public key (.pub) or a directory of them: only bundles signed by one of these are installed"));
    auto *keysLabel = new QLabel(tr("&Trusted keys:"), this);
    keysLabel->setBuddy(m_keys);
    auto *keys = new QHBoxLayout;
    keys->addWidget(keysLabel);
    keys->addWidget(m_keys, 1);
    m_error = parts::fieldError(this);
    m_error->setObjectName(QStringLiteral("error"));

    m_install = new QPushButton(tr("&Install"), this);
    m_install->setObjectName(QStringLiteral("installButton"));
    m_cancel = new QPushButton(tr("S&top"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_install);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_status, 1);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("progress"));
    m_bar->setTextVisible(true);
    m_current = new QLabel(this);
    m_current->setObjectName(QStringLiteral("currentItem"));
    m_current->setWordWrap(true);
    m_current->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *installedHeading = parts::sectionHeading(tr("Installed on the Secondary"), this);
    m_installed = componentTable(QStringLiteral("installedTable"), tr("Components installed on the Secondary"), this);
    m_rollback = new QPushButton(tr("Roll &back all"), this);
    m_rollback->setObjectName(QStringLiteral("rollbackButton"));
    m_rollback->setToolTip(tr("Undo every installed component, newest first, from the Secondary's journal"));
    auto *rollback = new QHBoxLayout;
    rollback->addStretch(1);
    rollback->addWidget(m_rollback);

    auto *logHeading = new QLabel(tr("&Log:"), this);
    m_log = parts::logPane(QStringLiteral("log"), tr("What was verified, sent, installed and rolled back (also in the installation report)"), this);
    m_log->setMaximumHeight(90);
    logHeading->setBuddy(m_log);

    layout->addWidget(proposedHeading);
    layout->addWidget(explain);
    layout->addWidget(m_proposed);
    layout->addLayout(edit);
    layout->addLayout(keys);
    layout->addWidget(m_error);
    layout->addLayout(buttons);
    layout->addWidget(m_bar);
    layout->addWidget(m_current);
    layout->addWidget(installedHeading);
    layout->addWidget(m_installed);
    layout->addLayout(rollback);
    layout->addWidget(logHeading);
    layout->addWidget(m_log);

    connect(m_add, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Component bundle archive"), QString(),
                                                          tr("Bundle archives (*.tar *.tar.gz *.tgz *.tar.xz *.tar.zst);;All files (*)"));
        if (!file.isEmpty())
            m_config->addBundle(file);
    });
    connect(m_addFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Component bundle (a directory made by servertwin-cli component pack)"));
        if (!dir.isEmpty())
            m_config->addBundle(dir);
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_proposed->currentItem() ? m_proposed->indexOfTopLevelItem(m_proposed->currentItem()) : -1;
        const int offered = int(m_config->proposed().size()) - m_config->bundleCount();
        m_config->removeBundle(row - offered);
    });
    connect(m_hardwareSupport, &QCheckBox::toggled, m_config, &ComponentsConfig::setHardwareSupport);
    connect(m_keys, &QLineEdit::editingFinished, this, [this] { m_config->setTrustedKeys(m_keys->text().trimmed()); });
    connect(m_install, &QPushButton::clicked, m_config, &ComponentsConfig::install);
    connect(m_rollback, &QPushButton::clicked, m_config, &ComponentsConfig::rollBack);
    connect(m_cancel, &QPushButton::clicked, m_config, &ComponentsConfig::cancel);
    connect(m_proposed, &QTreeWidget::currentItemChanged, this, &ComponentsPage::showState);
    connect(m_config, &ComponentsConfig::stateChanged, this, [this] {
        showState();
        Q_EMIT completeChanged();
    });
    connect(m_config, &ComponentsConfig::rowsChanged, this, [this] {
        showRows();
        showState();
        Q_EMIT completeChanged();
    });
    connect(m_config, &ComponentsConfig::progressChanged, this, &ComponentsPage::showProgress);
    connect(m_config, &ComponentsConfig::logAppended, m_log, &QPlainTextEdit::appendPlainText);
    showRows();
    showState();
    showProgress();
}

QString ComponentsPage::id() const
{
    return QStringLiteral("components");
}

QString ComponentsPage::title() const
{
    return tr("Components");
}

QString ComponentsPage::subtitle() const
{
    return tr("Install what the clone image does not carry: the Secondary's hardware support and signed bundles, with rollback.");
}

QIcon ComponentsPage::icon() const
{
    return icons::icon(icons::Id::StepComponents);
}

bool ComponentsPage::isComplete() const
{
    return m_config->canProceed();
}

QString ComponentsPage::incompleteHint() const
{
    return m_config->proceedBlocker();
}

bool ComponentsPage::isBusy() const
{
    return m_config->isRunning();
}

bool ComponentsPage::hasFailed() const
{
    return m_config->state() == ComponentsConfig::State::Failed;
}

void ComponentsPage::onEnter()
{
    m_config->refresh();  // reads what the Secondary has and offers; changes nothing
    showRows();
    showState();
}

bool ComponentsPage::startDefaultAction()
{
    if (!m_config->canInstall())
        return false;
    m_config->install();
    return true;
}

void ComponentsPage::stopWork()
{
    m_config->cancel();
}

void ComponentsPage::showRows()
{
    fill(m_proposed, m_config->proposed());
    fill(m_installed, m_config->installed());
    parts::showFieldError(m_error, m_config->bundleError());
}

void ComponentsPage::showState()
{
    const ComponentsConfig::State state = m_config->state();
    const bool running = m_config->isRunning();
    m_install->setEnabled(m_config->canInstall());
    m_install->setToolTip(m_config->startBlocker().isEmpty() ? tr("Send the proposed components to the twin and install them")
                                                             : m_config->startBlocker());
    m_rollback->setEnabled(m_config->canRollBack());
    m_cancel->setEnabled(state == ComponentsConfig::State::Installing || state == ComponentsConfig::State::Reading);
    const int row = m_proposed->currentItem() ? m_proposed->indexOfTopLevelItem(m_proposed->currentItem()) : -1;
    const int offered = int(m_config->proposed().size()) - m_config->bundleCount();
    m_remove->setEnabled(!running && row >= offered);
    m_add->setEnabled(!running);
    m_addFolder->setEnabled(!running);
    m_keys->setEnabled(!running);
    m_hardwareSupport->setEnabled(!running);
    const bool failed = state == ComponentsConfig::State::Failed;
    m_status->setText(failed ? QString() : m_config->statusText());
    if (failed)
        parts::showFieldError(m_error, m_config->statusText());
    else
        parts::showFieldError(m_error, m_config->bundleError());
    m_bar->setVisible(state == ComponentsConfig::State::Installing || state == ComponentsConfig::State::RollingBack
                      || state == ComponentsConfig::State::Cancelling);
    m_current->setVisible(m_bar->isVisible());
}

void ComponentsPage::showProgress()
{
    const JobProgress &p = m_config->progress();
    if (p.bytesTotal > 0 && p.filesDone < p.filesTotal && p.currentItem.startsWith(QLatin1String("sending"))) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(1000 * p.bytesDone / p.bytesTotal));
        m_bar->setFormat(tr("%1 of %2 sent, %3/s%4").arg(humanBytes(p.bytesDone), humanBytes(p.bytesTotal), humanBytes(qint64(p.bytesPerSecond)),
                                                        p.etaSeconds >= 0 ? tr(", %1 s left").arg(p.etaSeconds) : QString()));
    } else if (p.filesTotal > 0) {
        m_bar->setRange(0, int(p.filesTotal));
        m_bar->setValue(int(p.filesDone));
        m_bar->setFormat(tr("component %1 of %2").arg(p.filesDone + 1).arg(p.filesTotal));
    } else {
        m_bar->setRange(0, 0);  // busy: connecting, listing
    }
    m_current->setText(p.currentItem);
}

}  // namespace st
