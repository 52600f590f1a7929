// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The clone's table of contents: what the Primary put in, so the Secondary can verify it.
 *
 * Travels as the last entry of the clone stream (ManifestEntryName). One line per entry with
 * type, size, SHA-256 of the file content (regular files; holes count as zeros) and the escaped
 * raw path; a hard link names its target. The header records where the clone came from and
 * its include roots and exclude patterns, which define where the Secondary mirrors
 * (removes files the Primary does not have). A trailer line carries the SHA-256 of everything
 * before it, so a truncated or edited manifest is rejected.
 *
 * Plain value type; build on one thread, then share read-only.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace st {

enum class EntryType : char {
    File = 'f',
    Directory = 'd',
    Symlink = 'l',
    HardLink = 'h',
    Fifo = 'p',
    CharDevice = 'c',
    BlockDevice = 'b',
};

struct ManifestEntry {
    QByteArray path;        // raw, relative, no leading '/'
    EntryType type = EntryType::File;
    qint64 size = 0;        // logical size for files, 0 otherwise
    QByteArray sha256;      // 32 raw bytes for files, empty otherwise
    QByteArray linkTarget;  // hard links: the earlier path they share content with
};

/**
 * Limits on a manifest's text, checked while it streams in (ManifestParser holds one line at a
 * time, never the whole text). Defaults fit ExtractLimits::maxEntries (20 M) entries.
 */
struct ManifestLimits {
    /** Bytes of the whole text: 20 M entries of about 200 bytes (a line is ~100 + the escaped path). */
    qint64 maxBytes = 4LL << 30;
    /** Lines of the whole text: one per entry plus the header's (host, root, includes, excludes). */
    qint64 maxLines = 20'000'000 + 65'536;
    /** Bytes of one line: a hard link line holds two escaped paths of up to 4095 bytes (x4). */
    qint64 maxLineBytes = 64 << 10;
    /** Estimated memory of the parsed manifest (entries and their index); 0: no limit. */
    qint64 maxMemoryBytes = 0;
};

struct ManifestHeader {
    QString sourceHost;
    QByteArray sourceRoot;        // absolute, raw
    QDateTime created;            // UTC
    QString snapshot;             // how the source was read ("none", "btrfs", ...)
    QList<QByteArray> includes;   // relative include roots (mirror scope)
    QList<QByteArray> excludes;   // exclude patterns as written in the profile
};

class Manifest {
public:
    /** Name of the manifest entry inside the clone stream; reserved, never a cloned path. */
    static const QByteArray &entryName();
    /** The first line of every manifest text (without its newline). */
    static const QByteArray &formatMagic();
    /** The reserved top-level directory of entryName(). */
    static const QByteArray &reservedDirectory();

    ManifestHeader header;

    void add(ManifestEntry entry);
    const QList<ManifestEntry> &entries() const { return m_entries; }
    /** Index of @p path in entries(), or -1. */
    qsizetype indexOf(const QByteArray &path) const;
    const ManifestEntry *find(const QByteArray &path) const;

    qint64 totalFileBytes() const { return m_fileBytes; }
    qint64 fileCount() const { return m_fileCount; }

    QByteArray serialize() const;
    /** Parses a whole text (ManifestParser over it); a text over limits.maxBytes is refused unread. */
    static Result<Manifest> parse(const QByteArray &text, const ManifestLimits &limits = {});

private:
    QList<ManifestEntry> m_entries;
    QHash<QByteArray, qsizetype> m_index;
    qint64 m_fileBytes = 0;
    qint64 m_fileCount = 0;
};

QString entryTypeName(EntryType type);

/**
 * Checks the header's mirror scope before anything relies on it: every include root is ""
 * (the whole root) or a normalised relative path (no leading '/', no empty, "." or ".."
 * component, no NUL), and every exclude pattern compiles. The error (ErrorCode::Hostile)
 * names the bad value. Manifest::parse() calls it; so does the applier for a manifest built
 * in code.
 */
Status checkManifestHeader(const ManifestHeader &header);

}  // namespace st
