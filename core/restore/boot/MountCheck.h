// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Check 1, fstab and crypttab. After the apply this Secondary keeps its own
 * /etc/fstab and /etc/crypttab (the clone never replaces them), so every device they name
 * must be here (devRoot), and a filesystem the Primary mounts that this Secondary's fstab
 * does not would leave the clone's data without its disk. Reads files only; free functions,
 * thread-safe.
 */
#include "restore/boot/BootFinding.h"

#include <QList>
#include <QString>

namespace st::boot {

/**
 * Findings "fstab" and "crypttab": each non-virtual entry of this Secondary's fstab and each
 * crypttab source resolves here (Block when not, Warn for nofail/noauto); a bind mount's or
 * swap file's source exists in the staged or the live tree; each mount point and crypttab
 * name of the Primary (stagedRoot/etc/fstab, etc/crypttab) that this Secondary lacks is a
 * Block (Warn for nofail/noauto or a network filesystem, Info when options.excludedPaths covers it,
 * and Info for /boot, /boot/efi and /efi: this Secondary keeps its own boot layout).
 */
QList<Finding> checkMounts(const QString &stagedRoot, const HostRoots &host, const BootCheckOptions &options);

}  // namespace st::boot
