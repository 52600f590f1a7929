// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The mount table (/proc/self/mountinfo) and the volume holding a path.
 *
 * parseMountInfo() decodes the kernel's octal escapes (\040 space, \011 tab, \012 newline,
 * \134 backslash) in the root, mount point and source fields. findMount() picks the mount
 * holding a canonical path: the longest mount point that is the path or a parent of it, and
 * of mounts stacked on one point the last (uppermost). Free functions and values: thread-safe.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QList>

#include <sys/types.h>

namespace st {

struct MountEntry {
    int mountId = 0;
    int parentId = 0;
    unsigned major = 0;
    unsigned minor = 0;
    QByteArray root;          // root of the mount inside its filesystem ("/" unless a bind or subvolume mount)
    QByteArray mountPoint;    // absolute
    QByteArray mountOptions;  // per mount: "rw,relatime"
    QByteArray fsType;        // "btrfs", "ext4", ...
    QByteArray source;        // "/dev/vda1", "tmpfs", ...
    QByteArray superOptions;  // per superblock: "rw,subvolid=5,subvol=/"

    bool readOnly() const;
    /** Value of an option in mountOptions or superOptions ("subvol" -> "/@home"); empty when absent. */
    QByteArray option(const QByteArray &name) const;
};

/** Decodes the kernel's \ooo escapes. */
QByteArray unescapeMountField(const QByteArray &field);

/** Parses mountinfo text; a malformed line is an error naming its number. */
Result<QList<MountEntry>> parseMountInfo(const QByteArray &text);

/** Reads and parses /proc/self/mountinfo. */
Result<QList<MountEntry>> readMountTable();

/** The mount holding @p canonicalPath (absolute, no symlinks, no trailing '/'); nullptr if none. */
const MountEntry *findMount(const QList<MountEntry> &mounts, const QByteArray &canonicalPath);

/**
 * Mount points strictly below @p canonicalDir, relative to it, sorted and unique. A snapshot
 * shows each of them as the plain directory underneath (with whatever the mount hides), on
 * the snapshot's own device, so a walker reading a snapshot must skip these itself.
 */
QList<QByteArray> mountPointsBelow(const QList<MountEntry> &mounts, const QByteArray &canonicalDir);

/**
 * @p absPath with every parent's symlinks resolved (the last component is kept, not followed,
 * so an include root that is a symlink stays one). Errors name the path.
 */
Result<QByteArray> canonicalPath(const QByteArray &absPath);

/** @p path relative to @p base ("" when equal); @p path must be @p base or below it. */
QByteArray relativeTo(const QByteArray &path, const QByteArray &base);

/** The volume holding one path: its mount and the filesystem's statfs magic. */
struct VolumeInfo {
    QByteArray path;  // canonical path asked about
    MountEntry mount;
    qint64 fsMagic = 0;  // statfs f_type
};

/** Finds the volume of @p canonicalPath in @p mounts and statfs()s it. */
Result<VolumeInfo> volumeFor(const QByteArray &canonicalPath, const QList<MountEntry> &mounts);

}  // namespace st
