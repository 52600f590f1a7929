// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Reading below a directory as if it were "/": the staged tree, a fixture sysfs, the
 * live root. Symlinks are followed the way the kernel would inside a chroot there: an
 * absolute target restarts at the root, ".." stops at the root, so "lib -> usr/lib" and
 * "class/block/vda -> ../../devices/..." resolve and nothing leads outside the root. Only
 * regular files are read (a FIFO in a staged tree cannot block a check). For read-only
 * checks, not for writes (no protection against a tree changing meanwhile: see util/SafeFs.h).
 * Free functions, no state: thread-safe.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace st::boot {

/** @p root + "/" + @p rel without doubled slashes ("/" + "etc" is "/etc", "" is the root). */
QString joinRoot(const QString &root, const QString &rel);

/**
 * @p relPath (leading '/' allowed, meaning the root) resolved below @p root: the path
 * relative to the root after following every symlink, "" for the root itself. Components
 * after a missing one are kept as written (".." applied lexically). Error on a symlink loop
 * (more than 40 links) or an unreadable link.
 */
Result<QString> resolveInside(const QString &root, const QString &relPath);

enum class PathKind { Missing, File, Directory, Other };

/** What @p relPath is below @p root after resolution (a dangling symlink is Missing). */
PathKind kindInside(const QString &root, const QString &relPath);

/** True if @p relPath resolves to something below @p root. */
bool existsInside(const QString &root, const QString &relPath);

/** A regular file below @p root, at most @p maxBytes (error if larger, missing or not a file). */
Result<QByteArray> readFileInside(const QString &root, const QString &relPath, qint64 maxBytes = 64 << 20);

/** The first line of a small file (sysfs attributes), trimmed. */
Result<QString> readLineInside(const QString &root, const QString &relPath);

/** readLineInside(), or an empty string when the file is missing or unreadable (an attribute a device lacks). */
QString lineInsideOrEmpty(const QString &root, const QString &relPath);

/** The names in a directory below @p root, sorted, without "." and "..". */
Result<QStringList> listDirInside(const QString &root, const QString &relPath);

/** Replaces \ooo octal escapes (fstab, mountinfo: \040 is a space) by their byte; other backslashes stay. */
QByteArray unescapeOctal(const QByteArray &field);

}  // namespace st::boot
