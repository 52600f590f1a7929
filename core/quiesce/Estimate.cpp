// SPDX-License-Identifier: GPL-3.0-or-later
#include "Estimate.h"

#include "archive/SourceWalker.h"
#include "archive/ZstdStream.h"
#include "util/RawPath.h"
#include "util/UniqueFd.h"

#include <QElapsedTimer>
#include <QPair>
#include <QSet>
#include <QThread>

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>

namespace st {

namespace {

constexpr qint64 kSampleBudget = 32 * 1024 * 1024;
constexpr qint64 kPiece = 128 * 1024;
// Tar and pax headers of each entry (about 1 KiB raw) compress to roughly this much.
constexpr qint64 kCompressedHeaderBytes = 128;

/** Counts what the compressor produces; the sample's compressed bytes are thrown away. */
class CountingSink final : public ByteSink {
public:
    Status write(const char *, size_t len) override
    {
        m_bytes += static_cast<qint64>(len);
        return {};
    }
    Status finish() override { return {}; }
    qint64 bytes() const { return m_bytes; }

private:
    qint64 m_bytes = 0;
};

/** Picks sample pieces at evenly spaced byte positions of the concatenated file contents. */
class Sampler {
public:
    Sampler(qint64 totalBytes, ZstdCompressSink &compressor)
        : m_compressor(compressor),
          m_everything(totalBytes <= kSampleBudget),
          m_spacing(m_everything ? kPiece : std::max<qint64>(kPiece, totalBytes / (kSampleBudget / kPiece))),
          m_next(m_everything ? 0 : m_spacing / 2)
    {
        m_buffer.resize(kPiece);
    }

    /** One regular file of @p size bytes at the current position of the concatenation. */
    Status visit(int parentFd, const QByteArray &name, const QByteArray &relPath, qint64 size)
    {
        const qint64 start = m_position;
        m_position += size;
        QList<QPair<qint64, qint64>> pieces;  // offset, length within the file
        if (m_everything) {
            for (qint64 offset = 0; offset < size && m_sampled < kSampleBudget; offset += kPiece)
                pieces.append({offset, std::min(kPiece, size - offset)});
        } else {
            for (; m_next < m_position && m_sampled + kPiece <= kSampleBudget; m_next += m_spacing) {
                const qint64 length = std::min(kPiece, size);
                pieces.append({std::min(m_next - start, size - length), length});
            }
        }
        if (pieces.isEmpty())
            return {};
        QElapsedTimer clock;
        clock.start();
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOATIME;
        UniqueFd fd(::openat(parentFd, name.constData(), flags));
        if (!fd.valid() && errno == EPERM) {  // O_NOATIME needs ownership or CAP_FOWNER
            flags &= ~O_NOATIME;
            fd.reset(::openat(parentFd, name.constData(), flags));
        }
        if (!fd.valid())
            return {};  // vanished or unreadable: the backup will report it; the estimate goes on
        m_openNs += clock.nsecsElapsed();
        ++m_files;
        for (const auto &[offset, length] : std::as_const(pieces)) {
            clock.restart();
            const ssize_t n = ::pread(fd.get(), m_buffer.data(), static_cast<size_t>(length), offset);
            m_readNs += clock.nsecsElapsed();
            if (n <= 0)
                break;
            clock.restart();
            if (Status s = m_compressor.write(m_buffer.constData(), static_cast<size_t>(n)); !s)
                return s.error().withContext(QStringLiteral("estimate: compressing a sample of \"%1\"")
                                                 .arg(displayPath(relPath)));
            m_compressNs += clock.nsecsElapsed();
            m_sampled += n;
        }
        return {};
    }

    Status finish()
    {
        QElapsedTimer clock;
        clock.start();
        Status s = m_compressor.finish();
        m_compressNs += clock.nsecsElapsed();
        return s;
    }

    qint64 sampled() const { return m_sampled; }
    qint64 files() const { return m_files; }
    qint64 readNs() const { return m_readNs; }
    qint64 openNs() const { return m_openNs; }
    qint64 compressNs() const { return m_compressNs; }

private:
    ZstdCompressSink &m_compressor;
    const bool m_everything;
    const qint64 m_spacing;
    qint64 m_next;
    qint64 m_position = 0;
    qint64 m_sampled = 0;
    qint64 m_files = 0;
    qint64 m_readNs = 0;
    qint64 m_openNs = 0;
    qint64 m_compressNs = 0;
    QByteArray m_buffer;
};

}  // namespace

Result<BackupEstimate> estimateBackup(const SelectionPlan &plan, int zstdLevel, CancelToken cancel)
{
    if (zstdLevel < 1 || zstdLevel > ZSTD_maxCLevel())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("estimate: zstd level %1 is out of range 1..%2")
                                                         .arg(zstdLevel)
                                                         .arg(ZSTD_maxCLevel()));
    Result<ScanTotals> totals = scanSelection(plan, cancel);
    if (!totals)
        return totals.error().withContext(QStringLiteral("estimate"));

    BackupEstimate estimate;
    estimate.entries = totals->entries;
    estimate.files = totals->files;
    estimate.bytes = totals->bytes;
    estimate.zstdLevel = zstdLevel;
    estimate.cores = std::max(1, QThread::idealThreadCount());

    CountingSink counter;
    ZstdCompressSink compressor(counter, ZstdOptions{zstdLevel, 1});  // one core: the per-core rate
    Sampler sampler(totals->bytes, compressor);
    QSet<QPair<dev_t, ino_t>> linked;  // hard links carry data once, as in scanSelection()
    SourceWalker walker(plan, cancel);
    Status walked = walker.walk(
        [&](const WalkEntry &e) -> Status {
            if (!S_ISREG(e.st.st_mode) || e.isIncludeParent)
                return {};
            if (e.st.st_nlink > 1) {
                if (linked.contains({e.st.st_dev, e.st.st_ino}))
                    return {};
                linked.insert({e.st.st_dev, e.st.st_ino});
            }
            return sampler.visit(e.parentFd, e.name, e.relPath, e.st.st_size);
        },
        [](const QByteArray &, const QString &) {});
    if (walked)
        walked = sampler.finish();
    if (!walked)
        return walked.error().withContext(QStringLiteral("estimate"));

    estimate.sampleBytes = sampler.sampled();
    estimate.sampleFiles = sampler.files();
    if (estimate.sampleBytes > 0)
        estimate.compressionRatio = double(counter.bytes()) / double(estimate.sampleBytes);
    estimate.estimatedCompressedBytes =
        qint64(double(estimate.bytes) * estimate.compressionRatio) + estimate.entries * kCompressedHeaderBytes;

    // Rates from the sample (at least 1 µs of work so a tiny sample cannot divide by zero).
    const double readSeconds = std::max<qint64>(sampler.readNs(), 1000) / 1e9;
    const double compressSeconds = std::max<qint64>(sampler.compressNs(), 1000) / 1e9;
    if (estimate.sampleBytes > 0) {
        estimate.readBytesPerSecond = double(estimate.sampleBytes) / readSeconds;
        estimate.compressBytesPerSecond = double(estimate.sampleBytes) / compressSeconds * estimate.cores;
    }
    const double openSeconds = estimate.sampleFiles > 0 ? sampler.openNs() / 1e9 / double(estimate.sampleFiles) : 0.0;
    const double rate = std::min(estimate.readBytesPerSecond, estimate.compressBytesPerSecond);
    const double seconds = (rate > 0 ? double(estimate.bytes) / rate : 0.0) + openSeconds * double(estimate.files);
    estimate.estimatedDurationMs = qint64(seconds * 1000.0 + 0.5);
    return estimate;
}

}  // namespace st
