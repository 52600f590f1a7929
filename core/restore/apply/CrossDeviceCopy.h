// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Copies a staged entry into a directory on another filesystem (where rename(2) gives
 * EXDEV), under a fresh temporary name ".servertwin-tmp-<random>" beside its destination, so
 * the caller can rename it into place atomically.
 *
 * Regular files keep their holes; symlinks, FIFOs and devices are recreated; directories are
 * created and filled recursively; every node gets owner, mode, xattrs/ACLs/capabilities and
 * times. Hard links are kept where the filesystem allows: the first copy of a source inode
 * is remembered (by its final root-relative path) and later names of the same inode become
 * links to it. On failure the temporary entry is removed. Holds that inode map, so one
 * object serves one apply run; one thread.
 */
#include "restore/apply/SparseReader.h"
#include "util/CancelToken.h"
#include "util/Result.h"

#include <QByteArray>
#include <QHash>

#include <sys/stat.h>

namespace st::apply {

class CrossDeviceCopy {
public:
    CrossDeviceCopy(int rootFd, CancelToken cancel);

    /**
     * Copies (@p srcDirFd, @p srcName) into @p dstDirFd under a new temporary name and returns
     * that name. @p finalPath is the root-relative path the copy will be renamed to.
     */
    Result<QByteArray> copyToTemp(int srcDirFd, const QByteArray &srcName, int dstDirFd, const QByteArray &finalPath);

    /**
     * If an earlier copy holds the inode @p st of a staged file, hard-links that copy under a new
     * temporary name in @p dstDirFd and returns the name; an empty name when there is no such
     * copy or the link would cross filesystems.
     */
    Result<QByteArray> linkToTemp(const struct stat &st, int dstDirFd, const QByteArray &finalPath);

    /** A random ".servertwin-tmp-<16 hex digits>" name (not created). */
    static QByteArray temporaryName();

    qint64 bytesCopied() const { return m_bytes; }

private:
    Status copyNode(int srcDirFd, const QByteArray &srcName, int dstDirFd, const QByteArray &dstName,
                    const QByteArray &finalPath);
    Status copyFile(int srcDirFd, const QByteArray &srcName, const struct stat &st, int dstDirFd,
                    const QByteArray &dstName, const QByteArray &finalPath);
    Status copyDirectory(int srcDirFd, const QByteArray &srcName, int dstDirFd, const QByteArray &dstName,
                         const QByteArray &finalPath);
    /** 1 when linked, 0 when there is nothing to link to (or EXDEV), an error otherwise. */
    Result<int> tryLink(const struct stat &st, int dstDirFd, const QByteArray &dstName, const QByteArray &finalPath);
    QByteArray currentLocation(const QByteArray &finalPath) const;

    int m_rootFd;
    CancelToken m_cancel;
    SparseReader m_reader;
    QHash<QPair<quint64, quint64>, QByteArray> m_copies;  // (st_dev, st_ino) of a staged file -> final path of its copy
    QByteArray m_currentFinal;  // the entry being copied: its final path ...
    QByteArray m_currentTemp;   // ... and where it is while the copy runs
    qint64 m_bytes = 0;
};

}  // namespace st::apply
