// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The machine, CPU and memory part of an inventory: DMI (class/dmi/id), firmware mode
 * (firmware/efi), virtualisation the way systemd-detect-virt decides it (a container first,
 * then CPUID's hypervisor vendor, then the DMI vendor table, then the cpuinfo hypervisor
 * flag), /proc/cpuinfo with the sysfs CPU topology, /proc/meminfo. The parsers are public for
 * the fixture tests. Free functions, no state: thread-safe.
 */
#include "inventory/Inventory.h"
#include "inventory/InventorySources.h"

#include <QSet>

namespace st::inv {

struct CpuInfoText {
    QString model;
    int processors = 0;
    QSet<QString> packages;  // "physical id" values
    QSet<QString> cores;     // "physical id/core id"
    bool hypervisorFlag = false;
};

/** /proc/cpuinfo of x86 ("model name", "physical id", "core id", flags) or arm64 ("CPU part", "Hardware"). */
CpuInfoText parseCpuInfo(const QByteArray &text);

/** A sysfs CPU list ("0-3,8,10-11") as its number of CPUs; -1 when it does not parse. */
int countCpuList(const QString &list);

/** MemTotal of /proc/meminfo in bytes; 0 when absent. */
qint64 parseMemTotal(const QByteArray &text);

/** systemd's name for a hypervisor CPUID vendor ("KVMKVMKVM" -> "kvm"), empty when unknown. */
QString virtualizationFromCpuid(const QString &vendor);

/** systemd's name for a DMI vendor or product string ("QEMU" -> "qemu"), empty when unknown. */
QString virtualizationFromDmi(const QString &text);

/** Machine: DMI, firmware and virtualisation. @p notes gets what could not be read. */
Machine readMachine(const InventorySources &sources, QStringList &notes);

/** Architecture, model and topology. */
Cpu readCpu(const InventorySources &sources, QStringList &notes);

qint64 readMemory(const InventorySources &sources, QStringList &notes);

}  // namespace st::inv
