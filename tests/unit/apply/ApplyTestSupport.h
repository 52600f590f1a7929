// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test support for the verify/apply tests: builds a Manifest by walking a real tree
 * (parents first, names sorted bytewise, SHA-256 of every file, later names of a shared
 * inode as hard links), opens directories, lists what a tree still holds, records a tree's
 * whole state (to prove it unchanged), and mounts a scratch tmpfs (root only). Test-only; one thread.
 */
#include "archive/Manifest.h"
#include "util/UniqueFd.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace st::test {

/** Everything below @p dir, with @p includes / @p excludes copied into the header. */
Manifest manifestOf(const QByteArray &dir, const QList<QByteArray> &includes = {QByteArray()},
                    const QList<QByteArray> &excludes = {});

/** open(O_RDONLY|O_DIRECTORY); fails the test when it cannot. */
UniqueFd openDirectory(const QByteArray &path);

/** Relative paths of every non-directory below @p dir (empty when only directories remain). */
QList<QByteArray> nonDirectoriesBelow(const QByteArray &dir);

/** All names below @p dir, sorted (directories too). */
QList<QByteArray> listAll(const QByteArray &dir);

/**
 * Everything @p dir holds, itself included, one line per node sorted by path: type, mode,
 * owner, size, mtime to the nanosecond, and the SHA-256 of a file's content or a symlink's
 * target. Equal before and after means the tree was not changed.
 */
QStringList treeState(const QByteArray &dir);

/** A tmpfs mounted on an existing directory for the object's lifetime (lazy unmount). */
class TmpfsMount {
public:
    /** @p options as for mount -o; @p flags e.g. MS_RDONLY. */
    explicit TmpfsMount(const QByteArray &dir, const char *options = "size=256m,mode=0755", unsigned long flags = 0);
    ~TmpfsMount();
    TmpfsMount(const TmpfsMount &) = delete;
    TmpfsMount &operator=(const TmpfsMount &) = delete;
    bool ok() const { return m_ok; }

private:
    QByteArray m_dir;
    bool m_ok = false;
};

}  // namespace st::test
