// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Applies one tar entry's metadata to the node just created for it.
 *
 * Order: owner (numeric uid/gid, only when restoring ownership), then the full mode incl.
 * setuid/setgid/sticky (chown clears them), then extended attributes (security.capability
 * after chown, which drops it), then POSIX ACLs, then atime/mtime with nanoseconds.
 * Regular files and directories go through their open fd; symlinks, FIFOs and devices through
 * their parent directory fd + name without following the node (AT_SYMLINK_NOFOLLOW, or
 * "/proc/self/fd/<parent>/<name>" with the l*xattr calls). ACLs are rebuilt entry by entry
 * with numeric qualifiers (text would resolve user names on this machine); an ACL that came
 * as a system.posix_acl_* xattr is set as-is instead. Stateless functions; any thread.
 */
#include "restore/extract/StagingTree.h"
#include "util/Result.h"

#include <QByteArray>

struct archive_entry;

namespace st::extract {

struct MetadataTarget {
    QByteArray path;  // clone path, for messages
    NodeKind kind = NodeKind::File;
    int fd = -1;      // open fd (files, directories); -1 to use parentFd + name
    int parentFd = -1;
    QByteArray name;
};

Status applyMetadata(const MetadataTarget &target, archive_entry *entry, bool restoreOwnership);

}  // namespace st::extract
