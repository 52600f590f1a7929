// SPDX-License-Identifier: GPL-3.0-or-later
// Identity: creation, reload, file modes, refusal of loose/corrupt/mismatched files.
#include <catch2/catch.hpp>

#include "support/TestTree.h"
#include "net/Identity.h"
#include "util/Sha256.h"

#include <QDateTime>
#include <QFile>
#include <QSslCertificateExtension>

#include <openssl/x509.h>

#include <sys/stat.h>

using namespace st;

namespace {

QString qpath(const QByteArray &p)
{
    return QFile::decodeName(p);
}

mode_t modeOf(const QByteArray &path)
{
    struct stat st {};
    REQUIRE(::lstat(path.constData(), &st) == 0);
    return st.st_mode & 07777;
}

QByteArray readAll(const QByteArray &path)
{
    QFile f(qpath(path));
    REQUIRE(f.open(QIODevice::ReadOnly));
    return f.readAll();
}

bool signedByOwnKey(const QSslCertificate &cert)
{
    const QByteArray der = cert.toDer();
    const unsigned char *p = reinterpret_cast<const unsigned char *>(der.constData());
    X509 *x = d2i_X509(nullptr, &p, long(der.size()));
    if (!x)
        return false;
    const bool ok = X509_verify(x, X509_get0_pubkey(x)) == 1;
    X509_free(x);
    return ok;
}

/** Restores the umask when the test ends. */
struct UmaskGuard {
    explicit UmaskGuard(mode_t m) : old(::umask(m)) {}
    ~UmaskGuard() { ::umask(old); }
    mode_t old;
};

}  // namespace

TEST_CASE("Identity is created once and reloaded identical", "[identity]")
{
    test::ScratchDir dir("identity");
    const QString state = qpath(dir / "state");

    auto first = Identity::loadOrCreate(state, QStringLiteral("node-a.example"));
    INFO((first ? QString() : first.error().message).toStdString());
    REQUIRE(first.ok());
    REQUIRE(first->fingerprint().size() == 32);
    REQUIRE(!first->privateKey.isNull());
    CHECK(first->privateKey.algorithm() == QSsl::Ec);
    CHECK(first->privateKey.type() == QSsl::PrivateKey);
    CHECK(first->privateKey.length() == 256);
    const QByteArray keyFile = readAll(dir / "state/identity.key.pem");
    const QByteArray certFile = readAll(dir / "state/identity.crt.pem");

    auto second = Identity::loadOrCreate(state, QStringLiteral("node-a.example"));
    REQUIRE(second.ok());
    CHECK(second->fingerprint() == first->fingerprint());
    CHECK(second->certificate == first->certificate);
    CHECK(second->privateKey.toDer() == first->privateKey.toDer());
    // Loading did not rewrite anything.
    CHECK(readAll(dir / "state/identity.key.pem") == keyFile);
    CHECK(readAll(dir / "state/identity.crt.pem") == certFile);

    // A different directory gives a different identity.
    auto other = Identity::loadOrCreate(qpath(dir / "other"), QStringLiteral("node-a.example"));
    REQUIRE(other.ok());
    CHECK(other->fingerprint() != first->fingerprint());
}

TEST_CASE("Identity certificate contents", "[identity]")
{
    test::ScratchDir dir("identity");
    auto id = Identity::loadOrCreate(qpath(dir / "state"), QStringLiteral("node-b"));
    REQUIRE(id.ok());
    const QSslCertificate &cert = id->certificate;

    // Signed by its own key. (QSslCertificate::isSelfSigned() is false on purpose: OpenSSL's
    // X509_check_issued() wants keyCertSign, which RFC 5280 forbids without CA:TRUE.)
    CHECK(signedByOwnKey(cert));
    CHECK(cert.issuerDisplayName() == cert.subjectDisplayName());
    CHECK(cert.version() == QByteArrayLiteral("3"));
    CHECK(cert.subjectInfo(QSslCertificate::CommonName) == QStringList{QStringLiteral("node-b")});
    CHECK(cert.subjectInfo(QSslCertificate::Organization) == QStringList{QStringLiteral("ServerTwin")});
    CHECK(cert.issuerInfo(QSslCertificate::CommonName) == QStringList{QStringLiteral("node-b")});
    CHECK(cert.subjectAlternativeNames().values(QSsl::DnsEntry) == QList<QString>{QStringLiteral("node-b")});
    CHECK(cert.publicKey().algorithm() == QSsl::Ec);
    CHECK(cert.publicKey().length() == 256);

    // 128-bit serial: 16 bytes shown as colon-separated hex.
    CHECK(cert.serialNumber().split(':').size() == 16);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    CHECK(cert.effectiveDate() <= now.addSecs(-23 * 3600));
    CHECK(cert.effectiveDate() >= now.addSecs(-25 * 3600));
    CHECK(cert.expiryDate() >= now.addYears(20).addDays(-2));
    CHECK(cert.expiryDate() <= now.addYears(20).addDays(2));

    QStringList extensionNames;
    for (const QSslCertificateExtension &ext : cert.extensions()) {
        extensionNames << ext.name();
        if (ext.name() == QStringLiteral("basicConstraints")) {
            CHECK(ext.isCritical());
            CHECK(ext.value().toMap().value(QStringLiteral("ca")).toBool() == false);
        }
        if (ext.name() == QStringLiteral("keyUsage")) {
            CHECK(ext.isCritical());
            CHECK(ext.value().toStringList() == QStringList{QStringLiteral("Digital Signature")});
        }
        if (ext.name() == QStringLiteral("extendedKeyUsage")) {
            const QStringList usages = ext.value().toStringList();
            CHECK(usages.contains(QStringLiteral("TLS Web Server Authentication")));
            CHECK(usages.contains(QStringLiteral("TLS Web Client Authentication")));
        }
    }
    INFO(extensionNames.join(QLatin1Char(',')).toStdString());
    CHECK(extensionNames.contains(QStringLiteral("basicConstraints")));
    CHECK(extensionNames.contains(QStringLiteral("keyUsage")));
    CHECK(extensionNames.contains(QStringLiteral("extendedKeyUsage")));
    CHECK(extensionNames.contains(QStringLiteral("subjectAltName")));

    // A name that is not a DNS name gets no subjectAltName but still works.
    auto spaced = Identity::loadOrCreate(qpath(dir / "spaced"), QStringLiteral("my server"));
    REQUIRE(spaced.ok());
    CHECK(spaced->certificate.subjectInfo(QSslCertificate::CommonName) == QStringList{QStringLiteral("my server")});
    CHECK(spaced->certificate.subjectAlternativeNames().isEmpty());
}

TEST_CASE("Identity files have private modes regardless of umask", "[identity]")
{
    test::ScratchDir dir("identity");
    UmaskGuard permissive(0);
    auto id = Identity::loadOrCreate(qpath(dir / "nested/state"), QStringLiteral("node-a"));
    REQUIRE(id.ok());
    CHECK(modeOf(dir / "nested/state") == 0700);
    CHECK(modeOf(dir / "nested/state/identity.key.pem") == 0600);
    CHECK((modeOf(dir / "nested/state/identity.crt.pem") & 022) == 0);
}

TEST_CASE("Identity refuses a key file readable by group or others", "[identity]")
{
    test::ScratchDir dir("identity");
    const QString state = qpath(dir / "state");
    REQUIRE(Identity::loadOrCreate(state, QStringLiteral("node-a")).ok());
    const QByteArray key = dir / "state/identity.key.pem";

    for (mode_t loose : {mode_t(0640), mode_t(0604), mode_t(0660), mode_t(0610)}) {
        REQUIRE(::chmod(key.constData(), loose) == 0);
        auto loaded = Identity::loadOrCreate(state, QStringLiteral("node-a"));
        REQUIRE(!loaded.ok());
        INFO(loaded.error().message.toStdString());
        CHECK(loaded.error().code == ErrorCode::Permission);
        CHECK(loaded.error().message.contains(qpath(key)));
        CHECK(loaded.error().message.contains(QStringLiteral("chmod 600")));
    }
    REQUIRE(::chmod(key.constData(), 0600) == 0);
    CHECK(Identity::loadOrCreate(state, QStringLiteral("node-a")).ok());
    REQUIRE(::chmod(key.constData(), 0400) == 0);
    CHECK(Identity::loadOrCreate(state, QStringLiteral("node-a")).ok());
}

TEST_CASE("Identity refuses corrupt key or certificate files", "[identity]")
{
    test::ScratchDir dir("identity");
    const QString state = qpath(dir / "state");
    REQUIRE(Identity::loadOrCreate(state, QStringLiteral("node-a")).ok());
    const QByteArray key = dir / "state/identity.key.pem";
    const QByteArray cert = dir / "state/identity.crt.pem";
    const QByteArray goodKey = readAll(key);

    SECTION("garbage key")
    {
        const QByteArray garbage =
            QByteArrayLiteral("-----BEGIN PRIVATE KEY-----\nnot base64 !!\n-----END PRIVATE KEY-----\n");
        test::writeFile(key, garbage, 0600);
        auto loaded = Identity::loadOrCreate(state, QStringLiteral("node-a"));
        REQUIRE(!loaded.ok());
        INFO(loaded.error().message.toStdString());
        CHECK(loaded.error().message.contains(qpath(key)));
        CHECK(readAll(key) == garbage);  // never silently replaced by a new identity
    }
    SECTION("truncated key")
    {
        test::writeFile(key, goodKey.left(goodKey.size() / 2), 0600);
        auto loaded = Identity::loadOrCreate(state, QStringLiteral("node-a"));
        REQUIRE(!loaded.ok());
        CHECK(loaded.error().message.contains(qpath(key)));
    }
    SECTION("empty key")
    {
        test::writeFile(key, QByteArray(), 0600);
        auto loaded = Identity::loadOrCreate(state, QStringLiteral("node-a"));
        REQUIRE(!loaded.ok());
        CHECK(loaded.error().message.contains(qpath(key)));
    }
    SECTION("garbage certificate")
    {
        test::writeFile(cert, QByteArrayLiteral("hello\n"), 0644);
        auto loaded = Identity::loadOrCreate(state, QStringLiteral("node-a"));
        REQUIRE(!loaded.ok());
        INFO(loaded.error().message.toStdString());
        CHECK(loaded.error().message.contains(qpath(cert)));
    }
    SECTION("key is a symlink")
    {
        test::writeFile(dir / "elsewhere.pem", goodKey, 0600);
        REQUIRE(::unlink(key.constData()) == 0);
        REQUIRE(::symlink((dir / "elsewhere.pem").constData(), key.constData()) == 0);
        auto loaded = Identity::loadOrCreate(state, QStringLiteral("node-a"));
        REQUIRE(!loaded.ok());
        CHECK(loaded.error().message.contains(qpath(key)));
    }
}

TEST_CASE("Identity refuses a key that does not match the certificate", "[identity]")
{
    test::ScratchDir dir("identity");
    REQUIRE(Identity::loadOrCreate(qpath(dir / "a"), QStringLiteral("node-a")).ok());
    REQUIRE(Identity::loadOrCreate(qpath(dir / "b"), QStringLiteral("node-b")).ok());
    test::writeFile(dir / "a/identity.key.pem", readAll(dir / "b/identity.key.pem"), 0600);

    auto loaded = Identity::loadOrCreate(qpath(dir / "a"), QStringLiteral("node-a"));
    REQUIRE(!loaded.ok());
    INFO(loaded.error().message.toStdString());
    CHECK(loaded.error().code == ErrorCode::Tls);
    CHECK(loaded.error().message.contains(QStringLiteral("does not match")));
    CHECK(loaded.error().message.contains(qpath(dir / "a/identity.key.pem")));
}

TEST_CASE("Identity with only one of its two files", "[identity]")
{
    test::ScratchDir dir("identity");
    const QString state = qpath(dir / "state");
    auto first = Identity::loadOrCreate(state, QStringLiteral("node-a"));
    REQUIRE(first.ok());

    SECTION("certificate without key is refused")
    {
        REQUIRE(::unlink((dir / "state/identity.key.pem").constData()) == 0);
        auto loaded = Identity::loadOrCreate(state, QStringLiteral("node-a"));
        REQUIRE(!loaded.ok());
        CHECK(loaded.error().message.contains(qpath(dir / "state/identity.key.pem")));
    }
    SECTION("key without certificate gets a new certificate for the same key")
    {
        REQUIRE(::unlink((dir / "state/identity.crt.pem").constData()) == 0);
        auto loaded = Identity::loadOrCreate(state, QStringLiteral("node-a"));
        REQUIRE(loaded.ok());
        CHECK(loaded->privateKey.toDer() == first->privateKey.toDer());
        CHECK(loaded->certificate.publicKey() == first->certificate.publicKey());
        CHECK(loaded->fingerprint() != first->fingerprint());  // new serial, new dates
    }
}

TEST_CASE("Identity rejects an unusable common name", "[identity]")
{
    test::ScratchDir dir("identity");
    CHECK(!Identity::loadOrCreate(qpath(dir / "s"), QString()).ok());
    CHECK(!Identity::loadOrCreate(qpath(dir / "s"), QString(65, QLatin1Char('a'))).ok());
}

TEST_CASE("Fingerprints are SHA-256 of the DER and format as SHA256:AB:CD", "[identity]")
{
    test::ScratchDir dir("identity");
    auto id = Identity::loadOrCreate(qpath(dir / "state"), QStringLiteral("node-a"));
    REQUIRE(id.ok());
    CHECK(certificateFingerprint(id->certificate) == Sha256::of(id->certificate.toDer()));
    CHECK(certificateFingerprint(QSslCertificate()).isEmpty());

    QByteArray bytes;
    for (int i = 0; i < 32; ++i)
        bytes.append(char(0xe0 + i));
    const QString text = formatFingerprint(bytes);
    CHECK(text.size() == 7 + 32 * 3 - 1);
    CHECK(text.startsWith(QStringLiteral("SHA256:E0:E1:E2:")));
    CHECK(text.endsWith(QStringLiteral(":FD:FE:FF")));
    CHECK(text == text.toUpper());
}
