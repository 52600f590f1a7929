// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/PairingCode.h"

#include <QMutex>
#include <QMutexLocker>
#include <QRandomGenerator>

#include <cmath>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace st::PairingCode {

namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford base32
constexpr qsizetype kLength = 12;
constexpr int kIterations = 100000;
constexpr int kKeyLength = 32;
constexpr char kSalt[] = "servertwin-pairing-v1";

bool inAlphabet(char16_t c)
{
    for (const char *p = kAlphabet; *p; ++p) {
        if (char16_t(*p) == c)
            return true;
    }
    return false;
}

/** PBKDF2 is deliberately slow; the last code's key is kept so check() + agentProof() derive it once. */
QByteArray derivedKey(const QString &canonicalCode)
{
    static QMutex mutex;
    static QString cachedCode;
    static QByteArray cachedKey;

    QMutexLocker lock(&mutex);
    if (!cachedKey.isEmpty() && cachedCode == canonicalCode)
        return cachedKey;

    const QByteArray password = canonicalCode.toLatin1();
    QByteArray key(kKeyLength, Qt::Uninitialized);
    if (PKCS5_PBKDF2_HMAC(password.constData(), int(password.size()),
                          reinterpret_cast<const unsigned char *>(kSalt), int(sizeof kSalt - 1), kIterations,
                          EVP_sha256(), kKeyLength, reinterpret_cast<unsigned char *>(key.data())) != 1)
        return {};
    cachedCode = canonicalCode;
    cachedKey = key;
    return key;
}

}  // namespace

QString alphabet()
{
    return QString::fromLatin1(kAlphabet);
}

int codeLength()
{
    return int(kLength);
}

double entropyBits()
{
    return double(kLength) * std::log2(double(sizeof kAlphabet - 1));
}

QString generate()
{
    QString code;
    code.reserve(kLength);
    QRandomGenerator *rng = QRandomGenerator::system();
    for (qsizetype i = 0; i < kLength; ++i)
        code.append(QLatin1Char(kAlphabet[rng->generate() & 31u]));  // 2^32 is a multiple of 32: unbiased
    return code;
}

std::optional<QString> normalise(const QString &input)
{
    QString out;
    out.reserve(kLength);
    for (QChar qc : input) {
        char16_t c = qc.unicode();
        if (c == u'-' || c == u' ')
            continue;
        if (c >= u'a' && c <= u'z')
            c = char16_t(c - u'a' + u'A');
        if (c == u'O')
            c = u'0';
        else if (c == u'I' || c == u'L')
            c = u'1';
        if (!inAlphabet(c))
            return std::nullopt;
        out.append(QChar(c));
        if (out.size() > kLength)
            return std::nullopt;
    }
    if (out.size() != kLength)
        return std::nullopt;
    return out;
}

QString format(const QString &canonical)
{
    if (canonical.size() != kLength)
        return canonical;
    return canonical.mid(0, 4) + QLatin1Char('-') + canonical.mid(4, 4) + QLatin1Char('-') + canonical.mid(8, 4);
}

QByteArray proof(const QString &canonicalCode, Role role, const QByteArray &clientFingerprint,
                 const QByteArray &agentFingerprint)
{
    if (canonicalCode.size() != kLength)
        return {};
    const QByteArray key = derivedKey(canonicalCode);
    if (key.isEmpty())
        return {};

    QByteArray message = role == Role::Client ? QByteArrayLiteral("client") : QByteArrayLiteral("agent");
    message.append('\0');
    message.append(clientFingerprint);
    message.append(agentFingerprint);

    QByteArray mac(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int macLength = 0;
    if (!HMAC(EVP_sha256(), key.constData(), int(key.size()), reinterpret_cast<const unsigned char *>(message.constData()),
              size_t(message.size()), reinterpret_cast<unsigned char *>(mac.data()), &macLength))
        return {};
    mac.truncate(qsizetype(macLength));
    return mac;
}

bool proofsEqual(const QByteArray &a, const QByteArray &b)
{
    if (a.isEmpty() || a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

}  // namespace st::PairingCode
