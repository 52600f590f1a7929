// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/TargetBox.h"

#include "config/TargetConfig.h"
#include "report/CloneReport.h"
#include "widgets/BusyIndicator.h"
#include "widgets/PageParts.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace st {

namespace {
QLabel *valueLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}
}  // namespace

TargetBox::TargetBox(const QString &title, TargetConfig *config, QWidget *parent)
    : QGroupBox(title, parent), m_config(config)
{
    const QString role = config->role() == QLatin1String("Tertiary") ? tr("Tertiary") : tr("Secondary");
    m_address = new QLineEdit(this);
    m_address->setObjectName(QStringLiteral("address"));
    m_address->setPlaceholderText(QStringLiteral("198.18.0.2:7443"));
    m_address->setToolTip(tr("The %1's address and agent port, as host:port or [IPv6]:port").arg(role));
    m_address->setText(config->address());
    m_addressError = parts::fieldError(this);
    m_addressError->setObjectName(QStringLiteral("addressError"));

    m_code = new QLineEdit(this);
    m_code->setObjectName(QStringLiteral("pairingCode"));
    m_code->setPlaceholderText(QStringLiteral("K7QF-3M9X-TR2C"));
    m_code->setToolTip(tr("The one-time pairing code the agent printed on the %1's console; "
                          "not needed once this Primary has pinned the %1").arg(role));
    m_code->setText(config->pairingCode());
    m_codeError = parts::fieldError(this);
    m_codeError->setObjectName(QStringLiteral("codeError"));
    m_codeHint = parts::note(QString(), this);

    m_tertiary = config->role() == QLatin1String("Tertiary");  // its own mnemonics: both boxes share a page
    m_test = new QPushButton(testText(false), this);
    m_test->setObjectName(QStringLiteral("testButton"));
    m_test->setToolTip(tr("Connect to the %1's agent over TLS, check or pair its certificate and show what it reports").arg(role));
    m_spinner = new BusyIndicator(16, this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    m_infoBox = new QWidget(this);
    m_infoBox->setObjectName(QStringLiteral("agentInfo"));
    m_host = valueLabel(m_infoBox, QStringLiteral("host"));
    m_os = valueLabel(m_infoBox, QStringLiteral("os"));
    m_version = valueLabel(m_infoBox, QStringLiteral("version"));
    m_fingerprint = valueLabel(m_infoBox, QStringLiteral("fingerprint"));
    m_fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_fingerprint->setToolTip(tr("Compare with the fingerprint the agent printed on the %1's console").arg(role));
    m_free = valueLabel(m_infoBox, QStringLiteral("freeSpace"));
    auto *info = new QFormLayout(m_infoBox);
    info->setContentsMargins(0, 0, 0, 0);
    info->addRow(tr("Host name:"), m_host);
    info->addRow(tr("Operating system:"), m_os);
    info->addRow(tr("Agent version:"), m_version);
    info->addRow(tr("Certificate:"), m_fingerprint);
    info->addRow(tr("Free space:"), m_free);
    info->addRow(parts::note(tr("Compare the certificate fingerprint with the one on the %1's console before you go on.").arg(role), m_infoBox));

    auto *addressLabel = new QLabel(m_tertiary ? tr("Add&ress:") : tr("&Address:"), this);
    addressLabel->setBuddy(m_address);
    auto *codeLabel = new QLabel(m_tertiary ? tr("Pairing c&ode:") : tr("Pairing co&de:"), this);
    codeLabel->setBuddy(m_code);
    auto *addressColumn = new QVBoxLayout;
    addressColumn->setSpacing(2);
    addressColumn->addWidget(m_address);
    addressColumn->addWidget(m_addressError);
    auto *codeColumn = new QVBoxLayout;
    codeColumn->setSpacing(2);
    codeColumn->addWidget(m_code);
    codeColumn->addWidget(m_codeError);
    codeColumn->addWidget(m_codeHint);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_spinner);
    testRow->addWidget(m_status, 1);

    auto *form = new QFormLayout;
    form->addRow(addressLabel, addressColumn);
    form->addRow(codeLabel, codeColumn);
    form->addRow(QString(), testRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_infoBox);

    connect(m_address, &QLineEdit::textEdited, m_config, &TargetConfig::setAddress);
    connect(m_code, &QLineEdit::textEdited, m_config, &TargetConfig::setPairingCode);
    connect(m_address, &QLineEdit::returnPressed, this, &TargetBox::testRequested);
    connect(m_code, &QLineEdit::returnPressed, this, &TargetBox::testRequested);
    connect(m_test, &QPushButton::clicked, this, [this] {
        if (m_config->state() == TargetConfig::State::Testing)
            m_config->cancelTest();
        else
            Q_EMIT testRequested();
    });
    connect(m_config, &TargetConfig::addressChanged, this, [this](const QString &a) {
        if (m_address->text().trimmed() != a)
            m_address->setText(a);
    });
    connect(m_config, &TargetConfig::pairingCodeChanged, this, [this](const QString &c) {
        if (m_code->text().trimmed() != c)
            m_code->setText(c);
    });
    connect(m_config, &TargetConfig::stateChanged, this, &TargetBox::showState);
    showState();
}

QString TargetBox::testText(bool testing) const
{
    if (m_tertiary)
        return testing ? tr("Stop te&st") : tr("Te&st connection");
    return testing ? tr("Stop &test") : tr("&Test connection");
}

void TargetBox::showState()
{
    const bool testing = m_config->state() == TargetConfig::State::Testing;
    parts::showFieldError(m_addressError, m_config->addressError());
    parts::showFieldError(m_codeError, m_config->codeError());
    m_codeHint->setText(m_config->isPinned() ? tr("This machine is pinned: the code may stay empty.") : QString());
    m_codeHint->setVisible(m_config->isPinned());
    m_test->setText(testText(testing));
    m_spinner->setRunning(testing);
    m_status->setText(m_config->statusText());
    const bool verified = m_config->state() == TargetConfig::State::Verified;
    m_infoBox->setVisible(verified);
    if (verified) {
        const SecondaryInfo &info = m_config->info();
        m_host->setText(info.host);
        m_os->setText(info.os);
        m_version->setText(info.version);
        m_fingerprint->setText(formatFingerprint(info.fingerprint));
        m_free->setText(info.freeBytes > 0 ? formatBytes(info.freeBytes) : tr("unknown"));
    }
}

}  // namespace st
