// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Writes the clone stream of a protection set: pax tar, zstd-compressed, manifest last.
 *
 * Walks the SelectionPlan with SourceWalker; for each entry libarchive's
 * archive_read_disk_entry_from_file() captures type, mode, numeric owner, mtime (ns), symlink
 * target, xattrs, POSIX ACLs and the sparse map; hard links are resolved with libarchive's
 * link resolver (first name carries the data). File content is read once: it feeds the tar
 * stream and a SHA-256 per file for the manifest (holes hashed as zeros, written as holes).
 * Path names are raw bytes (pax hdrcharset=BINARY: nothing is converted). A file whose size,
 * mtime or ctime changes while it is read is re-read (up to 3 times) and, if it never holds
 * still, kept as read and listed in changedWhileRead.
 *
 * run() blocks: call it on a worker thread. Honours CancelToken between entries and data
 * blocks; advances ProgressCounters (files, bytes read, current path).
 */
#include "archive/ByteStream.h"
#include "archive/Manifest.h"
#include "archive/ZstdStream.h"
#include "profile/SelectionPlan.h"
#include "util/CancelToken.h"
#include "util/ProgressCounters.h"
#include "util/Result.h"

#include <QHash>
#include <functional>
#include <QList>
#include <QString>

namespace st {

struct CloneWriterOptions {
    ZstdOptions zstd;
    QString sourceHost;           // recorded in the manifest
    QByteArray reportedRoot;      // source root recorded in the manifest (the live root when reading a snapshot)
    QString snapshot = QStringLiteral("none");
    /** Include root -> absolute directory to read it from (a snapshot); missing = live. */
    QHash<QByteArray, QByteArray> readRoots;
    /** Reading live files (no snapshot): files up to spoolLimit are read into memory and
     *  re-read (up to 3 times) while their size, mtime or ctime changes during the read;
     *  one that never holds still is streamed as last read and listed as inconsistent. */
    bool liveRead = false;
    qint64 spoolLimit = 64LL << 20;
    /** Paths to skip with a reason (mount points that a snapshot shows as plain directories). */
    QHash<QByteArray, QString> skipPaths;
    /** Tests only: runs between reading a spooled file and checking whether it changed. */
    std::function<void(const QByteArray &relPath)> afterSpoolRead;
};

struct SkippedEntry {
    QByteArray path;
    QString reason;
};

struct WriteSummary {
    qint64 entries = 0;
    qint64 files = 0;
    qint64 bytes = 0;            // file content bytes read
    qint64 tarBytes = 0;         // uncompressed stream size
    qint64 compressedBytes = 0;  // what left the compressor
    QList<SkippedEntry> skipped;
    QList<QByteArray> changedWhileRead;  // inconsistent: changed while read, not stable after retries
    qint64 rereads = 0;                  // extra reads of files that changed while read
    qint64 manifestEntries = 0;
};

class CloneWriter {
public:
    CloneWriter(const SelectionPlan &plan, ByteSink &compressedOut, CloneWriterOptions options, CancelToken cancel,
                ProgressCounters *progress = nullptr);
    ~CloneWriter();
    CloneWriter(const CloneWriter &) = delete;
    CloneWriter &operator=(const CloneWriter &) = delete;

    Result<WriteSummary> run();

private:
    struct Impl;
    Impl *d;
};

}  // namespace st
