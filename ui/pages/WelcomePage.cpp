// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/WelcomePage.h"

#include "Icons.h"
#include "config/WelcomeConfig.h"
#include "widgets/BusyIndicator.h"
#include "widgets/CheckListView.h"
#include "widgets/PageParts.h"
#include "widgets/Palette.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace st {

WelcomePage::WelcomePage(WelcomeConfig *config, QWidget *parent)
    : WizardPage(parent), m_config(config)
{
    m_config->setParent(this);

    QVBoxLayout *layout = parts::scrollingContent(this);
    QWidget *content = layout->parentWidget();
    m_intro = new QLabel(m_config->introText(), content);
    m_intro->setObjectName(QStringLiteral("introText"));
    m_intro->setTextFormat(Qt::RichText);
    m_intro->setWordWrap(true);
    m_intro->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *heading = parts::sectionHeading(tr("Pre-flight checks"), content);

    m_spinner = new BusyIndicator(18, content);
    m_spinner->setObjectName(QStringLiteral("checkSpinner"));
    m_summary = new QLabel(content);
    m_summary->setObjectName(QStringLiteral("checkSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_recheck = new QPushButton(tr("Check &again"), content);
    m_recheck->setObjectName(QStringLiteral("recheckButton"));
    m_recheck->setToolTip(tr("Run the pre-flight checks again, e.g. after fixing a problem"));

    m_checks = new CheckListView(content);
    m_checks->setObjectName(QStringLiteral("checkList"));

    auto *status = new QHBoxLayout;
    status->setSpacing(8);
    status->addWidget(heading);
    status->addSpacing(8);
    status->addWidget(m_spinner);
    status->addWidget(m_summary, 1);
    status->addWidget(m_recheck);

    layout->addWidget(m_intro);
    layout->addSpacing(4);
    layout->addLayout(status);
    layout->addWidget(palette::makeLine(Qt::Horizontal, content));
    layout->addWidget(m_checks);
    layout->addStretch(1);

    connect(m_recheck, &QPushButton::clicked, m_config, &WelcomeConfig::runChecks);
    connect(m_config, &WelcomeConfig::checksChanged, this, &WelcomePage::showState);
    connect(m_config, &WelcomeConfig::checkingChanged, this, [this] {
        showState();
        emit completeChanged();
    });
    connect(m_config, &WelcomeConfig::completeChanged, this, &WelcomePage::completeChanged);
    showState();
}

QString WelcomePage::id() const
{
    return QStringLiteral("welcome");
}

QString WelcomePage::title() const
{
    return tr("Welcome");
}

QString WelcomePage::subtitle() const
{
    return tr("What the twin installation does, and whether this server is ready for it.");
}

QIcon WelcomePage::icon() const
{
    return icons::icon(icons::Id::StepWelcome);
}

bool WelcomePage::isComplete() const
{
    return m_config->isComplete();
}

QString WelcomePage::incompleteHint() const
{
    if (m_config->isChecking() || !m_config->hasChecked())
        return tr("Wait for the pre-flight checks to finish.");
    return tr("Fix the failed pre-flight checks, then press Check again.");
}

bool WelcomePage::isBusy() const
{
    return m_config->isChecking();
}

void WelcomePage::onEnter()
{
    if (!m_config->hasChecked() && !m_config->isChecking())
        m_config->runChecks();
}

void WelcomePage::showState()
{
    const bool checking = m_config->isChecking();
    m_spinner->setRunning(checking);
    m_summary->setText(m_config->checkSummary());
    m_recheck->setEnabled(!checking);
    if (!checking)
        m_checks->setChecks(m_config->checks());
}

}  // namespace st
