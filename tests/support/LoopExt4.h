// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test helper: a small ext4 filesystem on a loop device, mounted on a scratch
 * directory (or a given one), for full-disk and out-of-inodes tests; a filler file takes its
 * free space away and gives it back. Unmounted and detached on destruction. Needs root
 * (mkfs.ext4, losetup, mount). Test-only; one thread.
 */
#include "support/TestTree.h"

#include <QByteArray>
#include <QString>

namespace st::test {

class LoopExt4 {
public:
    /** @p mib MiB; @p inodes the inode table's size (0: mkfs's default); mounted on @p mountOn
     *  (an existing empty directory) or, when empty, on a scratch directory. */
    explicit LoopExt4(int mib, int inodes = 0, const QByteArray &mountOn = {});
    ~LoopExt4();
    LoopExt4(const LoopExt4 &) = delete;
    LoopExt4 &operator=(const LoopExt4 &) = delete;

    /** Empty when the filesystem is mounted; else what failed. */
    QString error() const { return m_error; }
    const QByteArray &root() const { return m_mount; }
    qint64 freeBytes() const;
    /** Allocates a filler file so that about @p leaveFree bytes stay free. */
    void fillLeaving(qint64 leaveFree);
    void removeFiller();

private:
    ScratchDir m_dir;
    QByteArray m_image;
    QByteArray m_mount;
    QByteArray m_device;
    QString m_error;
    bool m_mounted = false;
};

}  // namespace st::test
