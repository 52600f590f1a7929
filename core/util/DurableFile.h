// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Files that survive a power cut whole or not at all, written and read through a
 * directory fd: the content goes to a temporary name, is fdatasync'ed, renamed over the
 * final name, and the directory is fsync'ed. A reader sees the old file or the new one.
 * Free functions, no state: thread-safe.
 */
#include "util/Result.h"

#include <QByteArray>

#include <sys/types.h>

namespace st {

/** Replaces @p name in the directory @p dirFd with @p content (mode @p mode), durably. */
Status writeFileDurably(int dirFd, const QByteArray &name, const QByteArray &content, mode_t mode = 0600);

/** The whole content of @p name in @p dirFd (never followed if a symlink), at most @p maxBytes. */
Result<QByteArray> readSmallFile(int dirFd, const QByteArray &name, qint64 maxBytes);

/** fsync(2) of the directory @p dirFd (makes renames and creations in it durable). */
Status syncDirectory(int dirFd);

}  // namespace st
