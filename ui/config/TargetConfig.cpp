// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/TargetConfig.h"

#include "net/PairingCode.h"
#include "net/PinStore.h"

namespace st {

TargetConfig::TargetConfig(QString role, QString pinFile, QObject *parent)
    : QObject(parent), m_role(std::move(role)), m_pinFile(std::move(pinFile))
{
}

TargetConfig::~TargetConfig()
{
    dropLink();
}

void TargetConfig::setAddress(const QString &address)
{
    const QString trimmed = address.trimmed();
    if (trimmed == m_address)
        return;
    m_address = trimmed;
    if (m_state == State::Testing)
        dropLink();
    m_addressError.clear();
    setState(State::Untested, QString());
    Q_EMIT addressChanged(m_address);
}

void TargetConfig::setPairingCode(const QString &code)
{
    const QString trimmed = code.trimmed();
    if (trimmed == m_code)
        return;
    m_code = trimmed;
    if (m_state == State::Testing)
        dropLink();
    m_codeError.clear();
    if (m_state != State::Verified)  // a verified machine stays verified: the pin is stored
        setState(State::Untested, QString());
    Q_EMIT pairingCodeChanged(m_code);
}

bool TargetConfig::isPinned() const
{
    const auto address = parseAddress(m_address);
    if (!address)
        return false;
    const auto pins = PinStore::load(m_pinFile);
    return pins && pins->pinFor(QStringLiteral("%1:%2").arg(address->first).arg(address->second)).has_value();
}

std::optional<TargetMachine> TargetConfig::verifiedTarget() const
{
    if (m_state != State::Verified)
        return std::nullopt;
    TargetMachine target;
    target.role = m_role;
    target.address = m_address;
    target.link = m_testedLink;
    target.link.pairingCode.clear();  // single-use and spent: the pin authenticates from now on
    target.info = m_info;
    return target;
}

bool TargetConfig::validate()
{
    m_addressError.clear();
    m_codeError.clear();
    if (m_address.isEmpty())
        m_addressError = tr("Enter the %1's address, e.g. 198.18.0.2:7443.").arg(m_role);
    else if (const auto parsed = parseAddress(m_address); !parsed)
        m_addressError = parsed.error().message;
    if (m_addressError.isEmpty() && m_code.isEmpty() && !isPinned())
        m_codeError = tr("Enter the pairing code shown on the %1's console.").arg(m_role);
    else if (!m_code.isEmpty() && !PairingCode::normalise(m_code))
        m_codeError = tr("A pairing code has 12 letters and digits, like K7QF-3M9X-TR2C.");
    Q_EMIT stateChanged();
    return m_addressError.isEmpty() && m_codeError.isEmpty();
}

void TargetConfig::testConnection(const Identity &identity)
{
    if (m_state == State::Testing)
        return;
    if (!validate()) {
        setState(State::Failed, tr("Correct the marked fields."));
        return;
    }
    const auto address = parseAddress(m_address);
    LinkOptions options;
    options.host = address->first;
    options.port = address->second;
    options.pairingCode = m_code;
    options.pinFile = m_pinFile;
    options.identity = identity;
    options.connectTimeoutMs = 15000;
    m_testedLink = options;
    m_info = {};
    m_link = new SecondaryLink(options, this);
    connect(m_link, &SecondaryLink::ready, this, [this](const SecondaryInfo &info) {
        m_info = info;
        dropLink();
        setState(State::Verified, info.newlyPaired ? tr("Connected, paired and pinned.") : tr("Connected; the pinned certificate matches."));
    });
    connect(m_link, &SecondaryLink::failed, this, &TargetConfig::onFailed);
    setState(State::Testing, tr("Connecting to %1…").arg(m_address));
    m_link->open();
}

void TargetConfig::cancelTest()
{
    if (m_state != State::Testing)
        return;
    dropLink();
    setState(State::Untested, tr("Connection test cancelled."));
}

void TargetConfig::markFailed(const QString &message)
{
    dropLink();
    setState(State::Failed, message);
}

void TargetConfig::onFailed(const Error &error)
{
    dropLink();
    switch (error.code) {
    case ErrorCode::Auth:
    case ErrorCode::LockedOut:
        m_codeError = error.message;
        break;
    case ErrorCode::Network:
        m_addressError = error.message;
        break;
    default:
        break;
    }
    setState(State::Failed, error.message);
}

void TargetConfig::setState(State state, const QString &status)
{
    m_state = state;
    m_status = status;
    Q_EMIT stateChanged();
}

void TargetConfig::dropLink()
{
    if (!m_link)
        return;
    m_link->disconnect(this);
    m_link->close();
    m_link->deleteLater();
    m_link = nullptr;
}

}  // namespace st
