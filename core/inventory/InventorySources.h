// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Where an inventory is read from: the directories that stand for /, /sys, /dev and
 * /proc (fixture trees in tests), the protection set's include roots, an optional staged
 * clone whose kernels are checked too, and the few facts no file holds (LiveFacts: CPUID,
 * filesystem space, addresses, the kernel's clock discipline, the time), which are left
 * unmeasured for a fixture. Plain value types: thread-safe as values are.
 */
#include "restore/boot/BootFinding.h"

#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace st::inv {

struct FsSpace {
    qint64 sizeBytes = 0;
    qint64 freeBytes = 0;  // f_bavail: what a new file may use
};

/** Facts of the running machine that no file says. An empty function: not measured. */
struct LiveFacts {
    std::function<QString()> cpuidHypervisor;  // CPUID leaf 0x40000000 vendor: "KVMKVMKVM", "TCGTCGTCGTCG", "" on bare metal
    std::function<QString()> unameMachine;     // uname -m, when /proc/sys/kernel/arch is missing
    std::function<std::optional<FsSpace>(const QString &mountPoint)> space;
    std::function<QStringList(const QString &nic)> addresses;  // "198.18.10.2/24"
    std::function<int()> ntpSynchronized;      // adjtimex(): 1, 0, or -1 when unknown
    std::function<qint64()> nowMs;
    std::function<QString()> hostName;
};

struct InventorySources {
    boot::HostRoots roots;
    QStringList protectedPaths;  // absolute include roots of the protection set ("/etc", "/usr")
    QString placeRoot = QStringLiteral("/");  // where they land: an agent's sandbox root (the paths keep their names)
    QString stagedRoot;          // a staged clone's tree: its kernels are checked too; empty: none
    LiveFacts live;
};

/** The facts of the machine this process runs on. */
LiveFacts liveHostFacts();

}  // namespace st::inv
