// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/ComponentBundle.h"

#include "util/SafeFs.h"
#include "util/Sha256.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace st {

namespace {

const QString kManifest = QStringLiteral("manifest.json");
const QString kSignature = QStringLiteral("manifest.sig");
const QString kSigner = QStringLiteral("signer.pub");

Error refused(const QString &dir, const QString &why)
{
    return Error{ErrorCode::Verify, QStringLiteral("component bundle %1: %2").arg(dir, why), {}};
}

/** Reads at most @p limit bytes of @p rel beneath @p dirFd; more is an error. */
Result<QByteArray> readBounded(int dirFd, const QString &rel, qint64 limit)
{
    Result<UniqueFd> fd = openBeneath(dirFd, QFile::encodeName(rel), O_RDONLY | O_CLOEXEC);
    if (!fd)
        return fd.error();
    QByteArray out;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd->get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return makeError(ErrorCode::Io, QStringLiteral("cannot read %1").arg(rel));
        if (n == 0)
            return out;
        if (out.size() + n > limit)
            return makeError(ErrorCode::Verify, QStringLiteral("%1 is larger than %2 bytes").arg(rel).arg(limit));
        out.append(buffer, n);
    }
}

struct Digest {
    qint64 size = 0;
    QByteArray sha256;
};

/** Size and SHA-256 of the regular file @p rel beneath @p dirFd (no symlink on the way). */
Result<Digest> digestOf(int dirFd, const QString &rel)
{
    Result<UniqueFd> fd = openBeneath(dirFd, QFile::encodeName(rel), O_RDONLY | O_CLOEXEC);
    if (!fd)
        return fd.error();
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0 || !S_ISREG(st.st_mode))
        return makeError(ErrorCode::Verify, QStringLiteral("%1 is not a regular file").arg(rel));
    Sha256 hash;
    Digest d;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        const ssize_t n = ::read(fd->get(), buffer.data(), static_cast<size_t>(buffer.size()));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return makeError(ErrorCode::Io, QStringLiteral("cannot read %1").arg(rel));
        if (n == 0)
            break;
        hash.add(buffer.constData(), static_cast<size_t>(n));
        d.size += n;
        if (d.size > ComponentManifest::kMaxFileBytes)
            return makeError(ErrorCode::Verify, QStringLiteral("%1 is larger than %2 bytes").arg(rel).arg(ComponentManifest::kMaxFileBytes));
    }
    d.sha256 = hash.finish();
    return d;
}

/** Every entry below @p dir, relative; a symlink or a non-regular file refuses the bundle. */
Result<QStringList> listFiles(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    const QString base = QDir(dir).absolutePath() + QLatin1Char('/');
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        const QString rel = QFileInfo(path).absoluteFilePath().mid(base.size());
        if (info.isSymLink())
            return makeError(ErrorCode::Hostile, QStringLiteral("%1 is a symbolic link (a bundle holds plain files only)").arg(rel));
        if (info.isDir())
            continue;
        if (!info.isFile())
            return makeError(ErrorCode::Hostile, QStringLiteral("%1 is not a plain file").arg(rel));
        if (files.size() > ComponentManifest::kMaxFiles + 3)
            return makeError(ErrorCode::Verify, QStringLiteral("more than %1 files").arg(ComponentManifest::kMaxFiles));
        files << rel;
    }
    files.sort();
    return files;
}

}  // namespace

Result<VerifiedBundle> openBundle(const QString &dir, const TrustedKeys &trusted)
{
    const int raw = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (raw < 0)
        return refused(dir, QStringLiteral("cannot open it: %1").arg(QString::fromLocal8Bit(strerror(errno))));
    const UniqueFd dirFd(raw);
    Result<QByteArray> manifest = readBounded(dirFd.get(), kManifest, ComponentManifest::kMaxBytes);
    if (!manifest)
        return refused(dir, isNotFound(manifest.error()) ? QStringLiteral("no manifest.json: not a component bundle") : manifest.error().message);
    Result<QByteArray> signature = readBounded(dirFd.get(), kSignature, 64);
    if (!signature)
        return refused(dir, isNotFound(signature.error()) ? QStringLiteral("unsigned (no manifest.sig)") : signature.error().message);
    const PublicKey *signer = trusted.signer(*manifest, *signature);
    if (!signer) {
        // Say whose signature it is when the bundle's own key verifies it: then only trust is missing.
        if (Result<QByteArray> pem = readBounded(dirFd.get(), kSigner, 16 * 1024); pem)
            if (Result<PublicKey> key = parsePublicKey(*pem); key && verifyDetached(*key, *manifest, *signature))
                return refused(dir, QStringLiteral("signed by %1, which is not a trusted key").arg(key->fingerprint()));
        return refused(dir, QStringLiteral("the signature does not verify with any trusted key (the manifest was altered, or another key signed it)"));
    }
    Result<ComponentManifest> parsed = ComponentManifest::parse(*manifest);
    if (!parsed)
        return refused(dir, parsed.error().message);

    Result<QStringList> present = listFiles(dir);
    if (!present)
        return refused(dir, present.error().message);
    const QSet<QString> own{kManifest, kSignature, kSigner};
    for (const QString &rel : *present)
        if (!own.contains(rel) && !parsed->file(rel))
            return refused(dir, QStringLiteral("%1 is not in the signed manifest (the bundle was altered)").arg(rel));
    for (const BundleFile &f : parsed->files) {
        Result<Digest> d = digestOf(dirFd.get(), f.path);
        if (!d)
            return refused(dir, isNotFound(d.error()) ? QStringLiteral("%1 is missing").arg(f.path) : d.error().message);
        if (d->size != f.size || d->sha256 != f.sha256)
            return refused(dir, QStringLiteral("%1 does not match the signed manifest (the bundle was altered)").arg(f.path));
    }
    return VerifiedBundle{QDir(dir).absolutePath(), *manifest, *parsed, signer->fingerprint()};
}

Result<ComponentManifest> packBundle(const QString &dir, const QByteArray &privatePem)
{
    QFile author(QDir(dir).filePath(kManifest));
    if (!author.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1 has no manifest.json to pack").arg(dir));
    const QByteArray authored = author.read(ComponentManifest::kMaxBytes + 1);
    author.close();
    QJsonObject o = QJsonDocument::fromJson(authored).object();
    if (o.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1/manifest.json is not a JSON object").arg(dir));
    Result<QStringList> present = listFiles(dir);
    if (!present)
        return makeError(present.error().code, QStringLiteral("cannot pack %1: %2").arg(dir, present.error().message));
    const UniqueFd dirFd(::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    QJsonArray files;
    for (const QString &rel : *present) {
        if (rel == kManifest || rel == kSignature || rel == kSigner)
            continue;
        Result<Digest> d = digestOf(dirFd.get(), rel);
        if (!d)
            return makeError(d.error().code, QStringLiteral("cannot pack %1: %2").arg(dir, d.error().message));
        files.append(QJsonObject{{QStringLiteral("path"), rel},
                                 {QStringLiteral("size"), static_cast<double>(d->size)},
                                 {QStringLiteral("sha256"), QString::fromLatin1(d->sha256.toHex())}});
    }
    o[QStringLiteral("files")] = files;
    if (!o.contains(QStringLiteral("format")))
        o[QStringLiteral("format")] = ComponentManifest::kFormat;
    Result<ComponentManifest> manifest = ComponentManifest::parse(QJsonDocument(o).toJson(QJsonDocument::Compact));
    if (!manifest)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("cannot pack %1: %2").arg(dir, manifest.error().message));
    const QByteArray bytes = manifest->toJson();
    Result<QByteArray> signature = signDetached(privatePem, bytes);
    if (!signature)
        return signature.error();
    Result<QByteArray> publicPem = publicKeyOf(privatePem);
    if (!publicPem)
        return publicPem.error();
    for (const auto &[name, content] : {std::pair{kManifest, bytes}, std::pair{kSignature, *signature}, std::pair{kSigner, *publicPem}}) {
        QSaveFile out(QDir(dir).filePath(name));
        if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size() || !out.commit())
            return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString()));
    }
    return *manifest;
}

}  // namespace st
