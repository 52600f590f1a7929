// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Checks, without changing anything, that the live root can take one change of an
 * apply: a directory can receive (and give up) names, a node can be replaced or get new
 * metadata, a subtree can be removed. They catch what would otherwise stop an apply part-way
 * with EROFS, EACCES or EPERM: read-only filesystems, missing write permission, immutable and
 * append-only nodes (chattr +i / +a). Everything works on directory fds and single names and
 * never follows symlinks. Free functions, no state: thread-safe.
 */
#include "util/CancelToken.h"
#include "util/Result.h"

#include <QByteArray>

namespace st::apply {

/**
 * The open directory @p dirFd (root-relative @p path) can take new names: on a writable
 * filesystem, writable for this process, not immutable. With @p removes, names can also
 * leave it (replaced or removed): not append-only either.
 */
Status checkDirectoryWritable(int dirFd, const QByteArray &path, bool removes);

/** The node (@p dirFd, @p name) can be removed, replaced or get new metadata: neither immutable nor append-only. */
Status checkNodeChangeable(int dirFd, const QByteArray &name, const QByteArray &path);

/**
 * The existing directory (@p dirFd, @p name) can get the Primary's owner, mode, xattrs and
 * times: changeable (above) and not on a read-only filesystem.
 */
Status checkMetadataChangeable(int dirFd, const QByteArray &name, const QByteArray &path);

/**
 * removeRecursiveAt(@p dirFd, @p name) would succeed: the node is changeable and, for a
 * directory, every directory below it is writable and every node changeable. (The caller
 * checks @p dirFd itself with checkDirectoryWritable(..., true).) Honours @p cancel.
 */
Status checkRemovable(int dirFd, const QByteArray &name, const QByteArray &path, const CancelToken &cancel);

}  // namespace st::apply
