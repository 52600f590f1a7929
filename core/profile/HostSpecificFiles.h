// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What a Secondary keeps of its own when a clone is applied to its live system, and
 * what the apply regenerates at boot: the one list the agent protects, the wizard shows
 * before the clone and the report records.
 *
 * Kept: the storage and boot identity (fstab, crypttab, RAID and LVM configuration, the boot
 * loader and its settings, the resume device and the initramfs configuration), the network
 * configuration (rewritten later by the network step), and the agent's own installation and
 * state (so an agent that trusts the Primary answers after the reboot). Carried from the
 * Primary: everything else, host name, /etc/hosts, machine-id and SSH host keys included.
 * Plain data; free functions, thread-safe.
 */
#include <QByteArray>
#include <QList>
#include <QString>

namespace st {

struct HostSpecificPath {
    QByteArray path;  // root-relative
    QString group;    // "storage and boot", "network", "agent"
    QString reason;
};

/** The paths a live Secondary keeps, in a stable order. */
const QList<HostSpecificPath> &hostSpecificPaths();

struct RegeneratedItem {
    QString what;
    QString how;
};

/** What the apply at boot regenerates from the Secondary's own disks. */
const QList<RegeneratedItem> &regeneratedAtBoot();

}  // namespace st
