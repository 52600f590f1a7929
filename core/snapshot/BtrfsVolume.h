// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What the btrfs provider needs to know about a btrfs volume, and its commands.
 *
 * A subvolume's root directory has inode 256 (BTRFS_FIRST_FREE_OBJECTID); every subvolume has
 * its own st_dev. subvolumeRootOf() walks up from a path to that directory. Identity comes from
 * ioctls (filesystem UUID, subvolume UUID, the UUID of the subvolume a snapshot was taken of,
 * read-only flag) so cleanup can prove a directory is a snapshot ServerTwin made of a given
 * subvolume before deleting it. Snapshots live in "<subvolume root>/.servertwin-snapshots/<tag>".
 * Free functions: thread-safe.
 */
#include "snapshot/CommandRunner.h"
#include "util/Result.h"

#include <QByteArray>
#include <QString>

namespace st {

inline constexpr char kBtrfsSnapshotDirName[] = ".servertwin-snapshots";
inline constexpr char kSnapshotTagPrefix[] = "servertwin-";

struct BtrfsSubvolumeInfo {
    QString uuid;        // this subvolume (hex, 32 digits)
    QString parentUuid;  // the subvolume it is a snapshot of; empty if none
    bool readOnly = false;
    quint64 id = 0;
};

/** True if @p path is a directory on btrfs with inode 256 (the root of a subvolume). */
bool isBtrfsSubvolumeRoot(const QByteArray &path);

/**
 * The root of the subvolume holding @p canonicalPath, found by walking up (never above
 * @p mountPoint). An error when the subvolume root is not visible below the mount (a mount of
 * a plain subdirectory).
 */
Result<QByteArray> btrfsSubvolumeRootOf(const QByteArray &canonicalPath, const QByteArray &mountPoint);

/** UUID of the btrfs filesystem holding @p path (hex). */
Result<QString> btrfsFilesystemUuid(const QByteArray &path);

/** Identity of the subvolume whose root is @p path. */
Result<BtrfsSubvolumeInfo> btrfsSubvolumeInfo(const QByteArray &path);

/** "btrfs subvolume snapshot -r SOURCE DEST". */
Result<QStringList> btrfsSnapshotCommand(const QByteArray &subvolumeRoot, const QByteArray &snapshotPath);
/** "btrfs subvolume delete PATH". */
Result<QStringList> btrfsDeleteCommand(const QByteArray &snapshotPath);

/** Creates "<root>/.servertwin-snapshots" (0700) if missing; refuses anything but a real directory there. */
Result<QByteArray> ensureBtrfsSnapshotDir(const QByteArray &subvolumeRoot);

/** Removes "<dir>" if it is empty (other runs' snapshots keep it); errors other than "not empty" are returned. */
Status removeDirIfEmpty(const QByteArray &dir);

}  // namespace st
