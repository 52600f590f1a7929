// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief One-time pairing codes and the proofs that bind them to both TLS certificates.
 *
 * A code is 12 characters of Crockford base32 (60 bits), shown as "K7QF-3M9X-TR2C"; input is
 * normalised (case, dashes, spaces, O->0, I/L->1). Neither side ever sends the code: each
 * proves knowledge of it with HMAC-SHA256 keyed by PBKDF2-SHA256(code, 100 000 rounds) over
 * its role and both certificate fingerprints as it sees them, so a man in the middle (who
 * shows each side another certificate) makes the proofs disagree. Free functions: thread-safe.
 */
#include <QByteArray>
#include <QString>
#include <optional>

namespace st {

namespace PairingCode {

/** The symbols a code is made of (Crockford base32) and its length: generate() draws each
 *  symbol uniformly and independently, so a code carries entropyBits() bits. */
QString alphabet();
int codeLength();
double entropyBits();

QString generate();
/** Canonical form (12 upper-case base32 characters, no dashes) or nullopt when malformed. */
std::optional<QString> normalise(const QString &input);
/** "ABCD-EFGH-JKMN" from the canonical form. */
QString format(const QString &canonical);

enum class Role { Client, Agent };
/** HMAC over role || clientFingerprint || agentFingerprint; @p canonicalCode from normalise(). */
QByteArray proof(const QString &canonicalCode, Role role, const QByteArray &clientFingerprint,
                 const QByteArray &agentFingerprint);
/** Constant-time comparison. */
bool proofsEqual(const QByteArray &a, const QByteArray &b);

}  // namespace PairingCode

}  // namespace st
