// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/ClonePage.h"

#include "Icons.h"
#include "config/CloneConfig.h"
#include "widgets/PageParts.h"
#include "widgets/Palette.h"
#include "widgets/StageProgressView.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace st {

namespace {
bool askCancelClone(QWidget *parent)
{
    QMessageBox box(QMessageBox::Question, ClonePage::tr("Cancel the clone?"),
                    ClonePage::tr("Cancel the running clone? The snapshot is removed and the Secondary discards "
                                  "what it received; nothing is applied. You can retry afterwards."),
                    QMessageBox::NoButton, parent);
    QPushButton *stop = box.addButton(ClonePage::tr("Cancel the clone"), QMessageBox::DestructiveRole);
    QPushButton *go = box.addButton(ClonePage::tr("Continue"), QMessageBox::RejectRole);
    box.setDefaultButton(go);
    box.exec();
    return box.clickedButton() == stop;
}

QLabel *figureLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}
}  // namespace

ClonePage::ClonePage(CloneConfig *config, QWidget *parent)
    : WizardPage(parent), m_config(config), m_confirmCancel(askCancelClone)
{
    m_config->setParent(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);

    m_target = parts::sectionHeading(QString(), this);
    m_target->setObjectName(QStringLiteral("targetLabel"));
    m_stages = new StageProgressView(this);
    m_stages->setObjectName(QStringLiteral("stages"));

    // What the Secondary keeps of its own: the one list the agent protects at the apply.
    const QStringList kept = CloneConfig::keptOnSecondary();
    m_keptToggle = new QToolButton(this);
    m_keptToggle->setObjectName(QStringLiteral("keptToggle"));
    m_keptToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_keptToggle->setArrowType(Qt::RightArrow);
    m_keptToggle->setCheckable(true);
    m_keptToggle->setAutoRaise(true);
    m_keptToggle->setText(tr("What the Secondary keeps of its own (%1 paths) and regenerates at boot").arg(kept.size()));
    m_keptToggle->setToolTip(tr("The clone is applied at the Secondary's next boot; these of its files stay its own, "
                                "everything else (host name, machine-id and SSH host keys included) comes from the Primary"));
    m_kept = new QLabel(this);
    m_kept->setObjectName(QStringLiteral("keptList"));
    m_kept->setTextFormat(Qt::RichText);
    m_kept->setWordWrap(true);
    m_kept->setTextInteractionFlags(Qt::TextSelectableByMouse);
    {
        QString html = QStringLiteral("<b>%1</b><ul style=\"margin-top:2px\">").arg(tr("Kept:").toHtmlEscaped());
        for (const QString &line : kept)
            html += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
        html += QStringLiteral("</ul><b>%1</b><ul style=\"margin-top:2px\">").arg(tr("Regenerated at boot:").toHtmlEscaped());
        for (const QString &line : CloneConfig::regeneratedAtBootLines())
            html += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
        m_kept->setText(html + QStringLiteral("</ul>"));
    }
    auto *keptArea = new QScrollArea(this);
    keptArea->setObjectName(QStringLiteral("keptArea"));
    keptArea->setWidget(m_kept);
    keptArea->setWidgetResizable(true);
    keptArea->setFrameShape(QFrame::NoFrame);
    keptArea->setMinimumHeight(120);
    keptArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    keptArea->setVisible(false);
    connect(m_keptToggle, &QToolButton::toggled, this, [this, keptArea](bool on) {
        keptArea->setVisible(on);
        m_keptToggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
    });

    m_primary = figureLabel(QStringLiteral("primaryFigures"), this);
    m_primary->setToolTip(tr("The Primary: read from the snapshot and compressed, of the protection set's total; throughput and time left"));
    m_secondary = figureLabel(QStringLiteral("secondaryFigures"), this);
    m_secondary->setToolTip(tr("The Secondary's agent: received and staged, verified, applied"));
    m_current = figureLabel(QStringLiteral("currentItem"), this);
    m_current->setWordWrap(false);
    m_current->setTextInteractionFlags(Qt::TextSelectableByMouse);
    palette::setMuted(m_current);

    m_start = new QPushButton(tr("&Start clone"), this);
    m_start->setObjectName(QStringLiteral("startButton"));
    m_start->setToolTip(tr("Snapshot the protection set and clone it to the Secondary"));
    m_cancel = new QPushButton(tr("Cancel cl&one"), this);
    m_cancel->setObjectName(QStringLiteral("cancelCloneButton"));
    m_cancel->setToolTip(tr("Stop the clone cleanly: the snapshot is removed, the Secondary discards its staging area"));
    m_status = figureLabel(QStringLiteral("status"), this);
    m_error = parts::fieldError(this);
    m_error->setObjectName(QStringLiteral("error"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_status, 1);

    auto *logHeading = new QLabel(tr("&Log:"), this);
    m_log = parts::logPane(QStringLiteral("log"), tr("What the clone did, step by step (also in the installation report)"), this);
    logHeading->setBuddy(m_log);

    layout->addWidget(m_target);
    layout->addWidget(m_keptToggle);
    layout->addWidget(keptArea, 2);
    layout->addWidget(m_stages);
    layout->addSpacing(4);
    layout->addWidget(m_primary);
    layout->addWidget(m_secondary);
    layout->addWidget(m_current);
    layout->addLayout(buttons);
    layout->addWidget(m_error);
    layout->addWidget(logHeading);
    layout->addWidget(m_log, 1);

    connect(m_start, &QPushButton::clicked, m_config, &CloneConfig::start);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (!m_confirmCancel || m_confirmCancel(this))
            m_config->cancel();
    });
    connect(m_config, &CloneConfig::stateChanged, this, [this] {
        showState();
        Q_EMIT completeChanged();
    });
    connect(m_config, &CloneConfig::progressChanged, this, &ClonePage::showProgress);
    connect(m_config, &CloneConfig::logAppended, m_log, &QPlainTextEdit::appendPlainText);
    showState();
    showProgress();
}

QString ClonePage::id() const
{
    return QStringLiteral("clone");
}

QString ClonePage::title() const
{
    return tr("Clone");
}

QString ClonePage::subtitle() const
{
    return tr("Snapshot, back up, transfer and restore the protection set on the Secondary.");
}

QIcon ClonePage::icon() const
{
    return icons::icon(icons::Id::StepClone);
}

bool ClonePage::isComplete() const
{
    return m_config->state() == CloneConfig::State::Succeeded;
}

QString ClonePage::incompleteHint() const
{
    if (m_config->isRunning())
        return tr("Wait for the clone to finish.");
    return tr("Run the clone first.");
}

bool ClonePage::isBusy() const
{
    return m_config->isRunning();
}

bool ClonePage::hasFailed() const
{
    return m_config->state() == CloneConfig::State::Failed;
}

void ClonePage::onEnter()
{
    showState();
    if (m_start->isEnabled())
        m_start->setFocus();
}

void ClonePage::stopWork()
{
    m_config->cancel();  // isBusy() until the job has cleaned up; then completeChanged()
}

void ClonePage::showState()
{
    const CloneConfig::State state = m_config->state();
    m_target->setText(m_config->targetLabel().isEmpty() ? tr("Clone") : m_config->targetLabel());
    const bool retry = state == CloneConfig::State::Failed || state == CloneConfig::State::Cancelled;
    m_start->setText(retry ? tr("&Retry") : tr("&Start clone"));
    m_start->setEnabled(m_config->canStart());
    m_start->setToolTip(m_config->startBlocker().isEmpty() ? (retry ? tr("Run the clone again (a new snapshot)")
                                                                    : tr("Snapshot the protection set and clone it to the Secondary"))
                                                           : m_config->startBlocker());
    m_cancel->setEnabled(state == CloneConfig::State::Running);
    m_status->setText(state == CloneConfig::State::Failed ? QString() : m_config->statusText());
    parts::showFieldError(m_error, state == CloneConfig::State::Failed ? m_config->statusText() : QString());
    if (state == CloneConfig::State::Idle && !m_config->startBlocker().isEmpty())
        m_status->setText(m_config->startBlocker());
}

void ClonePage::showProgress()
{
    m_stages->setStages(m_config->stages());
    m_primary->setText(m_config->primaryFigures().isEmpty() ? QString() : tr("Primary — %1").arg(m_config->primaryFigures()));
    m_secondary->setText(m_config->secondaryFigures().isEmpty() ? QString() : tr("Secondary — %1").arg(m_config->secondaryFigures()));
    const QString item = !m_config->remoteProgress().currentItem.isEmpty() && m_config->remoteProgress().stage != Stage::Receive
                             ? m_config->remoteProgress().currentItem
                             : m_config->localProgress().currentItem;
    const QString shown = item.isEmpty() || !m_config->isRunning() ? QString() : tr("Current: /%1").arg(item);
    m_current->setText(m_current->fontMetrics().elidedText(shown, Qt::ElideMiddle, qMax(200, m_current->width())));
    m_current->setToolTip(shown);
}

bool ClonePage::startDefaultAction()
{
    if (!m_config->canStart())
        return false;
    m_config->start();
    return true;
}

}  // namespace st
