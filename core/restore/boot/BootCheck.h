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
 * order, and returns all their findings.
 */
QList<Finding> checkBootReadiness(const QString &stagedRoot, const HostRoots &host, const BootCheckOptions &options);

}  // namespace st::boot
