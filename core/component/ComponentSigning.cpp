// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/ComponentSigning.h"

#include "util/Sha256.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace st {

namespace {
struct PkeyFree {
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
};
struct CtxFree {
    void operator()(EVP_PKEY_CTX *p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX *p) const { EVP_MD_CTX_free(p); }
};
struct BioFree {
    void operator()(BIO *p) const { BIO_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

constexpr qsizetype kMaxPem = 16 * 1024;

Error keyError(const QString &what)
{
    return Error{ErrorCode::Verify, what, {}};
}

QByteArray pemOf(EVP_PKEY *key, bool privateKey)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    const int ok = privateKey ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                              : PEM_write_bio_PUBKEY(bio.get(), key);
    if (ok != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, static_cast<qsizetype>(size));
}

Result<PkeyPtr> readPrivate(const QByteArray &pem)
{
    if (pem.size() > kMaxPem)
        return keyError(QStringLiteral("the signing key is not an Ed25519 private key in PEM"));
    BioPtr bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519)
        return keyError(QStringLiteral("the signing key is not an Ed25519 private key in PEM"));
    return key;
}
}  // namespace

Result<SigningKeyPair> generateSigningKey()
{
    std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
    EVP_PKEY *raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
        return makeError(ErrorCode::Internal, QStringLiteral("OpenSSL cannot make an Ed25519 key"));
    PkeyPtr key(raw);
    SigningKeyPair pair{pemOf(key.get(), true), pemOf(key.get(), false)};
    if (pair.privatePem.isEmpty() || pair.publicPem.isEmpty())
        return makeError(ErrorCode::Internal, QStringLiteral("OpenSSL cannot write the Ed25519 key"));
    return pair;
}

Result<QByteArray> publicKeyOf(const QByteArray &privatePem)
{
    Result<PkeyPtr> key = readPrivate(privatePem);
    if (!key)
        return key.error();
    return pemOf(key->get(), false);
}

Result<QByteArray> signDetached(const QByteArray &privatePem, const QByteArray &message)
{
    Result<PkeyPtr> key = readPrivate(privatePem);
    if (!key)
        return key.error();
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    QByteArray signature(64, '\0');
    size_t length = static_cast<size_t>(signature.size());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key->get()) != 1
        || EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                          reinterpret_cast<const unsigned char *>(message.constData()), static_cast<size_t>(message.size())) != 1
        || length != 64)
        return makeError(ErrorCode::Internal, QStringLiteral("OpenSSL cannot sign with the Ed25519 key"));
    return signature;
}

QString PublicKey::fingerprint() const
{
    return QStringLiteral("SHA256:") + QString::fromLatin1(Sha256::of(raw).toHex());
}

Result<PublicKey> parsePublicKey(const QByteArray &pem)
{
    if (pem.size() > kMaxPem)
        return keyError(QStringLiteral("not an Ed25519 public key in PEM (too large)"));
    BioPtr bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        return keyError(QStringLiteral("not a public key in PEM"));
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519)
        return keyError(QStringLiteral("not an Ed25519 public key"));
    PublicKey out;
    out.raw.resize(32);
    size_t length = 32;
    if (EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char *>(out.raw.data()), &length) != 1 || length != 32)
        return keyError(QStringLiteral("not an Ed25519 public key"));
    return out;
}

QByteArray PublicKey::pem() const
{
    PkeyPtr pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char *>(raw.constData()), size_t(raw.size())));
    return pkey ? pemOf(pkey.get(), false) : QByteArray();
}

bool verifyDetached(const PublicKey &key, const QByteArray &message, const QByteArray &signature)
{
    if (signature.size() != 64 || key.raw.size() != 32)
        return false;
    PkeyPtr pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char *>(key.raw.constData()), 32));
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    return pkey && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) == 1
           && EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()), 64,
                               reinterpret_cast<const unsigned char *>(message.constData()), static_cast<size_t>(message.size())) == 1;
}

void TrustedKeys::add(const PublicKey &key)
{
    for (const PublicKey &k : m_keys)
        if (k.raw == key.raw)
            return;
    m_keys.append(key);
}

Status TrustedKeys::load(const QString &path)
{
    QStringList files;
    if (QFileInfo(path).isDir()) {
        for (const QString &name : QDir(path).entryList({QStringLiteral("*.pub")}, QDir::Files, QDir::Name))
            files << QDir(path).filePath(name);
    } else {
        files << path;
    }
    for (const QString &file : files) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, QStringLiteral("cannot read the trusted key %1: %2").arg(file, f.errorString()));
        Result<PublicKey> key = parsePublicKey(f.read(kMaxPem + 1));
        if (!key)
            return makeError(ErrorCode::Verify, QStringLiteral("the trusted key %1 is %2").arg(file, key.error().message));
        add(*key);
    }
    return {};
}

const PublicKey *TrustedKeys::signer(const QByteArray &message, const QByteArray &signature) const
{
    for (const PublicKey &k : m_keys)
        if (verifyDetached(k, message, signature))
            return &k;
    return nullptr;
}

}  // namespace st
