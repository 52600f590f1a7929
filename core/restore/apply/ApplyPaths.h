// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Small helpers the verifier and the applier share: the file type a manifest entry
 * must have on disk, type names for messages, and the implicit parent directories of a
 * manifest (directories above an entry that the manifest does not list itself).
 * Free functions, no state: thread-safe.
 */
#include "archive/Manifest.h"

#include <QByteArray>
#include <QSet>
#include <QString>

#include <sys/types.h>

namespace st::apply {

/** The S_IFMT bits a staged entry of @p type has (hard links are regular files). */
mode_t expectedFileType(EntryType type);

/** "file", "directory", "symlink", "fifo", "character device", "block device", "socket". */
QString fileTypeName(mode_t mode);

/** Like entryTypeName() but a hard link is called a "file" (that is what it is on disk). */
QString entryKindName(EntryType type);

/** Directories above manifest entries that are not entries themselves (never the root ""). */
QSet<QByteArray> implicitDirectories(const Manifest &manifest);

/** Number of '/'-separated components below the root ("a" is 1, "a/b" is 2). */
int pathDepth(const QByteArray &path);

/** True if @p path is at or below one of @p dirs. */
bool isAtOrBelowAny(const QByteArray &path, const QList<QByteArray> &dirs);

/** True if @p path is a proper ancestor of one of @p paths ("" is an ancestor of all). */
bool isAncestorOfAny(const QByteArray &path, const QList<QByteArray> &paths);

}  // namespace st::apply
