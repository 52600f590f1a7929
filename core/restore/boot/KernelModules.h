// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Check 2, the staged kernels, and the module index the driver check reads: each
 * kernel the clone carries (boot/vmlinuz-<version>) with its modules.dep (loadable modules)
 * and modules.builtin (built into the image), found in usr/lib/modules/<version> or
 * lib/modules/<version> of the staged tree (the merged-/usr "lib -> usr/lib" link resolved
 * inside the staged tree, never outside it). Module names are compared with '-' and '_' as
 * one. ModuleIndex is a value (immutable after load); free functions, thread-safe.
 */
#include "restore/boot/BootFinding.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QHash>
#include <QSet>
#include <QString>

namespace st::boot {

struct StagedKernel {
    QString version;  // "6.1.0-28-amd64"
    QString image;    // "boot/vmlinuz-6.1.0-28-amd64", relative to the staged root
};

/** The kernels in @p stagedRoot/boot, sorted by version; empty when there are none or no boot/. */
Result<QList<StagedKernel>> stagedKernels(const QString &stagedRoot);

/** "virtio-blk" -> "virtio_blk" (the kernel treats both spellings as one module). */
QString normaliseModuleName(const QString &name);

/** "kernel/drivers/block/virtio_blk.ko.xz" -> "virtio_blk" (.ko, .ko.xz, .ko.zst, .ko.gz). */
QString moduleNameFromPath(const QString &path);

class ModuleIndex {
public:
    enum class Presence { Missing, Loadable, BuiltIn };

    /** The index of kernel @p version below @p root: the first of usr/lib/modules/<v> and
     *  lib/modules/<v> that has a modules.dep; an error naming both when neither has. */
    static Result<ModuleIndex> load(const QString &root, const QString &version);
    /** From the two files' text (modules.builtin may be empty). */
    static ModuleIndex fromText(const QByteArray &modulesDep, const QByteArray &modulesBuiltin);

    Presence find(const QString &module) const;
    /** Where it was loaded from, relative to the root ("usr/lib/modules/6.1.0-28-amd64"). */
    const QString &directory() const { return m_directory; }
    /** False when the kernel had no modules.builtin (then nothing counts as built in). */
    bool hasBuiltinList() const { return m_hasBuiltinList; }

private:
    /** A module modules.dep lists but whose file the clone left out is missing, not loadable. */
    void dropAbsentFiles(const QString &root);

    QHash<QString, QString> m_loadable;  // name -> its file, relative to directory()
    QSet<QString> m_builtin;
    QString m_directory;
    bool m_hasBuiltinList = false;
};

/** Findings "kernel": Block when the clone has no kernel or a kernel without its modules; Ok per good kernel. */
QList<Finding> checkKernels(const QString &stagedRoot);

}  // namespace st::boot
