// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/StorageProbe.h"

#include "restore/boot/MountInfo.h"
#include "restore/boot/RootedPath.h"

#include <QDir>
#include <QSet>

namespace st::inv {

namespace {
using boot::existsInside;
using boot::readFileInside;
using boot::readLineInside;
using boot::resolveInside;

constexpr int kMaxSlaveDepth = 8;  // dm on md on partitions is three

QString baseName(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

qint64 sectorsToBytes(const QString &sectors)
{
    bool ok = false;
    const qint64 n = sectors.toLongLong(&ok);
    return ok && n >= 0 ? n * 512 : 0;
}

/** "253:0" of a class/block entry's dev file. */
QString devNumberOf(const InventorySources &s, const QString &classEntry)
{
    return boot::lineInsideOrEmpty(s.roots.sysRoot, classEntry + QStringLiteral("/dev"));
}

UdevRecord udevOf(const InventorySources &s, const QString &devNumber)
{
    if (devNumber.isEmpty())
        return {};
    const Result<QByteArray> text = readFileInside(s.roots.liveRoot, QStringLiteral("run/udev/data/b") + devNumber, 1 << 20);
    return text ? parseUdevRecord(*text) : UdevRecord{};
}

QStringList byIdNames(const InventorySources &s, const QString &name, const UdevRecord &udev)
{
    QStringList out;
    for (const QString &link : udev.links)
        if (link.startsWith(QLatin1String("disk/by-id/")))
            out << link.mid(11);
    if (out.isEmpty())  // no udev record: the links themselves
        if (const Result<QStringList> ids = boot::listDirInside(s.roots.devRoot, QStringLiteral("disk/by-id")))
            for (const QString &id : *ids)
                if (const Result<QString> target = resolveInside(s.roots.devRoot, QStringLiteral("disk/by-id/") + id); target && *target == name)
                    out << id;
    out.sort();
    return out;
}

/** The whole-disk names below class/block entry @p name: itself, its parent (a partition), or its slaves' disks. */
void disksBelow(const InventorySources &s, const QString &name, const QSet<QString> &wholeDisks, QStringList &out, int depth = 0)
{
    if (depth > kMaxSlaveDepth)
        return;
    if (wholeDisks.contains(name)) {
        if (!out.contains(name))
            out << name;
        return;
    }
    const QString entry = QStringLiteral("class/block/") + name;
    if (existsInside(s.roots.sysRoot, entry + QStringLiteral("/partition"))) {
        const Result<QString> dir = resolveInside(s.roots.sysRoot, entry);
        if (dir) {
            const QString parent = baseName(dir->left(dir->lastIndexOf(QLatin1Char('/'))));
            disksBelow(s, parent, wholeDisks, out, depth + 1);
        }
        return;
    }
    if (const Result<QStringList> slaves = boot::listDirInside(s.roots.sysRoot, entry + QStringLiteral("/slaves")))
        for (const QString &slave : *slaves)
            disksBelow(s, slave, wholeDisks, out, depth + 1);
}

/** The class/block name of a mount: by its device number, else by its source (btrfs shows 0:N). */
QString blockNameOf(const InventorySources &s, const boot::MountInfoEntry &m)
{
    if (m.major != 0) {
        const Result<QString> dir = resolveInside(s.roots.sysRoot, QStringLiteral("dev/block/%1:%2").arg(m.major).arg(m.minor));
        if (dir && existsInside(s.roots.sysRoot, *dir + QStringLiteral("/dev")))
            return baseName(*dir);
    }
    if (!m.source.startsWith(QLatin1String("/dev/")))
        return {};
    const Result<QString> node = resolveInside(s.roots.devRoot, m.source.mid(5));
    const QString name = node ? baseName(*node) : baseName(m.source);
    return existsInside(s.roots.sysRoot, QStringLiteral("class/block/") + name) ? name : QString();
}

bool isAtOrBelow(const QString &path, const QString &mountPoint)
{
    if (mountPoint == QLatin1String("/"))
        return path.startsWith(QLatin1Char('/'));
    return path == mountPoint || path.startsWith(mountPoint + QLatin1Char('/'));
}
}  // namespace

UdevRecord parseUdevRecord(const QByteArray &text)
{
    UdevRecord r;
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith("E:")) {
            const qsizetype eq = line.indexOf('=');
            if (eq > 2)
                r.properties.insert(QString::fromUtf8(line.mid(2, eq - 2)), QString::fromUtf8(line.mid(eq + 1)));
        } else if (line.startsWith("S:")) {
            r.links << QString::fromUtf8(line.mid(2));
        }
    }
    return r;
}

QList<Disk> readDisks(const InventorySources &s, const QList<boot::HostDevice> &devices, QStringList &notes)
{
    QList<Disk> out;
    for (const boot::HostDevice &device : devices) {
        if (device.kind != boot::HostDevice::Kind::Disk)
            continue;
        if (out.size() >= Inventory::kMaxDisks) {
            notes << QStringLiteral("more than %1 disks: the rest are not listed").arg(Inventory::kMaxDisks);
            break;
        }
        const QString entry = QStringLiteral("class/block/") + device.name;
        const UdevRecord udev = udevOf(s, devNumberOf(s, entry));
        Disk d;
        d.name = device.name;
        d.model = boot::lineInsideOrEmpty(s.roots.sysRoot, entry + QStringLiteral("/device/model"));
        if (d.model.isEmpty())
            d.model = udev.properties.value(QStringLiteral("ID_MODEL")).replace(QLatin1Char('_'), QLatin1Char(' '));
        d.serial = boot::lineInsideOrEmpty(s.roots.sysRoot, entry + QStringLiteral("/serial"));
        if (d.serial.isEmpty())
            d.serial = boot::lineInsideOrEmpty(s.roots.sysRoot, entry + QStringLiteral("/device/serial"));
        if (d.serial.isEmpty())
            d.serial = udev.properties.value(QStringLiteral("ID_SERIAL_SHORT"));
        d.sizeBytes = sectorsToBytes(boot::lineInsideOrEmpty(s.roots.sysRoot, entry + QStringLiteral("/size")));
        d.rotational = boot::lineInsideOrEmpty(s.roots.sysRoot, entry + QStringLiteral("/queue/rotational")) == QLatin1String("1");
        d.removable = boot::lineInsideOrEmpty(s.roots.sysRoot, entry + QStringLiteral("/removable")) == QLatin1String("1");
        d.byId = byIdNames(s, device.name, udev);
        d.driver = device.drivers.isEmpty() ? QString() : device.drivers.first().driver;
        if (const Result<QStringList> names = boot::listDirInside(s.roots.sysRoot, entry)) {
            for (const QString &name : *names) {
                const QString part = entry + QLatin1Char('/') + name;
                if (!existsInside(s.roots.sysRoot, part + QStringLiteral("/partition")) || d.partitions.size() >= Inventory::kMaxPartitions)
                    continue;
                const UdevRecord partUdev = udevOf(s, devNumberOf(s, part));
                d.partitions << Partition{name, sectorsToBytes(boot::lineInsideOrEmpty(s.roots.sysRoot, part + QStringLiteral("/size"))),
                                          partUdev.properties.value(QStringLiteral("ID_FS_TYPE"))};
            }
        }
        out << d;
    }
    return out;
}

QList<Filesystem> readFilesystems(const InventorySources &s, QList<Disk> &disks, QStringList &notes)
{
    QList<Filesystem> out;
    Result<QByteArray> text = readFileInside(s.roots.procRoot, QStringLiteral("self/mountinfo"), 16 << 20);
    if (!text) {
        notes << QStringLiteral("cannot read the mount table: %1").arg(text.error().message);
        return out;
    }
    const Result<QList<boot::MountInfoEntry>> mounts = boot::parseMountInfo(*text);
    if (!mounts) {
        notes << QStringLiteral("cannot read the mount table: %1").arg(mounts.error().message);
        return out;
    }
    QSet<QString> wholeDisks;
    for (const Disk &d : disks)
        wholeDisks.insert(d.name);
    QSet<QString> seen;  // a device and its root mounted again (a bind mount) is listed once
    for (const boot::MountInfoEntry &m : *mounts) {
        const QString block = blockNameOf(s, m);
        if (block.isEmpty() || seen.contains(block + m.root))
            continue;
        seen.insert(block + m.root);
        if (out.size() >= Inventory::kMaxFilesystems) {
            notes << QStringLiteral("more than %1 mounted filesystems: the rest are not listed").arg(Inventory::kMaxFilesystems);
            break;
        }
        Filesystem fs;
        fs.mountPoint = m.mountPoint;
        fs.device = block;
        fs.fsType = m.fsType;
        fs.uuid = udevOf(s, devNumberOf(s, QStringLiteral("class/block/") + block)).properties.value(QStringLiteral("ID_FS_UUID"));
        if (s.live.space)
            if (const std::optional<FsSpace> space = s.live.space(m.mountPoint)) {
                fs.sizeBytes = space->sizeBytes;
                fs.freeBytes = space->freeBytes;
            }
        disksBelow(s, block, wholeDisks, fs.disks);
        out << fs;
    }
    // Each protected path lands on the filesystem mounted deepest above it.
    for (const QString &path : s.protectedPaths) {
        const QString placed = s.placeRoot == QLatin1String("/") || s.placeRoot.isEmpty() ? path : QDir::cleanPath(s.placeRoot + path);
        Filesystem *best = nullptr;
        for (Filesystem &fs : out)
            if (isAtOrBelow(placed, fs.mountPoint) && (!best || fs.mountPoint.size() > best->mountPoint.size()))
                best = &fs;
        if (!best) {
            notes << QStringLiteral("%1 is on no block filesystem of this machine").arg(path);
            continue;
        }
        if (best->protectedPaths.size() < Inventory::kMaxPaths)
            best->protectedPaths << path;
        for (Disk &d : disks)
            if (best->disks.contains(d.name))
                d.holdsProtectionSet = true;
    }
    return out;
}

}  // namespace st::inv
