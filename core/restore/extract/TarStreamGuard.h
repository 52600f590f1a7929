// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief A ByteSource filter between the zstd decoder and libarchive that follows the tar block
 * structure and refuses, before libarchive sees a byte of it, what would make libarchive
 * allocate without bound or read something ServerTwin never writes.
 *
 * It walks the 512-byte headers (checksum, POSIX ustar magic, sizes in octal or base-256 as
 * libarchive reads them), parses each pax extended header ('x') record by record and the GNU
 * sparse 1.0 map at the start of a sparse file's data line by line, and skips file data by
 * count. Refused with one line naming the limit or the rule: a pax header over
 * ExtractLimits::maxPaxHeaderBytes or with more than maxPaxRecords records, a malformed record,
 * a sparse map over maxSparseEntries entries or maxSparseMapBytes bytes (refused at its count
 * line, before a single entry reaches libarchive), sparse formats 0.0/0.1 and Solaris holes,
 * GNU/old-style headers and header types ServerTwin never writes ('g', 'L', 'K', 'S', ...),
 * data on links, directories and nodes, a pax 'size' that disagrees with the header. It knows
 * where the archive ends (the first all-zero header block): everything after it must be zeros
 * (at most maxTrailingZeroBytes) up to the end of the source, which finish() reads; a source
 * that ends before the end blocks is truncated.
 *
 * Each chunk read from upstream is checked whole before it is handed on, so libarchive never
 * receives the bytes of a refused structure. Memory: one header block, one pax header (at most
 * its limit), one number of a sparse map; O(1) in the stream. Upstream errors (network,
 * cancel) pass through unchanged; after a refusal every read repeats it. One thread.
 */
#include "archive/ByteStream.h"
#include "restore/extract/ExtractLimits.h"
#include "util/Result.h"

#include <QByteArray>
#include <array>
#include <optional>

namespace st::extract {

class TarStreamGuard final : public ByteSource {
public:
    TarStreamGuard(ByteSource &upstream, const ExtractLimits &limits);

    Result<size_t> read(char *buffer, size_t cap) override;
    /** After the tar reader reached the end: reads the rest of the upstream (zero padding only). */
    Status finish();
    /** The end-of-archive block was seen. */
    bool atEnd() const { return m_state == State::AfterEnd; }

private:
    enum class State { Header, PaxHeader, SparseMap, Skip, AfterEnd };

    Status scan(const char *data, size_t size);
    Status takeHeader();
    Status takePaxHeader();
    Status takeSparseNumber(qint64 value);
    Status startData();
    Error refuse(const QString &reason) const;
    QByteArray entryName() const;

    ByteSource &m_upstream;
    const ExtractLimits &m_limits;
    State m_state = State::Header;
    std::optional<Error> m_failed;
    qint64 m_offset = 0;        // bytes of the tar stream scanned so far
    qint64 m_headerOffset = 0;  // where the current header block started

    std::array<char, 512> m_block{};
    size_t m_blockFill = 0;
    qint64 m_skip = 0;          // bytes of data and padding left in Skip/PaxHeader
    qint64 m_trailingZeros = 0;

    // The pending pax extended header and what it says about the next entry.
    QByteArray m_pax;
    bool m_paxPending = false;
    std::optional<qint64> m_paxSize;
    QByteArray m_paxPath;
    QByteArray m_sparseName;  // GNU.sparse.name: the real name of a sparse file
    std::optional<qint64> m_sparseMajor;
    std::optional<qint64> m_sparseMinor;
    std::optional<qint64> m_sparseRealSize;

    // The current entry.
    QByteArray m_ustarName;
    qint64 m_dataSize = 0;

    // The GNU sparse 1.0 map being read.
    QByteArray m_number;
    qint64 m_mapBytes = 0;
    qint64 m_mapEntries = -1;     // -1: the count line is still to come
    qint64 m_mapNumbersLeft = 0;
    qint64 m_mapOffset = -1;      // offset of the pair being read; -1: expecting an offset
    qint64 m_mapEnd = 0;          // end of the last data region
    qint64 m_mapDataBytes = 0;    // sum of the regions' lengths
};

}  // namespace st::extract
