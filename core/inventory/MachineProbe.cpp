// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/MachineProbe.h"

#include "restore/boot/RootedPath.h"

#include <array>
#include <utility>

namespace st::inv {

namespace {
using boot::existsInside;
using boot::readFileInside;
using boot::readLineInside;

/** systemd's detect_container(): the container manager's own marks. */
QString containerOf(const InventorySources &s)
{
    if (const QString mark = boot::lineInsideOrEmpty(s.roots.liveRoot, QStringLiteral("run/systemd/container")); !mark.isEmpty())
        return mark;
    if (const Result<QByteArray> env = readFileInside(s.roots.procRoot, QStringLiteral("1/environ"), 1 << 20)) {
        for (const QByteArray &entry : env->split('\0'))
            if (entry.startsWith("container=") && entry.size() > 10)
                return QString::fromUtf8(entry.mid(10));
    }
    if (existsInside(s.roots.liveRoot, QStringLiteral("run/.containerenv")))
        return QStringLiteral("podman");
    if (existsInside(s.roots.liveRoot, QStringLiteral(".dockerenv")))
        return QStringLiteral("docker");
    return {};
}
}  // namespace

CpuInfoText parseCpuInfo(const QByteArray &text)
{
    CpuInfoText out;
    QString physical;
    QString armPart;
    QString hardware;
    for (const QByteArray &raw : text.split('\n')) {
        const qsizetype colon = raw.indexOf(':');
        if (colon < 0) {
            physical.clear();  // a blank line ends one processor's block
            continue;
        }
        const QString key = QString::fromUtf8(raw.left(colon)).trimmed();
        const QString value = QString::fromUtf8(raw.mid(colon + 1)).trimmed();
        if (key == QLatin1String("processor")) {
            ++out.processors;
        } else if (key == QLatin1String("model name") && out.model.isEmpty()) {
            out.model = value;
        } else if (key == QLatin1String("physical id")) {
            physical = value;
            out.packages.insert(value);
        } else if (key == QLatin1String("core id")) {
            out.cores.insert(physical + QLatin1Char('/') + value);
        } else if (key == QLatin1String("flags")) {
            out.hypervisorFlag = out.hypervisorFlag || value.split(QLatin1Char(' ')).contains(QLatin1String("hypervisor"));
        } else if (key == QLatin1String("CPU part") && armPart.isEmpty()) {
            armPart = value;
        } else if (key == QLatin1String("Hardware")) {
            hardware = value;
        }
    }
    if (out.model.isEmpty())
        out.model = !hardware.isEmpty() ? hardware : !armPart.isEmpty() ? QStringLiteral("CPU part %1").arg(armPart) : QString();
    return out;
}

int countCpuList(const QString &list)
{
    int count = 0;
    for (const QString &part : list.trimmed().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList range = part.split(QLatin1Char('-'));
        bool okA = false;
        bool okB = true;
        const int a = range.first().toInt(&okA);
        const int b = range.size() == 2 ? range.last().toInt(&okB) : a;
        if (!okA || !okB || range.size() > 2 || b < a)
            return -1;
        count += b - a + 1;
    }
    return count > 0 ? count : -1;
}

qint64 parseMemTotal(const QByteArray &text)
{
    for (const QByteArray &line : text.split('\n')) {
        if (!line.startsWith("MemTotal:"))
            continue;
        const QList<QByteArray> fields = line.mid(9).simplified().split(' ');
        bool ok = false;
        const qint64 kib = fields.first().toLongLong(&ok);
        return ok ? kib * 1024 : 0;
    }
    return 0;
}

QString virtualizationFromCpuid(const QString &vendor)
{
    static const std::array<std::pair<const char *, const char *>, 11> table{{
        {"XenVMMXenVMM", "xen"}, {"KVMKVMKVM", "kvm"}, {"Linux KVM Hv", "kvm"}, {"TCGTCGTCGTCG", "qemu"},
        {"VMwareVMware", "vmware"}, {"Microsoft Hv", "microsoft"}, {"bhyve bhyve ", "bhyve"}, {"QNXQVMBSQG", "qnx"},
        {"ACRNACRNACRN", "acrn"}, {"SRESRESRESRE", "sre"}, {"Apple VZ", "apple"},
    }};
    for (const auto &[id, name] : table)
        if (vendor == QLatin1String(id) || vendor.trimmed() == QLatin1String(id).trimmed())
            return QLatin1String(name);
    return {};
}

QString virtualizationFromDmi(const QString &text)
{
    static const std::array<std::pair<const char *, const char *>, 17> table{{
        {"KVM", "kvm"}, {"OpenStack", "kvm"}, {"KubeVirt", "kvm"}, {"Amazon EC2", "amazon"}, {"QEMU", "qemu"},
        {"VMware", "vmware"}, {"VMW", "vmware"}, {"innotek GmbH", "oracle"}, {"VirtualBox", "oracle"},
        {"Oracle Corporation", "oracle"}, {"Xen", "xen"}, {"Bochs", "bochs"}, {"Parallels", "parallels"},
        {"BHYVE", "bhyve"}, {"Hyper-V", "microsoft"}, {"Apple Virtualization", "apple"}, {"Google Compute Engine", "google"},
    }};
    for (const auto &[prefix, name] : table)
        if (text.startsWith(QLatin1String(prefix)))
            return QLatin1String(name);
    return {};
}

Machine readMachine(const InventorySources &s, QStringList &notes)
{
    Machine m;
    const QString dmi = QStringLiteral("class/dmi/id/");
    if (existsInside(s.roots.sysRoot, dmi + QStringLiteral("sys_vendor"))) {
        m.vendor = boot::lineInsideOrEmpty(s.roots.sysRoot, dmi + QStringLiteral("sys_vendor"));
        m.product = boot::lineInsideOrEmpty(s.roots.sysRoot, dmi + QStringLiteral("product_name"));
        m.serial = boot::lineInsideOrEmpty(s.roots.sysRoot, dmi + QStringLiteral("product_serial"));
    } else {
        notes << QStringLiteral("no DMI table (%1class/dmi/id): vendor and product unknown").arg(boot::joinRoot(s.roots.sysRoot, QString()) + QLatin1Char('/'));
    }
    m.firmware = existsInside(s.roots.sysRoot, QStringLiteral("firmware/efi")) ? QStringLiteral("uefi") : QStringLiteral("bios");

    m.virtualization = containerOf(s);
    if (m.virtualization.isEmpty()) {
        QString fromDmi;
        for (const char *field : {"product_name", "sys_vendor", "board_vendor", "bios_vendor", "product_version"}) {
            fromDmi = virtualizationFromDmi(boot::lineInsideOrEmpty(s.roots.sysRoot, dmi + QLatin1String(field)));
            if (!fromDmi.isEmpty())
                break;
        }
        const QString fromCpuid = s.live.cpuidHypervisor ? virtualizationFromCpuid(s.live.cpuidHypervisor()) : QString();
        // As systemd: Oracle, Xen and Amazon are told by DMI first; else CPUID, then DMI.
        if (fromDmi == QLatin1String("oracle") || fromDmi == QLatin1String("xen") || fromDmi == QLatin1String("amazon"))
            m.virtualization = fromDmi;
        else if (!fromCpuid.isEmpty())
            m.virtualization = fromCpuid;
        else if (!fromDmi.isEmpty())
            m.virtualization = fromDmi;
        else if (boot::lineInsideOrEmpty(s.roots.sysRoot, QStringLiteral("hypervisor/type")) == QLatin1String("xen"))
            m.virtualization = QStringLiteral("xen");
        else if (const Result<QByteArray> cpuinfo = readFileInside(s.roots.procRoot, QStringLiteral("cpuinfo"), 16 << 20);
                 cpuinfo && parseCpuInfo(*cpuinfo).hypervisorFlag)
            m.virtualization = QStringLiteral("vm-other");
        else
            m.virtualization = QStringLiteral("none");
    }
    return m;
}

Cpu readCpu(const InventorySources &s, QStringList &notes)
{
    Cpu cpu;
    cpu.architecture = boot::lineInsideOrEmpty(s.roots.procRoot, QStringLiteral("sys/kernel/arch"));
    if (cpu.architecture.isEmpty() && s.live.unameMachine)
        cpu.architecture = s.live.unameMachine();
    if (cpu.architecture.isEmpty())
        notes << QStringLiteral("the CPU architecture is unknown (no %1/sys/kernel/arch)").arg(s.roots.procRoot);

    const Result<QByteArray> text = readFileInside(s.roots.procRoot, QStringLiteral("cpuinfo"), 16 << 20);
    const CpuInfoText info = text ? parseCpuInfo(*text) : CpuInfoText{};
    if (!text)
        notes << QStringLiteral("cannot read %1/cpuinfo: %2").arg(s.roots.procRoot, text.error().message);
    cpu.model = info.model;

    // The topology sysfs gives for every online CPU; cpuinfo's ids where sysfs lacks it.
    const QString cpus = QStringLiteral("devices/system/cpu/");
    const int online = countCpuList(boot::lineInsideOrEmpty(s.roots.sysRoot, cpus + QStringLiteral("online")));
    cpu.threads = online > 0 ? online : info.processors;
    QSet<QString> packages;
    QSet<QString> cores;
    if (const Result<QStringList> names = boot::listDirInside(s.roots.sysRoot, cpus)) {
        for (const QString &name : *names) {
            if (!name.startsWith(QLatin1String("cpu")) || name.size() < 4 || !name.at(3).isDigit())
                continue;
            const QString topology = cpus + name + QStringLiteral("/topology/");
            const QString package = boot::lineInsideOrEmpty(s.roots.sysRoot, topology + QStringLiteral("physical_package_id"));
            const QString core = boot::lineInsideOrEmpty(s.roots.sysRoot, topology + QStringLiteral("core_id"));
            if (package.isEmpty() || core.isEmpty())
                continue;
            packages.insert(package);
            cores.insert(package + QLatin1Char('/') + core);
        }
    }
    if (packages.isEmpty()) {
        packages = info.packages;
        cores = info.cores;
    }
    cpu.sockets = packages.isEmpty() ? (cpu.threads > 0 ? 1 : 0) : static_cast<int>(packages.size());
    cpu.cores = cores.isEmpty() ? cpu.threads : static_cast<int>(cores.size());
    return cpu;
}

qint64 readMemory(const InventorySources &s, QStringList &notes)
{
    const Result<QByteArray> text = readFileInside(s.roots.procRoot, QStringLiteral("meminfo"), 1 << 20);
    const qint64 bytes = text ? parseMemTotal(*text) : 0;
    if (bytes <= 0)
        notes << QStringLiteral("the memory size is unknown (no MemTotal in %1/meminfo)").arg(s.roots.procRoot);
    return bytes;
}

}  // namespace st::inv
