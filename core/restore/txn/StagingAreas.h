// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The areas of a staged clone on the filesystems mounted below the root (a separate
 * /boot, /var, /srv...), so that applying it at boot stays one rename per entry.
 *
 * The restore stages every entry in the root's staging tree. Before the clone is armed,
 * distributeToAreas() moves what lies strictly below each mount point the clone reaches into
 * an area on that filesystem, <mount>/.servertwin-staging/<name>/ with its own tree/ (the
 * staged entries, under their root-relative paths) and backup/ (what the apply puts aside
 * there). The mount points are recorded first, in the transaction directory's "areas" file,
 * so that the apply, the rollback, the retirement and the cleanup of a killed restore find
 * every area again (StagedTrees maps a path to its area).
 *
 * A filesystem that does not survive a reboot (tmpfs, ramfs) cannot hold an area: such a
 * clone is refused, as is one whose entries do not fit on their filesystem. Free functions;
 * blocking (copies and removals of whole subtrees), call them on a worker thread.
 */
#include "archive/Manifest.h"
#include "util/CancelToken.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>

namespace st::txn {

/** "areas": the transaction directory's list of the mount points holding areas. */
extern const QByteArray kAreasFile;

/** "<mountPoint>/.servertwin-staging/<name>" (root-relative). */
QByteArray areaDirectoryOf(const QByteArray &mountPoint, const QByteArray &name);

/**
 * The mount points below the root (root-relative, parents first) that @p manifest reaches:
 * a directory it lists, or one holding an entry it lists, that is the root of a filesystem
 * mounted in the root. Entries at or below @p protectedPaths (normalised) do not count.
 */
Result<QList<QByteArray>> mountsReached(int rootFd, const Manifest &manifest, const QList<QByteArray> &protectedPaths);

/** The mount points recorded in the transaction directory @p dirFd (none recorded: none). */
Result<QList<QByteArray>> readAreas(int dirFd);

/**
 * Checks that each of @p mounts can hold what is staged below it (a persistent filesystem
 * with the room), records @p mounts in @p dirFd durably, creates each area and moves the
 * entries staged below each mount point from @p rootTreeFd into its area's tree (a copy with
 * every attribute and hard link, then removed from the root's tree), deepest mount first,
 * and flushes the areas to disk. On an error the caller removes the staging
 * (removeAreas(), then the transaction directory).
 */
Status distributeToAreas(int rootFd, int dirFd, int rootTreeFd, const QByteArray &name, const QList<QByteArray> &mounts,
                         const CancelToken &cancel);

/**
 * Removes the area @p name on each of @p mounts, and each <mount>/.servertwin-staging left
 * empty; an area that is not there is fine. The first error is returned after trying all.
 */
Status removeAreas(int rootFd, const QList<QByteArray> &mounts, const QByteArray &name);

/**
 * Removes the areas of the staging directory @p name below @p stagingFd (the root's
 * .servertwin-staging) that its "areas" file lists: named @p name, and @p alsoName when given
 * (a retired transaction's areas may still carry the clone's id). No such directory: nothing.
 */
Status removeAreasOf(int rootFd, int stagingFd, const QByteArray &name, const QByteArray &alsoName = {});

}  // namespace st::txn
