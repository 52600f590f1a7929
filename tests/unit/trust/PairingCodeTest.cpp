// SPDX-License-Identifier: GPL-3.0-or-later
// PairingCode: generation, normalisation, formatting and the role/fingerprint-bound proofs.
#include <catch2/catch.hpp>

#include "net/PairingCode.h"

#include <QSet>

#include <openssl/evp.h>
#include <openssl/hmac.h>

using namespace st;
namespace PC = st::PairingCode;

namespace {

const QString kAlphabet = QStringLiteral("0123456789ABCDEFGHJKMNPQRSTVWXYZ");

QByteArray fp(char fill)
{
    return QByteArray(32, fill);
}

}  // namespace

TEST_CASE("Generated codes are 12 Crockford base32 characters and differ", "[pairing]")
{
    QSet<QString> seen;
    QSet<QChar> usedChars;
    for (int i = 0; i < 200; ++i) {
        const QString code = PC::generate();
        REQUIRE(code.size() == 12);
        for (QChar c : code) {
            REQUIRE(kAlphabet.contains(c));
            usedChars.insert(c);
        }
        REQUIRE(PC::normalise(code) == std::optional<QString>(code));
        seen.insert(code);
    }
    CHECK(seen.size() == 200);
    CHECK(usedChars.size() == 32);  // 2400 draws cover all 32 symbols
}

TEST_CASE("format and normalise round trip", "[pairing]")
{
    for (int i = 0; i < 50; ++i) {
        const QString code = PC::generate();
        const QString shown = PC::format(code);
        REQUIRE(shown.size() == 14);
        CHECK(shown[4] == QLatin1Char('-'));
        CHECK(shown[9] == QLatin1Char('-'));
        CHECK(PC::normalise(shown) == std::optional<QString>(code));
        CHECK(PC::normalise(shown.toLower()) == std::optional<QString>(code));
    }
    CHECK(PC::format(QStringLiteral("K7QF3M9XTR2C")) == QStringLiteral("K7QF-3M9X-TR2C"));
}

TEST_CASE("normalise accepts case, dashes, spaces and ambiguous letters", "[pairing]")
{
    const std::optional<QString> expected = QStringLiteral("K7QF3M9XTR2C");
    CHECK(PC::normalise(QStringLiteral("K7QF-3M9X-TR2C")) == expected);
    CHECK(PC::normalise(QStringLiteral("k7qf-3m9x-tr2c")) == expected);
    CHECK(PC::normalise(QStringLiteral(" k7qf 3m9x tr2c ")) == expected);
    CHECK(PC::normalise(QStringLiteral("K7QF--3M9X - TR2C")) == expected);

    CHECK(PC::normalise(QStringLiteral("O0oI1iL1lABC")) == std::optional<QString>(QStringLiteral("000111111ABC")));
    CHECK(PC::normalise(QStringLiteral("oooo-iiii-llll")) == std::optional<QString>(QStringLiteral("000011111111")));
}

TEST_CASE("normalise rejects malformed input", "[pairing]")
{
    for (const QString &bad : {QString(), QStringLiteral("----"), QStringLiteral("K7QF-3M9X-TR2"),
                               QStringLiteral("K7QF-3M9X-TR2CA"), QStringLiteral("K7QF-3M9X-TR2U"),
                               QStringLiteral("K7QF_3M9X_TR2C"), QStringLiteral("K7QF.3M9X.TR2C"),
                               QStringLiteral("K7QF-3M9X-TR2\u00C9"), QStringLiteral("K7QF-3M9X-TR2\u0660"),
                               QStringLiteral("K7QF\t3M9X\tTR2C"), QStringLiteral("K7QF-3M9X-TR2C\n"),
                               QStringLiteral("K7QF3M9XTR2C0000000000000")}) {
        INFO(bad.toStdString());
        CHECK(!PC::normalise(bad).has_value());
    }
}

TEST_CASE("Proofs are bound to role and both fingerprints", "[pairing]")
{
    const QString code = QStringLiteral("K7QF3M9XTR2C");
    const QByteArray client = fp('c');
    const QByteArray agent = fp('a');

    const QByteArray p = PC::proof(code, PC::Role::Client, client, agent);
    REQUIRE(p.size() == 32);
    CHECK(PC::proof(code, PC::Role::Client, client, agent) == p);  // deterministic
    CHECK(PC::proofsEqual(p, PC::proof(code, PC::Role::Client, client, agent)));

    const QList<QByteArray> different{
        PC::proof(code, PC::Role::Agent, client, agent),
        PC::proof(code, PC::Role::Client, fp('x'), agent),
        PC::proof(code, PC::Role::Client, client, fp('x')),
        PC::proof(code, PC::Role::Client, agent, client),  // fingerprints swapped
        PC::proof(QStringLiteral("K7QF3M9XTR2D"), PC::Role::Client, client, agent),
    };
    for (const QByteArray &other : different) {
        REQUIRE(other.size() == 32);
        CHECK(other != p);
        CHECK(!PC::proofsEqual(p, other));
    }

    // A one-bit change in one fingerprint changes the proof.
    QByteArray flipped = client;
    flipped[31] = char(flipped[31] ^ 1);
    CHECK(PC::proof(code, PC::Role::Client, flipped, agent) != p);
}

TEST_CASE("Proof matches the documented construction", "[pairing]")
{
    const QString code = QStringLiteral("ABCDEFGHJKMN");
    const QByteArray client = fp('1');
    const QByteArray agent = fp('2');

    unsigned char key[32];
    const QByteArray salt = QByteArrayLiteral("servertwin-pairing-v1");
    REQUIRE(PKCS5_PBKDF2_HMAC("ABCDEFGHJKMN", 12, reinterpret_cast<const unsigned char *>(salt.constData()),
                              int(salt.size()), 100000, EVP_sha256(), 32, key) == 1);
    const QByteArray message = QByteArrayLiteral("agent") + QByteArray(1, '\0') + client + agent;
    unsigned char mac[32];
    unsigned int macLen = 0;
    REQUIRE(HMAC(EVP_sha256(), key, 32, reinterpret_cast<const unsigned char *>(message.constData()),
                 size_t(message.size()), mac, &macLen) != nullptr);
    CHECK(PC::proof(code, PC::Role::Agent, client, agent) == QByteArray(reinterpret_cast<const char *>(mac), int(macLen)));
}

TEST_CASE("proof of a malformed code is empty and never equal", "[pairing]")
{
    CHECK(PC::proof(QString(), PC::Role::Client, fp('c'), fp('a')).isEmpty());
    CHECK(PC::proof(QStringLiteral("SHORT"), PC::Role::Client, fp('c'), fp('a')).isEmpty());
    CHECK(!PC::proofsEqual(QByteArray(), QByteArray()));
    CHECK(!PC::proofsEqual(fp('a'), fp('a').left(31)));
    CHECK(!PC::proofsEqual(fp('a'), fp('b')));
    CHECK(PC::proofsEqual(fp('a'), fp('a')));
}
