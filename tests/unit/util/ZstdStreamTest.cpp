// SPDX-License-Identifier: GPL-3.0-or-later
#include "archive/ZstdStream.h"

#include <QRandomGenerator>
#include <catch2/catch.hpp>
#include <zstd.h>

using namespace st;

namespace {
struct MemorySink : ByteSink {
    QByteArray data;
    bool finished = false;
    Status write(const char *d, size_t n) override
    {
        data.append(d, static_cast<qsizetype>(n));
        return {};
    }
    Status finish() override
    {
        finished = true;
        return {};
    }
};
struct MemorySource : ByteSource {
    QByteArray data;
    qsizetype pos = 0;
    size_t step = 7000;
    Result<size_t> read(char *buf, size_t cap) override
    {
        const size_t n = std::min<size_t>({cap, step, static_cast<size_t>(data.size() - pos)});
        memcpy(buf, data.constData() + pos, n);
        pos += static_cast<qsizetype>(n);
        return n;
    }
};
QByteArray readAll(ByteSource &src, Error *error = nullptr)
{
    QByteArray out;
    char buf[4096];
    for (;;) {
        auto r = src.read(buf, sizeof buf);
        if (!r) {
            if (error)
                *error = r.error();
            return {};
        }
        if (*r == 0)
            return out;
        out.append(buf, static_cast<qsizetype>(*r));
    }
}
QByteArray payload()
{
    QByteArray p;
    QRandomGenerator rng(42);
    for (int i = 0; i < 200000; ++i)
        p.append(static_cast<char>('a' + rng.bounded(4)));
    return p;
}
}  // namespace

TEST_CASE("zstd round trip, checksum flag on")
{
    MemorySink sink;
    ZstdCompressSink z(sink, {3, 2});
    const QByteArray p = payload();
    REQUIRE(z.write(p.constData(), 1000).ok());
    REQUIRE(z.write(p.constData() + 1000, static_cast<size_t>(p.size() - 1000)).ok());
    REQUIRE(z.finish().ok());
    CHECK(sink.finished);
    // Frame_Header_Descriptor follows the 4-byte magic; bit 2 is Content_Checksum_flag (RFC 8878).
    REQUIRE(sink.data.size() > 5);
    CHECK((static_cast<unsigned char>(sink.data.at(4)) & 0x04) != 0);

    MemorySource src;
    src.data = sink.data;
    ZstdDecompressSource d(src);
    CHECK(readAll(d) == p);
}

TEST_CASE("zstd source detects truncation and corruption")
{
    MemorySink sink;
    ZstdCompressSink z(sink, {3, 1});
    const QByteArray p = payload();
    REQUIRE(z.write(p.constData(), static_cast<size_t>(p.size())).ok());
    REQUIRE(z.finish().ok());

    MemorySource truncated;
    truncated.data = sink.data.left(sink.data.size() - 9);
    ZstdDecompressSource d1(truncated);
    Error e;
    readAll(d1, &e);
    CHECK(e.code == ErrorCode::Archive);
    CHECK(e.message.contains(QStringLiteral("truncated")));

    MemorySource corrupt;
    corrupt.data = sink.data;
    corrupt.data[corrupt.data.size() / 2] = static_cast<char>(corrupt.data[corrupt.data.size() / 2] ^ 0x55);
    ZstdDecompressSource d2(corrupt);
    Error e2;
    readAll(d2, &e2);
    CHECK(e2.code == ErrorCode::Archive);
}

TEST_CASE("zstd source refuses a window larger than the cap")
{
    MemorySink sink;
    {
        ZSTD_CCtx *c = ZSTD_createCCtx();
        ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, 30);
        ZSTD_CCtx_setParameter(c, ZSTD_c_enableLongDistanceMatching, 1);
        const QByteArray zeros(4 << 20, '\0');
        QByteArray out(8 << 20, '\0');
        ZSTD_outBuffer ob{out.data(), static_cast<size_t>(out.size()), 0};
        ZSTD_inBuffer ib{zeros.constData(), static_cast<size_t>(zeros.size()), 0};
        // e_continue first: the content size stays unknown, so the frame header carries the 1 GiB window.
        REQUIRE_FALSE(ZSTD_isError(ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_continue)));
        ZSTD_inBuffer empty{nullptr, 0, 0};
        size_t left = 0;
        do {
            left = ZSTD_compressStream2(c, &ob, &empty, ZSTD_e_end);
            REQUIRE_FALSE(ZSTD_isError(left));
        } while (left != 0);
        sink.data = out.left(static_cast<qsizetype>(ob.pos));
        ZSTD_freeCCtx(c);
    }
    MemorySource src;
    src.data = sink.data;
    ZstdDecompressSource d(src, 27);
    Error e;
    readAll(d, &e);
    CHECK(e.code == ErrorCode::Hostile);
}
