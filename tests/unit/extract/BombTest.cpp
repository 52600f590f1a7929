// SPDX-License-Identifier: GPL-3.0-or-later
// SecureExtractor against streams built to exhaust the Secondary (decompression bombs, deep
// paths, huge manifests) and more hostile shapes (type changes, symlink chains, links to
// non-files): each is refused within its limit, and the sentinel outside the staging
// directory is unchanged.
#include "ExtractTestSupport.h"

#include "archive/ZstdStream.h"

#include <catch2/catch.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>

using namespace st;
using namespace st::test;

namespace {

/** Counts what a decompressor hands out, to prove a refusal came early. */
class CountingSource final : public ByteSource {
public:
    explicit CountingSource(ByteSource &inner) : m_inner(inner) {}
    Result<size_t> read(char *buffer, size_t cap) override
    {
        Result<size_t> r = m_inner.read(buffer, cap);
        if (r)
            count += static_cast<qint64>(*r);
        return r;
    }
    qint64 count = 0;

private:
    ByteSource &m_inner;
};

QByteArray compress(const QByteArray &tar)
{
    MemorySink sink;
    ZstdCompressSink z(sink, ZstdOptions{9, 1});
    REQUIRE(z.write(tar.constData(), static_cast<size_t>(tar.size())).ok());
    REQUIRE(z.finish().ok());
    return sink.bytes;
}

Result<ExtractSummary> extractCompressed(Sandbox &box, const QByteArray &compressed, const ExtractOptions &options,
                                         qint64 *decompressed = nullptr)
{
    MemorySource raw(compressed);
    ZstdDecompressSource zstd(raw);
    CountingSource counted(zstd);
    SecureExtractor extractor(box.stagingFd(), options, CancelToken());
    Result<ExtractSummary> r = extractor.run(counted);
    if (decompressed)
        *decompressed = counted.count;
    return r;
}

void requireNoDamage(const Sandbox &box)
{
    const QString damage = box.outsideDamage();
    INFO(damage.toStdString());
    CHECK(damage.isEmpty());
}

}  // namespace

TEST_CASE("extract bomb: a zstd frame asking for a 2 GiB window is refused before decoding", "[extract][bomb]")
{
    Sandbox box;
    // Magic, frame header (checksum flag, no size) with Window_Descriptor exponent 21:
    // windowLog 31 = 2 GiB, then an empty last raw block and a checksum.
    const QByteArray frame = QByteArray::fromHex("28b52ffd" "04" "a8" "010000" "00000000");
    const Result<ExtractSummary> r = extractCompressed(box, frame, Sandbox::defaultOptions());
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().code == ErrorCode::Hostile);
    CHECK(r.error().message.contains(QStringLiteral("zstd window larger than allowed")));
    requireNoDamage(box);
}

TEST_CASE("extract bomb: 1 GiB of zeros in 40 KiB is refused by the size limit before a byte is written", "[extract][bomb]")
{
    Sandbox box;
    // A ustar header announcing 1 GiB, then the zeros streamed through the compressor.
    const qint64 size = 1LL << 30;
    MemorySink sink;
    {
        ZstdCompressSink z(sink, ZstdOptions{3, 1});
        QByteArray header = ustarEntry("bomb", '0', QByteArray());
        const QByteArray octal = QByteArray::number(size, 8).rightJustified(11, '0');
        header.replace(124, 11, octal);
        header.replace(148, 8, QByteArray(8, ' '));
        unsigned sum = 0;
        for (int i = 0; i < 512; ++i)
            sum += static_cast<unsigned char>(header.at(i));
        header.replace(148, 7, QByteArray::number(sum, 8).rightJustified(6, '0') + '\0');
        REQUIRE(z.write(header.constData(), 512).ok());
        const QByteArray zeros(1 << 20, '\0');
        for (qint64 done = 0; done < size + 1024; done += zeros.size())
            REQUIRE(z.write(zeros.constData(), static_cast<size_t>(zeros.size())).ok());
        REQUIRE(z.finish().ok());
    }
    INFO("compressed: " << sink.bytes.size() << " bytes");
    REQUIRE(sink.bytes.size() < 256 * 1024);
    ExtractOptions o = Sandbox::defaultOptions();
    o.limits.maxTotalBytes = 64 << 20;
    qint64 decompressed = 0;
    const Result<ExtractSummary> r = extractCompressed(box, sink.bytes, o, &decompressed);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().code == ErrorCode::Hostile);
    CHECK(r.error().message.contains(QStringLiteral("more than 67108864 bytes")));
    CHECK(decompressed < (8 << 20));  // refused at the header, not after inflating the content
    CHECK(access((box.staging() + "/bomb").constData(), F_OK) != 0);
    requireNoDamage(box);
}

TEST_CASE("extract bomb: deep paths that would fill memory with implicit directories", "[extract][bomb]")
{
    Sandbox box;
    TarBuilder b;
    // Each entry: 1000 components of one byte, so ~1000 implicit directories whose names sum to
    // ~1 MB of bookkeeping; the stream compresses to a few KiB.
    for (int i = 0; i < 16; ++i) {
        QByteArray deep;
        deep += static_cast<char>('a' + i % 26);
        deep += QByteArray::number(i);
        for (int d = 0; d < 1000; ++d)
            deep += "/x";
        b.addFile(deep, "x");
    }
    b.addManifest();
    const QByteArray compressed = compress(b.finish());
    INFO("compressed: " << compressed.size() << " bytes");
    CHECK(compressed.size() < 64 * 1024);
    ExtractOptions o = Sandbox::defaultOptions();
    o.limits.maxMemoryBytes = 4 << 20;
    const Result<ExtractSummary> r = extractCompressed(box, compressed, o);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().code == ErrorCode::Hostile);
    CHECK(r.error().message.contains(QStringLiteral("more than 4 MiB of memory")));
    requireNoDamage(box);
}

TEST_CASE("extract bomb: directories carrying large xattrs count against the memory limit", "[extract][bomb]")
{
    Sandbox box;
    TarBuilder b;
    const QByteArray value(200 * 1024, 'v');
    for (int i = 0; i < 40; ++i) {
        archive_entry *e = archive_entry_new();
        const QByteArray name = "dir" + QByteArray::number(i);
        archive_entry_copy_pathname(e, name.constData());
        archive_entry_set_filetype(e, AE_IFDIR);
        archive_entry_set_perm(e, 0755);
        archive_entry_xattr_add_entry(e, "user.big", value.constData(), static_cast<size_t>(value.size()));
        b.addEntry(e, {});
        archive_entry_free(e);
    }
    b.addManifest();
    ExtractOptions o = Sandbox::defaultOptions();
    o.limits.maxMemoryBytes = 4 << 20;
    const Result<ExtractSummary> r = extractCompressed(box, compress(b.finish()), o);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().code == ErrorCode::Hostile);
    CHECK(r.error().message.contains(QStringLiteral("more than 4 MiB of memory")));
    requireNoDamage(box);
}

TEST_CASE("extract bomb: a manifest whose parsed entries need more memory than allowed is refused while it is parsed", "[extract][bomb]")
{
    Sandbox box;
    TarBuilder b;
    b.addFile("f", "x");
    // The text streams through the parser (never held whole); what the parsed entries hold
    // counts against the memory limit: 40 000 entries are ~10 MiB of bookkeeping.
    Manifest big;
    for (int i = 0; i < 40000; ++i)
        big.add({"d" + QByteArray::number(i), EntryType::Directory, 0, {}, {}});
    b.addManifest(big.serialize());
    ExtractOptions o = Sandbox::defaultOptions();
    o.limits.maxMemoryBytes = 4 << 20;
    const Result<ExtractSummary> r = extractCompressed(box, compress(b.finish()), o);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().code == ErrorCode::Hostile);
    CHECK(r.error().message.contains(QStringLiteral("MiB of memory (limit)")));
    requireNoDamage(box);
}

TEST_CASE("extract bomb: many tiny entries stop at the entry limit", "[extract][bomb]")
{
    Sandbox box;
    TarBuilder b;
    for (int i = 0; i < 2000; ++i)
        b.addFile("f" + QByteArray::number(i), QByteArray(), 0644, false);
    b.addManifest();
    ExtractOptions o = Sandbox::defaultOptions();
    o.limits.maxEntries = 200;
    const Result<ExtractSummary> r = extractCompressed(box, compress(b.finish()), o);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().message.contains(QStringLiteral("more than 200 entries")));
    CHECK(access((box.staging() + "/f200").constData(), F_OK) != 0);
    requireNoDamage(box);
}

TEST_CASE("extract hostile: a name that reappears with another type", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    const int variant = GENERATE(0, 1, 2, 3);
    if (variant == 0) {  // symlink, then a directory of the same name to write through
        b.addSymlink("x", "../outside");
        b.addDirectory("x", 0755, false);
        b.addFile("x/sentinel", "overwritten\n");
    } else if (variant == 1) {  // directory, then a symlink of the same name
        b.addDirectory("x");
        b.addSymlink("x", "../outside", false);
    } else if (variant == 2) {  // fifo, then a file
        b.addNode("x", AE_IFIFO);
        b.addFile("x", "data\n", 0644, false);
    } else {  // file, then a hard link of the same name to another file
        b.addFile("x", "data\n");
        b.addFile("y", "other\n");
        b.addHardLink("x", "y", false);
    }
    b.addManifest();
    const Result<ExtractSummary> r = box.extract(b.finish());
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().code == ErrorCode::Hostile);
    CHECK(r.error().message.contains(QStringLiteral("refused entry \"x\": duplicate entry")));
    requireNoDamage(box);
}

TEST_CASE("extract hostile: an over-long symlink chain is stored, never followed", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    // l0 -> l1 -> ... -> l59 -> ../outside: more links than the kernel's 40-step limit.
    for (int i = 0; i < 60; ++i)
        b.addSymlink("l" + QByteArray::number(i), i == 59 ? QByteArray("../outside") : "l" + QByteArray::number(i + 1));
    const bool writeThrough = GENERATE(true, false);
    if (writeThrough) {
        b.addFile("l0/sentinel", "overwritten\n");
        b.addManifest();
        const Result<ExtractSummary> r = box.extract(b.finish());
        REQUIRE_FALSE(r.ok());
        INFO(r.error().message.toStdString());
        CHECK(r.error().code == ErrorCode::Hostile);
        CHECK(r.error().message.contains(QStringLiteral("parent \"l0\" is a symlink")));
    } else {
        b.addHardLink("stolen", "l0");
        b.addManifest();
        const Result<ExtractSummary> r = box.extract(b.finish());
        REQUIRE_FALSE(r.ok());
        INFO(r.error().message.toStdString());
        CHECK(r.error().message.contains(QStringLiteral("is a symlink, not a regular file")));
    }
    requireNoDamage(box);
}

TEST_CASE("extract hostile: a symlink target longer than PATH_MAX is refused", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    QByteArray target;
    while (target.size() < 5000)
        target += "../";
    b.addSymlink("s", target + "outside/sentinel");
    b.addManifest();
    const Result<ExtractSummary> r = box.extract(b.finish());
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().message.contains(QStringLiteral("\"s\"")));
    CHECK(access((box.staging() + "/s").constData(), F_OK) != 0);
    requireNoDamage(box);
}

TEST_CASE("extract hostile: hard link to a directory spelled with a slash, and to the staging root", "[extract][hostile]")
{
    Sandbox box;
    TarBuilder b;
    if (GENERATE(true, false)) {
        b.addDirectory("d");
        b.addHardLink("h", "d/");
    } else {
        b.addHardLink("h", ".");
    }
    b.addManifest();
    const Result<ExtractSummary> r = box.extract(b.finish());
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message.toStdString());
    CHECK(r.error().code == ErrorCode::Hostile);
    requireNoDamage(box);
}

TEST_CASE("extract: a sparse file far larger than the free space passes the space check by its data", "[extract][bomb]")
{
    Sandbox box;
    struct statvfs vfs{};
    REQUIRE(fstatvfs(box.stagingFd(), &vfs) == 0);
    const qint64 freeBytes = static_cast<qint64>(vfs.f_bavail) * static_cast<qint64>(vfs.f_frsize);
    // Mostly hole: 4 KiB of data at the end of a file four times the size of the free space.
    const qint64 size = std::max<qint64>(freeBytes * 4, 1LL << 32);
    const QByteArray data(4096, 'd');
    TarBuilder b;
    archive_entry *e = archive_entry_new();
    archive_entry_copy_pathname(e, "sparse");
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, size);
    archive_entry_sparse_add_entry(e, size - data.size(), data.size());
    b.addEntry(e, data);
    archive_entry_free(e);
    b.manifest().add({"sparse", EntryType::File, size, QByteArray(32, '\0'), {}});
    b.addManifest();
    ExtractOptions o = Sandbox::defaultOptions();
    o.hashContent = false;  // hashing the hole would take minutes
    const Result<ExtractSummary> r = box.extract(b.finish(), o);
    INFO((r ? std::string() : r.error().message.toStdString()));
    REQUIRE(r.ok());
    struct stat st{};
    REQUIRE(lstat((box.staging() + "/sparse").constData(), &st) == 0);
    CHECK(st.st_size == size);
    CHECK(st.st_blocks * 512 < (1 << 20));
    requireNoDamage(box);
}
