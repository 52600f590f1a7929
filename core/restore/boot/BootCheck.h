// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Whether a staged clone would boot on this Secondary: the agent runs this before it
 * arms a staged clone for the next boot and refuses while any finding is a Block. The four
 * checks are also callable on their own (MountCheck.h, KernelModules.h, DriverCheck.h,
 * BootLoaderCheck.h). Reads files only (no commands, no writes); free function, thread-safe.
 */
#include "restore/boot/BootFinding.h"

#include <QList>
#include <QString>

namespace st::boot {

/**
 * Runs checkMounts, checkKernels, checkDrivers and checkBootLoader on @p stagedRoot (the
 * Primary's files as they will be applied) against this Secondary as @p host shows it, in that
 * order, and returns all their findings; only checkMounts when the clone carries no boot.
 */
QList<Finding> checkBootReadiness(const QString &stagedRoot, const HostRoots &host, const BootCheckOptions &options);

/**
 * True when a clone with these (normalised, root-relative) include roots replaces any part of
 * what boots this machine: the kernels, their modules, the boot and initramfs tools. A clone
 * that does not (say, of /etc only) leaves the Secondary booting its own kernel, and only the
 * mounts are checked (BootCheckOptions::cloneCarriesBoot).
 */
bool carriesBoot(const QList<QByteArray> &includeRoots);

}  // namespace st::boot
