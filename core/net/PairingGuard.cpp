// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/PairingGuard.h"

#include <algorithm>
#include <utility>

namespace st {

PairingGuard::PairingGuard(QString canonicalCode, bool codeWasGenerated, int maxFailures, std::chrono::seconds lockout)
    : m_code(PairingCode::normalise(canonicalCode).value_or(QString())),
      m_generated(codeWasGenerated),
      m_maxFailures(maxFailures > 0 ? maxFailures : 1),
      m_lockout(lockout)
{
}

PairingGuard::Outcome PairingGuard::check(const QByteArray &clientProof, const QByteArray &clientFingerprint,
                                          const QByteArray &agentFingerprint, const QDateTime &now)
{
    if (isLockedOut(now))
        return Outcome::LockedOut;
    if (m_code.isEmpty())
        return Outcome::NoCode;

    const QByteArray expected =
        PairingCode::proof(m_code, PairingCode::Role::Client, clientFingerprint, agentFingerprint);
    if (PairingCode::proofsEqual(expected, clientProof)) {
        m_lastAcceptedCode = std::exchange(m_code, QString());  // single use
        m_failures = 0;
        return Outcome::Accepted;
    }

    ++m_failures;
    if (m_failures >= m_maxFailures) {
        m_lockedUntil = now.toUTC().addSecs(m_lockout.count());
        m_code.clear();  // a guessed-at code is never valid again
    }
    return Outcome::WrongCode;
}

QByteArray PairingGuard::agentProof(const QByteArray &clientFingerprint, const QByteArray &agentFingerprint) const
{
    if (m_lastAcceptedCode.isEmpty())
        return {};
    return PairingCode::proof(m_lastAcceptedCode, PairingCode::Role::Agent, clientFingerprint, agentFingerprint);
}

void PairingGuard::restore(const Lockout &state, const QDateTime &now)
{
    m_failures = std::clamp(state.failures, 0, m_maxFailures);
    m_lockedUntil = state.lockedUntil.isValid() ? state.lockedUntil.toUTC() : QDateTime();
    if (isLockedOut(now))
        m_code.clear();  // as at the moment of the lockout: no code is valid while it lasts
    else if (m_lockedUntil.isValid() || m_failures >= m_maxFailures) {
        m_lockedUntil = QDateTime();  // it ended while the agent was down
        m_failures = 0;
    }
}

bool PairingGuard::isLockedOut(const QDateTime &now) const
{
    return m_lockedUntil.isValid() && now < m_lockedUntil;
}

QString PairingGuard::rotateIfDue(const QDateTime &now)
{
    if (!m_lockedUntil.isValid() || isLockedOut(now))
        return {};
    // The lockout has ended.
    m_lockedUntil = QDateTime();
    m_failures = 0;
    if (!m_generated)
        return {};  // a code from the command line stays unusable until the agent restarts
    m_code = PairingCode::generate();
    return PairingCode::format(m_code);
}

}  // namespace st
