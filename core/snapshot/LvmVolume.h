// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What the LVM provider needs from lvm2: parsing `lvs` JSON reports, sizing a
 * snapshot, building the lvcreate / mount / umount / lvremove command lines, and judging a
 * snapshot's health (invalidated or full = overflowed).
 *
 * Pure functions over text and values (the commands run through a CommandRunner elsewhere),
 * so they are unit-tested with fixtures. Thread-safe.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace st {

struct LvmVolume {
    QString name;        // lv_name
    QString vg;          // vg_name
    QString path;        // lv_path: /dev/VG/LV
    QString attr;        // lv_attr, 10 characters
    QString origin;      // for snapshots: the origin LV's name
    QString snapPercent; // for active snapshots: "12.50"; empty otherwise
    qint64 size = 0;       // bytes
    qint64 vgFree = 0;     // bytes
    qint64 extentSize = 0; // bytes
    int kernelMajor = -1;
    int kernelMinor = -1;

    QString fullName() const { return vg + QLatin1Char('/') + name; }
    bool isThin() const { return attr.startsWith(QLatin1Char('V')); }
    /** A classic (s, S) snapshot or a thin volume with an origin. */
    bool isSnapshot() const;
};

/** Every field create and cleanup need; values in bytes without suffix. */
QStringList lvsReportCommand(const QStringList &selection = {});
/** Parses `lvs --reportformat json` output; numbers may carry a "B" suffix. */
Result<QList<LvmVolume>> parseLvsJson(const QByteArray &json);

/** The LV whose device is @p major:@p minor, or nullptr. */
const LvmVolume *findLvByDevice(const QList<LvmVolume> &lvs, unsigned major, unsigned minor);
/** The LV VG/NAME, or nullptr. */
const LvmVolume *findLv(const QList<LvmVolume> &lvs, const QString &vg, const QString &name);

/**
 * Size of a classic snapshot of @p origin: room for the writes expected while the backup
 * reads it — twice @p writeBytesPerSecond (measured on the origin) over the time reading the
 * whole origin may take at a conservative 100 MiB/s plus a minute — and never less than
 * max(1 GiB, 20% of the origin); capped by @p freeBytes (this snapshot's share of the VG's
 * free extents), in whole extents. Too little free space (under min(wanted, 256 MiB)) is an
 * error naming the volume group and what to do.
 */
Result<qint64> lvmSnapshotSize(const LvmVolume &origin, qint64 freeBytes, qint64 writeBytesPerSecond = 0);

/** Bytes per second written to block device @p major:@p minor, sampled over @p sampleMs (sysfs). */
Result<qint64> measureWriteRate(unsigned major, unsigned minor, int sampleMs);

/** lvcreate of a snapshot named @p name of @p origin (@p sizeBytes ignored for thin volumes). */
QStringList lvcreateSnapshotCommand(const LvmVolume &origin, const QString &name, qint64 sizeBytes);
QStringList lvremoveCommand(const QString &vg, const QString &name);
/** mount -o ro (plus nouuid for xfs, whose duplicate UUID would be refused) -t FSTYPE DEVICE DIR. */
Result<QStringList> snapshotMountCommand(const QString &device, const QByteArray &fsType, const QByteArray &dir);
Result<QStringList> umountCommand(const QByteArray &dir);

/** Ok while the snapshot can still be trusted; an error naming it when invalidated or full. */
Status lvmSnapshotHealth(const LvmVolume &snapshot);

/** Block major numbers the kernel registered for device-mapper (from /proc/devices text). */
QList<unsigned> deviceMapperMajors(const QByteArray &procDevices);

}  // namespace st
