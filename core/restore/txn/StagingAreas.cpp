// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/txn/StagingAreas.h"

#include "restore/StagingArea.h"
#include "restore/apply/ApplyPaths.h"
#include "restore/apply/CrossDeviceCopy.h"
#include "restore/apply/FsWalk.h"
#include "util/DurableFile.h"
#include "util/HumanBytes.h"
#include "util/RawPath.h"
#include "util/SafeFs.h"

#include <QHash>
#include <QSet>

#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace st::txn {

const QByteArray kAreasFile = QByteArrayLiteral("areas");

namespace {
using namespace st::apply;

constexpr qint64 kMaxAreasBytes = 1 << 20;
constexpr qint64 kAreaReserve = 16LL << 20;  // kept free on an area's filesystem beyond the estimate

/** (@p path below @p rootFd) is a directory that is the root of a mounted filesystem. */
bool isMountDirectory(int rootFd, const QByteArray &path)
{
    Result<ParentAndName> pn = openParentBeneath(rootFd, path);
    if (!pn)
        return false;  // not resolvable in the root (missing, a symlink on the way): not a mount of it
    struct stat st {};
    if (fstatat(pn->parent.get(), pn->name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
        return false;
    Result<bool> mount = isMountRoot(pn->parent.get(), pn->name, path);
    return mount && *mount;
}

/** What a staged subtree occupies: bytes (allocated blocks) and inodes, each hard-linked file once. */
struct Usage {
    qint64 bytes = 0;
    qint64 inodes = 0;
};

Status addUsage(int dirFd, const QByteArray &path, const QSet<QByteArray> &skipBelow, Usage &usage,
                QSet<QPair<quint64, quint64>> &seen, const CancelToken &cancel)
{
    Result<QList<QByteArray>> names = listDirectory(dirFd, path);
    if (!names)
        return names.error();
    for (const QByteArray &name : *names) {
        if (cancel.isCancelled())
            return makeError(ErrorCode::Cancelled, QStringLiteral("staging the clone cancelled"));
        const QByteArray child = joinPath(path, name);
        struct stat st {};
        if (fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
            return errnoError(errno, QStringLiteral("cannot stat staged %1").arg(displayPath(child)));
        if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
            const QPair<quint64, quint64> key{static_cast<quint64>(st.st_dev), static_cast<quint64>(st.st_ino)};
            if (seen.contains(key))
                continue;
            seen.insert(key);
        }
        usage.bytes += static_cast<qint64>(st.st_blocks) * 512;
        ++usage.inodes;
        if (!S_ISDIR(st.st_mode) || skipBelow.contains(child))
            continue;  // a deeper mount point's entries go to its own area
        Result<UniqueFd> sub = openForReading(dirFd, name, O_DIRECTORY);
        if (!sub)
            return sub.error();
        if (Status s = addUsage(sub->get(), child, skipBelow, usage, seen, cancel); !s)
            return s;
    }
    return {};
}

/** Refuses a filesystem that cannot hold an area: one that a reboot empties, or one without the room. */
Status checkAreaFilesystem(int rootFd, int rootTreeFd, const QByteArray &mount, const QList<QByteArray> &mounts,
                           const CancelToken &cancel)
{
    Result<UniqueFd> mountFd = openBeneath(rootFd, mount, O_RDONLY | O_DIRECTORY);
    if (!mountFd)
        return mountFd.error().withContext(QStringLiteral("cannot stage the clone's files for /%1").arg(displayPath(mount)));
    struct statfs fs {};
    if (fstatfs(mountFd->get(), &fs) != 0)
        return errnoError(errno, QStringLiteral("cannot stat the filesystem mounted at /%1").arg(displayPath(mount)));
    if (fs.f_type == TMPFS_MAGIC || fs.f_type == RAMFS_MAGIC)
        return makeError(ErrorCode::Refused, QStringLiteral("/%1 is a %2 on this Secondary: what the clone puts there would not survive the reboot "
                                                            "that applies it; exclude /%1 from the clone")
                                                 .arg(displayPath(mount), fs.f_type == TMPFS_MAGIC ? QStringLiteral("tmpfs") : QStringLiteral("ramfs")));
    Result<UniqueFd> staged = openBeneath(rootTreeFd, mount, O_RDONLY | O_DIRECTORY);
    if (!staged)
        return isNotFound(staged.error()) ? Status() : Status(staged.error());  // nothing staged below it
    QSet<QByteArray> deeper;
    for (const QByteArray &m : mounts)
        if (m != mount && isSameOrBelow(m, mount))
            deeper.insert(m);
    Usage usage;
    QSet<QPair<quint64, quint64>> seen;
    if (Status s = addUsage(staged->get(), mount, deeper, usage, seen, cancel); !s)
        return s;
    struct statvfs vfs {};
    if (fstatvfs(mountFd->get(), &vfs) != 0)
        return errnoError(errno, QStringLiteral("cannot stat the filesystem mounted at /%1").arg(displayPath(mount)));
    const qint64 freeBytes = static_cast<qint64>(vfs.f_bavail) * static_cast<qint64>(vfs.f_frsize);
    const qint64 needed = usage.bytes + usage.bytes / 20 + kAreaReserve;
    if (freeBytes < needed)
        return makeError(ErrorCode::NoSpace, QStringLiteral("not enough free space on /%1 (a filesystem of its own on this Secondary) for what the clone "
                                                            "puts there: %2 free, about %3 needed; free space there or exclude /%1 from the clone")
                                                 .arg(displayPath(mount), humanBytes(freeBytes), humanBytes(needed)));
    if (vfs.f_files > 0 && static_cast<qint64>(vfs.f_favail) < usage.inodes)
        return makeError(ErrorCode::NoSpace, QStringLiteral("not enough free inodes on /%1 (a filesystem of its own on this Secondary): %2 free, "
                                                            "the clone puts %3 entries there")
                                                 .arg(displayPath(mount))
                                                 .arg(static_cast<qint64>(vfs.f_favail))
                                                 .arg(usage.inodes));
    return {};
}

Status makeDirectory(int parentFd, const QByteArray &name, mode_t mode, const QByteArray &forPath)
{
    if (mkdirat(parentFd, name.constData(), mode) != 0 && errno != EEXIST)
        return errnoError(errno, QStringLiteral("cannot create %1").arg(displayPath(forPath)));
    return {};
}

/** Creates the area @p name on @p mount afresh (tree/ and backup/) and returns its tree. */
Result<UniqueFd> makeArea(int rootFd, const QByteArray &mount, const QByteArray &name)
{
    const QByteArray where = QByteArrayLiteral("/") + areaDirectoryOf(mount, name);
    Result<UniqueFd> mountFd = openBeneath(rootFd, mount, O_RDONLY | O_DIRECTORY);
    if (!mountFd)
        return mountFd.error().withContext(QStringLiteral("cannot create %1").arg(displayPath(where)));
    // The mount point's directory keeps its times (it may get the Primary's at the apply, and
    // gets its own back at a rollback: as they were, not as the area's creation left them).
    struct stat mountSt {};
    if (fstat(mountFd->get(), &mountSt) != 0)
        return errnoError(errno, QStringLiteral("cannot stat /%1").arg(displayPath(mount)));
    if (mkdirat(mountFd->get(), stagingDirectoryName().constData(), 0700) == 0) {
        const struct timespec times[2] = {mountSt.st_atim, mountSt.st_mtim};
        (void)futimens(mountFd->get(), times);
    } else if (errno != EEXIST) {
        return errnoError(errno, QStringLiteral("cannot create %1").arg(displayPath(where)));
    }
    Result<UniqueFd> staging = openBeneath(mountFd->get(), stagingDirectoryName(), O_RDONLY | O_DIRECTORY);
    if (!staging)
        return staging.error();
    if (Status s = removeRecursiveAt(staging->get(), name); !s)  // a killed restore's
        return s.error();
    if (mkdirat(staging->get(), name.constData(), 0700) != 0)
        return errnoError(errno, QStringLiteral("cannot create %1").arg(displayPath(where)));
    Result<UniqueFd> area = openBeneath(staging->get(), name, O_RDONLY | O_DIRECTORY);
    if (!area)
        return area.error();
    if (Status s = makeDirectory(area->get(), QByteArrayLiteral("backup"), 0700, where + "/backup"); !s)
        return s.error();
    if (Status s = makeDirectory(area->get(), QByteArrayLiteral("tree"), 0755, where + "/tree"); !s)
        return s.error();
    Result<UniqueFd> tree = openBeneath(area->get(), QByteArrayLiteral("tree"), O_RDONLY | O_DIRECTORY);
    if (!tree)
        return tree.error();
    // The mount point's path inside the tree: plain directories holding its staged entries.
    QByteArray prefix;
    for (const QByteArray &part : mount.split('/')) {
        Result<UniqueFd> parent = openBeneath(tree->get(), prefix, O_RDONLY | O_DIRECTORY);
        if (!parent)
            return parent.error();
        prefix = joinPath(prefix, part);
        if (Status s = makeDirectory(parent->get(), part, 0700, where + "/tree/" + prefix); !s)
            return s.error();
    }
    return tree;
}

/** Moves the entries staged below @p mount from the root's tree into the area's tree @p areaTreeFd. */
Status moveBelow(int rootTreeFd, int areaTreeFd, const QByteArray &mount, const CancelToken &cancel)
{
    Result<UniqueFd> from = openBeneath(rootTreeFd, mount, O_RDONLY | O_DIRECTORY);
    if (!from)
        return isNotFound(from.error()) ? Status() : Status(from.error());
    Result<UniqueFd> to = openBeneath(areaTreeFd, mount, O_RDONLY | O_DIRECTORY);
    if (!to)
        return to.error();
    Result<QList<QByteArray>> names = listDirectory(from->get(), mount);
    if (!names)
        return names.error();
    CrossDeviceCopy copier(areaTreeFd, cancel);
    for (const QByteArray &name : *names) {
        const QByteArray path = joinPath(mount, name);
        Result<QByteArray> temp = copier.copyToTemp(from->get(), name, to->get(), path);
        if (!temp)
            return temp.error().withContext(QStringLiteral("cannot stage %1 on its filesystem").arg(displayPath(path)));
        if (::renameat2(to->get(), temp->constData(), to->get(), name.constData(), RENAME_NOREPLACE) != 0)
            return errnoError(errno, QStringLiteral("cannot stage %1 on its filesystem").arg(displayPath(path)));
        if (Status s = removeRecursiveAt(from->get(), name); !s)
            return s;
    }
    if (::syncfs(areaTreeFd) != 0)
        return errnoError(errno, QStringLiteral("cannot flush the staged files on /%1 to disk").arg(displayPath(mount)));
    return {};
}

}  // namespace

QByteArray areaDirectoryOf(const QByteArray &mountPoint, const QByteArray &name)
{
    return joinPath(joinPath(mountPoint, stagingDirectoryName()), name);
}

Result<QList<QByteArray>> mountsReached(int rootFd, const Manifest &manifest, const QList<QByteArray> &protectedPaths)
{
    QHash<QByteArray, QByteArray> mountOfDir;  // directory -> the mount point it lies on ("": the root's filesystem)
    auto mountOf = [&](const QByteArray &dir) {
        QList<QByteArray> chain;
        QByteArray mount;
        for (QByteArray d = dir; !d.isEmpty(); d = parentPath(d)) {
            if (const auto it = mountOfDir.constFind(d); it != mountOfDir.constEnd()) {
                mount = *it;
                break;
            }
            chain.append(d);
            if (isMountDirectory(rootFd, d)) {
                mount = d;
                break;
            }
        }
        for (const QByteArray &c : chain)
            mountOfDir.insert(c, mount);
        return mount;
    };
    QSet<QByteArray> mounts;
    for (const ManifestEntry &e : manifest.entries()) {
        if (isAtOrBelowAny(e.path, protectedPaths))
            continue;
        const QByteArray mount = mountOf(e.type == EntryType::Directory ? e.path : parentPath(e.path));
        if (!mount.isEmpty())
            mounts.insert(mount);
    }
    QList<QByteArray> sorted(mounts.begin(), mounts.end());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

Result<QList<QByteArray>> readAreas(int dirFd)
{
    struct stat st {};
    if (fstatat(dirFd, kAreasFile.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return QList<QByteArray>();  // staged on the root's filesystem alone
        return errnoError(errno, QStringLiteral("cannot read the staged clone's list of areas"));
    }
    Result<QByteArray> text = readSmallFile(dirFd, kAreasFile, kMaxAreasBytes);
    if (!text)
        return text.error();
    QList<QByteArray> mounts;
    for (const QByteArray &line : text->split('\n')) {
        if (line.isEmpty())
            continue;
        const std::optional<QByteArray> mount = unescapePath(line);
        if (!mount || unsafePathReason(*mount))
            return makeError(ErrorCode::Io, QStringLiteral("the staged clone's list of areas is damaged (%1)").arg(QString::fromLatin1(line.left(80))));
        mounts.append(*mount);
    }
    return mounts;
}

Status distributeToAreas(int rootFd, int dirFd, int rootTreeFd, const QByteArray &name, const QList<QByteArray> &mounts,
                         const CancelToken &cancel)
{
    if (mounts.isEmpty())
        return {};
    for (const QByteArray &mount : mounts)
        if (Status s = checkAreaFilesystem(rootFd, rootTreeFd, mount, mounts, cancel); !s)
            return s;
    QByteArray list;
    for (const QByteArray &mount : mounts)
        list += escapePath(mount) + '\n';
    if (Status s = writeFileDurably(dirFd, kAreasFile, list); !s)
        return s;
    // Deepest first: a deeper area takes its entries before its mount point's directory
    // (then empty) goes to the area of the filesystem it is mounted on.
    QList<QByteArray> deepestFirst = mounts;
    std::sort(deepestFirst.begin(), deepestFirst.end(),
              [](const QByteArray &a, const QByteArray &b) { return pathDepth(a) > pathDepth(b); });
    for (const QByteArray &mount : deepestFirst) {
        Result<UniqueFd> tree = makeArea(rootFd, mount, name);
        if (!tree)
            return tree.error();
        if (Status s = moveBelow(rootTreeFd, tree->get(), mount, cancel); !s)
            return s;
    }
    return {};
}

Status removeAreas(int rootFd, const QList<QByteArray> &mounts, const QByteArray &name)
{
    Status first;
    for (const QByteArray &mount : mounts) {
        Result<UniqueFd> mountFd = openBeneath(rootFd, mount, O_RDONLY | O_DIRECTORY);
        if (!mountFd)
            continue;  // not mounted (or gone): nothing of ours there to reach
        Result<UniqueFd> staging = openBeneath(mountFd->get(), stagingDirectoryName(), O_RDONLY | O_DIRECTORY);
        if (!staging)
            continue;
        if (Status s = removeRecursiveAt(staging->get(), name); !s && first)
            first = s;
        // Only when empty; the mount point's directory keeps its times (the Primary's after a
        // confirmed clone, its own after a rollback).
        struct stat mountSt {};
        const bool hadTimes = fstat(mountFd->get(), &mountSt) == 0;
        if (::unlinkat(mountFd->get(), stagingDirectoryName().constData(), AT_REMOVEDIR) == 0 && hadTimes) {
            const struct timespec times[2] = {mountSt.st_atim, mountSt.st_mtim};
            (void)futimens(mountFd->get(), times);
        }
    }
    return first;
}

Status removeAreasOf(int rootFd, int stagingFd, const QByteArray &name, const QByteArray &alsoName)
{
    Result<UniqueFd> dir = openBeneath(stagingFd, name, O_RDONLY | O_DIRECTORY);
    if (!dir)
        return {};
    Result<QList<QByteArray>> areas = readAreas(dir->get());
    if (!areas)
        return areas.error();
    if (Status s = removeAreas(rootFd, *areas, name); !s)
        return s;
    return alsoName.isEmpty() ? Status() : removeAreas(rootFd, *areas, alsoName);
}

}  // namespace st::txn
