// SPDX-License-Identifier: GPL-3.0-or-later
#include "archive/CloneWriter.h"

#include "archive/SourceWalker.h"
#include "util/RawPath.h"
#include "util/Sha256.h"
#include "util/UniqueFd.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHostInfo>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <clocale>
#include <locale.h>
#include <memory>

namespace st {

namespace {
constexpr size_t kReadBuffer = 1 << 20;
constexpr int kLiveReadAttempts = 4;  // first read + 3 re-reads

struct ArchiveDeleter {
    void operator()(archive *a) const
    {
        if (a)
            archive_write_free(a);
    }
};
struct DiskDeleter {
    void operator()(archive *a) const
    {
        if (a)
            archive_read_free(a);
    }
};
struct EntryDeleter {
    void operator()(archive_entry *e) const
    {
        if (e)
            archive_entry_free(e);
    }
};
struct ResolverDeleter {
    void operator()(archive_entry_linkresolver *r) const
    {
        if (r)
            archive_entry_linkresolver_free(r);
    }
};

bool sameVersion(const struct stat &a, const struct stat &b)
{
    return a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec
        && a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec;
}

EntryType manifestType(mode_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFDIR: return EntryType::Directory;
    case S_IFLNK: return EntryType::Symlink;
    case S_IFIFO: return EntryType::Fifo;
    case S_IFCHR: return EntryType::CharDevice;
    case S_IFBLK: return EntryType::BlockDevice;
    default: return EntryType::File;
    }
}
}  // namespace

struct CloneWriter::Impl {
    const SelectionPlan &plan;
    ZstdCompressSink zstd;
    CloneWriterOptions options;
    CancelToken cancel;
    ProgressCounters *progress;

    std::unique_ptr<archive, ArchiveDeleter> out;
    std::unique_ptr<archive, DiskDeleter> disk;
    std::unique_ptr<archive_entry_linkresolver, ResolverDeleter> resolver;
    Manifest manifest;
    WriteSummary summary;
    Error sinkError;
    bool sinkFailed = false;
    QByteArray buffer;
    Sha256 sha;
    const SourceWalker *walker = nullptr;

    Impl(const SelectionPlan &p, ByteSink &sink, CloneWriterOptions o, CancelToken c, ProgressCounters *pc)
        : plan(p), zstd(sink, o.zstd), options(std::move(o)), cancel(std::move(c)), progress(pc)
    {
        buffer.resize(kReadBuffer);
    }

    static la_ssize_t writeCallback(archive *, void *self, const void *data, size_t len)
    {
        auto *d = static_cast<Impl *>(self);
        if (d->sinkFailed)
            return -1;
        if (Status s = d->zstd.write(static_cast<const char *>(data), len); !s) {
            d->sinkError = s.error();
            d->sinkFailed = true;
            return -1;
        }
        d->summary.tarBytes += static_cast<qint64>(len);
        return static_cast<la_ssize_t>(len);
    }

    Error archiveError(const QString &what, const QByteArray &path)
    {
        if (sinkFailed)
            return sinkError;
        return makeError(ErrorCode::Archive, QStringLiteral("%1 %2: %3")
                                                 .arg(what, displayPath(path), QString::fromLocal8Bit(archive_error_string(out.get()))));
    }

    Status open(bool binaryNames)
    {
        out.reset(archive_write_new());
        disk.reset(archive_read_disk_new());
        resolver.reset(archive_entry_linkresolver_new());
        if (!out || !disk || !resolver)
            return makeError(ErrorCode::Internal, QStringLiteral("out of memory creating the archive writer"));
        archive_entry_linkresolver_set_strategy(resolver.get(), ARCHIVE_FORMAT_TAR_PAX_RESTRICTED);
        archive_read_disk_set_symlink_physical(disk.get());
        if (archive_write_set_format_pax(out.get()) != ARCHIVE_OK
            || (binaryNames && archive_write_set_options(out.get(), "hdrcharset=BINARY") < ARCHIVE_WARN)
            || archive_write_set_bytes_per_block(out.get(), 64 * 1024) != ARCHIVE_OK
            || archive_write_open2(out.get(), this, nullptr, &Impl::writeCallback, nullptr, nullptr) != ARCHIVE_OK)
            return archiveError(QStringLiteral("cannot start the clone stream"), {});
        return {};
    }

    Status readFileData(archive_entry *entry, int fd, const QByteArray &rel, qint64 size, QByteArray &digest)
    {
        sha.reset();
        // Data regions come from the sparse map; a file without one is one region.
        QList<QPair<qint64, qint64>> regions;
        archive_entry_sparse_reset(entry);
        la_int64_t off = 0, len = 0;
        while (archive_entry_sparse_next(entry, &off, &len) == ARCHIVE_OK)
            regions.append({off, len});
        if (regions.isEmpty())
            regions.append({0, size});

        static const QByteArray zeros(64 * 1024, '\0');
        qint64 pos = 0;
        auto emitZeros = [&](qint64 count) -> Status {
            sha.addZeros(static_cast<uint64_t>(count));
            while (count > 0) {
                const qint64 n = std::min<qint64>(count, zeros.size());
                if (archive_write_data(out.get(), zeros.constData(), static_cast<size_t>(n)) < 0)
                    return archiveError(QStringLiteral("cannot write"), rel);
                count -= n;
            }
            return {};
        };
        for (const auto &[start, length] : regions) {
            const qint64 regionStart = std::min(start, size);
            const qint64 regionEnd = std::min(start + length, size);
            if (regionStart > pos) {
                if (Status s = emitZeros(regionStart - pos); !s)
                    return s;
                pos = regionStart;
            }
            while (pos < regionEnd) {
                if (cancel.isCancelled())
                    return makeError(ErrorCode::Cancelled, QStringLiteral("backup cancelled"));
                const size_t want = static_cast<size_t>(std::min<qint64>(buffer.size(), regionEnd - pos));
                const ssize_t n = ::pread(fd, buffer.data(), want, pos);
                if (n < 0) {
                    if (errno == EINTR)
                        continue;
                    return errnoError(errno, QStringLiteral("cannot read %1").arg(displayPath(rel)));
                }
                if (n == 0) {
                    // The file shrank while read: pad so the stream stays consistent; flagged by the caller.
                    if (Status s = emitZeros(regionEnd - pos); !s)
                        return s;
                    pos = regionEnd;
                    break;
                }
                sha.add(buffer.constData(), static_cast<size_t>(n));
                if (archive_write_data(out.get(), buffer.constData(), static_cast<size_t>(n)) < 0)
                    return archiveError(QStringLiteral("cannot write"), rel);
                pos += n;
                if (progress)
                    progress->bytesDone += n;
            }
        }
        if (pos < size) {
            if (Status s = emitZeros(size - pos); !s)
                return s;
        }
        digest = sha.finish();
        return {};
    }

    /**
     * Live read of a small file: read it whole, and again while it changes under us (size,
     * mtime or ctime moved during the read). @p st becomes the stat the content matches; a
     * file that never holds still keeps its last read and is listed as inconsistent.
     */
    Status spoolStable(int fd, const QByteArray &rel, struct stat &st, QByteArray &content, QByteArray &digest)
    {
        for (int attempt = 1;; ++attempt) {
            if (cancel.isCancelled())
                return makeError(ErrorCode::Cancelled, QStringLiteral("backup cancelled"));
            content.resize(static_cast<qsizetype>(st.st_size));
            qint64 got = 0;
            while (got < st.st_size) {
                const ssize_t n = ::pread(fd, content.data() + got, static_cast<size_t>(st.st_size - got), got);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n < 0)
                    return errnoError(errno, QStringLiteral("cannot read %1").arg(displayPath(rel)));
                if (n == 0)
                    break;
                got += n;
            }
            content.truncate(static_cast<qsizetype>(got));
            if (options.afterSpoolRead)
                options.afterSpoolRead(rel);
            struct stat after{};
            if (::fstat(fd, &after) != 0)
                return errnoError(errno, QStringLiteral("cannot stat %1").arg(displayPath(rel)));
            if (sameVersion(st, after) && got == st.st_size)
                break;
            if (attempt >= kLiveReadAttempts) {
                summary.changedWhileRead.append(rel);
                st.st_size = got;  // the header must describe exactly the bytes that follow
                break;
            }
            ++summary.rereads;
            st = after;
        }
        sha.reset();
        sha.add(content.constData(), static_cast<size_t>(content.size()));
        digest = sha.finish();
        if (progress)
            progress->bytesDone += content.size();
        return {};
    }

    /**
     * Live read of a large file: copy it into an unnamed temporary file (holes stay holes),
     * again while it changes under us, like spoolStable(). The copy is what gets streamed.
     */
    Result<UniqueFd> copyStable(int fd, const QByteArray &rel, struct stat &st)
    {
        const QByteArray tmpDir = QFile::encodeName(QDir::tempPath());
        for (int attempt = 1;; ++attempt) {
            UniqueFd tmp(::open(tmpDir.constData(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
            if (!tmp.valid())
                return errnoError(errno, QStringLiteral("cannot create a temporary copy of %1 in %2")
                                             .arg(displayPath(rel), QString::fromLocal8Bit(tmpDir)));
            qint64 pos = 0;
            while (pos < st.st_size) {
                if (cancel.isCancelled())
                    return makeError(ErrorCode::Cancelled, QStringLiteral("backup cancelled"));
                const ssize_t n = ::pread(fd, buffer.data(), static_cast<size_t>(std::min<qint64>(buffer.size(), st.st_size - pos)), pos);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n < 0)
                    return errnoError(errno, QStringLiteral("cannot read %1").arg(displayPath(rel)));
                if (n == 0)
                    break;
                const bool zeros = std::all_of(buffer.constData(), buffer.constData() + n, [](char c) { return c == 0; });
                if (!zeros && ::pwrite(tmp.get(), buffer.constData(), static_cast<size_t>(n), pos) != n)
                    return errnoError(errno, QStringLiteral("cannot write a temporary copy of %1").arg(displayPath(rel)));
                pos += n;
            }
            if (::ftruncate(tmp.get(), pos) != 0)
                return errnoError(errno, QStringLiteral("cannot write a temporary copy of %1").arg(displayPath(rel)));
            if (options.afterSpoolRead)
                options.afterSpoolRead(rel);
            struct stat after{};
            if (::fstat(fd, &after) != 0)
                return errnoError(errno, QStringLiteral("cannot stat %1").arg(displayPath(rel)));
            const bool stable = sameVersion(st, after) && pos == st.st_size;
            if (stable || attempt >= kLiveReadAttempts) {
                if (!stable) {
                    summary.changedWhileRead.append(rel);
                    st.st_size = pos;
                }
                return tmp;
            }
            ++summary.rereads;
            st = after;
        }
    }

    Status writeEntry(const WalkEntry &w)
    {
        if (cancel.isCancelled())
            return makeError(ErrorCode::Cancelled, QStringLiteral("backup cancelled"));
        if (progress)
            progress->setCurrent(w.relPath);
        const QByteArray absolute = walker->sourcePathOf(w.relPath);
        const bool regular = S_ISREG(w.st.st_mode);

        UniqueFd fd;
        struct stat st = w.st;
        if (regular) {
            int f = ::openat(w.parentFd, w.name.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOATIME);
            if (f < 0 && errno == EPERM)
                f = ::openat(w.parentFd, w.name.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            if (f < 0) {
                if (errno == ENOENT) {
                    summary.skipped.append({w.relPath, QStringLiteral("vanished before it was read")});
                    return {};
                }
                return errnoError(errno, QStringLiteral("cannot open %1").arg(displayPath(w.relPath)));
            }
            fd.reset(f);
            if (::fstat(fd.get(), &st) != 0)
                return errnoError(errno, QStringLiteral("cannot stat %1").arg(displayPath(w.relPath)));
            if (!S_ISREG(st.st_mode)) {
                summary.skipped.append({w.relPath, QStringLiteral("changed type while it was read")});
                return {};
            }
        }
        QByteArray spooled, spooledDigest;
        const bool useSpool = regular && options.liveRead && st.st_size <= options.spoolLimit;
        UniqueFd copy;  // large live files: a stable copy in an unnamed temporary file
        if (useSpool) {
            if (Status s = spoolStable(fd.get(), w.relPath, st, spooled, spooledDigest); !s)
                return s;
        } else if (regular && options.liveRead) {
            auto stable = copyStable(fd.get(), w.relPath, st);
            if (!stable)
                return stable.error();
            copy = std::move(*stable);
        }

        {
            std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new2(disk.get()));
            archive_entry_copy_sourcepath(entry.get(), absolute.constData());
            archive_entry_copy_pathname(entry.get(), w.relPath.constData());
            if (archive_read_disk_entry_from_file(disk.get(), entry.get(), regular ? fd.get() : -1, &st) < ARCHIVE_WARN) {
                if (errno == ENOENT) {
                    summary.skipped.append({w.relPath, QStringLiteral("vanished before it was read")});
                    return {};
                }
                return makeError(ErrorCode::Io, QStringLiteral("cannot read metadata of %1: %2")
                                                    .arg(displayPath(w.relPath), QString::fromLocal8Bit(archive_error_string(disk.get()))));
            }
            // Force the pathname back to the raw relative bytes (entry_from_file may touch it) and
            // keep only what a restore can set.
            archive_entry_copy_pathname(entry.get(), w.relPath.constData());
            archive_entry_set_uname(entry.get(), nullptr);
            archive_entry_set_gname(entry.get(), nullptr);
            archive_entry_unset_atime(entry.get());
            archive_entry_unset_ctime(entry.get());
            archive_entry_unset_birthtime(entry.get());
            archive_entry_set_mtime(entry.get(), st.st_mtim.tv_sec, st.st_mtim.tv_nsec);

            archive_entry *toWrite = entry.get();
            archive_entry *spare = nullptr;
            bool isLink = false;
            if (regular && st.st_nlink > 1) {
                archive_entry_linkify(resolver.get(), &toWrite, &spare);
                if (spare)
                    archive_entry_free(spare);
                if (toWrite != entry.get()) {
                    (void)entry.release();
                    entry.reset(toWrite);
                }
                isLink = archive_entry_hardlink(toWrite) != nullptr;
            }

            if (archive_write_header(out.get(), toWrite) < ARCHIVE_WARN)
                return archiveError(QStringLiteral("cannot write header of"), w.relPath);
            ++summary.entries;

            ManifestEntry m;
            m.path = w.relPath;
            if (isLink) {
                m.type = EntryType::HardLink;
                m.linkTarget = QByteArray(archive_entry_hardlink(toWrite));
            } else {
                m.type = manifestType(st.st_mode);
            }
            if (regular && !isLink) {
                QByteArray digest;
                if (useSpool) {
                    if (!spooled.isEmpty()
                        && archive_write_data(out.get(), spooled.constData(), static_cast<size_t>(spooled.size())) < 0)
                        return archiveError(QStringLiteral("cannot write"), w.relPath);
                    digest = spooledDigest;
                } else if (copy.valid()) {
                    if (Status s = readFileData(toWrite, copy.get(), w.relPath, st.st_size, digest); !s)
                        return s;
                } else {
                    if (Status s = readFileData(toWrite, fd.get(), w.relPath, st.st_size, digest); !s)
                        return s;
                    struct stat after{};
                    if (::fstat(fd.get(), &after) == 0 && !sameVersion(st, after))
                        summary.changedWhileRead.append(w.relPath);  // streamed as read; a snapshot avoids this
                }
                m.size = st.st_size;
                m.sha256 = digest;
                ++summary.files;
                summary.bytes += st.st_size;
                if (progress)
                    ++progress->filesDone;
            }
            manifest.add(std::move(m));
            return {};
        }
    }

    Status writeManifest()
    {
        manifest.header.sourceHost = options.sourceHost.isEmpty() ? QHostInfo::localHostName() : options.sourceHost;
        manifest.header.sourceRoot = options.reportedRoot.isEmpty() ? plan.sourceRoot : options.reportedRoot;
        manifest.header.created = QDateTime::currentDateTimeUtc();
        manifest.header.snapshot = options.snapshot;
        manifest.header.includes = plan.includes;
        manifest.header.excludes = plan.excludePatterns;
        const QByteArray text = manifest.serialize();
        std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
        archive_entry_copy_pathname(entry.get(), Manifest::entryName().constData());
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), 0600);
        archive_entry_set_size(entry.get(), text.size());
        archive_entry_set_mtime(entry.get(), manifest.header.created.toSecsSinceEpoch(), 0);
        if (archive_write_header(out.get(), entry.get()) < ARCHIVE_WARN
            || archive_write_data(out.get(), text.constData(), static_cast<size_t>(text.size())) < 0)
            return archiveError(QStringLiteral("cannot write"), Manifest::entryName());
        summary.manifestEntries = manifest.entries().size();
        return {};
    }
};

CloneWriter::CloneWriter(const SelectionPlan &plan, ByteSink &compressedOut, CloneWriterOptions options, CancelToken cancel,
                         ProgressCounters *progress)
    : d(new Impl(plan, compressedOut, std::move(options), std::move(cancel), progress))
{
}

CloneWriter::~CloneWriter()
{
    delete d;
}

namespace {
/**
 * Runs the writer in the C.UTF-8 locale on this thread: libarchive's pax writer then stores
 * UTF-8 names as they are and marks only names that are not valid UTF-8 with a per-entry
 * hdrcharset=BINARY (raw bytes, nothing converted), which GNU tar and bsdtar both read.
 */
class Utf8LocaleScope {
public:
    Utf8LocaleScope() : m_locale(newlocale(LC_ALL_MASK, "C.UTF-8", static_cast<locale_t>(nullptr)))
    {
        if (m_locale)
            m_previous = uselocale(m_locale);
    }
    ~Utf8LocaleScope()
    {
        if (m_locale) {
            uselocale(m_previous);
            freelocale(m_locale);
        }
    }
    bool active() const { return m_locale != nullptr; }

private:
    locale_t m_locale;
    locale_t m_previous = nullptr;
};
}  // namespace

Result<WriteSummary> CloneWriter::run()
{
    Utf8LocaleScope utf8;
    // Without a UTF-8 locale every non-ASCII name would be flagged anyway: say so for all.
    if (Status s = d->open(!utf8.active()); !s)
        return s.error();
    SourceWalker walker(d->plan, d->cancel, d->options.readRoots);
    walker.setSkipPaths(d->options.skipPaths);
    d->walker = &walker;
    Status walked = walker.walk([this](const WalkEntry &e) { return d->writeEntry(e); },
                                [this](const QByteArray &path, const QString &reason) {
                                    d->summary.skipped.append({path, reason});
                                });
    if (!walked)
        return walked.error();
    if (Status s = d->writeManifest(); !s)
        return s.error();
    if (archive_write_close(d->out.get()) != ARCHIVE_OK)
        return d->archiveError(QStringLiteral("cannot finish the clone stream"), {});
    if (Status s = d->zstd.finish(); !s)
        return s.error();
    d->summary.compressedBytes = d->zstd.bytesOut();
    return d->summary;
}

}  // namespace st
