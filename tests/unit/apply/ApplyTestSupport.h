// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test support for the verify/apply tests: builds a Manifest by walking a real tree
 * (parents first, names sorted bytewise, SHA-256 of every file, later names of a shared
 * inode as hard links), opens directories, lists what a tree still holds, and mounts a
 * scratch tmpfs (root only). Test-only; one thread.
 */
#include "archive/Manifest.h"
#include "util/UniqueFd.h"

#include <QByteArray>
#include <QList>

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

/** A tmpfs mounted on an existing directory for the object's lifetime (lazy unmount). */
class TmpfsMount {
public:
    explicit TmpfsMount(const QByteArray &dir);
    ~TmpfsMount();
    TmpfsMount(const TmpfsMount &) = delete;
    TmpfsMount &operator=(const TmpfsMount &) = delete;
    bool ok() const { return m_ok; }

private:
    QByteArray m_dir;
    bool m_ok = false;
};

}  // namespace st::test
