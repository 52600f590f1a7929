// SPDX-License-Identifier: GPL-3.0-or-later
// The tar structure the extractor accepts (issue 10, points 6 and 7): data after the end of the
// archive (a second archive, garbage, a zstd skippable frame) is refused, zero padding is not;
// memory bombs in small files (a sparse map of 250 million entries, an oversized or
// over-populated pax header, a manifest of 1 GiB of newlines or with an over-long line) are
// refused quickly, with bounded memory and a message naming the limit.
#include "ExtractTestSupport.h"

#include "archive/ZstdStream.h"
#include "util/Sha256.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <functional>

using namespace st;
using namespace st::test;

namespace {

QByteArray compress(const QByteArray &tar)
{
    MemorySink sink;
    ZstdCompressSink z(sink, ZstdOptions{3, 1});
    REQUIRE(z.write(tar.constData(), static_cast<size_t>(tar.size())).ok());
    REQUIRE(z.finish().ok());
    return sink.bytes;
}

Result<ExtractSummary> extractCompressed(Sandbox &box, const QByteArray &compressed,
                                         const ExtractOptions &options = Sandbox::defaultOptions())
{
    MemorySource raw(compressed, 1 << 20);
    ZstdDecompressSource zstd(raw);
    SecureExtractor extractor(box.stagingFd(), options, CancelToken());
    return extractor.run(zstd);
}

/** A small valid clone stream (bare tar, with its end blocks). */
QByteArray validClone()
{
    TarBuilder b;
    b.addDirectory("etc");
    b.addFile("etc/hostname", "primary\n");
    b.addSymlink("etc/localtime", "/usr/share/zoneinfo/UTC");
    b.addManifest();
    return b.finish();
}

/** The same clone without its two end blocks, so a test can append entries of its own. */
QByteArray validCloneOpen(TarBuilder &b)
{
    b.addManifest();
    QByteArray tar = b.finish();
    REQUIRE(tar.endsWith(QByteArray(1024, '\0')));
    tar.chop(1024);
    return tar;
}

/** One pax record: "<length> <key>=<value>\n", the length counting itself. */
QByteArray paxRecord(const QByteArray &key, const QByteArray &value)
{
    const qsizetype rest = 1 + key.size() + 1 + value.size() + 1;
    qsizetype length = rest + 1;
    while (QByteArray::number(length).size() + rest != length)
        ++length;
    return QByteArray::number(length) + ' ' + key + '=' + value + '\n';
}

/** A ustar header block for @p name of @p size bytes (data to follow separately). */
QByteArray headerBlock(const QByteArray &name, char type, qint64 size)
{
    QByteArray h = ustarEntry(name, type, QByteArray());
    h.replace(124, 11, QByteArray::number(size, 8).rightJustified(11, '0'));
    h.replace(148, 8, QByteArray(8, ' '));
    unsigned sum = 0;
    for (int i = 0; i < 512; ++i)
        sum += static_cast<unsigned char>(h.at(i));
    h.replace(148, 7, QByteArray::number(sum, 8).rightJustified(6, '0') + '\0');
    return h;
}

qint64 padTo512(qint64 n)
{
    return (512 - n % 512) % 512;
}

/** The peak resident set of this process, in bytes. */
qint64 peakRss()
{
    struct rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<qint64>(u.ru_maxrss) * 1024;
}

/**
 * A stream made of pieces generated on demand: literal bytes, or a pattern repeated a number
 * of times. Never holds more than one piece's literal and a read's worth of output.
 */
class GeneratedSource final : public ByteSource {
public:
    void literal(const QByteArray &bytes) { m_pieces.push_back({bytes, bytes.size()}); }
    void repeat(const QByteArray &pattern, qint64 times)
    {
        // Served from a block of whole patterns (~64 KiB), so reads copy in large steps.
        const qint64 perBlock = std::max<qint64>(1, std::min<qint64>(times, 65536 / pattern.size()));
        m_pieces.push_back({pattern.repeated(static_cast<qsizetype>(perBlock)), pattern.size() * times});
    }
    Result<size_t> read(char *buffer, size_t cap) override
    {
        size_t done = 0;
        while (done < cap && m_piece < m_pieces.size()) {
            const Piece &p = m_pieces[m_piece];
            if (m_pos >= p.total) {
                ++m_piece;
                m_pos = 0;
                continue;
            }
            const qint64 at = m_pos % p.bytes.size();
            const size_t n = static_cast<size_t>(std::min<qint64>({static_cast<qint64>(cap - done), p.bytes.size() - at, p.total - m_pos}));
            std::memcpy(buffer + done, p.bytes.constData() + at, n);
            done += n;
            m_pos += static_cast<qint64>(n);
        }
        return done;
    }

private:
    struct Piece {
        QByteArray bytes;
        qint64 total;  // bytes this piece yields (bytes repeated)
    };
    std::vector<Piece> m_pieces;
    size_t m_piece = 0;
    qint64 m_pos = 0;
};

/** Compresses a generated stream in pieces (never the whole stream in memory). */
QByteArray compressGenerated(GeneratedSource &source)
{
    MemorySink sink;
    ZstdCompressSink z(sink, ZstdOptions{3, 1});
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        Result<size_t> got = source.read(buffer.data(), static_cast<size_t>(buffer.size()));
        REQUIRE(got.ok());
        if (*got == 0)
            break;
        REQUIRE(z.write(buffer.constData(), *got).ok());
    }
    REQUIRE(z.finish().ok());
    return sink.bytes;
}

void requireRefusal(const Result<ExtractSummary> &r, const QString &needle)
{
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().message.contains(needle));
}

}  // namespace

TEST_CASE("extract trailing: a second tar archive after a valid clone is refused", "[extract][trailing]")
{
    Sandbox box;
    TarBuilder second;
    second.addFile("etc/shadow", "root::0:0:99999:7:::\n");
    const QByteArray appended = second.finish();
    const bool sameFrame = GENERATE(true, false);
    INFO((sameFrame ? "one zstd frame" : "a second zstd frame"));
    const QByteArray file = sameFrame ? compress(validClone() + appended) : compress(validClone()) + compress(appended);
    requireRefusal(extractCompressed(box, file), QStringLiteral("clone stream has data after the end of the archive"));
    CHECK(box.outsideDamage().isEmpty());
}

TEST_CASE("extract trailing: non-zero bytes after the end blocks are refused", "[extract][trailing]")
{
    Sandbox box;
    const QByteArray garbage = GENERATE(QByteArray("x"), QByteArray(4096, '\0') + "trailing junk");
    requireRefusal(extractCompressed(box, compress(validClone() + garbage)),
                   QStringLiteral("clone stream has data after the end of the archive"));
}

TEST_CASE("extract trailing: zero padding after the end blocks is accepted", "[extract][trailing]")
{
    Sandbox box;
    const Result<ExtractSummary> r = extractCompressed(box, compress(validClone() + QByteArray(64 * 1024 - 512, '\0')));
    INFO((r ? std::string() : r.error().message.toStdString()));
    REQUIRE(r.ok());
    CHECK(r->entries == 3);
}

TEST_CASE("extract trailing: data after the zstd frame is refused", "[extract][trailing]")
{
    Sandbox box;
    // A skippable frame (magic 0x184D2A50, little endian, then a 4-byte length) carrying a tar archive.
    TarBuilder second;
    second.addFile("etc/shadow", "x\n");
    const QByteArray hidden = second.finish();
    QByteArray skippable = QByteArray::fromHex("502a4d18");
    const quint32 n = static_cast<quint32>(hidden.size());
    skippable += QByteArray(reinterpret_cast<const char *>(&n), 4) + hidden;
    const bool skip = GENERATE(true, false);
    const QByteArray file = compress(validClone()) + (skip ? skippable : QByteArray("garbage after the frame"));
    const Result<ExtractSummary> r = extractCompressed(box, file);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().message.contains(QStringLiteral("clone stream")));
}

TEST_CASE("extract bomb: a sparse map of 250 million entries is refused at its count, with bounded memory", "[extract][bomb][sparse]")
{
    // GNU sparse 1.0 (what libarchive's pax writer makes): the map opens the file's data,
    // "count\n" then "offset\nlength\n" pairs. 250 M empty regions are 1 GB of "0\n0\n".
    const qint64 entries = 250'000'000;
    const QByteArray count = QByteArray::number(entries) + '\n';
    const qint64 mapBytes = count.size() + 4 * entries;
    const qint64 dataSize = mapBytes + padTo512(mapBytes);
    const QByteArray pax = paxRecord("GNU.sparse.major", "1") + paxRecord("GNU.sparse.minor", "0")
                           + paxRecord("GNU.sparse.name", "bomb") + paxRecord("GNU.sparse.realsize", "1048576");
    GeneratedSource gen;
    gen.literal(ustarEntry("PaxHeader/bomb", 'x', pax) + headerBlock("GNUSparseFile.0/bomb", '0', dataSize) + count);
    gen.repeat("0\n0\n", entries);
    gen.literal(QByteArray(static_cast<qsizetype>(padTo512(mapBytes)), '\0'));
    TarBuilder rest;
    rest.manifest().add({"bomb", EntryType::File, 1048576, QByteArray(32, '\0'), {}});
    gen.literal(validCloneOpen(rest) + QByteArray(1024, '\0'));
    const QByteArray file = compressGenerated(gen);
    INFO("compressed: " << file.size() << " bytes");
    REQUIRE(file.size() < 1024 * 1024);

    Sandbox box;
    const qint64 before = peakRss();
    QElapsedTimer clock;
    clock.start();
    const Result<ExtractSummary> r = extractCompressed(box, file);
    const qint64 ms = clock.elapsed();
    const qint64 growth = peakRss() - before;
    INFO("peak RSS growth: " << (growth >> 20) << " MiB, " << ms << " ms");
    requireRefusal(r, QStringLiteral("sparse map of 250000000 entries exceeds the limit of 1048576 entries"));
    CHECK(r.error().code == ErrorCode::Hostile);
    CHECK(r.error().message.contains(QStringLiteral("\"bomb\"")));
    CHECK(growth < (64LL << 20));
    CHECK(ms < 5000);
    CHECK(box.outsideDamage().isEmpty());
}

TEST_CASE("extract bomb: sparse formats ServerTwin never writes are refused", "[extract][bomb][sparse]")
{
    Sandbox box;
    // GNU 0.1: the whole map in one pax record; 0.0: one offset/numbytes pair per record.
    const bool v01 = GENERATE(true, false);
    const QByteArray pax = v01 ? paxRecord("GNU.sparse.map", "0,1,2,1") + paxRecord("GNU.sparse.size", "3")
                               : paxRecord("GNU.sparse.numblocks", "1") + paxRecord("GNU.sparse.offset", "0")
                                     + paxRecord("GNU.sparse.numbytes", "2") + paxRecord("GNU.sparse.size", "3");
    TarBuilder b;
    b.addRaw(ustarEntry("PaxHeader/s", 'x', pax) + ustarEntry("s", '0', "ab"));
    b.manifest().add({"s", EntryType::File, 3, QByteArray(32, '\0'), {}});
    b.addManifest();
    requireRefusal(box.extract(b.finish()), QStringLiteral("GNU sparse formats 0.0/0.1 are never written by ServerTwin"));
}

TEST_CASE("extract bomb: a pax extended header over the size limit is refused before it is read", "[extract][bomb][pax]")
{
    Sandbox box;
    QByteArray records;
    while (records.size() < (2 << 20))
        records += paxRecord("ST.padding", QByteArray(4000, 'p'));
    TarBuilder b;
    b.addRaw(ustarEntry("PaxHeader/f", 'x', records) + ustarEntry("f", '0', "x"));
    b.manifest().add({"f", EntryType::File, 1, QByteArray(32, '\0'), {}});
    b.addManifest();
    const Result<ExtractSummary> r = extractCompressed(box, compress(b.finish()));
    requireRefusal(r, QStringLiteral("pax extended header of %1 bytes exceeds the limit of 1048576 bytes").arg(records.size()));
    CHECK(r.error().code == ErrorCode::Hostile);
}

TEST_CASE("extract bomb: a pax extended header with too many records is refused", "[extract][bomb][pax]")
{
    Sandbox box;
    QByteArray records;
    for (int i = 0; i < 20000; ++i)
        records += paxRecord("ST.r", "1");
    TarBuilder b;
    b.addRaw(ustarEntry("PaxHeader/f", 'x', records) + ustarEntry("f", '0', "x\n"));
    b.manifest().add({"f", EntryType::File, 2, Sha256::of("x\n"), {}});
    b.addManifest();
    requireRefusal(box.extract(b.finish()), QStringLiteral("pax extended header with more than 8192 records (limit)"));
}

TEST_CASE("extract bomb: header types ServerTwin never writes are refused", "[extract][bomb][pax]")
{
    Sandbox box;
    const char type = GENERATE('g', 'L', 'K', 'S', 'V', '7');
    TarBuilder b;
    b.addRaw(ustarEntry("h", type, "12 path=abc\n"));
    b.addManifest();
    requireRefusal(box.extract(b.finish()), QStringLiteral("tar entry type '%1' is never written by ServerTwin").arg(QLatin1Char(type)));
}

TEST_CASE("extract bomb: a manifest of 1 GiB of newlines is refused with bounded memory", "[extract][bomb][manifest]")
{
    // Exactly 1 GiB, streamed: the magic line, newlines, the checksum line.
    const QByteArray magic = "servertwin-manifest 1\n";
    const qint64 size = 1LL << 30;
    TarBuilder b;
    b.addFile("f", "x\n");
    GeneratedSource gen;
    QByteArray files = b.finish();  // no manifest yet: it follows, generated
    files.chop(1024);                  // the end blocks come after it
    // With a valid checksum line, so a parser that trusts the checksum would go on to the lines.
    const qint64 newlines = size - magic.size() - 72;
    Sha256 sha;
    sha.add(magic.constData(), static_cast<size_t>(magic.size()));
    const QByteArray block(1 << 20, '\n');
    for (qint64 left = newlines; left > 0; left -= block.size())
        sha.add(block.constData(), static_cast<size_t>(std::min<qint64>(left, block.size())));
    const QByteArray trailer = "sha256 " + sha.finish().toHex() + '\n';
    REQUIRE(trailer.size() == 72);
    gen.literal(files + headerBlock(".servertwin/manifest.v1", '0', size) + magic);
    gen.repeat("\n", newlines);
    gen.literal(trailer);
    gen.literal(QByteArray(static_cast<qsizetype>(padTo512(size)) + 1024, '\0'));

    Sandbox box;
    const qint64 before = peakRss();
    QElapsedTimer clock;
    clock.start();
    SecureExtractor extractor(box.stagingFd(), Sandbox::defaultOptions(), CancelToken());
    const Result<ExtractSummary> r = extractor.run(gen);
    const qint64 ms = clock.elapsed();
    const qint64 growth = peakRss() - before;
    INFO("peak RSS growth: " << (growth >> 20) << " MiB, " << ms << " ms");
    requireRefusal(r, QStringLiteral("lines (limit)"));
    CHECK(r.error().code == ErrorCode::Hostile);
    CHECK(growth < (64LL << 20));
}

TEST_CASE("extract bomb: a manifest line over the length limit is refused", "[extract][bomb][manifest]")
{
    Sandbox box;
    TarBuilder b;
    b.addFile("f", "x\n");
    b.addManifest("servertwin-manifest 1\nentry d " + QByteArray(1 << 20, 'a') + "\nsha256 00\n");
    requireRefusal(box.extract(b.finish()), QStringLiteral("manifest line 2 is longer than 65536 bytes (limit)"));
}
