// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/SecondaryConfig.h"

#include "session/DemoSecondary.h"

#include <QDir>
#include <QHostInfo>
#include <QSettings>
#include <QtConcurrent>

namespace st {

namespace {
const auto kSecondaryKey = QStringLiteral("secondary/address");
const auto kTertiaryKey = QStringLiteral("tertiary/address");
const auto kTertiaryEnabledKey = QStringLiteral("tertiary/enabled");
}  // namespace

SecondaryConfig::SecondaryConfig(std::shared_ptr<WizardSession> session, DemoSecondary *demo, QObject *parent)
    : QObject(parent), m_session(std::move(session)), m_demo(demo)
{
    const QString pinFile = QDir(m_session->context().stateDir).filePath(QStringLiteral("secondaries.json"));
    m_secondary = new TargetConfig(QStringLiteral("Secondary"), pinFile, this);
    m_tertiary = new TargetConfig(QStringLiteral("Tertiary"), pinFile, this);
    for (TargetConfig *t : {m_secondary, m_tertiary})
        connect(t, &TargetConfig::stateChanged, this, &SecondaryConfig::completeChanged);

    if (!m_demo) {
        QSettings settings;
        m_secondary->setAddress(settings.value(kSecondaryKey).toString());
        m_tertiary->setAddress(settings.value(kTertiaryKey).toString());
        m_tertiaryEnabled = settings.value(kTertiaryEnabledKey, false).toBool();
    } else {
        connect(m_demo, &DemoSecondary::ready, this, &SecondaryConfig::onDemoReady);
        connect(m_demo, &DemoSecondary::failed, this, [this](const Error &) { Q_EMIT demoChanged(); });
        if (m_demo->isReady())
            onDemoReady();
    }
    connect(&m_identityWatcher, &QFutureWatcher<Result<Identity>>::finished, this, [this] {
        const Result<Identity> identity = m_identityWatcher.result();
        const auto waiting = std::exchange(m_waitingForIdentity, {});
        if (!identity) {
            Q_EMIT identityFailed(identity.error().message);
            for (const auto &t : waiting)
                if (t)
                    t->markFailed(identity.error().message);
            return;
        }
        m_session->setIdentity(*identity);
        Q_EMIT identityChanged();
        for (const auto &t : waiting)
            if (t)
                t->testConnection(*identity);
    });
}

SecondaryConfig::~SecondaryConfig()
{
    m_identityWatcher.waitForFinished();  // loading a key file takes milliseconds
}

void SecondaryConfig::setTertiaryEnabled(bool enabled)
{
    if (enabled == m_tertiaryEnabled)
        return;
    m_tertiaryEnabled = enabled;
    if (!enabled)
        m_tertiary->cancelTest();
    Q_EMIT completeChanged();
}

bool SecondaryConfig::isComplete() const
{
    return m_secondary->state() == TargetConfig::State::Verified
           && (!m_tertiaryEnabled || m_tertiary->state() == TargetConfig::State::Verified);
}

bool SecondaryConfig::isBusy() const
{
    return m_identityWatcher.isRunning() || m_secondary->state() == TargetConfig::State::Testing
           || m_tertiary->state() == TargetConfig::State::Testing;
}

QString SecondaryConfig::demoNote() const
{
    if (!m_demo)
        return {};
    if (!m_demo->isReady())
        return tr("Demo: starting the demo Secondary (a local agent with a sandbox root)…");
    return tr("Demo: the Secondary is a local agent restoring into %1. Its console shows the pairing code "
              "%2 and the certificate fingerprint %3.")
        .arg(m_demo->secondaryRoot(), m_demo->pairingCode(), m_demo->fingerprint());
}

QString SecondaryConfig::primaryFingerprint() const
{
    const auto &identity = m_session->identity();
    return identity ? formatFingerprint(identity->fingerprint()) : QString();
}

void SecondaryConfig::test(TargetConfig *target)
{
    if (const auto &identity = m_session->identity()) {
        target->testConnection(*identity);
        return;
    }
    if (!target->validate())
        return;
    m_waitingForIdentity.append(target);
    loadIdentity();
    Q_EMIT completeChanged();
}

void SecondaryConfig::loadIdentity()
{
    if (m_identityWatcher.isRunning())
        return;
    const QString stateDir = m_session->context().stateDir;
    const QString name = QHostInfo::localHostName().left(64);
    m_identityWatcher.setFuture(QtConcurrent::run([stateDir, name] { return Identity::loadOrCreate(stateDir, name); }));
}

void SecondaryConfig::commit()
{
    QList<TargetMachine> targets;
    if (auto t = m_secondary->verifiedTarget())
        targets.append(*t);
    if (m_tertiaryEnabled)
        if (auto t = m_tertiary->verifiedTarget())
            targets.append(*t);
    m_session->setTargets(targets);
    if (!m_demo) {
        QSettings settings;
        settings.setValue(kSecondaryKey, m_secondary->address());
        settings.setValue(kTertiaryKey, m_tertiary->address());
        settings.setValue(kTertiaryEnabledKey, m_tertiaryEnabled);
    }
}

void SecondaryConfig::onDemoReady()
{
    m_secondary->setAddress(m_demo->address());
    if (!m_secondary->isPinned())
        m_secondary->setPairingCode(m_demo->pairingCode());
    Q_EMIT demoChanged();
}

}  // namespace st
