// SPDX-License-Identifier: GPL-3.0-or-later
// Component bundles on real scratch directories: packed and signed with a fresh Ed25519 key,
// opened only with a trusted key; unsigned, wrongly signed, altered (manifest, a file, a file
// added, a symlink) bundles are refused in one line and nothing of them is used.
#include "component/BundleArchive.h"
#include "component/ComponentBundle.h"
#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <unistd.h>

using namespace st;
using namespace st::test;

namespace {

QString q(const QByteArray &path)
{
    return QString::fromLocal8Bit(path);
}

/** A P-256 public key in PEM (the kind of the agent's TLS identity). */
QByteArray ecPublicKeyPem()
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    REQUIRE(key);
    BIO *bio = BIO_new(BIO_s_mem());
    REQUIRE(PEM_write_bio_PUBKEY(bio, key) == 1);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    const QByteArray pem(data, static_cast<qsizetype>(size));
    BIO_free(bio);
    EVP_PKEY_free(key);
    return pem;
}

QByteArray readAll(const QByteArray &path)
{
    QFile f(q(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct Bundle {
    ScratchDir dir{"component-bundle"};
    SigningKeyPair key;
    TrustedKeys trusted;

    Bundle()
    {
        Result<SigningKeyPair> k = generateSigningKey();
        REQUIRE(k);
        key = *k;
        Result<PublicKey> pub = parsePublicKey(key.publicPem);
        REQUIRE(pub);
        trusted.add(*pub);
        writeFile(dir / "b/files/monitor.conf", "interval = 30\n");
        writeFile(dir / "b/scripts/register.sh", "#!/bin/sh\necho registered\n", 0755);
        writeFile(dir / "b/scripts/unregister.sh", "#!/bin/sh\necho unregistered\n", 0755);
        writeFile(dir / "b/manifest.json", R"({
  "id": "site-monitoring", "version": "1.2-1", "description": "The monitoring agent",
  "actions": [
    {"file": "files/monitor.conf", "target": "/etc/monitor.conf", "mode": "0640"},
    {"script": "scripts/register.sh", "undo": "scripts/unregister.sh"}
  ]
})");
        Result<ComponentManifest> packed = packBundle(path(), key.privatePem);
        INFO((packed ? std::string() : packed.error().message.toStdString()));
        REQUIRE(packed);
        REQUIRE(packed->files.size() == 3);
    }
    QString path() const { return q(dir / "b"); }
    QString refusal() const
    {
        const Result<VerifiedBundle> b = openBundle(path(), trusted);
        REQUIRE_FALSE(b.ok());
        CHECK_FALSE(b.error().message.contains(QLatin1Char('\n')));
        CHECK(b.error().message.startsWith(QStringLiteral("component bundle %1: ").arg(path())));
        return b.error().message;
    }
};

}  // namespace

TEST_CASE("component bundle: packed, signed, and opened with a trusted key")
{
    Bundle b;
    const Result<VerifiedBundle> opened = openBundle(b.path(), b.trusted);
    INFO((opened ? std::string() : opened.error().message.toStdString()));
    REQUIRE(opened);
    CHECK(opened->manifest.id == QStringLiteral("site-monitoring"));
    CHECK(opened->signer == parsePublicKey(b.key.publicPem)->fingerprint());
    CHECK(opened->signer.startsWith(QStringLiteral("SHA256:")));
    CHECK(opened->manifestBytes == readAll(b.dir / "b/manifest.json"));
    CHECK(opened->manifest.file(QStringLiteral("files/monitor.conf"))->size == 14);
    CHECK(readAll(b.dir / "b/manifest.sig").size() == 64);

    // Packing again after a change signs the new content.
    writeFile(b.dir / "b/files/monitor.conf", "interval = 60\n");
    REQUIRE(packBundle(b.path(), b.key.privatePem));
    CHECK(openBundle(b.path(), b.trusted).ok());
}

TEST_CASE("component bundle: unsigned, signed by an untrusted key, or with nothing trusted: refused")
{
    Bundle b;
    Result<SigningKeyPair> other = generateSigningKey();
    REQUIRE(other);
    TrustedKeys otherTrust;
    otherTrust.add(*parsePublicKey(other->publicPem));
    const Result<VerifiedBundle> untrusted = openBundle(b.path(), otherTrust);
    REQUIRE_FALSE(untrusted.ok());
    CHECK(untrusted.error().message.contains(QStringLiteral("signed by %1, which is not a trusted key").arg(parsePublicKey(b.key.publicPem)->fingerprint())));
    CHECK_FALSE(openBundle(b.path(), TrustedKeys{}).ok());

    // Re-signed by another key that also put its own signer.pub: still not trusted.
    REQUIRE(packBundle(b.path(), other->privatePem));
    CHECK(b.refusal().contains(QStringLiteral("which is not a trusted key")));

    REQUIRE(packBundle(b.path(), b.key.privatePem));
    REQUIRE(QFile::remove(q(b.dir / "b/manifest.sig")));
    CHECK(b.refusal().contains(QStringLiteral("unsigned")));
    writeFile(b.dir / "b/manifest.sig", QByteArray(64, 'x'));
    CHECK(b.refusal().contains(QStringLiteral("does not verify")));
    writeFile(b.dir / "b/manifest.sig", QByteArray(65, 'x'));
    CHECK(b.refusal().contains(QStringLiteral("larger than 64 bytes")));
}

TEST_CASE("component bundle: an altered manifest, file, an added file or a symlink is refused")
{
    Bundle b;
    const QByteArray manifest = readAll(b.dir / "b/manifest.json");
    SECTION("the manifest")
    {
        QByteArray altered = manifest;
        altered.replace("/etc/monitor.conf", "/etc/shadow.conf!");
        writeFile(b.dir / "b/manifest.json", altered);
        CHECK(b.refusal().contains(QStringLiteral("does not verify")));
    }
    SECTION("a file")
    {
        writeFile(b.dir / "b/scripts/register.sh", "#!/bin/sh\nrm -rf /\n", 0755);
        CHECK(b.refusal().contains(QStringLiteral("scripts/register.sh does not match the signed manifest")));
    }
    SECTION("a file added")
    {
        writeFile(b.dir / "b/scripts/extra.sh", "#!/bin/sh\n");
        CHECK(b.refusal().contains(QStringLiteral("scripts/extra.sh is not in the signed manifest")));
    }
    SECTION("a file replaced by a symlink")
    {
        REQUIRE(QFile::remove(q(b.dir / "b/files/monitor.conf")));
        REQUIRE(::symlink("/etc/passwd", (b.dir / "b/files/monitor.conf").constData()) == 0);
        CHECK(b.refusal().contains(QStringLiteral("symbolic link")));
    }
    SECTION("a file missing")
    {
        REQUIRE(QFile::remove(q(b.dir / "b/files/monitor.conf")));
        CHECK(b.refusal().contains(QStringLiteral("files/monitor.conf is missing")));
    }
    SECTION("not a bundle")
    {
        REQUIRE(QFile::remove(q(b.dir / "b/manifest.json")));
        CHECK(b.refusal().contains(QStringLiteral("no manifest.json")));
    }
}

TEST_CASE("component keys: PEM round trip, fingerprints, and other key types refused")
{
    Result<SigningKeyPair> k = generateSigningKey();
    REQUIRE(k);
    CHECK(k->privatePem.startsWith("-----BEGIN PRIVATE KEY-----"));
    Result<QByteArray> pub = publicKeyOf(k->privatePem);
    REQUIRE(pub);
    CHECK(*pub == k->publicPem);
    Result<QByteArray> sig = signDetached(k->privatePem, "message");
    REQUIRE(sig);
    const PublicKey key = *parsePublicKey(k->publicPem);
    CHECK(verifyDetached(key, "message", *sig));
    CHECK_FALSE(verifyDetached(key, "messagE", *sig));
    CHECK(key.fingerprint().size() == 7 + 64);
    CHECK_FALSE(parsePublicKey("not a key").ok());
    CHECK_FALSE(signDetached(k->publicPem, "m").ok());  // a public key cannot sign

    // An EC key (as the agent's TLS identity) is no component key.
    const QByteArray ec = ecPublicKeyPem();
    const Result<PublicKey> notEd = parsePublicKey(ec);
    REQUIRE_FALSE(notEd.ok());
    CHECK(notEd.error().message == QStringLiteral("not an Ed25519 public key"));

    ScratchDir dir("component-keys");
    writeFile(dir / "keys/a.pub", k->publicPem);
    writeFile(dir / "keys/b.pub", ec);
    TrustedKeys trusted;
    const Status loaded = trusted.load(q(dir / "keys"));
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().message.contains(QStringLiteral("b.pub is not an Ed25519 public key")));
    REQUIRE(QFile::remove(q(dir / "keys/b.pub")));
    TrustedKeys good;
    REQUIRE(good.load(q(dir / "keys")));
    CHECK(good.keys().size() == 1);
}

TEST_CASE("component bundle archive: a tar (compressed or not) unpacks and verifies like its directory, and links, climbing or absolute names are refused")
{
    ScratchDir dir("bundle-archive");
    const SigningKeyPair key = *generateSigningKey();
    TrustedKeys trusted;
    trusted.add(*parsePublicKey(key.publicPem));
    writeFile(dir / "b/files/a.conf", "a = 1\n");
    writeFile(dir / "b/manifest.json", R"({"id": "archived", "version": "1.0", "description": "From an archive",
        "actions": [{"file": "files/a.conf", "target": "/etc/a.conf"}]})");
    REQUIRE(packBundle(QString::fromLocal8Bit(dir / "b"), key.privatePem));
    const auto tar = [&](const QStringList &args) {
        QProcess p;
        p.start(QStringLiteral("tar"), args);
        REQUIRE(p.waitForFinished(30000));
        INFO(p.readAllStandardError().toStdString());
        REQUIRE(p.exitCode() == 0);
    };
    for (const char *name : {"b.tar", "b.tar.gz", "b.tar.zst"}) {
        const QString archive = QString::fromLocal8Bit(dir / name);
        tar({QStringLiteral("--auto-compress"), QStringLiteral("-C"), QString::fromLocal8Bit(dir / "b"), QStringLiteral("-cf"), archive, QStringLiteral(".")});
        QTemporaryDir scratch;
        Result<VerifiedBundle> b = openBundlePath(archive, trusted, scratch);
        INFO(name << ": " << (b ? std::string() : b.error().message.toStdString()));
        REQUIRE(b);
        CHECK(b->manifest.id == QStringLiteral("archived"));
        CHECK(b->dir.startsWith(scratch.path()));
    }

    // A symbolic link in the archive: refused, nothing written through it.
    writeFile(dir / "outside/keep", "keep\n");
    REQUIRE(QDir().mkpath(QString::fromLocal8Bit(dir / "evil")));
    REQUIRE(QFile::link(QString::fromLocal8Bit(dir / "outside"), QString::fromLocal8Bit(dir / "evil/files")));
    tar({QStringLiteral("-C"), QString::fromLocal8Bit(dir / "evil"), QStringLiteral("-cf"), QString::fromLocal8Bit(dir / "evil.tar"), QStringLiteral(".")});
    QTemporaryDir scratch;
    Result<VerifiedBundle> link = openBundlePath(QString::fromLocal8Bit(dir / "evil.tar"), trusted, scratch);
    REQUIRE_FALSE(link);
    CHECK(link.error().message.contains(QStringLiteral("is not a plain file or directory")));
    // A climbing name ("../x") and an absolute one (written with -P).
    tar({QStringLiteral("-C"), QString::fromLocal8Bit(dir / "b"), QStringLiteral("-cf"), QString::fromLocal8Bit(dir / "climb.tar"),
         QStringLiteral("--transform=s,^\\./files,../escaped,"), QStringLiteral(".")});
    Result<VerifiedBundle> climb = openBundlePath(QString::fromLocal8Bit(dir / "climb.tar"), trusted, scratch);
    REQUIRE_FALSE(climb);
    CHECK(climb.error().message.contains(QStringLiteral("is not a relative path of plain names")));
    CHECK_FALSE(QFile::exists(scratch.path() + QStringLiteral("/escaped")));
    tar({QStringLiteral("-P"), QStringLiteral("-cf"), QString::fromLocal8Bit(dir / "absolute.tar"), QString::fromLocal8Bit(dir / "outside/keep")});
    Result<VerifiedBundle> absolute = openBundlePath(QString::fromLocal8Bit(dir / "absolute.tar"), trusted, scratch);
    REQUIRE_FALSE(absolute);
    CHECK(absolute.error().message.contains(QStringLiteral("is not a relative path of plain names")));
    // Not an archive at all.
    writeFile(dir / "junk.tar", QByteArray(3000, 'j'));
    Result<VerifiedBundle> junk = openBundlePath(QString::fromLocal8Bit(dir / "junk.tar"), trusted, scratch);
    REQUIRE_FALSE(junk);
    CHECK(junk.error().message.contains(QStringLiteral("not a readable tar archive")));
    CHECK_FALSE(junk.error().message.contains(QLatin1Char('\n')));
}
