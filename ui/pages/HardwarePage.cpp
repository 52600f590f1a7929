// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/HardwarePage.h"

#include "Icons.h"
#include "config/HardwareConfig.h"
#include "widgets/ConfirmationList.h"
#include "widgets/HardwareTable.h"
#include "widgets/IconWidget.h"
#include "widgets/PageParts.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace st {

HardwarePage::HardwarePage(HardwareConfig *config, QWidget *parent) : WizardPage(parent), m_config(config)
{
    m_config->setParent(this);
    // The table, the checklist and the log scroll together on a small screen.
    QVBoxLayout *layout = parts::scrollingContent(this);
    layout->setSpacing(8);

    m_targetLabel = parts::sectionHeading(tr("Hardware of the Secondary"), this);
    m_targetLabel->setObjectName(QStringLiteral("targetLabel"));
    m_targetPicker = new QComboBox(this);
    m_targetPicker->setObjectName(QStringLiteral("targetPicker"));
    m_targetPicker->setAccessibleName(tr("Machine to show and confirm"));
    auto *heading = new QHBoxLayout;
    heading->addWidget(m_targetLabel, 1);
    heading->addWidget(m_targetPicker);

    auto *explain = parts::note(tr("Both machines are read from /sys, /proc and udev and compared by rules; the Secondary is checked as "
                                   "the clone left it (devices with their drivers, links, services, kernel errors). A rule that "
                                   "blocks must be fixed; then Re-check."),
                                this);
    m_verdictIcon = new IconWidget(20, this);
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("verdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *verdict = new QHBoxLayout;
    verdict->addWidget(m_verdictIcon, 0, Qt::AlignTop);
    verdict->addWidget(m_verdict, 1);

    m_table = new HardwareTable(this);
    m_table->setObjectName(QStringLiteral("hardwareTable"));
    m_table->setMinimumHeight(300);

    m_recheck = new QPushButton(tr("&Check the hardware"), this);
    m_recheck->setObjectName(QStringLiteral("recheckButton"));
    m_cancel = new QPushButton(tr("S&top"), this);
    m_cancel->setObjectName(QStringLiteral("cancelCheckButton"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_recheck);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_status, 1);
    m_error = parts::fieldError(this);
    m_error->setObjectName(QStringLiteral("error"));

    auto *confirmHeading = parts::sectionHeading(tr("Your confirmations"), this);
    auto *confirmNote = parts::note(tr("What ServerTwin cannot see for itself: tick each item once you have checked it on the "
                                       "Secondary. Each tick records your name and the time, in the installation report."),
                                    this);
    m_engineer = new QLineEdit(m_config->engineer(), this);
    m_engineer->setObjectName(QStringLiteral("engineer"));
    m_engineer->setPlaceholderText(tr("Your name"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Engineer:"), m_engineer);
    m_confirmations = new ConfirmationList(this);
    m_confirmations->setObjectName(QStringLiteral("confirmations"));
    m_confirmError = parts::fieldError(this);
    m_confirmError->setObjectName(QStringLiteral("confirmError"));

    auto *logHeading = new QLabel(tr("&Log:"), this);
    m_log = parts::logPane(QStringLiteral("log"), tr("What the check did, and each confirmation (also in the installation report)"), this);
    m_log->setMaximumHeight(90);
    logHeading->setBuddy(m_log);

    layout->addLayout(heading);
    layout->addWidget(explain);
    layout->addLayout(verdict);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    layout->addWidget(m_error);
    layout->addWidget(confirmHeading);
    layout->addWidget(confirmNote);
    layout->addLayout(form);
    layout->addWidget(m_confirmations);
    layout->addWidget(m_confirmError);
    layout->addWidget(logHeading);
    layout->addWidget(m_log);

    connect(m_recheck, &QPushButton::clicked, m_config, &HardwareConfig::start);
    connect(m_cancel, &QPushButton::clicked, m_config, &HardwareConfig::cancel);
    connect(m_targetPicker, &QComboBox::currentIndexChanged, m_config, &HardwareConfig::setCurrentTarget);
    connect(m_engineer, &QLineEdit::textEdited, m_config, &HardwareConfig::setEngineer);
    connect(m_confirmations, &ConfirmationList::confirmRequested, this, [this](const QString &id, const QString &note) {
        const Status s = m_config->confirm(id, note);
        parts::showFieldError(m_confirmError, s ? QString() : s.error().message);
        showConfirmations();  // a refused tick is unticked again
        Q_EMIT completeChanged();
    });
    connect(m_confirmations, &ConfirmationList::unconfirmRequested, this, [this](const QString &id) {
        m_config->unconfirm(id);
        parts::showFieldError(m_confirmError, QString());
        Q_EMIT completeChanged();
    });
    connect(m_config, &HardwareConfig::stateChanged, this, [this] {
        showState();
        showConfirmations();  // the boxes are closed while a check runs
        Q_EMIT completeChanged();
    });
    connect(m_config, &HardwareConfig::reportChanged, this, [this] {
        showReport();
        showConfirmations();
        Q_EMIT completeChanged();
    });
    connect(m_config, &HardwareConfig::confirmationsChanged, this, &HardwarePage::showConfirmations);
    connect(m_config, &HardwareConfig::logAppended, m_log, &QPlainTextEdit::appendPlainText);
    fillTargets();
    showState();
    showReport();
    showConfirmations();
}

QString HardwarePage::id() const
{
    return QStringLiteral("hardware");
}

QString HardwarePage::title() const
{
    return tr("Hardware");
}

QString HardwarePage::subtitle() const
{
    return tr("Compare the Secondary's hardware with the Primary's, check it as the clone left it, and confirm the checklist.");
}

QIcon HardwarePage::icon() const
{
    return icons::icon(icons::Id::StepHardware);
}

bool HardwarePage::isComplete() const
{
    return m_config->canProceed();
}

QString HardwarePage::incompleteHint() const
{
    return m_config->proceedBlocker();
}

bool HardwarePage::isBusy() const
{
    return m_config->isRunning();
}

bool HardwarePage::hasFailed() const
{
    return m_config->state() == HardwareConfig::State::Failed;
}

void HardwarePage::onEnter()
{
    m_config->refresh();
    fillTargets();
    showState();
    showReport();
    showConfirmations();
    if (m_config->state() == HardwareConfig::State::Idle && m_config->canStart())
        m_config->start();  // reading both machines takes seconds and changes nothing
}

bool HardwarePage::startDefaultAction()
{
    if (!m_config->canStart() || m_config->state() == HardwareConfig::State::Checked)
        return false;
    m_config->start();
    return true;
}

void HardwarePage::stopWork()
{
    m_config->cancel();
}

void HardwarePage::fillTargets()
{
    const QSignalBlocker quiet(m_targetPicker);
    m_targetPicker->clear();
    for (const TargetMachine &t : m_config->targets())
        m_targetPicker->addItem(tr("%1 %2 (%3)").arg(t.role, t.info.host, t.address));
    m_targetPicker->setCurrentIndex(m_config->currentTarget());
    m_targetPicker->setVisible(m_config->targets().size() > 1);
}

void HardwarePage::showState()
{
    const HardwareConfig::State state = m_config->state();
    const bool checked = m_config->report() != nullptr;
    m_recheck->setText(checked || state == HardwareConfig::State::Failed || state == HardwareConfig::State::Cancelled ? tr("Re-&check")
                                                                                                                        : tr("&Check the hardware"));
    m_recheck->setEnabled(m_config->canStart());
    m_recheck->setToolTip(m_config->startBlocker().isEmpty() ? tr("Read both machines again and compare them; your confirmations stay")
                                                             : m_config->startBlocker());
    m_cancel->setEnabled(state == HardwareConfig::State::Checking);
    const bool failed = state == HardwareConfig::State::Failed;
    m_status->setText(failed ? QString() : m_config->statusText());
    parts::showFieldError(m_error, failed ? m_config->statusText() : QString());
    if (state == HardwareConfig::State::Idle && !m_config->startBlocker().isEmpty())
        m_status->setText(m_config->startBlocker());
    m_engineer->setEnabled(!m_config->isSkipped());
}

void HardwarePage::showReport()
{
    const TargetMachine *target = m_config->currentTarget() < m_config->targets().size() ? &m_config->targets()[m_config->currentTarget()] : nullptr;
    m_targetLabel->setText(target ? tr("Hardware of the %1 %2 (%3)").arg(target->role, target->info.host, target->address) : tr("Hardware of the Secondary"));
    m_table->setRows(m_config->rows());
    m_verdict->setText(m_config->verdict());
    const std::optional<inv::RuleLevel> worst = m_config->worstLevel();
    m_verdictIcon->setVisible(worst.has_value());
    if (worst)
        m_verdictIcon->setIcon(icons::icon(static_cast<icons::Id>(HardwareTable::iconFor(*worst == inv::RuleLevel::Info ? inv::RuleLevel::Pass : *worst))));
}

void HardwarePage::showConfirmations()
{
    const HardwareReport *r = m_config->report();
    m_confirmations->setState(m_config->confirmations(), r && r->ok && !m_config->isRunning());
    if (m_engineer->text() != m_config->engineer())
        m_engineer->setText(m_config->engineer());
}

}  // namespace st
