// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/Identity.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace st {

namespace {

const QString kKeyFile = QStringLiteral("identity.key.pem");
const QString kCertFile = QStringLiteral("identity.crt.pem");
constexpr long kValidityDays = 20L * 365 + 5;  // 20 years including leap days
constexpr qint64 kMaxPemSize = 64 * 1024;

struct BioFree {
    void operator()(BIO *p) const { BIO_free(p); }
};
struct PkeyFree {
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
};
struct X509Free {
    void operator()(X509 *p) const { X509_free(p); }
};
struct ExtFree {
    void operator()(X509_EXTENSION *p) const { X509_EXTENSION_free(p); }
};
struct BnFree {
    void operator()(BIGNUM *p) const { BN_free(p); }
};
struct NamesFree {
    void operator()(GENERAL_NAMES *p) const { GENERAL_NAMES_free(p); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, ExtFree>;
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
using NamesPtr = std::unique_ptr<GENERAL_NAMES, NamesFree>;

/** The most recent OpenSSL error as text (and clears the queue). */
QString opensslError()
{
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    return QString::fromUtf8(buf);
}

Error sslError(const QString &what)
{
    return makeError(ErrorCode::Tls, what + QStringLiteral(": ") + opensslError());
}

/** A host-name-like string usable as a dNSName (ASCII letters, digits, '.', '-', '_'). */
bool isDnsName(const QString &name)
{
    if (name.isEmpty() || name.size() > 253)
        return false;
    for (QChar c : name) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
                        u == u'.' || u == u'-' || u == u'_';
        if (!ok)
            return false;
    }
    return true;
}

Status addExtension(X509 *cert, X509V3_CTX *ctx, int nid, const char *value)
{
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
    if (!ext || X509_add_ext(cert, ext.get(), -1) != 1)
        return sslError(QStringLiteral("cannot add certificate extension %1").arg(QString::fromLatin1(OBJ_nid2sn(nid))));
    return {};
}

Status addSubjectAltName(X509 *cert, const QString &commonName)
{
    NamesPtr names(GENERAL_NAMES_new());
    GENERAL_NAME *name = GENERAL_NAME_new();
    ASN1_IA5STRING *dns = ASN1_IA5STRING_new();
    const QByteArray ascii = commonName.toLatin1();
    if (!names || !name || !dns || ASN1_STRING_set(dns, ascii.constData(), int(ascii.size())) != 1) {
        GENERAL_NAME_free(name);
        ASN1_IA5STRING_free(dns);
        return sslError(QStringLiteral("cannot build subjectAltName"));
    }
    GENERAL_NAME_set0_value(name, GEN_DNS, dns);
    if (sk_GENERAL_NAME_push(names.get(), name) == 0) {
        GENERAL_NAME_free(name);
        return sslError(QStringLiteral("cannot build subjectAltName"));
    }
    if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1)
        return sslError(QStringLiteral("cannot add subjectAltName"));
    return {};
}

Result<X509Ptr> makeCertificate(EVP_PKEY *key, const QString &commonName)
{
    X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1)
        return sslError(QStringLiteral("cannot create certificate"));

    // Random positive 128-bit serial number.
    unsigned char serialBytes[16];
    if (RAND_bytes(serialBytes, sizeof serialBytes) != 1)
        return sslError(QStringLiteral("cannot generate certificate serial"));
    serialBytes[0] &= 0x7f;
    serialBytes[0] |= 0x40;  // non-zero, fixed length
    BnPtr serial(BN_bin2bn(serialBytes, sizeof serialBytes, nullptr));
    if (!serial || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
        return sslError(QStringLiteral("cannot set certificate serial"));

    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24L * 3600) ||
        !X509_time_adj_ex(X509_getm_notAfter(cert.get()), int(kValidityDays), 0, nullptr))
        return sslError(QStringLiteral("cannot set certificate validity"));

    X509_NAME *subject = X509_get_subject_name(cert.get());
    const QByteArray cn = commonName.toUtf8();
    if (X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()),
                                   int(cn.size()), -1, 0) != 1 ||
        X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("ServerTwin"), -1,
                                   -1, 0) != 1 ||
        X509_set_issuer_name(cert.get(), subject) != 1)
        return sslError(QStringLiteral("cannot set certificate name \"%1\"").arg(commonName));

    if (X509_set_pubkey(cert.get(), key) != 1)
        return sslError(QStringLiteral("cannot set certificate public key"));

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    for (const auto &[nid, value] : {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                                     std::pair{NID_key_usage, "critical,digitalSignature"},
                                     std::pair{NID_ext_key_usage, "serverAuth,clientAuth"},
                                     std::pair{NID_subject_key_identifier, "hash"}}) {
        if (Status s = addExtension(cert.get(), &ctx, nid, value); !s)
            return s.error();
    }
    if (isDnsName(commonName)) {
        if (Status s = addSubjectAltName(cert.get(), commonName); !s)
            return s.error();
    }

    if (X509_sign(cert.get(), key, EVP_sha256()) <= 0)
        return sslError(QStringLiteral("cannot sign certificate"));
    return cert;
}

Result<QByteArray> bioContents(BIO *bio, const QString &what)
{
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    if (len <= 0 || !data)
        return sslError(QStringLiteral("cannot encode %1").arg(what));
    return QByteArray(data, qsizetype(len));
}

Status writeAtomically(const QString &path, const QByteArray &content, QFileDevice::Permissions perms)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    // Restrict the temporary file before any secret goes into it.
    if (!file.setPermissions(perms)) {
        file.cancelWriting();
        return makeError(ErrorCode::Io, QStringLiteral("cannot set permissions of %1: %2").arg(path, file.errorString()));
    }
    if (file.write(content) != content.size() || !file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

/** Reads a small file; for the key also refuses group/other permission bits (checked on the open fd). */
Result<QByteArray> readPemFile(const QString &path, bool secret)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
    if (fd < 0)
        return errnoError(errno, QStringLiteral("cannot open %1").arg(path));
    struct FdCloser {
        int fd;
        ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return errnoError(errno, QStringLiteral("cannot stat %1").arg(path));
    if (!S_ISREG(st.st_mode))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1 is not a regular file").arg(path));
    if (secret && (st.st_mode & 077) != 0)
        return makeError(ErrorCode::Permission,
                         QStringLiteral("private key %1 is accessible by group or others (mode %2); run `chmod 600 %1`")
                             .arg(path, QString::number(st.st_mode & 07777, 8)));
    if (st.st_size > kMaxPemSize)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1 is too large for a PEM file").arg(path));
    QByteArray data(qsizetype(st.st_size), Qt::Uninitialized);
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::read(fd, data.data() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errnoError(errno, QStringLiteral("cannot read %1").arg(path));
        if (n == 0)
            break;
        done += n;
    }
    data.truncate(done);
    return data;
}

Result<PkeyPtr> parseKey(const QByteArray &pem, const QString &path)
{
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key) {
        ERR_clear_error();
        return makeError(ErrorCode::Tls, QStringLiteral("private key %1 is not a valid PEM key; "
                                                        "remove it and %2 to create a new identity")
                                             .arg(path, kCertFile));
    }
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_EC)
        return makeError(ErrorCode::Tls, QStringLiteral("private key %1 is not an EC key").arg(path));
    return key;
}

Result<X509Ptr> parseCertificate(const QByteArray &pem, const QString &path)
{
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!cert) {
        ERR_clear_error();
        return makeError(ErrorCode::Tls, QStringLiteral("certificate %1 is not a valid PEM certificate").arg(path));
    }
    return cert;
}

Result<Identity> toIdentity(const QByteArray &keyPem, const QByteArray &certPem, const QString &keyPath,
                            const QString &certPath)
{
    Identity id;
    id.privateKey = QSslKey(keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (id.privateKey.isNull())
        return makeError(ErrorCode::Tls, QStringLiteral("Qt cannot load the private key %1").arg(keyPath));
    id.certificate = QSslCertificate(certPem, QSsl::Pem);
    if (id.certificate.isNull())
        return makeError(ErrorCode::Tls, QStringLiteral("Qt cannot load the certificate %1").arg(certPath));
    return id;
}

Status ensureDirectory(const QString &dir)
{
    const QFileInfo info(dir);
    if (info.exists()) {
        if (!info.isDir())
            return makeError(ErrorCode::Io, QStringLiteral("state directory %1 is not a directory").arg(dir));
        return {};
    }
    const QString parent = info.absolutePath();
    if (!QDir().mkpath(parent))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create directory %1").arg(parent));
    const QByteArray native = QFile::encodeName(info.absoluteFilePath());
    if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST)
        return errnoError(errno, QStringLiteral("cannot create state directory %1").arg(dir));
    if (::chmod(native.constData(), 0700) != 0)  // mkdir's mode is reduced by the umask
        return errnoError(errno, QStringLiteral("cannot set permissions of %1").arg(dir));
    return {};
}

}  // namespace

QByteArray Identity::fingerprint() const
{
    return certificateFingerprint(certificate);
}

Result<Identity> Identity::loadOrCreate(const QString &stateDir, const QString &commonName)
{
    if (commonName.isEmpty() || commonName.size() > 64)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("certificate name \"%1\" must be 1 to 64 characters").arg(commonName));
    if (Status s = ensureDirectory(stateDir); !s)
        return s.error();

    const QString keyPath = QDir(stateDir).filePath(kKeyFile);
    const QString certPath = QDir(stateDir).filePath(kCertFile);
    const bool haveKey = QFileInfo::exists(keyPath) || QFileInfo(keyPath).isSymLink();
    const bool haveCert = QFileInfo::exists(certPath) || QFileInfo(certPath).isSymLink();

    if (!haveKey && haveCert)
        return makeError(ErrorCode::Tls, QStringLiteral("private key %1 is missing but certificate %2 exists; "
                                                        "remove %2 to create a new identity (peers must pair again)")
                                             .arg(keyPath, certPath));

    PkeyPtr key;
    QByteArray keyPem;
    if (haveKey) {
        auto read = readPemFile(keyPath, true);
        if (!read)
            return read.error();
        auto parsed = parseKey(*read, keyPath);
        if (!parsed)
            return parsed.error();
        key = std::move(*parsed);
        keyPem = std::move(*read);
    } else {
        key.reset(EVP_EC_gen("P-256"));
        if (!key)
            return sslError(QStringLiteral("cannot generate EC P-256 key"));
        BioPtr bio(BIO_new(BIO_s_mem()));
        if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
            return sslError(QStringLiteral("cannot encode private key"));
        auto pem = bioContents(bio.get(), QStringLiteral("private key"));
        if (!pem)
            return pem.error();
        keyPem = std::move(*pem);
        if (Status s = writeAtomically(keyPath, keyPem, QFileDevice::ReadOwner | QFileDevice::WriteOwner); !s)
            return s.error();
    }

    X509Ptr cert;
    QByteArray certPem;
    if (haveCert) {
        auto read = readPemFile(certPath, false);
        if (!read)
            return read.error();
        auto parsed = parseCertificate(*read, certPath);
        if (!parsed)
            return parsed.error();
        cert = std::move(*parsed);
        certPem = std::move(*read);
    } else {
        // New identity, or a key left without its certificate by an interrupted first start.
        auto made = makeCertificate(key.get(), commonName);
        if (!made)
            return made.error();
        cert = std::move(*made);
        BioPtr bio(BIO_new(BIO_s_mem()));
        if (!bio || PEM_write_bio_X509(bio.get(), cert.get()) != 1)
            return sslError(QStringLiteral("cannot encode certificate"));
        auto pem = bioContents(bio.get(), QStringLiteral("certificate"));
        if (!pem)
            return pem.error();
        certPem = std::move(*pem);
        if (Status s = writeAtomically(certPath, certPem,
                                       QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                           QFileDevice::ReadOther);
            !s)
            return s.error();
    }

    if (X509_check_private_key(cert.get(), key.get()) != 1) {
        ERR_clear_error();
        return makeError(ErrorCode::Tls, QStringLiteral("private key %1 does not match certificate %2").arg(keyPath, certPath));
    }
    return toIdentity(keyPem, certPem, keyPath, certPath);
}

QByteArray certificateFingerprint(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return certificate.digest(QCryptographicHash::Sha256);
}

QString formatFingerprint(const QByteArray &sha256)
{
    return QStringLiteral("SHA256:") + QString::fromLatin1(sha256.toHex(':').toUpper());
}

}  // namespace st
