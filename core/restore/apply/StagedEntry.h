// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Looking up an entry in the staging tree the way the applier and its pre-flight both
 * need it: its parent directory's fd (through a CachedDir) and its lstat, checked to have the
 * type the manifest gives it. Free functions; the CachedDir belongs to the caller's thread.
 */
#include "archive/Manifest.h"
#include "restore/apply/CachedDir.h"
#include "util/Result.h"

#include <sys/stat.h>

namespace st::apply {

/** An errno error whose message is @p what with its %1 replaced by @p path. */
Error pathError(int err, const QString &what, const QByteArray &path);

struct StagedEntry {
    int dir = -1;  // the staged parent directory (owned by the CachedDir)
    struct stat st {};
};

/**
 * The staged @p path, which must be of the on-disk type @p type needs; @p forEntry (the
 * manifest entry being applied; @p path itself or one of its parents) is named in errors.
 */
Result<StagedEntry> stagedEntry(CachedDir &parents, int stagingFd, const QByteArray &path, EntryType type, const QByteArray &forEntry);

/**
 * The highest directory above @p path that the root @p rootFd lacks (the applier brings it
 * from staging with everything below it); an error when a non-directory stands on the way
 * (the clone has no entry to replace it with) or none is missing.
 */
Result<QByteArray> firstMissingAncestor(int rootFd, const QByteArray &path);

}  // namespace st::apply
