// SPDX-License-Identifier: GPL-3.0-or-later
// PairingGuard: single use, failure counting, lockout with an injected clock, code rotation.
#include <catch2/catch.hpp>

#include "net/PairingGuard.h"

using namespace st;
using Outcome = PairingGuard::Outcome;
namespace PC = st::PairingCode;

namespace {

const QByteArray kClientFp(32, 'c');
const QByteArray kAgentFp(32, 'a');
const QString kCode = QStringLiteral("K7QF3M9XTR2C");
const QDateTime kT0 = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

QByteArray clientProof(const QString &code)
{
    return PC::proof(code, PC::Role::Client, kClientFp, kAgentFp);
}

}  // namespace

TEST_CASE("Guard accepts the right proof once, then has no code", "[guard]")
{
    PairingGuard guard(kCode, false);
    REQUIRE(guard.hasCode());
    CHECK(guard.agentProof(kClientFp, kAgentFp).isEmpty());  // nothing accepted yet

    CHECK(guard.check(clientProof(kCode), kClientFp, kAgentFp, kT0) == Outcome::Accepted);
    CHECK(!guard.hasCode());
    CHECK(guard.failures() == 0);

    const QByteArray agentProof = guard.agentProof(kClientFp, kAgentFp);
    CHECK(PC::proofsEqual(agentProof, PC::proof(kCode, PC::Role::Agent, kClientFp, kAgentFp)));
    CHECK(!PC::proofsEqual(agentProof, clientProof(kCode)));

    // Replaying the same proof does not pair a second client.
    CHECK(guard.check(clientProof(kCode), kClientFp, kAgentFp, kT0) == Outcome::NoCode);
    CHECK(guard.check(clientProof(kCode), kClientFp, kAgentFp, kT0.addSecs(3600)) == Outcome::NoCode);
}

TEST_CASE("Guard accepts a non-canonical code given on the command line", "[guard]")
{
    PairingGuard guard(QStringLiteral("k7qf-3m9x-tr2c"), false);
    CHECK(guard.check(clientProof(kCode), kClientFp, kAgentFp, kT0) == Outcome::Accepted);

    PairingGuard malformed(QStringLiteral("not a code"), false);
    CHECK(!malformed.hasCode());
    CHECK(malformed.check(clientProof(kCode), kClientFp, kAgentFp, kT0) == Outcome::NoCode);
}

TEST_CASE("Guard counts wrong proofs and proofs bound to other certificates", "[guard]")
{
    PairingGuard guard(kCode, false);
    CHECK(guard.check(clientProof(QStringLiteral("K7QF3M9XTR2D")), kClientFp, kAgentFp, kT0) == Outcome::WrongCode);
    CHECK(guard.failures() == 1);
    // Right code, but the client saw another agent certificate (man in the middle).
    const QByteArray mitm = PC::proof(kCode, PC::Role::Client, kClientFp, QByteArray(32, 'm'));
    CHECK(guard.check(mitm, kClientFp, kAgentFp, kT0) == Outcome::WrongCode);
    CHECK(guard.failures() == 2);
    // The agent's own proof is not a client proof.
    CHECK(guard.check(PC::proof(kCode, PC::Role::Agent, kClientFp, kAgentFp), kClientFp, kAgentFp, kT0) ==
          Outcome::WrongCode);
    CHECK(guard.check(QByteArray(), kClientFp, kAgentFp, kT0) == Outcome::WrongCode);
    CHECK(guard.failures() == 4);
    CHECK(guard.hasCode());
    CHECK(!guard.isLockedOut(kT0));

    // A success resets the counter.
    CHECK(guard.check(clientProof(kCode), kClientFp, kAgentFp, kT0) == Outcome::Accepted);
    CHECK(guard.failures() == 0);
}

TEST_CASE("Guard locks out after five wrong proofs, even for the right code", "[guard]")
{
    PairingGuard guard(kCode, true, 5, std::chrono::seconds(300));
    const QByteArray wrong = clientProof(QStringLiteral("000000000000"));
    for (int i = 1; i <= 5; ++i) {
        CHECK(guard.check(wrong, kClientFp, kAgentFp, kT0.addSecs(i)) == Outcome::WrongCode);
        CHECK(guard.failures() == i);
    }
    CHECK(guard.isLockedOut(kT0.addSecs(5)));
    CHECK(guard.lockedUntil() == kT0.addSecs(5 + 300));
    CHECK(!guard.hasCode());

    CHECK(guard.check(clientProof(kCode), kClientFp, kAgentFp, kT0.addSecs(6)) == Outcome::LockedOut);
    CHECK(guard.check(wrong, kClientFp, kAgentFp, kT0.addSecs(7)) == Outcome::LockedOut);
    CHECK(guard.check(clientProof(kCode), kClientFp, kAgentFp, kT0.addSecs(304)) == Outcome::LockedOut);
    CHECK(guard.failures() == 5);  // attempts during the lockout are not counted again
    CHECK(guard.rotateIfDue(kT0.addSecs(304)).isEmpty());

    // Lockout expires; the discarded code is still not accepted.
    CHECK(!guard.isLockedOut(kT0.addSecs(305)));
    CHECK(guard.check(clientProof(kCode), kClientFp, kAgentFp, kT0.addSecs(305)) == Outcome::NoCode);
}

TEST_CASE("Generated code is rotated after the lockout ends", "[guard]")
{
    PairingGuard guard(kCode, true, 5, std::chrono::seconds(60));
    CHECK(guard.rotateIfDue(kT0).isEmpty());  // not locked: nothing to rotate
    const QByteArray wrong = clientProof(QStringLiteral("000000000000"));
    for (int i = 0; i < 5; ++i)
        REQUIRE(guard.check(wrong, kClientFp, kAgentFp, kT0) == Outcome::WrongCode);
    REQUIRE(guard.isLockedOut(kT0));

    CHECK(guard.rotateIfDue(kT0.addSecs(59)).isEmpty());
    const QString shown = guard.rotateIfDue(kT0.addSecs(60));
    REQUIRE(!shown.isEmpty());
    const std::optional<QString> fresh = PC::normalise(shown);
    REQUIRE(fresh.has_value());
    CHECK(PC::format(*fresh) == shown);
    CHECK(*fresh != kCode);
    CHECK(guard.hasCode());
    CHECK(guard.failures() == 0);
    CHECK(!guard.isLockedOut(kT0.addSecs(60)));
    CHECK(guard.rotateIfDue(kT0.addSecs(61)).isEmpty());  // once per lockout

    CHECK(guard.check(clientProof(kCode), kClientFp, kAgentFp, kT0.addSecs(61)) == Outcome::WrongCode);
    CHECK(guard.check(clientProof(*fresh), kClientFp, kAgentFp, kT0.addSecs(62)) == Outcome::Accepted);
    CHECK(PC::proofsEqual(guard.agentProof(kClientFp, kAgentFp),
                          PC::proof(*fresh, PC::Role::Agent, kClientFp, kAgentFp)));
}

TEST_CASE("Command-line code stays locked after the lockout ends", "[guard]")
{
    PairingGuard guard(kCode, false, 3, std::chrono::seconds(60));
    const QByteArray wrong = clientProof(QStringLiteral("000000000000"));
    for (int i = 0; i < 3; ++i)
        REQUIRE(guard.check(wrong, kClientFp, kAgentFp, kT0) == Outcome::WrongCode);
    CHECK(guard.isLockedOut(kT0.addSecs(1)));
    CHECK(guard.check(clientProof(kCode), kClientFp, kAgentFp, kT0.addSecs(1)) == Outcome::LockedOut);

    CHECK(guard.rotateIfDue(kT0.addSecs(120)).isEmpty());
    CHECK(!guard.hasCode());
    CHECK(!guard.isLockedOut(kT0.addSecs(120)));
    CHECK(guard.check(clientProof(kCode), kClientFp, kAgentFp, kT0.addSecs(121)) == Outcome::NoCode);
    CHECK(guard.agentProof(kClientFp, kAgentFp).isEmpty());
}

TEST_CASE("A new guard given the saved lockout is still locked, and keeps counting wrong codes", "[guard][persist]")
{
    PairingGuard first(kCode, true, 5, std::chrono::seconds(300));
    for (int i = 0; i < 4; ++i)
        CHECK(first.check(clientProof(QStringLiteral("AAAABBBBCCCC")), kClientFp, kAgentFp, kT0) == Outcome::WrongCode);
    // The agent restarts: a new code, the old count.
    PairingGuard second(QStringLiteral("ZZZZYYYYXXXX"), true, 5, std::chrono::seconds(300));
    second.restore(first.lockoutState(), kT0);
    CHECK(second.failures() == 4);
    CHECK(second.check(clientProof(QStringLiteral("AAAABBBBCCCC")), kClientFp, kAgentFp, kT0) == Outcome::WrongCode);
    CHECK(second.isLockedOut(kT0));
    // And again: the lockout goes on, the right code does not help while it lasts.
    PairingGuard third(QStringLiteral("ZZZZYYYYXXXX"), true, 5, std::chrono::seconds(300));
    third.restore(second.lockoutState(), kT0.addSecs(10));
    CHECK(third.isLockedOut(kT0.addSecs(10)));
    CHECK_FALSE(third.hasCode());
    CHECK(third.check(clientProof(QStringLiteral("ZZZZYYYYXXXX")), kClientFp, kAgentFp, kT0.addSecs(10)) == Outcome::LockedOut);
    // A lockout that ended while the agent was down starts a clean count.
    PairingGuard later(kCode, true, 5, std::chrono::seconds(300));
    later.restore(second.lockoutState(), kT0.addSecs(301));
    CHECK_FALSE(later.isLockedOut(kT0.addSecs(301)));
    CHECK(later.failures() == 0);
    CHECK(later.check(clientProof(kCode), kClientFp, kAgentFp, kT0.addSecs(301)) == Outcome::Accepted);
}
