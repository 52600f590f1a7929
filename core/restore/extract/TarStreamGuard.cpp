// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/extract/TarStreamGuard.h"

#include "restore/extract/StagingTree.h"
#include "util/RawPath.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace st::extract {

namespace {

constexpr qint64 kBlock = 512;
constexpr qint64 kMaxPaxRecordBytes = 999'999;  // libarchive stops parsing a header at a longer record
constexpr int kMaxDecimalDigits = 18;             // below INT64_MAX, so no overflow to reason about

qint64 padded(qint64 size)
{
    return (size + kBlock - 1) / kBlock * kBlock;
}

/** A numeric header field as libarchive's tar_atol() reads it (octal, or base-256 when the
 *  high bit of the first byte is set); nullopt for negative or overflowing values. */
std::optional<qint64> headerNumber(const char *p, size_t n)
{
    const auto *u = reinterpret_cast<const unsigned char *>(p);
    if (u[0] & 0x80) {
        if (u[0] & 0x40)
            return std::nullopt;  // negative
        quint64 v = u[0] & 0x3f;
        for (size_t i = 1; i < n; ++i) {
            if (v > (std::numeric_limits<quint64>::max() >> 8))
                return std::nullopt;
            v = (v << 8) | u[i];
        }
        if (v > static_cast<quint64>(std::numeric_limits<qint64>::max() / 2))
            return std::nullopt;
        return static_cast<qint64>(v);
    }
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t'))
        ++i;
    if (i < n && p[i] == '-')
        return std::nullopt;
    qint64 v = 0;
    for (; i < n && p[i] >= '0' && p[i] <= '7'; ++i) {
        if (v > (std::numeric_limits<qint64>::max() >> 4))
            return std::nullopt;
        v = v * 8 + (p[i] - '0');
    }
    return v;
}

/** A pax or sparse-map decimal: digits only, at most kMaxDecimalDigits of them. */
std::optional<qint64> decimal(const char *p, qsizetype n)
{
    if (n < 1 || n > kMaxDecimalDigits)
        return std::nullopt;
    qint64 v = 0;
    for (qsizetype i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9')
            return std::nullopt;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

bool allZero(const char *p, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        if (p[i] != 0)
            return false;
    return true;
}

QString typeName(char type)
{
    switch (type) {
    case '1': return QStringLiteral("hard link");
    case '2': return QStringLiteral("symlink");
    case '3': return QStringLiteral("character device");
    case '4': return QStringLiteral("block device");
    case '5': return QStringLiteral("directory");
    case '6': return QStringLiteral("fifo");
    default: return QStringLiteral("entry");
    }
}

}  // namespace

TarStreamGuard::TarStreamGuard(ByteSource &upstream, const ExtractLimits &limits)
    : m_upstream(upstream), m_limits(limits)
{
}

Result<size_t> TarStreamGuard::read(char *buffer, size_t cap)
{
    if (m_failed)
        return *m_failed;
    Result<size_t> got = m_upstream.read(buffer, cap);
    if (!got)
        return got.error();  // the source's own failure (network, cancel, zstd), unchanged
    Status s;
    if (*got == 0) {
        if (m_state != State::AfterEnd)
            s = makeError(ErrorCode::Archive, QStringLiteral("clone stream ends inside the tar archive, before its end blocks (truncated?)"));
    } else {
        s = scan(buffer, *got);
    }
    if (!s) {
        m_failed = s.error();
        return *m_failed;
    }
    return *got;
}

Status TarStreamGuard::finish()
{
    if (m_failed)
        return *m_failed;
    if (m_state != State::AfterEnd)
        return makeError(ErrorCode::Internal, QStringLiteral("clone stream: the tar reader stopped before the end of the archive"));
    char buffer[64 * 1024];
    for (;;) {
        Result<size_t> got = read(buffer, sizeof buffer);
        if (!got)
            return got.error();
        if (*got == 0)
            return {};
    }
}

Error TarStreamGuard::refuse(const QString &reason) const
{
    return refusal(entryName(), reason);
}

QByteArray TarStreamGuard::entryName() const
{
    if (!m_sparseName.isEmpty())
        return m_sparseName;
    return m_paxPath.isEmpty() ? m_ustarName : m_paxPath;
}

Status TarStreamGuard::scan(const char *data, size_t size)
{
    const char *p = data;
    const char *end = data + size;
    while (p < end) {
        const qint64 avail = end - p;
        switch (m_state) {
        case State::Header: {
            const size_t n = std::min<size_t>(static_cast<size_t>(avail), m_block.size() - m_blockFill);
            std::memcpy(m_block.data() + m_blockFill, p, n);
            m_blockFill += n;
            p += n;
            m_offset += static_cast<qint64>(n);
            if (m_blockFill == m_block.size()) {
                m_blockFill = 0;
                if (Status s = takeHeader(); !s)
                    return s;
            }
            break;
        }
        case State::PaxHeader: {
            // m_skip counts the header's bytes and padding; only the bytes up to its size are kept.
            const qint64 n = std::min(avail, m_skip);
            const qint64 keep = std::min<qint64>(n, std::max<qint64>(0, m_dataSize - m_pax.size()));
            m_pax.append(p, static_cast<qsizetype>(keep));
            p += n;
            m_offset += n;
            m_skip -= n;
            if (m_skip == 0) {
                if (Status s = takePaxHeader(); !s)
                    return s;
                m_state = State::Header;
            }
            break;
        }
        case State::SparseMap: {
            const char c = *p++;
            ++m_offset;
            if (++m_mapBytes > m_limits.maxSparseMapBytes)
                return refuse(QStringLiteral("sparse map of more than %1 bytes (limit)").arg(m_limits.maxSparseMapBytes));
            if (m_mapBytes > m_dataSize)
                return refuse(QStringLiteral("sparse map longer than the entry's data"));
            if (c == '\n') {
                const auto value = decimal(m_number.constData(), m_number.size());
                if (!value)
                    return refuse(QStringLiteral("malformed sparse map (line '%1')").arg(QString::fromLatin1(m_number.left(24))));
                m_number.clear();
                if (Status s = takeSparseNumber(*value); !s)
                    return s;
            } else {
                if (c < '0' || c > '9' || m_number.size() >= kMaxDecimalDigits)
                    return refuse(QStringLiteral("malformed sparse map (only decimal numbers of up to %1 digits, one a line)").arg(kMaxDecimalDigits));
                m_number.append(c);
            }
            break;
        }
        case State::Skip: {
            const qint64 n = std::min(avail, m_skip);
            p += n;
            m_offset += n;
            m_skip -= n;
            if (m_skip == 0)
                m_state = State::Header;
            break;
        }
        case State::AfterEnd: {
            if (!allZero(p, static_cast<size_t>(avail)))
                return makeError(ErrorCode::Archive, QStringLiteral("clone stream has data after the end of the archive"));
            m_trailingZeros += avail;
            p += avail;
            m_offset += avail;
            if (m_trailingZeros > m_limits.maxTrailingZeroBytes)
                return makeError(ErrorCode::Archive, QStringLiteral("clone stream has more than %1 bytes of padding after the end of the archive (limit)")
                                                         .arg(m_limits.maxTrailingZeroBytes));
            break;
        }
        }
    }
    return {};
}

Status TarStreamGuard::takeHeader()
{
    m_headerOffset = m_offset - kBlock;
    const char *h = m_block.data();
    if (allZero(h, m_block.size())) {
        if (m_paxPending)
            return makeError(ErrorCode::Archive, QStringLiteral("clone stream: a pax extended header at the end of the archive has no entry"));
        m_state = State::AfterEnd;
        m_trailingZeros = 0;
        return {};
    }
    m_ustarName = QByteArray(h, static_cast<qsizetype>(strnlen(h, 100)));
    if (const qsizetype prefix = static_cast<qsizetype>(strnlen(h + 345, 155)); prefix > 0 && std::memcmp(h + 257, "ustar\0", 6) == 0)
        m_ustarName = QByteArray(h + 345, prefix) + '/' + m_ustarName;

    // Checksum: the sum of the header's bytes with the checksum field read as spaces.
    const std::optional<qint64> stored = headerNumber(h + 148, 8);
    qint64 sum = 0;
    for (int i = 0; i < kBlock; ++i)
        sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(h[i]);
    if (!stored || *stored != sum)
        return makeError(ErrorCode::Archive, QStringLiteral("clone stream: damaged tar header at offset %1 (checksum)").arg(m_headerOffset));
    if (std::memcmp(h + 257, "ustar\0" "00", 8) != 0)
        return makeError(ErrorCode::Hostile, QStringLiteral("clone stream: the tar header at offset %1 is not POSIX ustar/pax (the only format ServerTwin writes)")
                                                 .arg(m_headerOffset));
    const std::optional<qint64> size = headerNumber(h + 124, 12);
    if (!size)
        return refuse(QStringLiteral("negative or overflowing size in the tar header"));
    const char type = h[156];

    if (type == 'x') {
        if (m_paxPending)
            return refuse(QStringLiteral("two pax extended headers in a row"));
        if (*size > m_limits.maxPaxHeaderBytes)
            return refuse(QStringLiteral("pax extended header of %1 bytes exceeds the limit of %2 bytes").arg(*size).arg(m_limits.maxPaxHeaderBytes));
        m_paxPending = true;
        m_pax.clear();
        m_pax.reserve(static_cast<qsizetype>(*size));
        m_dataSize = *size;
        m_skip = padded(*size);
        m_state = m_skip > 0 ? State::PaxHeader : State::Header;
        if (m_skip == 0)
            return takePaxHeader();
        return {};
    }

    // An entry: the pax header (if any) applies to it.
    const bool sparse = m_sparseMajor || m_sparseMinor;
    if (m_paxSize && *m_paxSize != *size)
        return refuse(QStringLiteral("the pax size (%1) disagrees with the tar header's (%2)").arg(*m_paxSize).arg(*size));
    switch (type) {
    case '0':
        // libarchive turns a "regular file" named "x/" into a directory and reads its data as
        // the next headers: the two would no longer agree on where the entries are.
        if (m_ustarName.endsWith('/') || m_paxPath.endsWith('/') || m_sparseName.endsWith('/'))
            return refuse(QStringLiteral("a regular file whose name ends with '/'"));
        break;
    case '1': case '2': case '3': case '4': case '5': case '6':
        if (*size != 0)
            return refuse(type == '1' ? QStringLiteral("hard link carries data (only the first name of a file may)")
                                      : QStringLiteral("a %1 entry carries %2 bytes of data").arg(typeName(type)).arg(*size));
        if (sparse)
            return refuse(QStringLiteral("a %1 cannot be sparse").arg(typeName(type)));
        break;
    default:
        return refuse(QStringLiteral("tar entry type '%1' is never written by ServerTwin")
                          .arg(type >= 0x21 && type <= 0x7e ? QString(QLatin1Char(type)) : QStringLiteral("\\x%1").arg(static_cast<unsigned char>(type), 2, 16, QLatin1Char('0'))));
    }
    m_dataSize = *size;
    return startData();
}

Status TarStreamGuard::startData()
{
    const bool sparse = m_sparseMajor || m_sparseMinor;
    m_paxPending = false;
    if (sparse) {
        if (m_sparseMajor.value_or(-1) != 1 || m_sparseMinor.value_or(-1) != 0)
            return refuse(QStringLiteral("GNU sparse format %1.%2 is never written by ServerTwin (only 1.0)")
                              .arg(m_sparseMajor.value_or(-1)).arg(m_sparseMinor.value_or(-1)));
        if (!m_sparseRealSize)
            return refuse(QStringLiteral("sparse file without GNU.sparse.realsize"));
        m_number.clear();
        m_mapBytes = 0;
        m_mapEntries = -1;
        m_mapNumbersLeft = 0;
        m_mapOffset = -1;
        m_mapEnd = 0;
        m_mapDataBytes = 0;
        if (m_dataSize == 0)
            return refuse(QStringLiteral("sparse file without a sparse map"));
        m_state = State::SparseMap;
        return {};
    }
    m_skip = padded(m_dataSize);
    m_state = m_skip > 0 ? State::Skip : State::Header;
    // The pax header's values applied to this entry only.
    m_paxSize.reset();
    m_paxPath.clear();
    m_sparseName.clear();
    return {};
}

Status TarStreamGuard::takeSparseNumber(qint64 value)
{
    if (m_mapEntries < 0) {
        if (value > m_limits.maxSparseEntries)
            return refuse(QStringLiteral("sparse map of %1 entries exceeds the limit of %2 entries").arg(value).arg(m_limits.maxSparseEntries));
        m_mapEntries = value;
        m_mapNumbersLeft = 2 * value;
    } else if (m_mapOffset < 0) {
        if (value < m_mapEnd)
            return refuse(QStringLiteral("sparse map regions overlap or are out of order"));
        m_mapOffset = value;
        --m_mapNumbersLeft;
    } else {
        if (value > *m_sparseRealSize - m_mapOffset)
            return refuse(QStringLiteral("sparse map region beyond the file's size of %1 bytes").arg(*m_sparseRealSize));
        m_mapEnd = m_mapOffset + value;
        m_mapDataBytes += value;
        m_mapOffset = -1;
        --m_mapNumbersLeft;
    }
    if (m_mapNumbersLeft > 0)
        return {};
    // The map is complete: padding to a block, then exactly the regions' bytes.
    const qint64 mapPadded = padded(m_mapBytes);
    if (mapPadded > m_dataSize || m_dataSize - mapPadded != m_mapDataBytes)
        return refuse(QStringLiteral("the sparse map's regions (%1 bytes) do not match the entry's data (%2 bytes after the map)")
                          .arg(m_mapDataBytes).arg(m_dataSize - std::min(mapPadded, m_dataSize)));
    m_sparseMajor.reset();
    m_sparseMinor.reset();
    m_sparseRealSize.reset();
    m_paxSize.reset();
    m_paxPath.clear();
    m_sparseName.clear();
    m_skip = padded(m_dataSize) - m_mapBytes;
    m_state = m_skip > 0 ? State::Skip : State::Header;
    return {};
}

Status TarStreamGuard::takePaxHeader()
{
    m_paxSize.reset();
    m_paxPath.clear();
    m_sparseName.clear();
    m_sparseMajor.reset();
    m_sparseMinor.reset();
    m_sparseRealSize.reset();
    // Records "<length> <key>=<value>\n", parsed as strictly as libarchive would apply them:
    // anything it would skip or stop at is refused, so both read the same values.
    const char *p = m_pax.constData();
    qint64 left = m_pax.size();
    qint64 records = 0;
    auto malformed = [&](const QString &why) {
        return refuse(QStringLiteral("malformed pax extended header (record %1: %2)").arg(records).arg(why));
    };
    while (left > 0) {
        if (++records > m_limits.maxPaxRecords)
            return refuse(QStringLiteral("pax extended header with more than %1 records (limit)").arg(m_limits.maxPaxRecords));
        qint64 digits = 0;
        while (digits < left && digits <= kMaxDecimalDigits && p[digits] >= '0' && p[digits] <= '9')
            ++digits;
        if (digits == 0 || digits >= left || p[digits] != ' ')
            return malformed(QStringLiteral("no length"));
        const auto length = decimal(p, static_cast<qsizetype>(digits));
        if (!length || *length > kMaxPaxRecordBytes)
            return malformed(QStringLiteral("longer than %1 bytes").arg(kMaxPaxRecordBytes));
        if (*length > left || *length < digits + 3 || p[*length - 1] != '\n')
            return malformed(QStringLiteral("length does not match"));
        const char *key = p + digits + 1;
        const char *recordEnd = p + *length - 1;  // the '\n'
        const char *eq = static_cast<const char *>(std::memchr(key, '=', static_cast<size_t>(recordEnd - key)));
        if (!eq || eq == key || std::memchr(key, '\0', static_cast<size_t>(eq - key)))
            return malformed(QStringLiteral("no key"));
        const QByteArray k(key, static_cast<qsizetype>(eq - key));
        const char *value = eq + 1;
        const qsizetype valueSize = static_cast<qsizetype>(recordEnd - value);
        auto number = [&](std::optional<qint64> &slot) -> Status {
            if (slot)
                return refuse(QStringLiteral("pax record %1 appears twice").arg(QString::fromLatin1(k)));
            slot = decimal(value, valueSize);
            if (!slot)
                return refuse(QStringLiteral("pax record %1 is not a decimal number").arg(QString::fromLatin1(k)));
            return {};
        };
        if (k == "size") {
            if (Status s = number(m_paxSize); !s)
                return s;
        } else if (k == "path") {
            m_paxPath = QByteArray(value, valueSize);
        } else if (k == "GNU.sparse.major") {
            if (Status s = number(m_sparseMajor); !s)
                return s;
        } else if (k == "GNU.sparse.minor") {
            if (Status s = number(m_sparseMinor); !s)
                return s;
        } else if (k == "GNU.sparse.realsize") {
            if (Status s = number(m_sparseRealSize); !s)
                return s;
        } else if (k == "GNU.sparse.name") {
            m_sparseName = QByteArray(value, valueSize);
        } else if (k.startsWith("GNU.sparse.")) {
            return refuse(QStringLiteral("pax record %1: GNU sparse formats 0.0/0.1 are never written by ServerTwin").arg(QString::fromLatin1(k)));
        } else if (k.startsWith("SUN.") || k.startsWith("SCHILY.realsize")) {
            return refuse(QStringLiteral("pax record %1 is never written by ServerTwin").arg(QString::fromLatin1(k.left(40))));
        }
        p += *length;
        left -= *length;
    }
    m_pax = QByteArray();  // free it: the next header may be far smaller
    return {};
}

}  // namespace st::extract
