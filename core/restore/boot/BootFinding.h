// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The vocabulary of the boot-readiness check: where the Secondary's live system is
 * (HostRoots, directories so tests can pass fixture trees), what the caller can tell it
 * (BootCheckOptions) and what it finds (Finding). Plain value types: thread-safe as values are.
 */
#include <QList>
#include <QString>
#include <QStringList>

namespace st::boot {

/** The Secondary as it runs now. Every check reads below these directories only. */
struct HostRoots {
    QString liveRoot = QStringLiteral("/");
    QString sysRoot = QStringLiteral("/sys");
    QString devRoot = QStringLiteral("/dev");
    QString procRoot = QStringLiteral("/proc");
};

struct BootCheckOptions {
    /** Absolute paths the clone excludes ("/srv/data"): a mount of the Primary at or below one
     *  need not exist on this Secondary (reported as Info). */
    QStringList excludedPaths;
    /** The clone replaces the kernels, modules or boot tools (carriesBoot()); when not, the
     *  Secondary's own boot stays and only the mounts are checked. */
    bool cloneCarriesBoot = true;
};

/**
 * One result line. check is "fstab", "crypttab", "kernel", "driver", "bootloader" or "bootdisk".
 * Block: arming the clone for boot must be refused. Warn: it may boot but something will be
 * missing. Info: a fact worth showing. Ok: a check that passed.
 */
struct Finding {
    enum class Level { Block, Warn, Info, Ok };
    QString check;
    Level level = Level::Info;
    QString message;  // one line, names the path or device, says what to do
};

/** "block", "warn", "info", "ok". */
QString levelName(Finding::Level level);

/** True if any finding is a Block. */
bool hasBlock(const QList<Finding> &findings);

/** The findings of level @p level (tests and reports). */
QList<Finding> findingsAt(const QList<Finding> &findings, Finding::Level level);

}  // namespace st::boot
