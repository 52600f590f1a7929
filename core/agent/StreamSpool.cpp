// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/StreamSpool.h"

#include "util/Sha256.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace st {

namespace {
QString metaPath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("clone.json"));
}
QString streamPath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("stream.zst"));
}
}  // namespace

QJsonObject SpoolMeta::toJson() const
{
    QJsonObject o{{QStringLiteral("cloneId"), cloneId},
                  {QStringLiteral("sourceHost"), sourceHost},
                  {QStringLiteral("primaryFingerprint"), QString::fromLatin1(primaryFingerprint.toHex())},
                  {QStringLiteral("totalFiles"), static_cast<double>(totalFiles)},
                  {QStringLiteral("totalBytes"), static_cast<double>(totalBytes)},
                  {QStringLiteral("totalEntries"), static_cast<double>(totalEntries)},
                  {QStringLiteral("allocatedBytes"), static_cast<double>(allocatedBytes)},
                  {QStringLiteral("applyAtReboot"), applyAtReboot},
                  {QStringLiteral("ended"), ended}};
    if (ended) {
        o.insert(QStringLiteral("endBytes"), static_cast<double>(endBytes));
        o.insert(QStringLiteral("endSha256"), QString::fromLatin1(endSha256.toHex()));
    }
    return o;
}

Result<SpoolMeta> SpoolMeta::fromJson(const QJsonObject &o)
{
    SpoolMeta m;
    m.cloneId = o.value(QStringLiteral("cloneId")).toString();
    m.sourceHost = o.value(QStringLiteral("sourceHost")).toString();
    m.primaryFingerprint = QByteArray::fromHex(o.value(QStringLiteral("primaryFingerprint")).toString().toLatin1());
    m.totalFiles = static_cast<qint64>(o.value(QStringLiteral("totalFiles")).toDouble(-1));
    m.totalBytes = static_cast<qint64>(o.value(QStringLiteral("totalBytes")).toDouble(-1));
    m.totalEntries = static_cast<qint64>(o.value(QStringLiteral("totalEntries")).toDouble(0));
    m.allocatedBytes = static_cast<qint64>(o.value(QStringLiteral("allocatedBytes")).toDouble(0));
    m.applyAtReboot = o.value(QStringLiteral("applyAtReboot")).toBool(false);
    m.ended = o.value(QStringLiteral("ended")).toBool();
    if (m.ended) {
        m.endBytes = static_cast<qint64>(o.value(QStringLiteral("endBytes")).toDouble(-1));
        m.endSha256 = QByteArray::fromHex(o.value(QStringLiteral("endSha256")).toString().toLatin1());
    }
    if (m.cloneId.isEmpty() || m.primaryFingerprint.isEmpty() || m.totalFiles < 0 || m.totalBytes < 0 || m.totalEntries < 0 || m.allocatedBytes < 0
        || (m.ended && (m.endBytes < 0 || m.endSha256.size() != 32)))
        return makeError(ErrorCode::Protocol, QStringLiteral("the resume state of an earlier clone is damaged"));
    return m;
}

StreamSpool::StreamSpool(QString dir, SpoolMeta meta, UniqueFd fd, qint64 length)
    : m_dir(std::move(dir)), m_meta(std::move(meta)), m_fd(std::move(fd)), m_length(length), m_durable(length)
{
    if (m_meta.ended) {
        m_ended = true;
        m_endBytes = m_meta.endBytes;
        m_endSha256 = m_meta.endSha256;
    }
}

StreamSpool::~StreamSpool() = default;

Result<std::shared_ptr<StreamSpool>> StreamSpool::create(const QString &dir, const SpoolMeta &meta)
{
    discard(dir);
    if (!QDir().mkpath(dir))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the resume directory %1").arg(dir));
    const QByteArray path = QFile::encodeName(streamPath(dir));
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return errnoError(errno, QStringLiteral("cannot create the stream spool %1").arg(streamPath(dir)));
    std::shared_ptr<StreamSpool> spool(new StreamSpool(dir, meta, UniqueFd(fd), 0));
    if (Status s = spool->writeMeta(); !s)
        return s.error();
    return spool;
}

Result<std::shared_ptr<StreamSpool>> StreamSpool::open(const QString &dir)
{
    QFile metaFile(metaPath(dir));
    if (!metaFile.exists())
        return std::shared_ptr<StreamSpool>();
    if (!metaFile.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1").arg(metaFile.fileName()));
    const QJsonDocument doc = QJsonDocument::fromJson(metaFile.read(1 << 20));
    auto meta = SpoolMeta::fromJson(doc.object());
    if (!meta)
        return meta.error().withContext(metaFile.fileName());
    const QByteArray path = QFile::encodeName(streamPath(dir));
    const int fd = ::open(path.constData(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return errnoError(errno, QStringLiteral("cannot open the stream spool %1").arg(streamPath(dir)));
    UniqueFd owned(fd);
    struct stat st{};
    if (::fstat(fd, &st) != 0)
        return errnoError(errno, QStringLiteral("cannot read the stream spool %1").arg(streamPath(dir)));
    qint64 length = st.st_size;
    if (meta->ended && length > meta->endBytes)
        length = meta->endBytes;  // never more than the stream that was announced; the reader checks the rest
    if (::lseek(fd, length, SEEK_SET) < 0 || ::ftruncate(fd, length) != 0)
        return errnoError(errno, QStringLiteral("cannot prepare the stream spool %1").arg(streamPath(dir)));
    return std::shared_ptr<StreamSpool>(new StreamSpool(dir, *meta, std::move(owned), length));
}

void StreamSpool::discard(const QString &dir)
{
    QFile::remove(streamPath(dir));
    QFile::remove(metaPath(dir));
}

Status StreamSpool::writeMeta() const
{
    QSaveFile f(metaPath(m_dir));
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(m_meta.toJson()).toJson(QJsonDocument::Compact)) < 0 || !f.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write the resume state %1").arg(metaPath(m_dir)));
    return {};
}

Status StreamSpool::append(const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(m_fd.get(), data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errnoError(errno, QStringLiteral("cannot write the stream spool %1").arg(streamPath(m_dir)));
        data += n;
        size -= static_cast<size_t>(n);
        m_length += n;
    }
    return {};
}

Result<qint64> StreamSpool::sync()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_durable == m_length)
            return m_durable;
    }
    if (::fdatasync(m_fd.get()) != 0)
        return errnoError(errno, QStringLiteral("cannot flush the stream spool %1").arg(streamPath(m_dir)));
    {
        std::lock_guard lock(m_mutex);
        m_durable = m_length;
    }
    m_cv.notify_all();
    return m_length;
}

qint64 StreamSpool::durableLength() const
{
    std::lock_guard lock(m_mutex);
    return m_durable;
}

Status StreamSpool::markEnded(qint64 bytes, const QByteArray &sha256)
{
    if (auto s = sync(); !s)
        return s.error();
    m_meta.ended = true;
    m_meta.endBytes = bytes;
    m_meta.endSha256 = sha256;
    if (Status s = writeMeta(); !s)
        return s;
    {
        std::lock_guard lock(m_mutex);
        m_ended = true;
        m_endBytes = bytes;
        m_endSha256 = sha256;
    }
    m_cv.notify_all();
    return {};
}

void StreamSpool::abort(const Error &why)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_aborted)
            return;
        m_aborted = true;
        m_abortError = why;
    }
    m_cv.notify_all();
}

void StreamSpool::close()
{
    m_fd.reset();
}

/** Reads the spool from the start, waiting at its durable end; checks size and SHA-256 at the end. */
class SpoolReader final : public ByteSource {
public:
    SpoolReader(std::shared_ptr<StreamSpool> spool, UniqueFd fd) : m_spool(std::move(spool)), m_fd(std::move(fd)) {}

    Result<size_t> read(char *buffer, size_t cap) override
    {
        StreamSpool &s = *m_spool;
        qint64 available = 0;
        {
            std::unique_lock lock(s.m_mutex);
            s.m_cv.wait(lock, [&] { return s.m_aborted || s.m_durable > m_pos || s.m_ended; });
            if (s.m_aborted)
                return s.m_abortError;
            available = s.m_durable - m_pos;
            if (available <= 0 && s.m_ended)
                return finish(s.m_endBytes, s.m_endSha256);
        }
        if (s.m_ended && m_pos + available > s.m_endBytes)
            available = s.m_endBytes - m_pos;
        if (available <= 0)
            return finish(s.m_endBytes, s.m_endSha256);
        const size_t want = std::min(cap, static_cast<size_t>(available));
        for (;;) {
            const ssize_t n = ::pread(m_fd.get(), buffer, want, m_pos);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return errnoError(errno, QStringLiteral("cannot read the stream spool in %1").arg(s.m_dir));
            if (n == 0)
                return makeError(ErrorCode::Io, QStringLiteral("the stream spool in %1 is shorter than recorded").arg(s.m_dir));
            m_hash.add(buffer, static_cast<size_t>(n));
            m_pos += n;
            return static_cast<size_t>(n);
        }
    }

private:
    Result<size_t> finish(qint64 endBytes, const QByteArray &endSha)
    {
        if (!m_checked) {
            if (m_pos != endBytes || m_hash.finish() != endSha)
                return makeError(ErrorCode::Verify, QStringLiteral("the clone stream arrived damaged: %1 bytes received, %2 sent, or their SHA-256 differ")
                                                        .arg(m_pos).arg(endBytes));
            m_checked = true;
        }
        return size_t{0};
    }

    std::shared_ptr<StreamSpool> m_spool;
    UniqueFd m_fd;
    qint64 m_pos = 0;
    Sha256 m_hash;
    bool m_checked = false;
};

std::unique_ptr<ByteSource> StreamSpool::reader()
{
    const QByteArray path = QFile::encodeName(streamPath(m_dir));
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    // A missing spool file (removed under the agent) reads as an error at the first read.
    return std::make_unique<SpoolReader>(shared_from_this(), UniqueFd(fd));
}

}  // namespace st
