// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief libarchive tar reader over a ByteSource: headers, data blocks, errors as st::Error.
 *
 * Owns the `struct archive` (tar format only, no filters) and a read buffer. While it lives,
 * the calling thread runs under the "C" locale (uselocale), so libarchive hands pax names and
 * link targets back as the raw bytes of the stream: in a UTF-8 locale it would rewrite UTF-8
 * names to Unicode NFC (changing the bytes of NFD names); in "C" the conversion fails and
 * libarchive keeps the original bytes. Failures of the ByteSource are reported as themselves
 * (network, cancel, ...), everything else from libarchive as ErrorCode::Archive.
 * One thread; create, use and destroy on the same thread.
 */
#include "archive/ByteStream.h"
#include "util/Result.h"

#include <QByteArray>

#include <locale.h>
#include <sys/types.h>
#include <optional>

struct archive;
struct archive_entry;

namespace st::extract {

/** Switches the calling thread to the "C" locale for its lifetime. */
class CLocaleScope {
public:
    CLocaleScope();
    ~CLocaleScope();
    CLocaleScope(const CLocaleScope &) = delete;
    CLocaleScope &operator=(const CLocaleScope &) = delete;

private:
    locale_t m_c = nullptr;
    locale_t m_previous = nullptr;
};

class TarReader {
public:
    struct Block {
        const char *data = nullptr;
        size_t size = 0;
        qint64 offset = 0;
    };

    explicit TarReader(ByteSource &source);
    ~TarReader();
    TarReader(const TarReader &) = delete;
    TarReader &operator=(const TarReader &) = delete;

    Status open();
    /** The next header (owned by the reader, valid until the next call); nullptr at the end. */
    Result<archive_entry *> next();
    /** Next data block of the current entry into @p block; false at the end of the entry. */
    Result<bool> nextBlock(Block &block);

private:
    static ssize_t readCallback(archive *a, void *self, const void **buffer);
    Error archiveError(const QString &what) const;

    CLocaleScope m_locale;  // first member: outlives every libarchive call of this object
    ByteSource &m_source;
    archive *m_archive = nullptr;
    QByteArray m_buffer;
    std::optional<Error> m_sourceError;
};

}  // namespace st::extract
