// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/RebootPage.h"

#include "Icons.h"
#include "config/RebootConfig.h"
#include "widgets/PageParts.h"
#include "widgets/RebootPhaseView.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace st {

namespace {
bool askRollBack(QWidget *parent)
{
    QMessageBox box(QMessageBox::Question, RebootPage::tr("Roll back the clone?"),
                    RebootPage::tr("The Secondary reboots once more and restores, while it boots, the system it had before the "
                                   "clone. The installation ends there; start ServerTwin again to clone anew."),
                    QMessageBox::NoButton, parent);
    QPushButton *go = box.addButton(RebootPage::tr("Roll back"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == go;
}

bool askReboot(QWidget *parent, const QString &target)
{
    QMessageBox box(QMessageBox::Question, RebootPage::tr("Reboot the Secondary?"),
                    RebootPage::tr("%1 will reboot now and apply the clone while it boots. Its services stop; "
                                   "once it has accepted, the reboot cannot be called back.")
                        .arg(target),
                    QMessageBox::NoButton, parent);
    QPushButton *go = box.addButton(RebootPage::tr("Reboot"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(go);
    box.exec();
    return box.clickedButton() == go;
}

}  // namespace

RebootPage::RebootPage(RebootConfig *config, QWidget *parent)
    : WizardPage(parent), m_config(config), m_confirmStart(askReboot), m_confirmRollBack(askRollBack)
{
    m_config->setParent(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);

    m_target = parts::sectionHeading(QString(), this);
    m_target->setObjectName(QStringLiteral("targetLabel"));
    m_explain = parts::note(tr("The clone waits, verified, in the Secondary's staging area. At the reboot, before its services start, "
                               "the Secondary swaps it in (keeping its own disks, boot loader and network configuration), "
                               "regenerates its initramfs and boot loader, and boots again. ServerTwin waits until it answers in "
                               "the new boot, checks its health and confirms the clone, or rolls it back the same way."),
                            this);
    m_phases = new RebootPhaseView(this);
    m_phases->setObjectName(QStringLiteral("phases"));

    m_autoConfirm = new QCheckBox(tr("Con&firm the twin as soon as it is back healthy"), this);
    m_autoConfirm->setObjectName(QStringLiteral("confirmAutomatically"));
    m_autoConfirm->setChecked(m_config->confirmAutomatically());
    m_autoConfirm->setToolTip(tr("Untick to look at the Secondary first: what the clone replaced stays until you keep the twin, "
                                 "and Roll back restores it through another reboot"));
    connect(m_autoConfirm, &QCheckBox::toggled, m_config, &RebootConfig::setConfirmAutomatically);

    m_start = new QPushButton(tr("&Reboot the Secondary"), this);
    m_start->setObjectName(QStringLiteral("startButton"));
    m_cancel = new QPushButton(tr("S&top"), this);
    m_cancel->setObjectName(QStringLiteral("cancelRebootButton"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_error = parts::fieldError(this);
    m_error->setObjectName(QStringLiteral("error"));
    m_keep = new QPushButton(tr("&Keep the twin"), this);
    m_keep->setObjectName(QStringLiteral("keepButton"));
    m_keep->setToolTip(tr("Confirm the clone applied at boot: what it replaced is released, and it can no longer be rolled back"));
    m_rollBack = new QPushButton(tr("Roll &back"), this);
    m_rollBack->setObjectName(QStringLiteral("rollBackButton"));
    m_rollBack->setToolTip(tr("Reboot the Secondary once more and restore, while it boots, the system it had before the clone"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_keep);
    buttons->addWidget(m_rollBack);
    buttons->addWidget(m_status, 1);

    auto *applyHeading = new QLabel(tr("What the Secondary did at &boot:"), this);
    m_applyLog = parts::logPane(QStringLiteral("applyLog"), tr("The apply log the Secondary's agent kept of its boot (also in the installation report)"), this);
    m_applyLog->setPlaceholderText(tr("Shown once the Secondary answers in its new boot."));
    applyHeading->setBuddy(m_applyLog);
    auto *logHeading = new QLabel(tr("&Log:"), this);
    m_log = parts::logPane(QStringLiteral("log"), tr("What the reboot did, step by step (also in the installation report)"), this);
    logHeading->setBuddy(m_log);

    layout->addWidget(m_target);
    layout->addWidget(m_explain);
    layout->addWidget(m_phases);
    layout->addWidget(m_autoConfirm);
    layout->addLayout(buttons);
    layout->addWidget(m_error);
    layout->addWidget(applyHeading);
    layout->addWidget(m_applyLog, 1);
    layout->addWidget(logHeading);
    layout->addWidget(m_log, 1);

    connect(m_start, &QPushButton::clicked, this, &RebootPage::requestStart);
    connect(m_cancel, &QPushButton::clicked, m_config, &RebootConfig::cancel);
    connect(m_keep, &QPushButton::clicked, m_config, &RebootConfig::keepTwin);
    connect(m_rollBack, &QPushButton::clicked, this, [this] {
        if (!m_confirmRollBack || m_confirmRollBack(this))
            m_config->rollBack();
    });
    connect(m_config, &RebootConfig::stateChanged, this, [this] {
        showState();
        Q_EMIT completeChanged();
    });
    connect(m_config, &RebootConfig::phasesChanged, this, [this] { m_phases->setPhases(m_config->phases()); });
    connect(m_config, &RebootConfig::applyLogChanged, this, [this] { m_applyLog->setPlainText(m_config->applyLog().join(QLatin1Char('\n'))); });
    connect(m_config, &RebootConfig::logAppended, m_log, &QPlainTextEdit::appendPlainText);
    showState();
}

QString RebootPage::id() const
{
    return QStringLiteral("reboot");
}

QString RebootPage::title() const
{
    return tr("Reboot");
}

QString RebootPage::subtitle() const
{
    return tr("Reboot the Secondary into the clone, applied at boot, and wait until it is back as the twin.");
}

QIcon RebootPage::icon() const
{
    return icons::icon(icons::Id::StepReboot);
}

bool RebootPage::isComplete() const
{
    // A rollback ends the installation too: the summary reports it.
    return m_config->state() == RebootConfig::State::Succeeded || m_config->state() == RebootConfig::State::RolledBack;
}

QString RebootPage::incompleteHint() const
{
    if (m_config->isRunning())
        return tr("Wait until the Secondary is back and checked.");
    if (m_config->state() == RebootConfig::State::AwaitingDecision)
        return tr("Keep the twin or roll back first.");
    return tr("Reboot the Secondary first.");
}

bool RebootPage::isBusy() const
{
    return m_config->isRunning();
}

QString RebootPage::backBlockedReason() const
{
    return m_config->isIrreversible() ? tr("The Secondary has rebooted into the clone: the earlier steps cannot be redone from here") : QString();
}

bool RebootPage::hasFailed() const
{
    return m_config->state() == RebootConfig::State::Failed;
}

void RebootPage::onEnter()
{
    m_config->refresh();
    showState();
    m_phases->setPhases(m_config->phases());
    if (m_start->isEnabled())
        m_start->setFocus();
}

void RebootPage::stopWork()
{
    m_config->cancel();  // isBusy() until the job has finished; then completeChanged()
}

void RebootPage::requestStart()
{
    if (!m_config->canStart())
        return;
    if (m_confirmStart && !m_confirmStart(this, m_config->targetLabel()))
        return;
    m_config->start();
}

void RebootPage::showState()
{
    const RebootConfig::State state = m_config->state();
    m_target->setText(m_config->targetLabel().isEmpty() ? tr("Reboot") : m_config->targetLabel());
    const bool retry = state == RebootConfig::State::Failed || state == RebootConfig::State::Cancelled;
    const bool deciding = state == RebootConfig::State::AwaitingDecision;
    m_autoConfirm->setEnabled(state == RebootConfig::State::Idle || retry);
    const bool decision = deciding || m_config->isCarryingOutDecision();
    m_keep->setVisible(decision);
    m_rollBack->setVisible(decision);
    m_keep->setEnabled(deciding);
    m_rollBack->setEnabled(deciding);
    m_start->setText(retry ? tr("&Retry") : tr("&Reboot the Secondary"));
    m_start->setEnabled(m_config->canStart());
    m_start->setToolTip(m_config->startBlocker().isEmpty() ? tr("Ask the Secondary's agent to reboot, then wait for it in its new boot")
                                                           : m_config->startBlocker());
    m_cancel->setEnabled(state == RebootConfig::State::Running);
    m_cancel->setText(m_config->isIrreversible() ? tr("S&top waiting") : tr("S&top"));
    m_cancel->setToolTip(m_config->isIrreversible() ? tr("Stop waiting for the Secondary; its reboot goes on")
                                                    : tr("Do not reboot: the Secondary is left as it is"));
    m_start->setVisible(!decision);
    m_status->setText(state == RebootConfig::State::Failed ? QString() : m_config->statusText());
    parts::showFieldError(m_error, state == RebootConfig::State::Failed ? m_config->statusText() : QString());
    if (state == RebootConfig::State::Idle && !m_config->startBlocker().isEmpty())
        m_status->setText(m_config->startBlocker());
}

bool RebootPage::startDefaultAction()
{
    if (!m_config->canStart())
        return false;
    m_config->start();
    return true;
}

}  // namespace st
