// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Reads and applies the metadata of one file-system node: owner, mode, extended
 * attributes (every namespace, POSIX ACLs as their raw system.posix_acl_* values,
 * security.capability) and atime/mtime to the nanosecond.
 *
 * A node is either an open fd (regular file or directory: the f* calls) or a directory fd
 * plus one name (any type, never followed: symlinks, FIFOs, devices; xattrs then go through
 * /proc/self/fd/<dirfd>/<name> with the l* calls). Free functions, no state: thread-safe.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QList>

#include <sys/stat.h>

namespace st::apply {

struct Xattr {
    QByteArray name;
    QByteArray value;
};

struct NodeMetadata {
    struct stat st {};
    QList<Xattr> xattrs;
};

struct NodeRef {
    int fd = -1;           // an open regular file or directory, or -1
    int dirFd = -1;        // else: the parent directory ...
    QByteArray name;       // ... and the node's name in it
    QByteArray path;       // root-relative path, for messages

    static NodeRef open(int fd, const QByteArray &path) { return NodeRef{fd, -1, {}, path}; }
    static NodeRef at(int dirFd, const QByteArray &name, const QByteArray &path) { return NodeRef{-1, dirFd, name, path}; }
};

enum MetadataPart {
    MetaOwner = 1,
    MetaMode = 2,
    MetaXattrs = 4,  // sets the source's and removes the others
    MetaTimes = 8,
    MetaAll = MetaOwner | MetaMode | MetaXattrs | MetaTimes,
};

/** lstat-like status plus every extended attribute of the node. */
Result<NodeMetadata> readMetadata(const NodeRef &node);
/** Status only (no xattrs). */
Result<struct stat> statNode(const NodeRef &node);

/**
 * Applies the selected @p parts of @p meta in the order owner, mode, xattrs, times (chown
 * clears setuid/setgid and capabilities, so it goes first). Mode is never set on symlinks.
 */
Status applyMetadata(const NodeRef &node, const NodeMetadata &meta, int parts);

}  // namespace st::apply
