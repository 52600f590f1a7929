// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/Inventory.h"

#include "net/JsonFields.h"

#include <QJsonArray>

namespace st::inv {

namespace {
using msg::detail::Fields;
constexpr qsizetype kName = 255;
constexpr qint64 kMaxBytes = qint64(1) << 60;

QJsonValue number(qint64 n)
{
    return static_cast<double>(n);
}

template <typename T, typename F>
QJsonArray arrayOf(const QList<T> &items, F toJson)
{
    QJsonArray a;
    for (const T &item : items)
        a.append(toJson(item));
    return a;
}

/** Parses each object of @p key with @p parseOne; the first failure is kept in @p f. */
template <typename T, typename F>
QList<T> listOf(Fields &f, const char *key, qsizetype maxItems, F parseOne)
{
    QList<T> out;
    const QJsonArray items = f.array(key, maxItems);
    const QByteArray where = QByteArrayLiteral("hardware.inventory ") + key;
    for (const QJsonValue &v : items) {
        if (!v.isObject()) {
            f.fail(key, QStringLiteral("must hold objects"));
            break;
        }
        const QJsonObject object = v.toObject();
        Fields inner(object, where.constData());
        T item = parseOne(inner);
        if (!inner.ok()) {
            f.adopt(inner.error());
            break;
        }
        out.append(std::move(item));
    }
    return out;
}

QJsonObject partitionJson(const Partition &p)
{
    return {{QStringLiteral("name"), p.name}, {QStringLiteral("sizeBytes"), number(p.sizeBytes)}, {QStringLiteral("fsType"), p.fsType}};
}

Partition parsePartition(Fields &f)
{
    return {f.text("name", kName), f.number("sizeBytes", 0, kMaxBytes), f.text("fsType", kName)};
}

QJsonObject diskJson(const Disk &d)
{
    return {{QStringLiteral("name"), d.name},
            {QStringLiteral("model"), d.model},
            {QStringLiteral("serial"), d.serial},
            {QStringLiteral("sizeBytes"), number(d.sizeBytes)},
            {QStringLiteral("rotational"), d.rotational},
            {QStringLiteral("removable"), d.removable},
            {QStringLiteral("byId"), QJsonArray::fromStringList(d.byId)},
            {QStringLiteral("driver"), d.driver},
            {QStringLiteral("partitions"), arrayOf(d.partitions, partitionJson)},
            {QStringLiteral("holdsProtectionSet"), d.holdsProtectionSet}};
}

Disk parseDisk(Fields &f)
{
    Disk d;
    d.name = f.text("name", kName);
    d.model = f.text("model", kName);
    d.serial = f.text("serial", kName);
    d.sizeBytes = f.number("sizeBytes", 0, kMaxBytes);
    d.rotational = f.boolean("rotational");
    d.removable = f.boolean("removable");
    d.byId = f.texts("byId", Inventory::kMaxPaths, kName);
    d.driver = f.text("driver", kName);
    d.partitions = listOf<Partition>(f, "partitions", Inventory::kMaxPartitions, parsePartition);
    d.holdsProtectionSet = f.boolean("holdsProtectionSet");
    return d;
}

QJsonObject filesystemJson(const Filesystem &fs)
{
    return {{QStringLiteral("mountPoint"), fs.mountPoint},
            {QStringLiteral("device"), fs.device},
            {QStringLiteral("fsType"), fs.fsType},
            {QStringLiteral("uuid"), fs.uuid},
            {QStringLiteral("sizeBytes"), number(fs.sizeBytes)},
            {QStringLiteral("freeBytes"), number(fs.freeBytes)},
            {QStringLiteral("disks"), QJsonArray::fromStringList(fs.disks)},
            {QStringLiteral("protectedPaths"), QJsonArray::fromStringList(fs.protectedPaths)}};
}

Filesystem parseFilesystem(Fields &f)
{
    Filesystem fs;
    fs.mountPoint = f.text("mountPoint", msg::detail::kMaxPath);
    fs.device = f.text("device", kName);
    fs.fsType = f.text("fsType", kName);
    fs.uuid = f.text("uuid", kName);
    fs.sizeBytes = f.number("sizeBytes", -1, kMaxBytes);
    fs.freeBytes = f.number("freeBytes", -1, kMaxBytes);
    fs.disks = f.texts("disks", Inventory::kMaxDisks, kName);
    fs.protectedPaths = f.texts("protectedPaths", Inventory::kMaxPaths, msg::detail::kMaxPath);
    return fs;
}

QJsonObject nicJson(const Nic &n)
{
    return {{QStringLiteral("name"), n.name},
            {QStringLiteral("mac"), n.mac},
            {QStringLiteral("driver"), n.driver},
            {QStringLiteral("operState"), n.operState},
            {QStringLiteral("carrier"), n.carrier},
            {QStringLiteral("speedMbps"), n.speedMbps},
            {QStringLiteral("master"), n.master},
            {QStringLiteral("addresses"), QJsonArray::fromStringList(n.addresses)}};
}

Nic parseNic(Fields &f)
{
    Nic n;
    n.name = f.text("name", kName);
    n.mac = f.text("mac", kName);
    n.driver = f.text("driver", kName);
    n.operState = f.text("operState", 32);
    n.carrier = f.boolean("carrier");
    n.speedMbps = static_cast<int>(f.number("speedMbps", -1, 10'000'000));
    n.master = f.text("master", kName);
    n.addresses = f.texts("addresses", Inventory::kMaxAddresses, 64);
    return n;
}

QJsonObject kernelJson(const KernelSupport &k)
{
    return {{QStringLiteral("kernel"), k.kernel}, {QStringLiteral("staged"), k.staged}, {QStringLiteral("missing"), QJsonArray::fromStringList(k.missing)}};
}

KernelSupport parseKernel(Fields &f)
{
    return {f.text("kernel", kName), f.boolean("staged"), f.texts("missing", Inventory::kMaxModules, kName)};
}

QJsonObject deviceJson(const DeviceNeed &d)
{
    return {{QStringLiteral("device"), d.device},
            {QStringLiteral("role"), d.role},
            {QStringLiteral("modalias"), d.modalias},
            {QStringLiteral("driver"), d.driver},
            {QStringLiteral("modules"), QJsonArray::fromStringList(d.modules)},
            {QStringLiteral("kernels"), arrayOf(d.kernels, kernelJson)}};
}

DeviceNeed parseDevice(Fields &f)
{
    DeviceNeed d;
    d.device = f.text("device", msg::detail::kMaxPath);
    d.role = f.text("role", kName);
    d.modalias = f.text("modalias", msg::detail::kMaxText);
    d.driver = f.text("driver", kName);
    d.modules = f.texts("modules", Inventory::kMaxModules, kName);
    d.kernels = listOf<KernelSupport>(f, "kernels", Inventory::kMaxKernels, parseKernel);
    return d;
}
}  // namespace

const Disk *Inventory::disk(const QString &name) const
{
    for (const Disk &d : disks)
        if (d.name == name)
            return &d;
    return nullptr;
}

const Nic *Inventory::nic(const QString &name) const
{
    for (const Nic &n : nics)
        if (n.name == name)
            return &n;
    return nullptr;
}

QJsonObject Inventory::toJson() const
{
    return {{QStringLiteral("host"), host},
            {QStringLiteral("machine"), QJsonObject{{QStringLiteral("vendor"), machine.vendor},
                                                    {QStringLiteral("product"), machine.product},
                                                    {QStringLiteral("serial"), machine.serial},
                                                    {QStringLiteral("firmware"), machine.firmware},
                                                    {QStringLiteral("virtualization"), machine.virtualization}}},
            {QStringLiteral("cpu"), QJsonObject{{QStringLiteral("architecture"), cpu.architecture},
                                                {QStringLiteral("model"), cpu.model},
                                                {QStringLiteral("sockets"), cpu.sockets},
                                                {QStringLiteral("cores"), cpu.cores},
                                                {QStringLiteral("threads"), cpu.threads}}},
            {QStringLiteral("memoryBytes"), number(memoryBytes)},
            {QStringLiteral("disks"), arrayOf(disks, diskJson)},
            {QStringLiteral("filesystems"), arrayOf(filesystems, filesystemJson)},
            {QStringLiteral("nics"), arrayOf(nics, nicJson)},
            {QStringLiteral("devices"), arrayOf(devices, deviceJson)},
            {QStringLiteral("os"), QJsonObject{{QStringLiteral("id"), os.id},
                                               {QStringLiteral("versionId"), os.versionId},
                                               {QStringLiteral("prettyName"), os.prettyName},
                                               {QStringLiteral("kernel"), os.kernel}}},
            {QStringLiteral("clock"), QJsonObject{{QStringLiteral("timeZone"), clock.timeZone},
                                                  {QStringLiteral("ntpService"), clock.ntpService},
                                                  {QStringLiteral("ntpSynchronized"), clock.ntpSynchronized},
                                                  {QStringLiteral("wallClockMs"), number(clock.wallClockMs)}}},
            {QStringLiteral("notes"), QJsonArray::fromStringList(notes)}};
}

Result<Inventory> Inventory::parse(const QJsonObject &o)
{
    Fields f(o, "hardware.inventory");
    Inventory inv;
    inv.host = f.text("host", kName);
    const QJsonObject machine = f.object("machine");
    const QJsonObject cpu = f.object("cpu");
    const QJsonObject os = f.object("os");
    const QJsonObject clock = f.object("clock");
    if (!f.ok())
        return f.error();
    Fields m(machine, "hardware.inventory machine");
    inv.machine = {m.text("vendor", kName), m.text("product", kName), m.text("serial", kName), m.text("firmware", 16), m.text("virtualization", 64)};
    Fields c(cpu, "hardware.inventory cpu");
    inv.cpu.architecture = c.text("architecture", 64);
    inv.cpu.model = c.text("model", kName);
    inv.cpu.sockets = static_cast<int>(c.number("sockets", 0, 65536));
    inv.cpu.cores = static_cast<int>(c.number("cores", 0, 1 << 22));
    inv.cpu.threads = static_cast<int>(c.number("threads", 0, 1 << 22));
    Fields s(os, "hardware.inventory os");
    inv.os = {s.text("id", 64), s.text("versionId", 64), s.text("prettyName", kName), s.text("kernel", kName)};
    Fields k(clock, "hardware.inventory clock");
    inv.clock.timeZone = k.text("timeZone", kName);
    inv.clock.ntpService = k.text("ntpService", kName);
    inv.clock.ntpSynchronized = static_cast<int>(k.number("ntpSynchronized", -1, 1));
    inv.clock.wallClockMs = k.number("wallClockMs", 0, kMaxBytes);
    for (const Fields *part : {&m, &c, &s, &k})
        if (!part->ok())
            return part->error();
    inv.memoryBytes = f.number("memoryBytes", 0, kMaxBytes);
    inv.disks = listOf<Disk>(f, "disks", kMaxDisks, parseDisk);
    inv.filesystems = listOf<Filesystem>(f, "filesystems", kMaxFilesystems, parseFilesystem);
    inv.nics = listOf<Nic>(f, "nics", kMaxNics, parseNic);
    inv.devices = listOf<DeviceNeed>(f, "devices", kMaxDevices, parseDevice);
    inv.notes = f.texts("notes", kMaxNotes);
    if (!f.ok())
        return f.error();
    return inv;
}

}  // namespace st::inv
