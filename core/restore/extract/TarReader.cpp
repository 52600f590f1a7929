// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/extract/TarReader.h"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>

namespace st::extract {

namespace {
constexpr qsizetype kReadBufferSize = 1 << 20;
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

}  // namespace st::extract
