// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/SecondaryPage.h"

#include "Icons.h"
#include "config/SecondaryConfig.h"
#include "widgets/PageParts.h"
#include "widgets/TargetBox.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace st {

SecondaryPage::SecondaryPage(SecondaryConfig *config, QWidget *parent)
    : WizardPage(parent), m_config(config)
{
    m_config->setParent(this);
    QVBoxLayout *layout = parts::scrollingContent(this);
    QWidget *content = layout->parentWidget();

    auto *intro = new QLabel(tr("Start <b>servertwin-agent</b> on the Secondary. It shows a one-time pairing code and its "
                                "certificate fingerprint on its console (as a service: run <b>servertwin-agent pairing-code</b> "
                                "there as root): enter the code here and compare the fingerprint after the connection test. "
                                "The certificate is pinned, so later connections need no code and a changed certificate is refused."),
                             content);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);
    m_demoNote = parts::note(QString(), content);
    m_demoNote->setObjectName(QStringLiteral("demoNote"));

    m_secondaryBox = new TargetBox(tr("Secondary"), m_config->secondary(), content);
    m_secondaryBox->setObjectName(QStringLiteral("secondaryBox"));
    m_tertiaryEnabled = new QCheckBox(tr("Also install a T&ertiary server"), content);
    m_tertiaryEnabled->setObjectName(QStringLiteral("tertiaryEnabled"));
    m_tertiaryEnabled->setToolTip(tr("A third machine receives the same clone after the Secondary"));
    m_tertiaryBox = new TargetBox(tr("Tertiary"), m_config->tertiary(), content);
    m_tertiaryBox->setObjectName(QStringLiteral("tertiaryBox"));

    m_primaryFingerprint = parts::note(QString(), content);
    m_primaryFingerprint->setObjectName(QStringLiteral("primaryFingerprint"));
    m_primaryFingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse);

    layout->addWidget(intro);
    layout->addWidget(m_demoNote);
    layout->addWidget(m_secondaryBox);
    layout->addWidget(m_tertiaryEnabled);
    layout->addWidget(m_tertiaryBox);
    layout->addWidget(m_primaryFingerprint);
    layout->addStretch(1);

    setTabOrder(m_secondaryBox->addressEdit(), m_secondaryBox->codeEdit());
    setTabOrder(m_secondaryBox->codeEdit(), m_secondaryBox->testButton());
    setTabOrder(m_secondaryBox->testButton(), m_tertiaryEnabled);
    setTabOrder(m_tertiaryEnabled, m_tertiaryBox->addressEdit());
    setTabOrder(m_tertiaryBox->addressEdit(), m_tertiaryBox->codeEdit());
    setTabOrder(m_tertiaryBox->codeEdit(), m_tertiaryBox->testButton());

    connect(m_secondaryBox, &TargetBox::testRequested, this, [this] { m_config->test(m_config->secondary()); });
    connect(m_tertiaryBox, &TargetBox::testRequested, this, [this] { m_config->test(m_config->tertiary()); });
    connect(m_tertiaryEnabled, &QCheckBox::toggled, m_config, &SecondaryConfig::setTertiaryEnabled);
    connect(m_config, &SecondaryConfig::completeChanged, this, [this] {
        showState();
        Q_EMIT completeChanged();
    });
    connect(m_config, &SecondaryConfig::demoChanged, this, &SecondaryPage::showState);
    connect(m_config, &SecondaryConfig::identityChanged, this, &SecondaryPage::showState);
    m_tertiaryEnabled->setChecked(m_config->isTertiaryEnabled());
    showState();
}

QString SecondaryPage::id() const
{
    return QStringLiteral("secondary");
}

QString SecondaryPage::title() const
{
    return tr("Secondary");
}

QString SecondaryPage::subtitle() const
{
    return tr("Which server becomes the twin: connect to its agent and pin its certificate.");
}

QIcon SecondaryPage::icon() const
{
    return icons::icon(icons::Id::StepSecondary);
}

bool SecondaryPage::isComplete() const
{
    return m_config->isComplete();
}

QString SecondaryPage::incompleteHint() const
{
    return m_config->isTertiaryEnabled() ? tr("Test the connections to the Secondary and the Tertiary first.")
                                         : tr("Test the connection to the Secondary first.");
}

bool SecondaryPage::isBusy() const
{
    return m_config->isBusy();
}

void SecondaryPage::onEnter()
{
    if (m_config->secondary()->address().isEmpty())
        m_secondaryBox->addressEdit()->setFocus();
    else
        m_secondaryBox->codeEdit()->setFocus();
}

void SecondaryPage::onLeave()
{
    if (m_config->isComplete())
        m_config->commit();
}

void SecondaryPage::showState()
{
    m_demoNote->setText(m_config->demoNote());
    m_demoNote->setVisible(!m_config->demoNote().isEmpty());
    m_tertiaryBox->setVisible(m_config->isTertiaryEnabled());
    const QString fp = m_config->primaryFingerprint();
    m_primaryFingerprint->setText(fp.isEmpty() ? QString() : tr("This Primary's certificate: %1").arg(fp));
    m_primaryFingerprint->setVisible(!fp.isEmpty());
}

bool SecondaryPage::startDefaultAction()
{
    if (m_config->isComplete() || m_config->isBusy())
        return false;
    m_config->test(m_config->secondary());
    if (m_config->isTertiaryEnabled())
        m_config->test(m_config->tertiary());
    return true;
}

}  // namespace st
