// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief SystemProbe on the real system: geteuid(2), statfs(2) + statx(2) mount ID matched
 * against /proc/self/mountinfo for the filesystem's name, access(2) for executables.
 *
 * Stateless; safe from any thread.
 */
#include "config/SystemProbe.h"

namespace st {

class LocalSystemProbe final : public SystemProbe {
public:
    quint32 effectiveUid() const override;
    Result<FileSystemInfo> fileSystem(const QString &path) const override;
    bool isExecutableFile(const QString &path) const override;
};

/** A readable name for a statfs(2) f_type ("btrfs", "ext2/3/4", "xfs", ...; "0x…" if unknown). */
QString fileSystemTypeName(quint64 magic);

}  // namespace st
