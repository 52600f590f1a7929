// SPDX-License-Identifier: GPL-3.0-or-later
// The pairing code's entropy against the agent's lockout policy: every code allows at most
// maxPairingFailures wrong guesses before it is discarded (a generated code is replaced after
// the lockout, a given one stays unusable), so an attacker who guesses without pause for ten
// years succeeds with probability (guesses / 2^entropy) far below 2^-30.
#include "agent/AgentConfig.h"
#include "net/PairingCode.h"
#include "net/PairingGuard.h"

#include <catch2/catch.hpp>

#include <QSet>

#include <cmath>

using namespace st;

namespace {
const QByteArray kClient(32, 'c');
const QByteArray kAgent(32, 'a');

QByteArray guess(int i)
{
    return PairingCode::proof(QStringLiteral("000000000%1").arg(i, 3, 10, QLatin1Char('0')).right(12), PairingCode::Role::Client,
                              kClient, kAgent);
}
}  // namespace

TEST_CASE("pairing codes: each symbol is drawn uniformly from 32, so a code carries 60 bits", "[pairing][entropy]")
{
    const QString alphabet = PairingCode::alphabet();
    REQUIRE(QSet<QChar>(alphabet.begin(), alphabet.end()).size() == 32);
    REQUIRE(PairingCode::codeLength() == 12);
    CHECK(PairingCode::entropyBits() == Approx(60.0));

    // Sampled: every position uses the whole alphabet and no code repeats. With uniform
    // symbols, a symbol missing at one of 12 positions in 4000 codes has probability < 2^-170.
    QList<QSet<QChar>> seen(12);
    QSet<QString> codes;
    for (int i = 0; i < 4000; ++i) {
        const QString code = PairingCode::generate();
        REQUIRE(code.size() == 12);
        REQUIRE(PairingCode::normalise(code) == code);
        codes.insert(code);
        for (int p = 0; p < 12; ++p)
            seen[p].insert(code.at(p));
    }
    CHECK(codes.size() == 4000);
    for (int p = 0; p < 12; ++p) {
        INFO("position " << p);
        CHECK(seen[p].size() == 32);
    }
}

TEST_CASE("pairing codes: a code allows at most maxFailures guesses, then it is gone", "[pairing][entropy]")
{
    const AgentConfig config;
    const QString code = QStringLiteral("K7QF3M9XTR2C");
    const QByteArray right = PairingCode::proof(code, PairingCode::Role::Client, kClient, kAgent);
    const bool generated = GENERATE(true, false);
    PairingGuard guard(code, generated, config.maxPairingFailures, std::chrono::seconds(config.lockoutSeconds));
    const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC);
    for (int i = 0; i < config.maxPairingFailures; ++i)
        REQUIRE(guard.check(guess(i), kClient, kAgent, t0) == PairingGuard::Outcome::WrongCode);
    // The right code no longer works: locked now, and after the lockout the code is gone.
    CHECK(guard.check(right, kClient, kAgent, t0) == PairingGuard::Outcome::LockedOut);
    const QDateTime after = t0.addSecs(config.lockoutSeconds + 1);
    const QString rotated = guard.rotateIfDue(after);
    CHECK(rotated.isEmpty() == !generated);
    CHECK(guard.check(right, kClient, kAgent, after) != PairingGuard::Outcome::Accepted);
}

TEST_CASE("pairing codes: the guess success probability over ten years of lockouts is below 2^-30", "[pairing][entropy]")
{
    const AgentConfig config;
    // The agent's policy is the guard's default policy.
    CHECK(config.maxPairingFailures == PairingGuard::kDefaultMaxFailures);
    CHECK(config.lockoutSeconds == PairingGuard::kDefaultLockout.count());
    REQUIRE(config.maxPairingFailures >= 1);
    REQUIRE(config.lockoutSeconds >= 1);

    const double bits = PairingCode::entropyBits();
    const double lifetimeSeconds = 10.0 * 365.25 * 24 * 3600;
    // Each lockout period consumes at most one code, each code takes at most maxFailures guesses.
    const double codes = std::floor(lifetimeSeconds / config.lockoutSeconds) + 1;
    const double guesses = codes * config.maxPairingFailures;
    const double log2Success = std::log2(guesses) - bits;
    INFO("entropy " << bits << " bits, " << guesses << " guesses in ten years: success probability 2^" << log2Success);
    CHECK(log2Success < -30.0);
    // The margin: even 1000 agents attacked in parallel stay below 2^-20.
    CHECK(log2Success + std::log2(1000.0) < -20.0);
}
