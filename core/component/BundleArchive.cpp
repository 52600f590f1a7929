// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/BundleArchive.h"

#include "util/UniqueFd.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace st {

namespace {

struct ArchiveFree {
    void operator()(archive *a) const { archive_read_free(a); }
};

Error refused(const QString &archive, const QString &why)
{
    return Error{ErrorCode::Verify, QStringLiteral("component bundle %1: %2").arg(archive, why), {}};
}

/** Opens (creating) the directories of @p parts beneath @p rootFd, never through a symlink. */
Result<UniqueFd> directoryBeneath(int rootFd, const QList<QByteArray> &parts)
{
    UniqueFd dir(::dup(rootFd));
    for (const QByteArray &part : parts) {
        if (::mkdirat(dir.get(), part.constData(), 0755) != 0 && errno != EEXIST)
            return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(QString::fromUtf8(part), QString::fromLocal8Bit(strerror(errno))));
        const int fd = ::openat(dir.get(), part.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            return makeError(ErrorCode::Verify, QStringLiteral("%1 is not a directory").arg(QString::fromUtf8(part)));
        dir = UniqueFd(fd);
    }
    return dir;
}

}  // namespace

Status unpackBundleArchive(const QString &archivePath, const QString &intoDir)
{
    std::unique_ptr<archive, ArchiveFree> a(archive_read_new());
    archive_read_support_filter_all(a.get());
    archive_read_support_format_tar(a.get());
    archive_read_support_format_gnutar(a.get());
    if (archive_read_open_filename(a.get(), QFile::encodeName(archivePath).constData(), 1 << 16) != ARCHIVE_OK)
        return refused(archivePath, QStringLiteral("not a readable tar archive (%1)").arg(QString::fromLocal8Bit(archive_error_string(a.get()))));
    const UniqueFd root(::open(QFile::encodeName(intoDir).constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!root.valid())
        return makeError(ErrorCode::Io, QStringLiteral("cannot open %1").arg(intoDir));
    qsizetype entries = 0;
    qint64 total = 0;
    archive_entry *entry = nullptr;
    int r = ARCHIVE_OK;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    while ((r = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
        if (++entries > kMaxBundleEntries)
            return refused(archivePath, QStringLiteral("more than %1 entries").arg(kMaxBundleEntries));
        QByteArray name = archive_entry_pathname(entry);
        while (name.startsWith("./"))
            name = name.mid(2);
        while (name.endsWith('/'))
            name.chop(1);
        if (name.isEmpty() || name == ".")
            continue;  // the archive's own top directory
        QList<QByteArray> parts = name.split('/');
        if (name.startsWith('/') || parts.contains("..") || parts.contains(".") || parts.contains(QByteArray()))
            return refused(archivePath, QStringLiteral("the entry \"%1\" is not a relative path of plain names").arg(QString::fromUtf8(name.left(200))));
        const mode_t type = archive_entry_filetype(entry);
        if (archive_entry_hardlink(entry) || (type != AE_IFREG && type != AE_IFDIR))
            return refused(archivePath, QStringLiteral("the entry \"%1\" is not a plain file or directory (a bundle holds no links or devices)").arg(QString::fromUtf8(name.left(200))));
        if (type == AE_IFDIR) {
            if (Result<UniqueFd> d = directoryBeneath(root.get(), parts); !d)
                return d.error().withContext(QStringLiteral("component bundle %1").arg(archivePath));
            continue;
        }
        const QByteArray file = parts.takeLast();
        Result<UniqueFd> parent = directoryBeneath(root.get(), parts);
        if (!parent)
            return parent.error().withContext(QStringLiteral("component bundle %1").arg(archivePath));
        const int fd = ::openat(parent->get(), file.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
            return refused(archivePath, QStringLiteral("the entry \"%1\" cannot be created (listed twice?): %2").arg(QString::fromUtf8(name.left(200)), QString::fromLocal8Bit(strerror(errno))));
        const UniqueFd out(fd);
        for (;;) {
            const la_ssize_t n = archive_read_data(a.get(), buffer.data(), size_t(buffer.size()));
            if (n == 0)
                break;
            if (n < 0)
                return refused(archivePath, QStringLiteral("cannot read \"%1\": %2").arg(QString::fromUtf8(name.left(200)), QString::fromLocal8Bit(archive_error_string(a.get()))));
            total += n;
            if (total > kMaxBundleBytes)
                return refused(archivePath, QStringLiteral("more than %1 GiB unpacked").arg(kMaxBundleBytes >> 30));
            for (la_ssize_t done = 0; done < n;) {
                const ssize_t w = ::write(fd, buffer.constData() + done, size_t(n - done));
                if (w < 0 && errno == EINTR)
                    continue;
                if (w < 0)
                    return makeError(ErrorCode::Io, QStringLiteral("cannot unpack %1: %2").arg(QString::fromUtf8(name.left(200)), QString::fromLocal8Bit(strerror(errno))));
                done += w;
            }
        }
    }
    if (r != ARCHIVE_EOF)
        return refused(archivePath, QStringLiteral("a damaged archive (%1)").arg(QString::fromLocal8Bit(archive_error_string(a.get()))));
    return {};
}

Result<VerifiedBundle> openBundlePath(const QString &path, const TrustedKeys &trusted, QTemporaryDir &scratch)
{
    if (QFileInfo(path).isDir())
        return openBundle(path, trusted);
    if (!QFileInfo(path).isFile())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("component bundle %1: no such directory or archive").arg(path));
    if (!scratch.isValid())
        return makeError(ErrorCode::Io, QStringLiteral("cannot unpack %1: no scratch directory").arg(path));
    const QString into = QDir(scratch.path()).filePath(QFileInfo(path).fileName() + QStringLiteral(".d"));
    if (!QDir().mkpath(into))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1").arg(into));
    if (Status s = unpackBundleArchive(path, into); !s)
        return s.error();
    return openBundle(into, trusted);
}

}  // namespace st
