// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Every limit a clone stream is held to on the Secondary, in one place, with its default.
 *
 * Each is checked before the memory or disk it guards is spent, and a refusal names it. The
 * tar-structure limits are enforced by TarStreamGuard before libarchive sees a byte (libarchive
 * parses pax headers and sparse maps itself and allocates as it goes); the manifest limits by
 * ManifestParser; the rest by SecureExtractor. Plain value type.
 */
#include "archive/Manifest.h"

#include <QtGlobal>
#include <limits>

namespace st {

struct ExtractLimits {
    // What the stream may create.
    qint64 maxEntries = 20'000'000;
    qint64 maxTotalBytes = std::numeric_limits<qint64>::max();  // logical bytes of all files
    /** Memory the extraction may hold for bookkeeping (the parsed manifest included);
     *  0: half of this machine's physical memory. */
    qint64 maxMemoryBytes = 0;

    /** The manifest's text: total bytes, lines, bytes per line (streamed, never held whole). */
    ManifestLimits manifest;

    // The tar structure (TarStreamGuard).
    /** Bytes of one pax extended header ('x'); libarchive holds it whole. */
    qint64 maxPaxHeaderBytes = 1 << 20;
    /** Records in one pax extended header (ServerTwin writes ~10, plus one per xattr). */
    qint64 maxPaxRecords = 8192;
    /** Entries of one file's GNU sparse map: libarchive keeps two lists of ~48 bytes per entry. */
    qint64 maxSparseEntries = 1 << 20;
    /** Bytes of one file's sparse map (GNU 1.0 keeps it in the data, before the file's content). */
    qint64 maxSparseMapBytes = 48 << 20;
    /** Zero bytes allowed after the end-of-archive blocks (the tar record padding; ours is 64 KiB). */
    qint64 maxTrailingZeroBytes = 1 << 20;
};

}  // namespace st
