// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The mirroring pass of an apply: below each include root of the manifest, removes
 * whatever the live root holds that the manifest does not list, and reports each removal
 * (the top-most removed path of a subtree, with the reason).
 *
 * Left alone: paths matched by the exclude patterns (not descended), the protected paths and
 * everything below them, mount points that the manifest does not list (a mounted filesystem
 * is never emptied: a subtree holding one is descended into instead of removed whole), and
 * the include roots themselves. Manifest directories are descended (also into other
 * filesystems); symlinks are never followed. Walks by directory fds opened beneath the root.
 *
 * Mode::Check is the pre-flight's dry run (ApplyPreflight), on the root before the apply:
 * the same walk and the same decisions, but instead of removing it checks that each removal
 * would succeed (ChangeChecks) and lists it; nothing is changed. Run before the entries are
 * moved in, it sees the same removals as the real pass after them: what the apply moves in
 * is exactly what the manifest lists, and mirroring leaves manifest entries alone.
 * Blocking, one thread; honours the CancelToken between entries.
 */
#include "archive/Manifest.h"
#include "profile/ExcludeMatcher.h"
#include "restore/TreeApplier.h"
#include "util/CancelToken.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QSet>

namespace st::apply {

class TreeMirror {
public:
    enum class Mode { Apply, Check };

    TreeMirror(int rootFd, const Manifest &manifest, const QSet<QByteArray> &implicitDirs, const ExcludeMatcher &excludes,
               const QList<QByteArray> &protectedPaths, CancelToken cancel, Mode mode = Mode::Apply);

    /** Mirrors every include root; appends the removals (in Mode::Check: those it would make) to @p removed. */
    Status run(QList<RemovedPath> &removed);

private:
    Status mirrorDirectory(int dirFd, const QByteArray &dirPath, QList<RemovedPath> &removed);
    Status handleChild(int dirFd, const QByteArray &name, const QByteArray &path, QList<RemovedPath> &removed);
    Status removeChild(int dirFd, const QByteArray &name, const QByteArray &path, bool isDir, QList<RemovedPath> &removed);
    Status descend(int dirFd, const QByteArray &name, const QByteArray &path, QList<RemovedPath> &removed);

    int m_rootFd;
    const Manifest &m_manifest;
    const QSet<QByteArray> &m_implicit;
    const ExcludeMatcher &m_excludes;
    const QList<QByteArray> &m_protected;
    CancelToken m_cancel;
    Mode m_mode;
};

/** The include roots of @p manifest, normalised, without those below another one. */
Result<QList<QByteArray>> mirrorRoots(const Manifest &manifest);

}  // namespace st::apply
