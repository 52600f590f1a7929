// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Logic of the Secondary step: the Secondary and the optional Tertiary (TargetConfig
 * each), the Primary's own TLS identity (loaded or created off the GUI thread on first use),
 * the demo Secondary's prefill, and the remembered addresses (QSettings; never the code).
 *
 * Complete when the Secondary is verified and, if the Tertiary is enabled, the Tertiary too;
 * commit() hands the verified machines to the WizardSession. GUI thread only; the identity is
 * created by a QtConcurrent task whose result is taken back on the GUI thread.
 */
#include "config/TargetConfig.h"
#include "session/WizardSession.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>

namespace st {

class DemoSecondary;

class SecondaryConfig : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool tertiaryEnabled READ isTertiaryEnabled WRITE setTertiaryEnabled NOTIFY completeChanged)
    Q_PROPERTY(bool complete READ isComplete NOTIFY completeChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY completeChanged)
    Q_PROPERTY(QString demoNote READ demoNote NOTIFY demoChanged)
    Q_PROPERTY(QString primaryFingerprint READ primaryFingerprint NOTIFY identityChanged)

public:
    /** @p demo may be null (not in demo mode); it is not owned. */
    SecondaryConfig(std::shared_ptr<WizardSession> session, DemoSecondary *demo = nullptr, QObject *parent = nullptr);
    ~SecondaryConfig() override;

    TargetConfig *secondary() const { return m_secondary; }
    TargetConfig *tertiary() const { return m_tertiary; }

    bool isTertiaryEnabled() const { return m_tertiaryEnabled; }
    void setTertiaryEnabled(bool enabled);

    bool isComplete() const;
    bool isBusy() const;
    /** Demo mode: where the demo agent listens and the code its console shows; else empty. */
    QString demoNote() const;
    /** This Primary's certificate fingerprint (the agent's log names it); empty until loaded. */
    QString primaryFingerprint() const;

    /** Tests @p target (the Secondary or the Tertiary), loading the identity first if needed. */
    void test(TargetConfig *target);
    /** Hands the verified machines to the session and remembers their addresses. */
    void commit();

Q_SIGNALS:
    void completeChanged();
    void demoChanged();
    void identityChanged();
    void identityFailed(const QString &message);

private:
    void onDemoReady();
    void loadIdentity();

    std::shared_ptr<WizardSession> m_session;
    DemoSecondary *m_demo;
    TargetConfig *m_secondary;
    TargetConfig *m_tertiary;
    bool m_tertiaryEnabled = false;
    QFutureWatcher<Result<Identity>> m_identityWatcher;
    QList<QPointer<TargetConfig>> m_waitingForIdentity;
};

}  // namespace st
