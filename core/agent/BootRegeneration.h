// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Which of a live Secondary's boot files an apply (or its rollback) made stale: the
 * initramfs (built from the kernel's modules, firmware, udev, the binaries and libraries it
 * copies, and the storage and console configuration in /etc) and the boot loader (GRUB's
 * modules and tools, its configuration, the kernels in /boot, the OS name in its menu).
 *
 * Judged from the paths the transaction's plan touched and that really changed (an entry
 * equal to the Secondary's is placed too): a change under a source of the file, or a
 * directory placed whole that holds one, makes it stale; a clone of, say, /etc/app only
 * leaves both as they are, which spares the Secondary a minute or more of its boot. Pure
 * functions, thread-safe.
 */
#include "restore/txn/ApplyStep.h"

#include <QByteArray>
#include <QList>

#include <functional>

namespace st {

struct BootRegeneration {
    bool initramfs = false;
    bool bootLoader = false;
    QByteArray initramfsBecause;   // the first touched path that makes the initramfs stale
    QByteArray bootLoaderBecause;  // the same for the boot loader
};

/**
 * @p touched: root-relative paths ("etc/modprobe.d/x.conf") the apply placed or removed.
 * @p changed, when given, says whether such a path really differs from what the root held
 * (a plan places every entry of the clone, also those equal to the Secondary's); it is asked
 * only for paths under a source, at most until both files are found stale.
 */
BootRegeneration bootRegenerationFor(const QList<QByteArray> &touched, const std::function<bool(const QByteArray &)> &changed = {});

/**
 * The same for the steps of a transaction's plan. A path that moved (Aside, Place) changed
 * when @p movedDiffers says so (the root's entry against the one it displaced); a directory
 * the plan kept in place and only gave other metadata (Meta steps alone) changed when its
 * mode or owner did, not for its times, which feed no boot file.
 */
BootRegeneration bootRegenerationForPlan(const QList<txn::ApplyStep> &steps, const std::function<bool(const QByteArray &)> &movedDiffers);

}  // namespace st
