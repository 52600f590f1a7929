// SPDX-License-Identifier: GPL-3.0-or-later
#include "profile/HostSpecificFiles.h"

namespace st {

const QList<HostSpecificPath> &hostSpecificPaths()
{
    static const QString storage = QStringLiteral("storage and boot");
    static const QString network = QStringLiteral("network");
    static const QString agent = QStringLiteral("agent");
    static const QList<HostSpecificPath> paths{
        {"etc/fstab", storage, QStringLiteral("mounts the Secondary's own disks by their UUIDs")},
        {"etc/crypttab", storage, QStringLiteral("unlocks the Secondary's own encrypted volumes")},
        {"etc/mdadm", storage, QStringLiteral("assembles the Secondary's own RAID arrays")},
        {"etc/lvm", storage, QStringLiteral("describes the Secondary's own volume groups")},
        {"etc/multipath.conf", storage, QStringLiteral("names the Secondary's own multipath devices")},
        {"etc/default/grub", storage, QStringLiteral("the Secondary's kernel command line and boot loader settings")},
        {"etc/default/grub.d", storage, QStringLiteral("the Secondary's kernel command line and boot loader settings")},
        {"boot/grub", storage, QStringLiteral("the boot loader installed on the Secondary's boot disk; regenerated at boot")},
        {"boot/efi", storage, QStringLiteral("the Secondary's EFI system partition")},
        {"etc/kernel/cmdline", storage, QStringLiteral("the Secondary's kernel command line")},
        {"etc/initramfs-tools", storage, QStringLiteral("the initramfs configuration, with the Secondary's resume device")},
        {"etc/uswsusp.conf", storage, QStringLiteral("the Secondary's resume device")},
        {"etc/network/interfaces", network, QStringLiteral("the Secondary's addresses until the network step")},
        {"etc/network/interfaces.d", network, QStringLiteral("the Secondary's addresses until the network step")},
        {"etc/systemd/network", network, QStringLiteral("the Secondary's addresses until the network step")},
        {"etc/NetworkManager/system-connections", network, QStringLiteral("the Secondary's addresses until the network step")},
        {"etc/netplan", network, QStringLiteral("the Secondary's addresses until the network step")},
        {"etc/resolv.conf", network, QStringLiteral("the Secondary's name servers until the network step")},
        {"etc/udev/rules.d/70-persistent-net.rules", network, QStringLiteral("names the Secondary's own NICs by their MACs")},
        {"etc/systemd/system/servertwin-agent.service.d", agent, QStringLiteral("the agent's local settings")},
        {"etc/systemd/system/multi-user.target.wants/servertwin-agent.service", agent, QStringLiteral("starts the agent at boot")},
        {"var/lib/servertwin-agent", agent, QStringLiteral("the agent's key, pinned Primaries and journal")},
    };
    return paths;
}

const QList<RegeneratedItem> &regeneratedAtBoot()
{
    static const QList<RegeneratedItem> items{
        {QStringLiteral("initramfs of every installed kernel"), QStringLiteral("update-initramfs -u -k all, with the Secondary's disks and drivers")},
        {QStringLiteral("boot loader"), QStringLiteral("grub-install on the Secondary's boot disk, then update-grub")},
        {QStringLiteral("the agent's package record"), QStringLiteral("the Secondary's servertwin-agent entry kept in the package database")},
    };
    return items;
}

}  // namespace st
