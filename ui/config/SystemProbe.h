// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The facts about this machine that page configs judge (privileges, filesystems, files),
 * behind an interface so tests can feed fakes; LocalSystemProbe reads the real system.
 *
 * Implementations must be safe to call from any thread and concurrently: configs call them
 * from worker threads, never on the GUI thread.
 */
#include "util/Result.h"

#include <QString>

namespace st {

struct FileSystemInfo {
    QString measuredPath;       // the path asked for, or its nearest existing ancestor
    quint64 typeMagic = 0;      // statfs(2) f_type, e.g. BTRFS_SUPER_MAGIC
    QString typeName;           // "ext4", "btrfs", "overlay", ...
    qint64 availableBytes = 0;  // free space for unprivileged writers (f_bavail * f_bsize)
};

class SystemProbe {
public:
    virtual ~SystemProbe() = default;

    /** The effective user ID of this process. */
    virtual quint32 effectiveUid() const = 0;

    /** The filesystem holding @p path; a path that does not exist yet is measured at its
     *  nearest existing ancestor (FileSystemInfo::measuredPath says which). */
    virtual Result<FileSystemInfo> fileSystem(const QString &path) const = 0;

    /** True if @p path is a regular file this process may execute. */
    virtual bool isExecutableFile(const QString &path) const = 0;
};

}  // namespace st
