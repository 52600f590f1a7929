// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Ed25519 keys and signatures for component bundles (OpenSSL EVP): a signing key pair
 * made on the engineer's machine, a detached signature over the manifest's exact bytes, and the
 * trusted public keys that decide whether a signature counts. A key is named by its
 * fingerprint, "SHA256:" and the hex of the SHA-256 of its 32 raw bytes (as the signer and in
 * the report). Keys travel as PEM. Free functions and a value type; thread-safe.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace st {

struct SigningKeyPair {
    QByteArray privatePem;  // PKCS#8
    QByteArray publicPem;   // SubjectPublicKeyInfo
};

/** A fresh Ed25519 key pair. */
Result<SigningKeyPair> generateSigningKey();
/** The detached 64-byte Ed25519 signature of @p message with the private key @p privatePem. */
Result<QByteArray> signDetached(const QByteArray &privatePem, const QByteArray &message);
/** The public key (PEM) of the private key @p privatePem. */
Result<QByteArray> publicKeyOf(const QByteArray &privatePem);

struct PublicKey {
    QByteArray raw;  // the 32 bytes
    QString fingerprint() const;
    /** SubjectPublicKeyInfo PEM (how keys travel to the agent). */
    QByteArray pem() const;
};

/** An Ed25519 public key from PEM; one-line error for anything else (another key type too). */
Result<PublicKey> parsePublicKey(const QByteArray &pem);

/** Whether @p signature over @p message verifies with @p key. */
bool verifyDetached(const PublicKey &key, const QByteArray &message, const QByteArray &signature);

/** Where a Primary keeps the public keys (*.pub) whose component bundles it installs. */
inline QString defaultTrustedKeysDir()
{
    return QStringLiteral("/etc/servertwin/component-keys");
}

/** The keys a Primary (and the agent, again) trusts to sign components. */
class TrustedKeys {
public:
    void add(const PublicKey &key);
    /** Every *.pub (PEM) in @p dir, or the file @p path itself; one-line error naming a bad file. */
    Status load(const QString &path);
    bool isEmpty() const { return m_keys.isEmpty(); }
    const QList<PublicKey> &keys() const { return m_keys; }
    /** The trusted key whose signature over @p message is @p signature, or null. */
    const PublicKey *signer(const QByteArray &message, const QByteArray &signature) const;

private:
    QList<PublicKey> m_keys;
};

}  // namespace st
