// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot/LvmVolume.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <algorithm>

#include "snapshot/CommandRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>

namespace st {

namespace {

constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kGiB = 1024 * kMiB;

/** lvm prints numbers as strings ("json"), or as numbers ("json_std"). */
QString jsonText(const QJsonValue &value)
{
    if (value.isDouble())
        return QString::number(value.toInteger());
    return value.toString().trimmed();
}

bool parseBytes(const QJsonValue &value, qint64 *out)
{
    QString text = jsonText(value);
    if (text.endsWith(QLatin1Char('B')) || text.endsWith(QLatin1Char('b')))
        text.chop(1);
    bool ok = false;
    *out = text.toLongLong(&ok);
    return ok;
}

}  // namespace

bool LvmVolume::isSnapshot() const
{
    if (attr.startsWith(QLatin1Char('s')) || attr.startsWith(QLatin1Char('S')))
        return true;
    return isThin() && !origin.isEmpty();
}

QStringList lvsReportCommand(const QStringList &selection)
{
    QStringList argv{QStringLiteral("lvs"), QStringLiteral("--reportformat"), QStringLiteral("json"),
                     QStringLiteral("--units"), QStringLiteral("b"), QStringLiteral("--nosuffix"),
                     QStringLiteral("-o"),
                     QStringLiteral("lv_name,vg_name,lv_path,lv_size,vg_free,vg_extent_size,lv_attr,origin,"
                                    "snap_percent,lv_kernel_major,lv_kernel_minor")};
    argv += selection;
    return argv;
}

Result<QList<LvmVolume>> parseLvsJson(const QByteArray &json)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    auto bad = [](const QString &why) {
        return makeError(ErrorCode::Io, QStringLiteral("cannot parse the output of lvs: %1").arg(why));
    };
    if (parseError.error != QJsonParseError::NoError)
        return bad(parseError.errorString());
    const QJsonValue report = doc.object().value(QStringLiteral("report"));
    if (!report.isArray())
        return bad(QStringLiteral("no \"report\" array"));
    QList<LvmVolume> volumes;
    for (const QJsonValue &section : report.toArray()) {
        for (const QJsonValue &item : section.toObject().value(QStringLiteral("lv")).toArray()) {
            const QJsonObject o = item.toObject();
            LvmVolume lv;
            lv.name = o.value(QStringLiteral("lv_name")).toString();
            lv.vg = o.value(QStringLiteral("vg_name")).toString();
            lv.path = o.value(QStringLiteral("lv_path")).toString();
            lv.attr = o.value(QStringLiteral("lv_attr")).toString();
            lv.origin = o.value(QStringLiteral("origin")).toString();
            const QJsonValue percent = o.value(QStringLiteral("snap_percent"));
            lv.snapPercent = percent.isDouble() ? QString::number(percent.toDouble(), 'f', 2) : percent.toString().trimmed();
            if (lv.name.isEmpty() || lv.vg.isEmpty())
                return bad(QStringLiteral("an entry without lv_name or vg_name"));
            for (const auto &[key, target] : {std::pair{QStringLiteral("lv_size"), &lv.size},
                                              std::pair{QStringLiteral("vg_free"), &lv.vgFree},
                                              std::pair{QStringLiteral("vg_extent_size"), &lv.extentSize}}) {
                if (o.contains(key) && !parseBytes(o.value(key), target))
                    return bad(QStringLiteral("%1 of %2 is not a byte count: \"%3\"")
                                   .arg(key, lv.fullName(), jsonText(o.value(key))));
            }
            bool okMajor = true, okMinor = true;
            if (o.contains(QStringLiteral("lv_kernel_major")))
                lv.kernelMajor = jsonText(o.value(QStringLiteral("lv_kernel_major"))).toInt(&okMajor);
            if (o.contains(QStringLiteral("lv_kernel_minor")))
                lv.kernelMinor = jsonText(o.value(QStringLiteral("lv_kernel_minor"))).toInt(&okMinor);
            if (!okMajor || !okMinor)
                return bad(QStringLiteral("bad kernel device number of %1").arg(lv.fullName()));
            volumes.append(lv);
        }
    }
    return volumes;
}

const LvmVolume *findLvByDevice(const QList<LvmVolume> &lvs, unsigned major, unsigned minor)
{
    for (const LvmVolume &lv : lvs) {
        if (lv.kernelMajor == int(major) && lv.kernelMinor == int(minor))
            return &lv;
    }
    return nullptr;
}

const LvmVolume *findLv(const QList<LvmVolume> &lvs, const QString &vg, const QString &name)
{
    for (const LvmVolume &lv : lvs) {
        if (lv.vg == vg && lv.name == name)
            return &lv;
    }
    return nullptr;
}

namespace {
Result<qint64> sectorsWritten(unsigned major, unsigned minor)
{
    QFile stat(QStringLiteral("/sys/dev/block/%1:%2/stat").arg(major).arg(minor));
    if (!stat.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read the I/O counters of block device %1:%2").arg(major).arg(minor));
    const QList<QByteArray> fields = stat.readAll().simplified().split(' ');
    bool ok = false;
    const qint64 sectors = fields.value(6).toLongLong(&ok);  // field 7: sectors written (512 bytes)
    if (!ok)
        return makeError(ErrorCode::Io, QStringLiteral("unexpected I/O counters for block device %1:%2").arg(major).arg(minor));
    return sectors;
}
}  // namespace

Result<qint64> measureWriteRate(unsigned major, unsigned minor, int sampleMs)
{
    auto before = sectorsWritten(major, minor);
    if (!before)
        return before.error();
    QElapsedTimer clock;
    clock.start();
    QThread::msleep(static_cast<unsigned long>(sampleMs));
    auto after = sectorsWritten(major, minor);
    if (!after)
        return after.error();
    const qint64 ms = std::max<qint64>(1, clock.elapsed());
    return std::max<qint64>(0, *after - *before) * 512 * 1000 / ms;
}

Result<qint64> lvmSnapshotSize(const LvmVolume &origin, qint64 freeBytes, qint64 writeBytesPerSecond)
{
    if (origin.extentSize <= 0)
        return makeError(ErrorCode::Io, QStringLiteral("lvs reported no extent size for volume group %1").arg(origin.vg));
    const qint64 extent = origin.extentSize;
    const qint64 readSeconds = origin.size / (100 * kMiB) + 60;
    const qint64 expectedWrites = 2 * std::max<qint64>(0, writeBytesPerSecond) * readSeconds;
    const qint64 wanted = std::max({kGiB, origin.size / 5, expectedWrites});
    const qint64 wantedExtents = (wanted + extent - 1) / extent;
    const qint64 freeExtents = std::max<qint64>(0, freeBytes) / extent;
    const qint64 sizeExtents = std::min(wantedExtents, freeExtents);
    const qint64 minimum = std::min(wantedExtents * extent, 256 * kMiB);
    if (sizeExtents * extent < minimum || sizeExtents == 0)
        return makeError(ErrorCode::NoSpace,
                         QStringLiteral("volume group %1 has %2 MiB free, too little for a snapshot of %3 (needs at least "
                                        "%4 MiB, better %5 MiB): free space in %1 (vgextend, lvreduce) or use "
                                        "--snapshot none")
                             .arg(origin.vg).arg(freeBytes / kMiB).arg(origin.fullName())
                             .arg(minimum / kMiB).arg(wantedExtents * extent / kMiB));
    return sizeExtents * extent;
}

QStringList lvcreateSnapshotCommand(const LvmVolume &origin, const QString &name, qint64 sizeBytes)
{
    if (origin.isThin()) {
        // Thin snapshots take their space from the pool and skip activation unless told otherwise.
        return {QStringLiteral("lvcreate"), QStringLiteral("--snapshot"), QStringLiteral("--setactivationskip"),
                QStringLiteral("n"), QStringLiteral("--activate"), QStringLiteral("y"), QStringLiteral("--name"),
                name, origin.fullName()};
    }
    return {QStringLiteral("lvcreate"), QStringLiteral("--snapshot"), QStringLiteral("--size"),
            QString::number(sizeBytes) + QLatin1Char('b'), QStringLiteral("--name"), name, origin.fullName()};
}

QStringList lvremoveCommand(const QString &vg, const QString &name)
{
    return {QStringLiteral("lvremove"), QStringLiteral("-f"), vg + QLatin1Char('/') + name};
}

Result<QStringList> snapshotMountCommand(const QString &device, const QByteArray &fsType, const QByteArray &dir)
{
    Result<QString> target = pathArgument(dir);
    if (!target)
        return target.error();
    QString options = QStringLiteral("ro");
    if (fsType == "xfs")
        options += QStringLiteral(",nouuid");
    return QStringList{QStringLiteral("mount"), QStringLiteral("-o"), options, QStringLiteral("-t"),
                       QString::fromUtf8(fsType), device, *target};
}

Result<QStringList> umountCommand(const QByteArray &dir)
{
    Result<QString> target = pathArgument(dir);
    if (!target)
        return target.error();
    return QStringList{QStringLiteral("umount"), *target};
}

Status lvmSnapshotHealth(const LvmVolume &snapshot)
{
    const QChar state = snapshot.attr.size() > 4 ? snapshot.attr.at(4) : QLatin1Char('-');
    if (state == QLatin1Char('I') || state == QLatin1Char('S'))
        return makeError(ErrorCode::Io, QStringLiteral("LVM snapshot %1 overflowed and was invalidated (lv_attr %2): the "
                                                       "backup read from it is unusable; retry with more free space in "
                                                       "volume group %3 or fewer writes during the backup")
                                            .arg(snapshot.fullName(), snapshot.attr, snapshot.vg));
    bool ok = false;
    const double percent = snapshot.snapPercent.toDouble(&ok);
    if (ok && percent >= 100.0)
        return makeError(ErrorCode::Io, QStringLiteral("LVM snapshot %1 is full (%2%): the backup read from it is "
                                                       "unusable; retry with more free space in volume group %3")
                                            .arg(snapshot.fullName(), snapshot.snapPercent, snapshot.vg));
    return {};
}

QList<unsigned> deviceMapperMajors(const QByteArray &procDevices)
{
    QList<unsigned> majors;
    bool block = false;
    for (const QByteArray &line : procDevices.split('\n')) {
        const QByteArray t = line.trimmed();
        if (t.startsWith("Block devices:"))
            block = true;
        else if (t.startsWith("Character devices:"))
            block = false;
        else if (block && t.endsWith(" device-mapper")) {
            bool ok = false;
            const unsigned major = t.split(' ').first().toUInt(&ok);
            if (ok)
                majors.append(major);
        }
    }
    return majors;
}

}  // namespace st
