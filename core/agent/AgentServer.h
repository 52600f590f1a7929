// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The agent on the Secondary: listens (TLS 1.3, mutual certificates), holds the
 * identity, the pins of paired Primaries and the pairing guard, and runs sessions.
 *
 * start() loads or creates the identity in the state directory, removes staging left by a
 * crashed restore, picks up the stream spool of a clone a killed agent was receiving (a
 * CloneReceiver that re-extracts it and waits for the Primary's Resume, see StreamSpool),
 * loads the recorded outcome of the last clone (OutcomeRecord: a Resume for a clone that has
 * ended is answered with its Result, also after a restart; the next BeginClone discards it),
 * and listens (AgentListener: every connection accepted at once, pre-authentication slots per
 * address and in total, handshake and authentication deadlines; a connection whose
 * certificate is pinned leaves the pool at once, one that pairs when it has). The pairing
 * code is shown through pairingCodeShown() (the console prints it when it is a terminal; it
 * never goes to the log) and given to root on the control socket (AgentControl). Pairing
 * failures and a lockout are saved in the state directory after every attempt and taken
 * over at start, so a restart does not reset them. Beside the clone, the operations of
 * ServiceRegistry (system.status, system.reboot, ...) are offered in Welcome with the boot id
 * (BootIdentity: the kernel's, or a simulated one for a sandbox root, whose reboot stops
 * serving for AgentConfig::simulatedDownMs and comes back with a new id). One clone at a time: the server owns its CloneReceiver, which
 * outlives the sessions that feed it. Lives in the agent's main thread.
 */
#include "agent/AgentConfig.h"
#include "net/Identity.h"
#include "net/Messages.h"
#include "net/PairingGuard.h"
#include "net/PinStore.h"
#include "util/Result.h"

#include "agent/AgentControl.h"
#include "agent/BootIdentity.h"
#include "agent/service/RebootDriver.h"
#include "agent/service/ServiceRegistry.h"
#include "agent/AgentListener.h"
#include "agent/CloneReceiver.h"
#include "agent/ComponentDesk.h"
#include "agent/OutcomeRecord.h"
#include "agent/StreamSpool.h"
#include "restore/RestorePipeline.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <memory>
#include <optional>

class QSslSocket;

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
    /** Connection @p connectionId proved a pinned certificate: it no longer holds a pre-authentication slot. */
    void authenticated(quint64 connectionId);
    int unauthenticatedConnections() const;
    /** A new clone for the Primary @p fingerprint; refused while another is attached to a live session. */
    Result<CloneReceiver *> beginClone(const msg::BeginClone &begin, const QByteArray &fingerprint, QObject *session);
    /** The unfinished clone a Resume names, attached to @p session; an error when this agent holds no such clone. */
    Result<CloneReceiver *> resumeClone(const msg::Resume &resume, const QByteArray &fingerprint, QObject *session);
    /** The unfinished clone @p cloneId of the Primary @p fingerprint (for a Cancel on a new connection); nullptr when none. */
    CloneReceiver *unfinishedClone(const QString &cloneId, const QByteArray &fingerprint) const;
    /** The recorded outcome of the last clone when it is @p cloneId of this Primary; nullptr otherwise. */
    const OutcomeRecord *finishedClone(const QString &cloneId, const QString &sourceHost, const QByteArray &fingerprint) const;
    CloneReceiver *receiver() const { return m_receiver; }
    QList<QByteArray> protectedPaths() const;
    const ServiceRegistry &services() const { return m_services; }
    const BootIdentity &boot() const { return m_boot; }
    /** True between an accepted reboot and the host going down: no new clone is taken. */
    bool goingDown() const { return m_goingDown; }
    QString resumeDirectory() const;

Q_SIGNALS:
    void pairingCodeShown(const QString &formattedCode);
    void logLine(const QString &line);
    /** AgentConfig::stopBeforeResult (test hook): a Result was due and is not sent. */
    void stoppedBeforeResult(const QString &cloneId);
    /** A simulated reboot: the agent stopped serving (down) and serves again with a new boot id (up). */
    void simulatedRebootDown();
    void simulatedRebootUp(const QString &bootId);

private:
    void showNewCode();
    void onSecured(QSslSocket *socket, quint64 connectionId);
    void saveLockout();
    QJsonObject controlAnswer();
    CloneReceiver *adopt(std::shared_ptr<StreamSpool> spool);
    RestoreOptions restoreOptions(const SpoolMeta &meta) const;
    /** Logs and returns the refusal of a BeginClone/Resume from a connection older than the clone's current one. */
    Error lateRequest(const QString &what, const QString &cloneId, qint64 attempt);
    void registerServices();
    /** Why the agent must not reboot now (an unfinished clone), or nullopt. */
    std::optional<Error> rebootBlocker() const;
    /** Stops serving (listener closed, every connection dropped), waits, begins a new simulated boot, serves again. */
    void simulateReboot(const QString &reason);
    void comeBackFromSimulatedReboot();
    /** The root is this host's running system ("/"). */
    bool liveRoot() const;
    /** A live root on a host booted with systemd: clones are applied by a real reboot. */
    bool liveSystem() const { return liveRoot() && !m_boot.isSimulated(); }
    /** Makes room for clone @p cloneId: refuses while an applied clone awaits confirmation, discards older staged ones. */
    Status settleStagedClones(const QString &cloneId);
    /** Removes retired clones (confirmed or discarded) on a worker thread; again when asked meanwhile. */
    void purgeRetiredLater();

    AgentConfig m_config;
    Identity m_identity;
    std::unique_ptr<PinStore> m_pins;
    std::unique_ptr<PairingGuard> m_guard;
    AgentListener *m_listener = nullptr;
    AgentControl *m_control = nullptr;
    PairingGuard::Lockout m_savedLockout;
    QPointer<CloneReceiver> m_receiver;
    std::optional<OutcomeRecord> m_lastOutcome;
    BootIdentity m_boot;
    QStringList m_bootLog;  // what the agent did at this boot (system.status)
    std::unique_ptr<RebootDriver> m_rebootDriver;
    ServiceRegistry m_services;
    ComponentDesk *m_components = nullptr;  // a child
    bool m_goingDown = false;
    QPointer<QThread> m_purge;       // removing retired clones
    QPointer<QThread> m_bootThread;  // a simulated reboot's boot-time apply
    bool m_purgeAgain = false;
    quint16 m_listenPort = 0;
};

}  // namespace st
