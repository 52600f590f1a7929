// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/** @brief What the agent on the Secondary is told at start. Plain value type. */
#include <QByteArray>
#include <QHostAddress>
#include <QString>

namespace st {

/** How system.reboot reboots: Auto = systemd for the live root "/", simulated for a sandbox root. */
enum class RebootMode { Auto, Systemd, Simulated };

struct AgentConfig {
    QHostAddress address = QHostAddress::Any;
    quint16 port = 7443;
    QByteArray root = QByteArrayLiteral("/");  // where clones are applied
    QString stateDir = QStringLiteral("/var/lib/servertwin-agent");
    QString pairingCode;           // canonical; empty = generate one per pairing
    bool restoreOwnership = true;  // --no-owner turns it off (tests, non-root sandboxes)
    int maxPairingFailures = 5;
    int lockoutSeconds = 300;
    int resumeTimeoutMs = 600000;  // an interrupted clone's staging waits this long for the Primary's Resume (--resume-timeout)
    int idleTimeoutMs = 60000;     // a session with no frame from the Primary for this long is closed
    // Before a peer has proved a pinned certificate (see AgentListener, AdmissionControl):
    int slotsPerAddress = 32;      // unauthenticated connections one address (IPv4, IPv6 /64) may hold
    int slotsTotal = 256;          // unauthenticated connections in all
    int handshakeTimeoutMs = 10000;  // accept to the end of the TLS handshake
    int authTimeoutMs = 30000;       // accept to a pinned or freshly paired certificate
    // What the agent lets pile up for a peer that does not read (Pong, Progress, replies): over it, the peer is dropped.
    qint64 unauthenticatedWriteLimit = 64 << 10;
    qint64 sessionWriteLimit = 2 << 20;  // above the 256 KiB + one 1 MiB ReportItems batch a Result may have waiting
    RebootMode rebootMode = RebootMode::Auto;  // --reboot
    int simulatedDownMs = 3000;   // a simulated reboot: how long the agent stays away before it serves again
    // Test hook (fault tests): when a clone's Result is due, emit AgentServer::stoppedBeforeResult and
    // drop the connection instead of sending it, as if the agent died right after Apply.
    bool stopBeforeResult = false;
};

}  // namespace st
