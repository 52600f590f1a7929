// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test helper: what the hostile-peer and load tests measure of a running agent from
 * outside: a Primary's handshake time (TLS + Hello/Welcome with a given identity), the
 * agent's memory (VmRSS/VmHWM) and its TCP sockets by state, from /proc. Test-only; one
 * thread (blocking waits, no event loop needed).
 */
#include "integration/AgentProcess.h"
#include "net/Identity.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace st::test {

struct HandshakeResult {
    qint64 ms = -1;          // -1: no Welcome
    bool paired = false;     // Welcome said the identity is pinned
    QByteArray firstFrame;   // type byte + payload of the agent's first frame
    QString error;
};

/** Connects to 127.0.0.1:@p port as @p identity, completes TLS and Hello, waits for the Welcome (at most @p timeoutMs). */
HandshakeResult primaryHandshake(quint16 port, const Identity &identity, int timeoutMs = 10000);

/** As a real Primary does (servertwin-cli retries once the agent has answered): tries again
 *  until a Welcome arrives or @p withinMs pass; ms is the time until the Welcome, attempts how many it took. */
struct GetInResult {
    HandshakeResult last;
    qint64 ms = -1;
    int attempts = 0;
    QStringList failures;  // why the attempts before the last failed
};
GetInResult primaryGetsIn(quint16 port, const Identity &identity, int withinMs);

/** A field of /proc/PID/status in KiB (VmRSS, VmHWM); -1 when unreadable. */
qint64 procStatusKiB(qint64 pid, const char *field);

/** TCP sockets of port @p port (local side) in /proc/net/tcp whose state is @p stateHex ("08" CLOSE-WAIT, "01" ESTABLISHED). */
int tcpSocketsInState(quint16 port, const char *stateHex);

/** How much slower than a plain build the agent may run (time bounds are multiplied by it). */
#ifdef ST_SANITIZED
constexpr int kSlowdown = 4;
#else
constexpr int kSlowdown = 1;
#endif

/** Whether memory bounds mean anything for the agent under test: not for this build's under
 *  AddressSanitizer (its memory is mostly shadow), always for the shipped one (ST_PROGRAM_DIR). */
inline bool memoryBoundsChecked()
{
#ifdef ST_SANITIZED
    return testingShippedPrograms();
#else
    return true;
#endif
}

/** The st-hostile-peers test tool (tests/load/HostilePeers.cpp). */
inline QString hostilePeersBinary()
{
    return QStringLiteral(ST_BINARY_DIR "/tests/st-hostile-peers");
}

/** A fresh identity in @p dir (a stranger to the agent). */
Identity strangerIdentity(const QByteArray &dir);

}  // namespace st::test
