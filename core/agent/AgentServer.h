// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The agent on the Secondary: listens (TLS 1.3, mutual certificates), holds the
 * identity, the pins of paired Primaries and the pairing guard, and runs sessions.
 *
 * start() loads or creates the identity in the state directory, removes staging left by a
 * crashed restore, and listens. The pairing code is shown through pairingCodeShown() (the
 * console prints it; it never goes to the log). One clone runs at a time. Lives in the
 * agent's main thread.
 */
#include "agent/AgentConfig.h"
#include "net/Identity.h"
#include "net/PairingGuard.h"
#include "net/PinStore.h"
#include "util/Result.h"

#include <QObject>
#include <memory>

class QSslServer;

namespace st {

class AgentSession;

class AgentServer : public QObject {
    Q_OBJECT
public:
    explicit AgentServer(AgentConfig config, QObject *parent = nullptr);
    ~AgentServer() override;

    Status start();
    quint16 port() const;
    const Identity &identity() const { return m_identity; }
    const AgentConfig &config() const { return m_config; }

    // For sessions.
    bool isPaired(const QByteArray &fingerprint) const;
    PairingGuard::Outcome checkPairing(const QByteArray &proof, const QByteArray &clientFingerprint, QString *message);
    QByteArray agentProof(const QByteArray &clientFingerprint) const;
    Status rememberPrimary(const QByteArray &fingerprint, const QString &host);
    bool tryClaimClone();
    void releaseClone();
    QList<QByteArray> protectedPaths() const;

Q_SIGNALS:
    void pairingCodeShown(const QString &formattedCode);
    void logLine(const QString &line);

private:
    void showNewCode();

    AgentConfig m_config;
    Identity m_identity;
    std::unique_ptr<PinStore> m_pins;
    std::unique_ptr<PairingGuard> m_guard;
    QSslServer *m_server = nullptr;
    bool m_cloneRunning = false;
};

}  // namespace st
