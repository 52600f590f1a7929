// SPDX-License-Identifier: GPL-3.0-or-later
#include "archive/QueueStreams.h"

#include <QFile>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace st {

ChunkQueueSink::ChunkQueueSink(ChunkQueue &queue, qsizetype chunkSize) : m_queue(queue), m_chunkSize(chunkSize)
{
    m_pending.reserve(chunkSize);
}

Status ChunkQueueSink::write(const char *data, size_t len)
{
    while (len > 0) {
        const size_t room = static_cast<size_t>(m_chunkSize - m_pending.size());
        const size_t n = std::min(room, len);
        m_pending.append(data, static_cast<qsizetype>(n));
        data += n;
        len -= n;
        if (m_pending.size() >= m_chunkSize) {
            QByteArray chunk;
            chunk.reserve(m_chunkSize);
            chunk.swap(m_pending);
            if (Status s = m_queue.push(std::move(chunk)); !s)
                return s;
        }
    }
    return {};
}

Status ChunkQueueSink::finish()
{
    if (!m_pending.isEmpty()) {
        if (Status s = m_queue.push(std::move(m_pending)); !s)
            return s;
        m_pending = QByteArray();
    }
    m_queue.close();
    return {};
}

Result<size_t> ChunkQueueSource::read(char *buffer, size_t cap)
{
    while (m_pos >= m_current.size()) {
        if (m_ended)
            return size_t{0};
        auto next = m_queue.pop();
        if (!next)
            return next.error();
        if (!next->has_value()) {
            m_ended = true;
            return size_t{0};
        }
        m_current = std::move(**next);
        m_pos = 0;
    }
    const size_t n = std::min(cap, static_cast<size_t>(m_current.size() - m_pos));
    memcpy(buffer, m_current.constData() + m_pos, n);
    m_pos += static_cast<qsizetype>(n);
    return n;
}

FileSink::FileSink(UniqueFd fd, QByteArray finalName, QByteArray partialName)
    : m_fd(std::move(fd)), m_finalName(std::move(finalName)), m_partialName(std::move(partialName))
{
}

FileSink::~FileSink()
{
    if (!m_finished && m_fd.valid())
        ::unlink(m_partialName.constData());
}

Result<std::unique_ptr<FileSink>> FileSink::create(const QString &fileName)
{
    const QByteArray finalName = QFile::encodeName(fileName);
    const QByteArray partial = finalName + ".partial";
    const int fd = ::open(partial.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return errnoError(errno, QStringLiteral("cannot create %1").arg(QString::fromLocal8Bit(partial)));
    return std::unique_ptr<FileSink>(new FileSink(UniqueFd(fd), finalName, partial));
}

Status FileSink::write(const char *data, size_t len)
{
    while (len > 0) {
        const ssize_t n = ::write(m_fd.get(), data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errnoError(errno, QStringLiteral("cannot write %1").arg(QString::fromLocal8Bit(m_partialName)));
        }
        data += n;
        len -= static_cast<size_t>(n);
        m_written += n;
    }
    return {};
}

Status FileSink::finish()
{
    if (m_finished)
        return {};
    if (::fchmod(m_fd.get(), 0600) != 0 || ::fsync(m_fd.get()) != 0)
        return errnoError(errno, QStringLiteral("cannot flush %1").arg(QString::fromLocal8Bit(m_partialName)));
    if (::rename(m_partialName.constData(), m_finalName.constData()) != 0)
        return errnoError(errno, QStringLiteral("cannot rename %1").arg(QString::fromLocal8Bit(m_partialName)));
    m_finished = true;
    m_fd.reset();
    return {};
}

Result<std::unique_ptr<FileSource>> FileSource::open(const QString &fileName)
{
    const QByteArray name = QFile::encodeName(fileName);
    const int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errnoError(errno, QStringLiteral("cannot open %1").arg(fileName));
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1 is not a regular file").arg(fileName));
    }
    return std::unique_ptr<FileSource>(new FileSource(UniqueFd(fd), fileName, st.st_size));
}

Result<size_t> FileSource::read(char *buffer, size_t cap)
{
    for (;;) {
        const ssize_t n = ::read(m_fd.get(), buffer, cap);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errnoError(errno, QStringLiteral("cannot read %1").arg(m_name));
        }
        m_read += n;
        return static_cast<size_t>(n);
    }
}

}  // namespace st
