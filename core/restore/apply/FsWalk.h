// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Directory-walking helpers for the restore side: list a directory fd, open a node
 * for reading without touching its atime, tell mount points apart, and find a mount point
 * inside a subtree (so a recursive removal never empties a mounted filesystem).
 * Everything works on directory fds and single names, never follows symlinks.
 * Free functions, no state: thread-safe.
 */
#include "util/Result.h"
#include "util/UniqueFd.h"

#include <QByteArray>
#include <QList>

namespace st::apply {

/** Names in the open directory @p dirFd (without "." and ".."); @p path names it in errors. */
Result<QList<QByteArray>> listDirectory(int dirFd, const QByteArray &path);

/** openBeneath(@p dirFd, @p relPath, @p flags | O_NOATIME), retrying without O_NOATIME if refused. */
Result<UniqueFd> openForReading(int dirFd, const QByteArray &relPath, int flags = 0);

/** True if (@p dirFd, @p name) is the root of a mount (statx STATX_ATTR_MOUNT_ROOT). */
Result<bool> isMountRoot(int dirFd, const QByteArray &name, const QByteArray &path);

/**
 * First mount point at or below the directory (@p dirFd, @p name), as a path built on
 * @p path; empty when there is none.
 */
Result<QByteArray> findMountPoint(int dirFd, const QByteArray &name, const QByteArray &path);

}  // namespace st::apply
