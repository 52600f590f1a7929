// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Unpacks a clone's tar stream into a fresh staging directory, refusing anything hostile.
 *
 * Input: the decompressed pax tar stream (a ByteSource). Output: the tree under the staging
 * directory (held as a dirfd), plus the Manifest carried as the stream's last entry
 * (Manifest::entryName(), not extracted into the tree) and the SHA-256 of every regular file
 * as it was written.
 *
 * Rules (libarchive's SECURE_* flags and more): every parent is resolved inside the staging
 * root without following symlinks (openat2 RESOLVE_IN_ROOT|RESOLVE_NO_SYMLINKS|
 * RESOLVE_NO_MAGICLINKS; the staging directory is fresh, so no mount point lies inside it); leaves are created O_EXCL|O_NOFOLLOW; absolute
 * names, "..", NUL, empty components, over-long names are refused; a hard link must point to
 * an earlier regular file of the same stream; a path may appear once; entries under the
 * reserved ".servertwin/" directory other than the manifest are refused; limits on entry
 * count, total bytes and the memory the extraction keeps (names of created nodes, metadata of
 * directories waiting for their last pass, the manifest), so a small stream that expands to
 * millions of deep paths or a huge manifest is refused instead of exhausting memory; and the
 * data the stream's files announce is compared with the staging filesystem's free space as
 * each header arrives (sparse files count their data extents), so a clone that cannot fit
 * stops with ErrorCode::NoSpace before its first byte that would not fit is written. The tar
 * structure is checked by TarStreamGuard before libarchive parses it (pax headers, sparse maps,
 * header types, data after the end blocks: the stream is read to its end), and the manifest is
 * parsed as it streams by ManifestParser; ExtractLimits holds every limit. Any refusal fails the whole extraction with ErrorCode::Hostile and
 * a message naming the entry (the caller discards the staging area; nothing is applied).
 *
 * Preserves: regular files (holes stay holes via the sparse map), directories, symlinks
 * (target stored verbatim, never followed), hard links, FIFOs, character and block devices,
 * permission bits incl. setuid/setgid/sticky, numeric owner/group, mtime/atime (ns),
 * extended attributes (incl. security.capability) and POSIX ACLs (access and default).
 * Metadata goes through the open fd (fchown, then fchmod, then fsetxattr/ACL, then futimens);
 * directories get their final mode and times in a last pass, deepest first.
 *
 * Runs on one worker thread (blocking); cancellation through CancelToken between entries and
 * data blocks; progress through ProgressCounters (bytes written, files done, current path).
 */
#include "archive/ByteStream.h"
#include "archive/Manifest.h"
#include "restore/extract/ExtractLimits.h"
#include "util/CancelToken.h"
#include "util/ProgressCounters.h"
#include "util/Result.h"

#include <QByteArray>
#include <QHash>

namespace st {

/** The effective memory limit of @p limits (resolves 0 to half the physical memory). */
qint64 effectiveMemoryLimit(const ExtractLimits &limits);

struct ExtractOptions {
    ExtractLimits limits;
    bool restoreOwnership = true;  // needs root; when false, files belong to the extracting user
    bool allowDevices = true;      // character/block devices
    /** Hash file content while writing and compare it with the manifest. A caller that
     *  re-reads and verifies the staged tree afterwards (runRestore) turns this off. */
    bool hashContent = true;
};

struct ExtractSummary {
    Manifest manifest;
    QHash<QByteArray, QByteArray> writtenSha256;  // path -> SHA-256 of the bytes written (if hashContent)
    qint64 entries = 0;
    qint64 files = 0;
    qint64 bytes = 0;  // logical file bytes written
};

class SecureExtractor {
public:
    /** @p stagingFd: an open directory (O_DIRECTORY|O_PATH is fine), expected to be empty. */
    SecureExtractor(int stagingFd, ExtractOptions options, CancelToken cancel, ProgressCounters *progress = nullptr);

    Result<ExtractSummary> run(ByteSource &tarStream);

private:
    int m_stagingFd;
    ExtractOptions m_options;
    CancelToken m_cancel;
    ProgressCounters *m_progress;
};

}  // namespace st
