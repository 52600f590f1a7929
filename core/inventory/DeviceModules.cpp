// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/DeviceModules.h"

#include "restore/boot/KernelModules.h"
#include "restore/boot/RootedPath.h"

#include <QSet>

#include <fnmatch.h>

namespace st::inv {

namespace {
using boot::ModuleIndex;

QByteArray busOf(const QByteArray &text)
{
    const qsizetype colon = text.indexOf(':');
    return colon < 0 ? QByteArray() : text.left(colon);
}

struct Kernel {
    QString version;
    bool staged = false;
    ModuleIndex index;
    ModuleAliases aliases;
};

std::optional<Kernel> loadKernel(const QString &root, const QString &version, bool staged, QStringList &notes)
{
    Result<ModuleIndex> index = ModuleIndex::load(root, version);
    if (!index) {
        notes << QStringLiteral("kernel %1: %2").arg(version, index.error().message);
        return std::nullopt;
    }
    const Result<QByteArray> aliases = boot::readFileInside(root, index->directory() + QStringLiteral("/modules.alias"), 64 << 20);
    if (!aliases)
        notes << QStringLiteral("kernel %1: %2 (the modules a device needs are judged by its bound driver only)").arg(version, aliases.error().message);
    return Kernel{version, staged, std::move(*index), aliases ? ModuleAliases::fromText(*aliases) : ModuleAliases{}};
}

QString pciRole(const InventorySources &s, const QString &node)
{
    const QString cls = boot::lineInsideOrEmpty(s.roots.sysRoot, node + QStringLiteral("/class"));  // "0x020000"
    static const QHash<QString, QString> names{
        {QStringLiteral("01"), QStringLiteral("storage controller")}, {QStringLiteral("02"), QStringLiteral("network controller")},
        {QStringLiteral("03"), QStringLiteral("display controller")}, {QStringLiteral("04"), QStringLiteral("multimedia controller")},
        {QStringLiteral("06"), QStringLiteral("bridge")}, {QStringLiteral("07"), QStringLiteral("communication controller")},
        {QStringLiteral("08"), QStringLiteral("system peripheral")}, {QStringLiteral("0c"), QStringLiteral("serial bus controller")}};
    const QString kind = cls.size() >= 4 ? names.value(cls.mid(2, 2).toLower()) : QString();
    return kind.isEmpty() ? QStringLiteral("PCI device") : QStringLiteral("PCI %1").arg(kind);
}
}  // namespace

ModuleAliases ModuleAliases::fromText(const QByteArray &modulesAlias)
{
    ModuleAliases a;
    for (const QByteArray &raw : modulesAlias.split('\n')) {
        const QList<QByteArray> f = raw.simplified().split(' ');
        if (f.size() != 3 || f[0] != "alias")
            continue;
        const QByteArray bus = busOf(f[1]);
        const bool globBus = bus.isEmpty() || bus.contains('*') || bus.contains('?') || bus.contains('[');
        a.m_byBus[globBus ? QByteArray() : bus].append(Alias{f[1], boot::normaliseModuleName(QString::fromUtf8(f[2]))});
        ++a.m_count;
    }
    return a;
}

QStringList ModuleAliases::match(const QString &modalias) const
{
    const QByteArray text = modalias.toUtf8();
    const QByteArray bus = busOf(text);
    QSet<QString> found;
    for (const QByteArray &key : {bus, QByteArray()}) {
        const auto it = m_byBus.constFind(key);
        if (it != m_byBus.cend())
            for (const Alias &alias : *it)
                if (::fnmatch(alias.pattern.constData(), text.constData(), 0) == 0)
                    found.insert(alias.module);
        if (key.isEmpty())
            break;
    }
    QStringList out(found.begin(), found.end());
    out.sort();
    return out;
}

QList<DeviceNeed> readDeviceNeeds(const InventorySources &s, const QList<boot::HostDevice> &devices, QStringList &notes)
{
    QList<Kernel> kernels;
    const QString running = boot::lineInsideOrEmpty(s.roots.procRoot, QStringLiteral("sys/kernel/osrelease"));
    if (running.isEmpty())
        notes << QStringLiteral("the running kernel's release is unknown (%1/sys/kernel/osrelease)").arg(s.roots.procRoot);
    else if (std::optional<Kernel> k = loadKernel(s.roots.liveRoot, running, false, notes))
        kernels << std::move(*k);
    if (!s.stagedRoot.isEmpty())
        if (const Result<QList<boot::StagedKernel>> staged = boot::stagedKernels(s.stagedRoot))
            for (const boot::StagedKernel &k : *staged)
                if (kernels.size() < Inventory::kMaxKernels)
                    if (std::optional<Kernel> loaded = loadKernel(s.stagedRoot, k.version, true, notes))
                        kernels << std::move(*loaded);

    // The devices to describe, each with the role it serves first.
    QList<QPair<QString, QString>> nodes;  // (node, role)
    QSet<QString> listed;
    const auto add = [&](const QString &node, const QString &role) {
        if (!listed.contains(node) && boot::existsInside(s.roots.sysRoot, node + QStringLiteral("/modalias"))) {
            listed.insert(node);
            nodes << qMakePair(node, role);
        }
    };
    for (const boot::HostDevice &d : devices) {
        const QString role = (d.kind == boot::HostDevice::Kind::Disk ? QStringLiteral("disk ") : QStringLiteral("NIC ")) + d.name;
        for (QString at = d.node; at.startsWith(QLatin1String("devices/")); at = at.left(at.lastIndexOf(QLatin1Char('/'))))
            add(at, role);
    }
    if (const Result<QStringList> pci = boot::listDirInside(s.roots.sysRoot, QStringLiteral("bus/pci/devices")))
        for (const QString &name : *pci)
            if (const Result<QString> node = boot::resolveInside(s.roots.sysRoot, QStringLiteral("bus/pci/devices/") + name))
                add(*node, pciRole(s, *node));

    QList<DeviceNeed> out;
    for (const auto &[node, role] : nodes) {
        if (out.size() >= Inventory::kMaxDevices) {
            notes << QStringLiteral("more than %1 devices: the rest are not listed").arg(Inventory::kMaxDevices);
            break;
        }
        DeviceNeed need;
        need.device = node;
        need.role = role;
        need.modalias = boot::lineInsideOrEmpty(s.roots.sysRoot, node + QStringLiteral("/modalias"));
        QSet<QString> modules;
        const QList<boot::DeviceDriver> bound = boot::driversFrom(s.roots.sysRoot, node);
        if (!bound.isEmpty() && bound.first().node == node) {
            need.driver = bound.first().driver;
            if (!bound.first().module.isEmpty())
                modules.insert(boot::normaliseModuleName(bound.first().module));
        }
        for (const Kernel &k : kernels)
            for (const QString &m : k.aliases.match(need.modalias))
                modules.insert(m);
        need.modules = QStringList(modules.begin(), modules.end());
        need.modules.sort();
        need.modules = need.modules.mid(0, Inventory::kMaxModules);
        for (const Kernel &k : kernels) {
            KernelSupport support{k.version, k.staged, {}};
            for (const QString &m : need.modules)
                if (k.index.find(m) == ModuleIndex::Presence::Missing)
                    support.missing << m;
            need.kernels << support;
        }
        out << need;
    }
    return out;
}

}  // namespace st::inv
