// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Path resolution that cannot leave a root directory: the one way restore code opens
 * anything below the staging area or the live root.
 *
 * Built on openat2(2) with RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS:
 * the kernel refuses any symlink on the way and clamps ".." at the root. Paths are raw,
 * relative ("a/b/c"; "" is the root itself). Free functions, no state: thread-safe.
 */
#include "util/Result.h"
#include "util/UniqueFd.h"

#include <QByteArray>

#include <sys/stat.h>

namespace st {

/** openat2 below @p rootFd; @p flags as for open(2) (O_NOFOLLOW is implied for the leaf). */
Result<UniqueFd> openBeneath(int rootFd, const QByteArray &relPath, int flags, mode_t mode = 0);

struct ParentAndName {
    UniqueFd parent;  // directory fd of the parent, resolved beneath the root
    QByteArray name;  // last component
};

/** Opens the parent directory of @p relPath beneath @p rootFd (O_DIRECTORY|O_PATH-free, usable for *at calls). */
Result<ParentAndName> openParentBeneath(int rootFd, const QByteArray &relPath);

/** fstatat(parent, name, AT_SYMLINK_NOFOLLOW); nullopt-like error when it does not exist (ENOENT -> code Io, errno kept in details "ENOENT"). */
Result<struct stat> lstatBeneath(int rootFd, const QByteArray &relPath);

/** True if the error came from ENOENT (for "does not exist" checks). */
bool isNotFound(const Error &error);

/** Removes @p name in directory @p dirFd recursively (never follows symlinks). */
Status removeRecursiveAt(int dirFd, const QByteArray &name);

}  // namespace st
