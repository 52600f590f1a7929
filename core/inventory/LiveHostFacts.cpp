// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/InventorySources.h"

#include <QDateTime>
#include <QFile>
#include <QHostInfo>
#include <QNetworkInterface>

#include <sys/statvfs.h>
#include <sys/timex.h>
#include <sys/utsname.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <cstring>
#endif

namespace st::inv {

namespace {
QString cpuidHypervisor()
{
#if defined(__x86_64__) || defined(__i386__)
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 31)))
        return {};  // no hypervisor bit: bare metal
    __cpuid(0x40000000, eax, ebx, ecx, edx);
    char vendor[13] = {};
    std::memcpy(vendor, &ebx, 4);
    std::memcpy(vendor + 4, &ecx, 4);
    std::memcpy(vendor + 8, &edx, 4);
    return QString::fromLatin1(vendor);
#else
    return {};
#endif
}
}  // namespace

LiveFacts liveHostFacts()
{
    LiveFacts f;
    f.cpuidHypervisor = cpuidHypervisor;
    f.unameMachine = [] {
        struct utsname u {};
        return ::uname(&u) == 0 ? QString::fromLatin1(u.machine) : QString();
    };
    f.space = [](const QString &mountPoint) -> std::optional<FsSpace> {
        struct statvfs v {};
        if (::statvfs(QFile::encodeName(mountPoint).constData(), &v) != 0)
            return std::nullopt;
        return FsSpace{static_cast<qint64>(v.f_blocks) * static_cast<qint64>(v.f_frsize),
                       static_cast<qint64>(v.f_bavail) * static_cast<qint64>(v.f_frsize)};
    };
    f.addresses = [](const QString &nic) {
        QStringList out;
        for (const QNetworkAddressEntry &e : QNetworkInterface::interfaceFromName(nic).addressEntries())
            if (!e.ip().isLinkLocal())
                out << QStringLiteral("%1/%2").arg(e.ip().toString()).arg(e.prefixLength());
        return out;
    };
    f.ntpSynchronized = [] {
        struct timex tx {};
        const int state = ::adjtimex(&tx);
        if (state < 0)
            return -1;
        return state == TIME_ERROR || (tx.status & STA_UNSYNC) ? 0 : 1;
    };
    f.nowMs = [] { return QDateTime::currentMSecsSinceEpoch(); };
    f.hostName = [] { return QHostInfo::localHostName(); };
    return f;
}

}  // namespace st::inv
