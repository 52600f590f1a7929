// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The agent's pairing policy: one single-use code, a failure counter and a lockout.
 *
 * check() verifies a client's proof for the current code. A correct proof consumes the code
 * (single use: later attempts get NoCode until a new code is set). After maxFailures wrong
 * proofs in a row the guard locks out for the lockout period and the code is discarded; a
 * generated code is then replaced by a fresh one (rotate()); a code given on the command line
 * stays locked until the agent restarts. The failure count and the lockout outlive the agent
 * process: lockout() is what the agent saves (PairingLockoutFile) after every check, and a
 * new guard is given it back with restore(), so restarting the agent neither ends a lockout
 * nor resets the count of wrong guesses. The code is never logged. Used from the agent's
 * thread only.
 */
#include "net/PairingCode.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <chrono>

namespace st {

class PairingGuard {
public:
    enum class Outcome { Accepted, WrongCode, LockedOut, NoCode };

    /** What must survive a restart of the agent. */
    struct Lockout {
        int failures = 0;
        QDateTime lockedUntil;  // invalid: not locked
        bool operator==(const Lockout &) const = default;
    };

    /** The policy the agent runs with: every code allows at most this many wrong guesses. */
    static constexpr int kDefaultMaxFailures = 5;
    static constexpr std::chrono::seconds kDefaultLockout{300};

    PairingGuard(QString canonicalCode, bool codeWasGenerated, int maxFailures = kDefaultMaxFailures,
                 std::chrono::seconds lockout = kDefaultLockout);

    Outcome check(const QByteArray &clientProof, const QByteArray &clientFingerprint,
                  const QByteArray &agentFingerprint, const QDateTime &now = QDateTime::currentDateTimeUtc());

    /** The proof the agent answers with after Accepted (proves the agent knew the code too). */
    QByteArray agentProof(const QByteArray &clientFingerprint, const QByteArray &agentFingerprint) const;

    bool hasCode() const { return !m_code.isEmpty(); }
    /** The code pairing would accept now (canonical), empty when there is none; for the root-only control command. */
    const QString &currentCode() const { return m_code; }
    bool isLockedOut(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    int failures() const { return m_failures; }
    int maxFailures() const { return m_maxFailures; }
    std::chrono::seconds lockout() const { return m_lockout; }
    QDateTime lockedUntil() const { return m_lockedUntil; }
    Lockout lockoutState() const { return {m_failures, m_lockedUntil}; }
    /** Takes over the failures and lockout a previous guard (an earlier agent process) left. */
    void restore(const Lockout &state, const QDateTime &now = QDateTime::currentDateTimeUtc());
    /** Generated codes only: a fresh code after a lockout ends (returns it for display), else empty. */
    QString rotateIfDue(const QDateTime &now = QDateTime::currentDateTimeUtc());

private:
    QString m_code;
    QString m_lastAcceptedCode;
    bool m_generated;
    int m_maxFailures;
    std::chrono::seconds m_lockout;
    int m_failures = 0;
    QDateTime m_lockedUntil;
};

}  // namespace st
