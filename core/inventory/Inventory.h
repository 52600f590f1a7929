// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief One machine's hardware and system inventory, as the hardware checklist (step 4)
 * compares it: machine, CPU, memory, disks and their partitions, mounted filesystems (and
 * which hold the protection set), NICs, the kernel modules each device needs, OS, clock.
 *
 * The agent sends it to the Primary (hardware.inventory), so parse() checks every field and
 * bounds every list far below the machine's memory; an unknown value is kept empty or -1,
 * never guessed. Plain value types: thread-safe as values are.
 */
#include "util/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace st::inv {

struct Machine {
    QString vendor;          // DMI sys_vendor: "QEMU", "Dell Inc."; empty without DMI
    QString product;         // DMI product_name
    QString serial;          // DMI product_serial (readable by root only)
    QString firmware;        // "uefi" or "bios"
    QString virtualization;  // as systemd-detect-virt names it: "none", "qemu", "kvm", "vmware", "docker"...
};

struct Cpu {
    QString architecture;  // the kernel's: "x86_64", "aarch64"
    QString model;         // "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz"
    int sockets = 0;
    int cores = 0;         // physical cores, all sockets
    int threads = 0;       // online logical CPUs
};

struct Partition {
    QString name;         // "vda1", "nvme0n1p2"
    qint64 sizeBytes = 0;
    QString fsType;       // from udev when it knows: "ext4", "vfat", "swap", "LVM2_member"
};

struct Disk {
    QString name;          // "vda", "sda", "nvme0n1"
    QString model;         // empty when the device has none (virtio)
    QString serial;
    qint64 sizeBytes = 0;
    bool rotational = false;
    bool removable = false;
    QStringList byId;      // /dev/disk/by-id names ("virtio-st-root", "nvme-eui.0025...")
    QString driver;        // the driver bound to the disk's device: "virtio_blk", "nvme", "sd"
    QList<Partition> partitions;
    bool holdsProtectionSet = false;  // a filesystem with a protected path lies on it
};

struct Filesystem {
    QString mountPoint;
    QString device;        // its block device: "vda1", "dm-0"
    QString fsType;
    QString uuid;
    qint64 sizeBytes = -1; // -1: not measured (a fixture)
    qint64 freeBytes = -1; // available to unprivileged writers... and to root: f_bavail
    QStringList disks;     // the whole disks below it ("vda"; several for RAID or LVM)
    QStringList protectedPaths;  // the protection set's include roots whose files land here
};

struct Nic {
    QString name;       // "ens3"
    QString mac;        // "52:54:00:12:34:56"
    QString driver;     // "virtio_net", "e1000e"
    QString operState;  // "up", "down", "lowerlayerdown", "unknown"
    bool carrier = false;
    int speedMbps = -1; // -1: unknown (link down, or a virtual NIC that does not say)
    QString master;     // the bond or bridge it is enslaved to, if any
    QStringList addresses;  // "198.18.10.1/24" (live hosts only)
};

/** What one kernel has of the modules a device needs. */
struct KernelSupport {
    QString kernel;       // "6.1.0-28-amd64"
    bool staged = false;  // the staged clone's kernel, not the running one
    QStringList missing;  // needed modules the kernel has neither loadable nor built in
};

struct DeviceNeed {
    QString device;       // the sysfs device, relative to /sys: "devices/pci0000:00/0000:00:03.0"
    QString role;         // "disk vda", "NIC ens3", "PCI device" (what it serves)
    QString modalias;
    QString driver;       // bound now; empty when no driver is bound
    QStringList modules;  // modules whose aliases match the modalias (modules.alias), or the bound driver's module
    QList<KernelSupport> kernels;  // the running kernel first
};

struct Os {
    QString id;          // os-release ID: "debian"
    QString versionId;   // VERSION_ID: "12"
    QString prettyName;  // "Debian GNU/Linux 12 (bookworm)"
    QString kernel;      // running kernel release
};

struct Clock {
    QString timeZone;    // "Europe/Berlin", "Etc/UTC"
    QString ntpService;  // the enabled time service ("systemd-timesyncd", "chrony"), empty: none
    int ntpSynchronized = -1;  // the kernel's clock discipline: 1 synchronised, 0 not, -1 unknown
    qint64 wallClockMs = 0;    // this machine's clock when the inventory was read (ms since the epoch)
};

struct Inventory {
    static constexpr qsizetype kMaxDisks = 256;
    static constexpr qsizetype kMaxPartitions = 128;  // per disk
    static constexpr qsizetype kMaxFilesystems = 512;
    static constexpr qsizetype kMaxNics = 256;
    static constexpr qsizetype kMaxAddresses = 64;    // per NIC
    static constexpr qsizetype kMaxDevices = 1024;
    static constexpr qsizetype kMaxModules = 64;      // per device
    static constexpr qsizetype kMaxKernels = 8;       // per device
    static constexpr qsizetype kMaxNotes = 64;
    static constexpr qsizetype kMaxPaths = 256;

    QString host;
    Machine machine;
    Cpu cpu;
    qint64 memoryBytes = 0;
    QList<Disk> disks;
    QList<Filesystem> filesystems;
    QList<Nic> nics;
    QList<DeviceNeed> devices;
    Os os;
    Clock clock;
    QStringList notes;  // what could not be read, one line each

    const Disk *disk(const QString &name) const;
    const Nic *nic(const QString &name) const;

    QJsonObject toJson() const;
    static Result<Inventory> parse(const QJsonObject &o);
};

}  // namespace st::inv
