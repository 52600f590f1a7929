// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Fixtures for the SecureExtractor tests: in-memory tar streams built with libarchive's
 * pax writer (with a proper manifest as the last entry), a tree archiver that captures a real
 * directory like the clone writer does, ByteSources over memory, and a sandbox with a staging
 * directory next to an "outside" directory holding a sentinel file. Test-only; one thread.
 */
#include "archive/ByteStream.h"
#include "archive/Manifest.h"
#include "restore/SecureExtractor.h"
#include "util/CancelToken.h"
#include "util/ProgressCounters.h"
#include "util/UniqueFd.h"

#include "support/TestTree.h"

#include <QByteArray>

#include <sys/stat.h>
#include <sys/types.h>
#include <functional>
#include <optional>

struct archive;
struct archive_entry;

namespace st::test {

/** Collects a stream in memory (small test streams). */
class MemorySink final : public ByteSink {
public:
    Status write(const char *data, size_t len) override
    {
        bytes.append(data, static_cast<qsizetype>(len));
        return {};
    }
    Status finish() override { return {}; }
    QByteArray bytes;
};

/** Hands out a byte array in chunks of @p chunk bytes (odd sizes exercise buffering). */
class MemorySource final : public ByteSource {
public:
    explicit MemorySource(QByteArray data, size_t chunk = 7777) : m_data(std::move(data)), m_chunk(chunk) {}
    Result<size_t> read(char *buffer, size_t cap) override;
    /** Called before each read with the bytes handed out so far (to cancel or fail mid-stream). */
    std::function<std::optional<Error>(qint64)> hook;

private:
    QByteArray m_data;
    size_t m_chunk;
    qint64 m_pos = 0;
};

class TarBuilder {
public:
    /** @p binaryHeaders: pax hdrcharset=BINARY like the clone writer; otherwise UTF-8 headers. */
    explicit TarBuilder(bool binaryHeaders = true);
    ~TarBuilder();
    TarBuilder(const TarBuilder &) = delete;
    TarBuilder &operator=(const TarBuilder &) = delete;

    // Each add* writes one entry; with @p list it is also listed in the manifest.
    void addFile(const QByteArray &path, const QByteArray &content, int mode = 0644, bool list = true);
    void addDirectory(const QByteArray &path, int mode = 0755, bool list = true);
    void addSymlink(const QByteArray &path, const QByteArray &target, bool list = true);
    void addHardLink(const QByteArray &path, const QByteArray &target, bool list = true);
    void addNode(const QByteArray &path, unsigned type, dev_t rdev = 0, bool list = true);
    /** Writes a prepared entry (data must match its size). */
    void addEntry(archive_entry *entry, const QByteArray &data);
    /** Appends raw tar bytes (whole 512-byte blocks), for headers libarchive's writer refuses to make. */
    void addRaw(const QByteArray &blocks);

    Manifest &manifest() { return m_manifest; }
    /** Appends the manifest (serialised m_manifest, or @p text when given) as the last entry. */
    void addManifest(const QByteArray &text = {});
    /** Closes the archive and returns the stream. */
    QByteArray finish();

private:
    archive_entry *newEntry(const QByteArray &path, unsigned type, int mode) const;
    archive *m_archive;
    QByteArray m_data;
    Manifest m_manifest;
    bool m_finished = false;
};

/** One ustar header block (typeflag '0', '1', ...) followed by @p data padded to 512 bytes. */
QByteArray ustarEntry(const QByteArray &name, char typeflag, const QByteArray &data, const QByteArray &linkname = {});

/** Archives every entry below @p root (parents first, sorted) like the clone writer does. */
void archiveTree(const QByteArray &root, TarBuilder &builder);

/** A scratch directory with "staging" (empty) and "outside/sentinel" next to it. */
class Sandbox {
public:
    Sandbox();
    QByteArray staging() const { return m_scratch / "staging"; }
    QByteArray outside() const { return m_scratch / "outside"; }
    QByteArray path(const QByteArray &rel) const { return m_scratch / rel; }
    int stagingFd() const { return m_stagingFd.get(); }
    /** Empty when the sentinel and the outside directory are exactly as created. */
    QString outsideDamage() const;
    Result<ExtractSummary> extract(const QByteArray &stream, ExtractOptions options = defaultOptions(),
                                   CancelToken cancel = {}, ProgressCounters *progress = nullptr);
    static ExtractOptions defaultOptions();

private:
    ScratchDir m_scratch{"extract"};
    UniqueFd m_stagingFd;
    struct stat m_sentinel{};
};

}  // namespace st::test
