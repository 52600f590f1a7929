// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/AgentServer.h"

#include "agent/AgentSession.h"
#include "agent/service/SystemServices.h"
#include "agent/service/CloneServices.h"
#include "agent/service/ComponentServices.h"
#include "component/HardwareSupport.h"
#include "agent/service/InventoryService.h"
#include "restore/StagingArea.h"
#include "agent/AgentFootprint.h"
#include "agent/BootApplier.h"
#include "profile/HostSpecificFiles.h"
#include "restore/boot/BootCheck.h"
#include "restore/txn/ApplyTransaction.h"
#include "agent/CloneReceiver.h"
#include "net/PairingCode.h"
#include "net/PairingLockoutFile.h"
#include "net/StateDirectory.h"
#include "restore/RestorePipeline.h"
#include "util/RawPath.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTimer>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonObject>
#include <QThread>

#include <fcntl.h>
#include <unistd.h>

#include <memory>

namespace st {

AgentServer::AgentServer(AgentConfig config, QObject *parent) : QObject(parent), m_config(std::move(config)) {}

AgentServer::~AgentServer()
{
    // Sessions first (they refer to the receiver), then the receiver (joins its worker).
    for (AgentSession *session : findChildren<AgentSession *>(Qt::FindDirectChildrenOnly))
        delete session;
    delete m_receiver.data();
    // Worker threads are joined, never terminated: a boot-time apply or a purge finishes first.
    for (QThread *t : {m_bootThread.data(), m_purge.data()})
        if (t) {
            t->wait();
            delete t;
        }
}

Status AgentServer::start()
{
    QFileInfo rootInfo(QString::fromLocal8Bit(m_config.root));
    if (!rootInfo.isDir())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("restore root %1 is not a directory").arg(rootInfo.filePath()));
    auto secured = securePrivateDirectory(m_config.stateDir);
    if (!secured)
        return secured.error();
    if (!secured->isEmpty())
        Q_EMIT logLine(*secured);
    auto identity = Identity::loadOrCreate(m_config.stateDir, QHostInfo::localHostName().left(64));
    if (!identity)
        return identity.error();
    m_identity = *identity;
    auto pins = PinStore::load(QDir(m_config.stateDir).filePath(QStringLiteral("paired-primaries.json")));
    if (!pins)
        return pins.error();
    m_pins = std::make_unique<PinStore>(*pins);
    const bool simulated = m_config.rebootMode == RebootMode::Simulated
                           || (m_config.rebootMode == RebootMode::Auto && QDir(QString::fromLocal8Bit(m_config.root)).canonicalPath() != QLatin1String("/"));
    auto boot = simulated ? BootIdentity::simulated(m_config.stateDir) : BootIdentity::kernel();
    if (!boot)
        return boot.error();
    m_boot = *boot;
    m_bootLog = BootApplier::lastLog(m_config.stateDir);  // what the last boot-time apply did
    registerServices();
    if (Status s = cleanStaleStaging(m_config.root); !s)
        return s.error().withContext(QStringLiteral("cleaning a staging area left by an earlier restore"));
    purgeRetiredLater();  // clones confirmed or discarded before a restart
    if (auto outcome = OutcomeRecord::load(resumeDirectory()); !outcome) {
        Q_EMIT logLine(QStringLiteral("discarding the outcome of the last clone: %1").arg(outcome.error().message));
        OutcomeRecord::discard(resumeDirectory());
    } else if (*outcome) {
        m_lastOutcome = std::move(**outcome);
    }
    auto spool = StreamSpool::open(resumeDirectory());
    if (spool && *spool && m_lastOutcome && (*spool)->meta().cloneId == m_lastOutcome->cloneId) {
        // Killed between recording the outcome and removing the spool: the clone is over.
        StreamSpool::discard(resumeDirectory());
        spool = std::shared_ptr<StreamSpool>();
    }
    if (!spool) {
        Q_EMIT logLine(QStringLiteral("discarding the resume state of an interrupted clone: %1").arg(spool.error().message));
        StreamSpool::discard(resumeDirectory());
    } else if (*spool) {
        CloneReceiver *r = adopt(*spool);
        Q_EMIT logLine(QStringLiteral("clone %1 from %2 was interrupted at %3 bytes: re-extracting it and waiting %4 s for the Primary to resume")
                           .arg(r->cloneId(), r->meta().sourceHost).arg((*spool)->length()).arg(m_config.resumeTimeoutMs / 1000));
    }

    const bool generated = m_config.pairingCode.isEmpty();
    const QString code = generated ? PairingCode::generate() : m_config.pairingCode;
    m_guard = std::make_unique<PairingGuard>(code, generated,
                                             m_config.maxPairingFailures, std::chrono::seconds(m_config.lockoutSeconds));
    if (!m_guard->hasCode())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the pairing code is malformed: 12 letters and digits, like ABCD-EFGH-JKMN"));
    auto lockout = PairingLockoutFile::load(PairingLockoutFile::path(m_config.stateDir));
    if (!lockout)
        return lockout.error();
    m_guard->restore(*lockout);
    m_savedLockout = *lockout;
    if (m_guard->isLockedOut())
        Q_EMIT logLine(QStringLiteral("pairing stays locked until %1 UTC after %2 wrong codes (the lockout outlives restarts)")
                           .arg(m_guard->lockedUntil().toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))).arg(lockout->failures));

    m_control = new AgentControl(m_config.stateDir, [this] { return controlAnswer(); }, this);
    connect(m_control, &AgentControl::logLine, this, &AgentServer::logLine);
    if (Status s = m_control->listen(); !s)
        return s;

    AgentListener::Limits limits;
    limits.admission.perAddress = m_config.slotsPerAddress;
    limits.admission.total = m_config.slotsTotal;
    limits.handshakeTimeoutMs = m_config.handshakeTimeoutMs;
    limits.authTimeoutMs = m_config.authTimeoutMs;
    m_listener = new AgentListener(m_identity, limits, this);
    connect(m_listener, &AgentListener::logLine, this, &AgentServer::logLine);
    connect(m_listener, &AgentListener::secured, this, &AgentServer::onSecured);
    if (!m_listener->listen(m_config.address, m_config.port))
        return makeError(ErrorCode::Network, QStringLiteral("cannot listen on %1:%2: %3")
                                                 .arg(m_config.address.toString()).arg(m_config.port).arg(m_listener->errorString()));
    m_listenPort = m_listener->serverPort();
    Q_EMIT logLine(QStringLiteral("listening on %1:%2, restoring into %3, fingerprint %4")
                       .arg(m_config.address.toString()).arg(port()).arg(displayPath(m_config.root),
                                                                          formatFingerprint(m_identity.fingerprint())));
    Q_EMIT logLine(QStringLiteral("boot %1%2; operations: %3")
                       .arg(m_boot.bootId(), m_boot.isSimulated() ? QStringLiteral(" (simulated: a reboot request restarts serving, not the host)") : QString(),
                            m_services.offered().describe()));
    if (generated)
        Q_EMIT pairingCodeShown(PairingCode::format(code));
    return {};
}

void AgentServer::registerServices()
{
    const auto log = [this](const QString &line) { Q_EMIT logLine(line); };
    if (m_boot.isSimulated())
        m_rebootDriver = std::make_unique<SimulatedReboot>([this](const QString &reason) { simulateReboot(reason); });
    else
        m_rebootDriver = std::make_unique<SystemdReboot>(log);
    m_services.add(std::make_unique<SystemStatusService>(m_boot, m_bootLog, [this] { return stagedClones(m_config.root); }));
    m_services.add(std::make_unique<CloneConfirmService>(m_config.root, log, [this] { purgeRetiredLater(); }));
    std::function<Status()> arm;
    if (liveSystem())
        arm = [this] { return BootApplier::arm(m_config.root); };
    m_services.add(std::make_unique<CloneRollbackService>(m_config.root, arm, log));
    m_services.add(std::make_unique<RebootService>(m_boot, *m_rebootDriver, [this] { return rebootBlocker(); }, log,
                                                   [this] { m_goingDown = true; }));
    // Components (step 5): an install the agent was killed in is rolled back first.
    m_components = new ComponentDesk(QFile::decodeName(m_config.root), m_config.stateDir, m_config.restoreOwnership, this);
    connect(m_components, &ComponentDesk::logLine, this, &AgentServer::logLine);
    m_components->start();
    for (auto &service : ComponentService::all(*m_components))
        m_services.add(std::move(service));
    m_services.add(std::make_unique<InventoryService>(m_config.root, [this] {
        // The kernels of a clone staged for the next boot are checked beside the running one.
        for (const msg::StagedClone &clone : stagedClones(m_config.root))
            if (clone.phase == QLatin1String("staged"))
                return QDir(QFile::decodeName(m_config.root)).filePath(QFile::decodeName(stagingDirectoryName()) + QLatin1Char('/') + clone.cloneId + QStringLiteral("/tree"));
        return QString();
    }));
}

std::optional<Error> AgentServer::rebootBlocker() const
{
    if (m_components && m_components->busy())
        return makeError(ErrorCode::Refused, QStringLiteral("components are being installed or rolled back on this Secondary: let that finish before the reboot"));
    if (m_receiver && !m_receiver->outcome())
        return makeError(ErrorCode::Refused, QStringLiteral("clone %1 is not finished on this Secondary (%2): let it finish or cancel it before the reboot")
                                                 .arg(m_receiver->cloneId(), m_receiver->session() ? QStringLiteral("being received")
                                                                                                   : QStringLiteral("waiting for the Primary to resume")));
    return std::nullopt;
}

void AgentServer::simulateReboot(const QString &reason)
{
    Q_EMIT logLine(QStringLiteral("simulated reboot (%1): not serving for %2 s").arg(reason).arg(m_config.simulatedDownMs / 1000.0));
    m_listener->close();
    m_listener->dropPending();
    for (AgentSession *session : findChildren<AgentSession *>(Qt::FindDirectChildrenOnly))
        session->closeNow();
    Q_EMIT simulatedRebootDown();
    // The boot applies what is staged, with the code a real boot runs (BootApplier), off this thread.
    auto outcome = std::make_shared<BootApplyOutcome>();
    BootApplySettings settings;
    settings.root = m_config.root;
    settings.stateDir = m_config.stateDir;
    QElapsedTimer down;
    down.start();
    QThread *boot = QThread::create([settings, outcome] { *outcome = BootApplier(settings).run(); });
    m_bootThread = boot;
    connect(boot, &QThread::finished, this, [this, boot, outcome, down] {
        m_bootThread = nullptr;
        boot->deleteLater();
        m_bootLog = outcome->log;
        for (const QString &line : outcome->log)
            Q_EMIT logLine(QStringLiteral("boot: ") + line);
        QTimer::singleShot(std::max<qint64>(0, m_config.simulatedDownMs - down.elapsed()), this, &AgentServer::comeBackFromSimulatedReboot);
    });
    boot->start();
}

void AgentServer::comeBackFromSimulatedReboot()
{
    if (Status s = m_boot.beginSimulatedBoot(); !s)
        Q_EMIT logLine(s.error().message);
    m_bootLog.append(QStringLiteral("simulated boot %1 began").arg(m_boot.bootId()));
    m_goingDown = false;
    if (!m_listener->listen(m_config.address, m_listenPort)) {
        Q_EMIT logLine(QStringLiteral("after the simulated reboot, cannot listen on %1:%2 again: %3")
                           .arg(m_config.address.toString()).arg(m_listenPort).arg(m_listener->errorString()));
        return;
    }
    Q_EMIT logLine(QStringLiteral("back from the simulated reboot: boot %1, listening on %2:%3").arg(m_boot.bootId(), m_config.address.toString()).arg(m_listenPort));
    Q_EMIT simulatedRebootUp(m_boot.bootId());
}

quint16 AgentServer::port() const
{
    return m_listenPort;  // also while a simulated reboot has the listener closed
}

void AgentServer::onSecured(QSslSocket *socket, quint64 connectionId)
{
    const bool pinned = isPaired(certificateFingerprint(socket->peerCertificate()));
    if (pinned)
        m_listener->markAuthenticated(connectionId);
    auto *session = new AgentSession(socket, this, connectionId, pinned);
    connect(session, &AgentSession::closed, session, &QObject::deleteLater);
}

void AgentServer::authenticated(quint64 connectionId)
{
    m_listener->markAuthenticated(connectionId);
}

int AgentServer::unauthenticatedConnections() const
{
    return m_listener ? m_listener->unauthenticatedCount() : 0;
}

void AgentServer::saveLockout()
{
    const PairingGuard::Lockout now = m_guard->lockoutState();
    if (now == m_savedLockout)
        return;
    if (Status s = PairingLockoutFile::save(PairingLockoutFile::path(m_config.stateDir), now); !s) {
        Q_EMIT logLine(s.error().message);
        return;
    }
    m_savedLockout = now;
}

QJsonObject AgentServer::controlAnswer()
{
    if (const QString rotated = m_guard->rotateIfDue(); !rotated.isEmpty()) {
        saveLockout();
        Q_EMIT pairingCodeShown(rotated);
    }
    QJsonObject o{{QStringLiteral("fingerprint"), formatFingerprint(m_identity.fingerprint())}};
    if (m_guard->isLockedOut()) {
        o.insert(QStringLiteral("lockedUntil"), m_guard->lockedUntil().toUTC().toString(Qt::ISODate));
        o.insert(QStringLiteral("message"), QStringLiteral("pairing is locked until %1 UTC after %2 wrong codes; a new code is shown then")
                                                .arg(m_guard->lockedUntil().toUTC().toString(QStringLiteral("HH:mm:ss"))).arg(m_guard->failures()));
    } else if (m_guard->hasCode()) {
        o.insert(QStringLiteral("code"), PairingCode::format(m_guard->currentCode()));
    } else {
        o.insert(QStringLiteral("message"), QStringLiteral("this agent's pairing code was used; restart the agent for a new one"));
    }
    return o;
}

bool AgentServer::isPaired(const QByteArray &fingerprint) const
{
    return m_pins && m_pins->hasFingerprint(fingerprint);
}

PairingGuard::Outcome AgentServer::checkPairing(const QByteArray &proof, const QByteArray &clientFingerprint, QString *message)
{
    const QString rotated = m_guard->rotateIfDue();
    if (!rotated.isEmpty())
        Q_EMIT pairingCodeShown(rotated);
    const auto outcome = m_guard->check(proof, clientFingerprint, m_identity.fingerprint());
    saveLockout();
    switch (outcome) {
    case PairingGuard::Outcome::Accepted:
        *message = QString();
        break;
    case PairingGuard::Outcome::WrongCode:
        if (m_guard->isLockedOut())
            *message = QStringLiteral("wrong pairing code; too many failures, pairing is locked until %1 UTC")
                           .arg(m_guard->lockedUntil().toUTC().toString(QStringLiteral("HH:mm:ss")));
        else
            *message = QStringLiteral("wrong pairing code (%1 attempts left before a lockout)")
                           .arg(m_config.maxPairingFailures - m_guard->failures());
        Q_EMIT logLine(QStringLiteral("pairing refused: wrong code from %1").arg(formatFingerprint(clientFingerprint)));
        break;
    case PairingGuard::Outcome::LockedOut:
        *message = QStringLiteral("too many wrong pairing codes: pairing is locked until %1 UTC")
                       .arg(m_guard->lockedUntil().toUTC().toString(QStringLiteral("HH:mm:ss")));
        Q_EMIT logLine(QStringLiteral("pairing refused: locked out"));
        break;
    case PairingGuard::Outcome::NoCode:
        *message = QStringLiteral("this agent's pairing code was used or withdrawn: restart the agent for a new code");
        break;
    }
    return outcome;
}

QByteArray AgentServer::agentProof(const QByteArray &clientFingerprint) const
{
    return m_guard->agentProof(clientFingerprint, m_identity.fingerprint());
}

Status AgentServer::rememberPrimary(const QByteArray &fingerprint, const QString &host)
{
    const QString peer = QStringLiteral("primary-") + QString::fromLatin1(fingerprint.toHex().left(16));
    if (Status s = m_pins->pin(peer, fingerprint, host); !s)
        return s;
    Q_EMIT logLine(QStringLiteral("paired with %1 (%2)").arg(host, formatFingerprint(fingerprint)));
    if (m_config.pairingCode.isEmpty())
        showNewCode();
    return {};
}

void AgentServer::showNewCode()
{
    // Generated codes are single-use: the next Primary (or a re-pair) gets a fresh one.
    const QString code = PairingCode::generate();
    m_guard = std::make_unique<PairingGuard>(code, true, m_config.maxPairingFailures,
                                             std::chrono::seconds(m_config.lockoutSeconds));
    Q_EMIT pairingCodeShown(PairingCode::format(code));
}

QString AgentServer::resumeDirectory() const
{
    return QDir(m_config.stateDir).filePath(QStringLiteral("resume"));
}

RestoreOptions AgentServer::restoreOptions(const SpoolMeta &meta) const
{
    RestoreOptions options;
    options.root = m_config.root;
    options.cloneId = meta.cloneId;
    options.restoreOwnership = m_config.restoreOwnership;
    options.expectedBytes = meta.totalBytes;
    options.expectedFiles = meta.totalFiles;
    options.expectedEntries = meta.totalEntries;
    options.expectedAllocatedBytes = meta.allocatedBytes;
    options.protectedPaths = protectedPaths();
    options.sourceHost = meta.sourceHost;
    options.applyAtReboot = meta.applyAtReboot || liveRoot();
    if (options.applyAtReboot) {
        for (const HostSpecificPath &kept : hostSpecificPaths())
            options.keptPaths.append(kept.path);
        options.keptPaths += agentPackageFiles(m_config.root);
    }
    if (options.applyAtReboot) {
        const QByteArray root = m_config.root;
        const QString stateDir = m_config.stateDir;
        const bool live = liveSystem();
        // Runs on the restore's thread; its log lines are queued to this one.
        // (restoreOptions() changes nothing itself: the lines are emitted later, from the event loop.)
        const QPointer<AgentServer> self(const_cast<AgentServer *>(this));
        const auto log = [self](const QString &line) {
            QMetaObject::invokeMethod(self.data(), [self, line] { if (self) Q_EMIT self->logLine(line); }, Qt::QueuedConnection);
        };
        options.stagedCheck = [root, stateDir, live, log](const QByteArray &stagedTree, const ManifestHeader &clone) -> Status {
            // Before the Primary's packages replace this Secondary's, what serves its own
            // hardware is kept as the hardware-support component (a failure here is said, not fatal).
            Result<QList<HardwarePackage>> kept = keepHardwareSupport(QFile::decodeName(root), QFile::decodeName(stagedTree), stateDir,
                                                                      live ? liveHardwareFacts() : HardwareFacts{});
            if (!kept)
                log(QStringLiteral("components: the hardware support of this Secondary was not kept: %1").arg(kept.error().message));
            for (const HardwarePackage &p : kept ? *kept : QList<HardwarePackage>{})
                log(QStringLiteral("components: kept %1 %2 for after the reboot: %3").arg(p.name, p.version, p.reason));
            if (!live)
                return {};
            boot::BootCheckOptions check;
            QList<QByteArray> includes;
            for (const QByteArray &inc : clone.includes)
                includes.append(normaliseRelative(inc).value_or(inc));
            check.cloneCarriesBoot = boot::carriesBoot(includes);
            const QList<boot::Finding> findings = boot::checkBootReadiness(QString::fromLocal8Bit(stagedTree), boot::HostRoots{}, check);
            QStringList blocks;
            for (const boot::Finding &f : boot::findingsAt(findings, boot::Finding::Level::Block))
                blocks.append(f.message);
            if (!blocks.isEmpty())
                return makeError(ErrorCode::Refused, QStringLiteral("the clone would not boot on this Secondary: %1").arg(blocks.join(QStringLiteral("; "))));
            return BootApplier::arm(root);
        };
    }
    return options;
}

void AgentServer::purgeRetiredLater()
{
    if (m_purge) {
        m_purgeAgain = true;
        return;
    }
    const QByteArray root = m_config.root;
    auto outcome = std::make_shared<Status>();
    m_purge = QThread::create([root, outcome] {
        const int raw = ::open(root.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (raw < 0)
            return;
        UniqueFd rootFd(raw);
        *outcome = txn::ApplyTransaction::purgeRetired(rootFd.get());
    });
    connect(m_purge, &QThread::finished, this, [this, outcome] {
        m_purge->deleteLater();
        m_purge = nullptr;
        if (!*outcome)
            Q_EMIT logLine(QStringLiteral("removing a retired clone: %1").arg(outcome->error().message));
        if (std::exchange(m_purgeAgain, false))
            purgeRetiredLater();
    });
    m_purge->start();
}

bool AgentServer::liveRoot() const
{
    return QDir(QString::fromLocal8Bit(m_config.root)).canonicalPath() == QLatin1String("/");
}

Status AgentServer::settleStagedClones(const QString &cloneId)
{
    const int raw = ::open(m_config.root.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (raw < 0)
        return errnoError(errno, QStringLiteral("cannot open the restore root"));
    UniqueFd rootFd(raw);
    Result<QStringList> ids = txn::ApplyTransaction::list(rootFd.get());
    if (!ids)
        return ids.error();
    for (const QString &id : *ids) {
        Result<txn::ApplyTransaction> t = txn::ApplyTransaction::open(rootFd.get(), id);
        if (!t)
            return t.error();
        switch (t->state().phase) {
        case txn::Phase::Staged:
        case txn::Phase::RolledBack:
            Q_EMIT logLine(QStringLiteral("discarding clone %1 (%2): clone %3 replaces it").arg(id, txn::phaseName(t->state().phase), cloneId));
            if (Status s = t->discard(); !s)
                return s;
            purgeRetiredLater();
            break;
        case txn::Phase::Applied:
            return makeError(ErrorCode::Refused, QStringLiteral("clone %1 was applied at boot and is not confirmed yet: confirm it (servertwin-cli reboot does when the Secondary is healthy) or roll it back first").arg(id));
        case txn::Phase::Applying:
        case txn::Phase::RollingBack:
            return makeError(ErrorCode::Refused, QStringLiteral("clone %1 is %2: reboot the Secondary to finish it first").arg(id, txn::phaseName(t->state().phase)));
        case txn::Phase::Failed:
            return makeError(ErrorCode::Refused, QStringLiteral("clone %1 could not be rolled back and needs the engineer: %2").arg(id, t->state().error));
        }
    }
    if (liveSystem())
        BootApplier::disarm(m_config.root);
    return {};
}

CloneReceiver *AgentServer::adopt(std::shared_ptr<StreamSpool> spool)
{
    auto *r = new CloneReceiver(spool, restoreOptions(spool->meta()), m_config.resumeTimeoutMs, this);
    m_receiver = r;
    connect(r, &CloneReceiver::logLine, this, &AgentServer::logLine);
    connect(r, &CloneReceiver::finished, this, [this, r] {
        if (r->outcome())
            m_lastOutcome = *r->outcome();
    });
    connect(r, &CloneReceiver::expired, this, [this, r] {
        if (m_receiver == r)
            m_receiver = nullptr;
        r->deleteLater();
    });
    r->start();
    return r;
}

Result<CloneReceiver *> AgentServer::beginClone(const msg::BeginClone &begin, const QByteArray &fingerprint, QObject *session)
{
    if (m_goingDown)
        return makeError(ErrorCode::Refused, QStringLiteral("this Secondary is about to reboot; clone again when it is back"));
    if (m_receiver) {
        // The same Primary beginning the same clone again (its link broke before Ready) replaces it.
        const bool again = m_receiver->cloneId() == begin.cloneId && m_receiver->meta().primaryFingerprint == fingerprint;
        if (again && begin.attempt <= m_receiver->attempt())
            return lateRequest(QStringLiteral("BeginClone"), begin.cloneId, begin.attempt);
        if (m_receiver->session() && !m_receiver->result() && !again)
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("another clone is being restored on this Secondary; try again when it has finished"));
        if (!m_receiver->result())
            Q_EMIT logLine(QStringLiteral("discarding the staging of interrupted clone %1: a new clone %2 begins")
                               .arg(m_receiver->cloneId(), begin.cloneId));
        delete m_receiver.data();  // waits for its worker (a cancelled restore discards its staging)
    }
    if (liveRoot() && m_boot.isSimulated())
        return makeError(ErrorCode::Refused, QStringLiteral("this host was not booted with systemd, so a clone cannot be applied to its running system at boot: run the agent with a sandbox --root"));
    if (Status s = settleStagedClones(begin.cloneId); !s) {
        Q_EMIT logLine(QStringLiteral("clone %1 refused: %2").arg(begin.cloneId, s.error().message));
        return s.error();
    }
    // Only the last clone's outcome is kept: a new clone replaces it.
    OutcomeRecord::discard(resumeDirectory());
    m_lastOutcome.reset();
    SpoolMeta meta;
    meta.cloneId = begin.cloneId;
    meta.sourceHost = begin.sourceHost;
    meta.primaryFingerprint = fingerprint;
    meta.totalFiles = begin.totalFiles;
    meta.totalBytes = begin.totalBytes;
    meta.totalEntries = begin.totalEntries;
    meta.allocatedBytes = begin.allocatedBytes;
    meta.applyAtReboot = begin.applyAtReboot;
    if (!QDir().mkpath(resumeDirectory()))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the resume directory %1").arg(resumeDirectory()));
    if (auto room = SpoolRoom::measure(m_config.root, resumeDirectory(), restoreOptions(meta)); room) {
        if (Status s = room->check(); !s) {
            Q_EMIT logLine(QStringLiteral("clone %1 refused: %2").arg(begin.cloneId, s.error().message));
            return s.error();
        }
    }
    auto spool = StreamSpool::create(resumeDirectory(), meta);
    if (!spool)
        return spool.error();
    CloneReceiver *r = adopt(*spool);
    r->attach(session, begin.attempt);
    return r;
}

CloneReceiver *AgentServer::unfinishedClone(const QString &cloneId, const QByteArray &fingerprint) const
{
    if (!m_receiver || m_receiver->outcome() || m_receiver->cloneId() != cloneId || m_receiver->meta().primaryFingerprint != fingerprint)
        return nullptr;
    return m_receiver.data();
}

const OutcomeRecord *AgentServer::finishedClone(const QString &cloneId, const QString &sourceHost, const QByteArray &fingerprint) const
{
    return m_lastOutcome && m_lastOutcome->matches(cloneId, sourceHost, fingerprint) ? &*m_lastOutcome : nullptr;
}

Result<CloneReceiver *> AgentServer::resumeClone(const msg::Resume &resume, const QByteArray &fingerprint, QObject *session)
{
    if (!m_receiver || m_receiver->outcome() || m_receiver->cloneId() != resume.cloneId || m_receiver->meta().sourceHost != resume.sourceHost
        || m_receiver->meta().primaryFingerprint != fingerprint)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("this Secondary holds no staging for clone %1 (it was discarded or another clone replaced it): run the clone again")
                                                 .arg(resume.cloneId));
    if (resume.attempt <= m_receiver->attempt())
        return lateRequest(QStringLiteral("Resume"), resume.cloneId, resume.attempt);
    m_receiver->attach(session, resume.attempt);
    return m_receiver.data();
}

Error AgentServer::lateRequest(const QString &what, const QString &cloneId, qint64 attempt)
{
    // A dead connection's bytes can arrive after the Primary moved on to a newer one (its kernel
    // still delivers what it had queued); they must not take the clone over.
    const QString message = QStringLiteral("%1 for clone %2 came on the Primary's connection %3, which it has already left for connection %4: ignored")
                                .arg(what, cloneId).arg(attempt).arg(m_receiver->attempt());
    Q_EMIT logLine(message);
    return makeError(ErrorCode::Protocol, message);
}

QList<QByteArray> AgentServer::protectedPaths() const
{
    // The agent's own state must survive a clone that mirrors the directory holding it.
    QList<QByteArray> paths;
    const QByteArray state = QDir::cleanPath(QFileInfo(m_config.stateDir).absoluteFilePath()).toLocal8Bit();
    const QByteArray root = QDir::cleanPath(QString::fromLocal8Bit(m_config.root)).toLocal8Bit();
    const QByteArray prefix = root == "/" ? root : root + '/';
    if (state.startsWith(prefix))
        paths.append(state.mid(prefix.size()));
    return paths;
}

}  // namespace st
