// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/extract/TarReader.h"

#include "util/RawPath.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>

namespace st::extract {

namespace {
constexpr qsizetype kReadBufferSize = 1 << 20;
constexpr qint64 kMaxTrailingBytes = 1 << 20;
}  // namespace

CLocaleScope::CLocaleScope()
    : m_c(newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr)))
{
    if (m_c)
        m_previous = uselocale(m_c);
}

CLocaleScope::~CLocaleScope()
{
    if (m_c) {
        uselocale(m_previous);
        freelocale(m_c);
    }
}

TarReader::TarReader(ByteSource &source)
    : m_source(source)
    , m_archive(archive_read_new())
    , m_buffer(kReadBufferSize, Qt::Uninitialized)
{
}

TarReader::~TarReader()
{
    if (m_archive)
        archive_read_free(m_archive);
}

ssize_t TarReader::readCallback(archive *a, void *self, const void **buffer)
{
    auto *reader = static_cast<TarReader *>(self);
    Result<size_t> got = reader->m_source.read(reader->m_buffer.data(), static_cast<size_t>(reader->m_buffer.size()));
    if (!got) {
        reader->m_sourceError = got.error();
        archive_set_error(a, EIO, "%s", got.error().message.toUtf8().constData());
        return -1;
    }
    *buffer = reader->m_buffer.constData();
    return static_cast<ssize_t>(*got);
}

Error TarReader::archiveError(const QString &what) const
{
    if (m_sourceError)
        return *m_sourceError;
    const char *text = m_archive ? archive_error_string(m_archive) : nullptr;
    return makeError(ErrorCode::Archive,
                     QStringLiteral("clone stream: %1: %2")
                         .arg(what, text ? QString::fromUtf8(text) : QStringLiteral("unknown libarchive error")));
}

Status TarReader::open()
{
    if (!m_archive)
        return makeError(ErrorCode::Internal, QStringLiteral("clone stream: cannot allocate the tar reader"));
    if (archive_read_support_format_tar(m_archive) != ARCHIVE_OK)
        return archiveError(QStringLiteral("cannot enable the tar format"));
    if (archive_read_open(m_archive, this, nullptr, &TarReader::readCallback, nullptr) != ARCHIVE_OK)
        return archiveError(QStringLiteral("cannot open"));
    return {};
}

Result<archive_entry *> TarReader::next()
{
    archive_entry *entry = nullptr;
    const int rc = archive_read_next_header(m_archive, &entry);
    if (rc == ARCHIVE_EOF)
        return static_cast<archive_entry *>(nullptr);
    // ARCHIVE_WARN: libarchive could not convert a name to the "C" locale and kept the raw
    // bytes (intended, see CLocaleScope), or skipped an unknown pax keyword. The name is
    // validated by the caller either way.
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
        return archiveError(QStringLiteral("cannot read the next entry"));
    return entry;
}

Result<bool> TarReader::nextBlock(Block &block)
{
    const void *data = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    const int rc = archive_read_data_block(m_archive, &data, &size, &offset);
    if (rc == ARCHIVE_EOF)
        return false;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
        return archiveError(QStringLiteral("cannot read file data"));
    block.data = static_cast<const char *>(data);
    block.size = size;
    block.offset = offset;
    return true;
}

Result<QByteArray> TarReader::readAll(qint64 size, const QByteArray &path)
{
    // Grows with what actually arrives: a header that only claims a huge size costs nothing.
    QByteArray out;
    qint64 done = 0;
    while (done < size) {
        const qint64 step = std::min<qint64>(size - done, kReadBufferSize);
        out.resize(static_cast<qsizetype>(done + step));
        const la_ssize_t n = archive_read_data(m_archive, out.data() + done, static_cast<size_t>(step));
        if (n < 0)
            return archiveError(QStringLiteral("cannot read %1").arg(displayPath(path)));
        if (n == 0)
            break;
        done += n;
    }
    out.resize(static_cast<qsizetype>(done));
    if (done != size)
        return makeError(ErrorCode::Archive, QStringLiteral("clone stream: %1 is shorter than its header says (%2 of %3 bytes)")
                                                 .arg(displayPath(path)).arg(done).arg(size));
    return out;
}

Status TarReader::drainTrailing()
{
    qint64 total = 0;
    for (;;) {
        Result<size_t> got = m_source.read(m_buffer.data(), static_cast<size_t>(m_buffer.size()));
        if (!got)
            return got.error();
        if (*got == 0)
            return {};
        for (size_t i = 0; i < *got; ++i) {
            if (m_buffer.at(static_cast<qsizetype>(i)) != '\0')
                return makeError(ErrorCode::Archive, QStringLiteral("clone stream: unexpected data after the end of the tar archive"));
        }
        total += static_cast<qint64>(*got);
        if (total > kMaxTrailingBytes)
            return makeError(ErrorCode::Archive, QStringLiteral("clone stream: more than %1 bytes of padding after the end of the tar archive")
                                                     .arg(kMaxTrailingBytes));
    }
}

}  // namespace st::extract
