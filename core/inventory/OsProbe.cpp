// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/OsProbe.h"

#include "restore/boot/RootedPath.h"

#include <QFile>

#include <array>
#include <sys/stat.h>
#include <utility>

namespace st::inv {

QHash<QString, QString> parseOsRelease(const QByteArray &text)
{
    QHash<QString, QString> out;
    for (const QByteArray &raw : text.split('\n')) {
        const QByteArray line = raw.trimmed();
        const qsizetype eq = line.indexOf('=');
        if (line.startsWith('#') || eq <= 0)
            continue;
        QByteArray value = line.mid(eq + 1);
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
            value = value.mid(1, value.size() - 2);
            QByteArray unescaped;
            for (qsizetype i = 0; i < value.size(); ++i)
                unescaped.append(value.at(i) == '\\' && i + 1 < value.size() ? value.at(++i) : value.at(i));
            value = unescaped;
        }
        out.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(value));
    }
    return out;
}

Os readOs(const InventorySources &s, QStringList &notes)
{
    Os os;
    Result<QByteArray> text = boot::readFileInside(s.roots.liveRoot, QStringLiteral("etc/os-release"), 1 << 20);
    if (!text)
        text = boot::readFileInside(s.roots.liveRoot, QStringLiteral("usr/lib/os-release"), 1 << 20);
    if (text) {
        const QHash<QString, QString> fields = parseOsRelease(*text);
        os.id = fields.value(QStringLiteral("ID"), QStringLiteral("linux"));
        os.versionId = fields.value(QStringLiteral("VERSION_ID"));
        os.prettyName = fields.value(QStringLiteral("PRETTY_NAME"), QStringLiteral("Linux"));
    } else {
        notes << QStringLiteral("no os-release: %1").arg(text.error().message);
    }
    os.kernel = boot::lineInsideOrEmpty(s.roots.procRoot, QStringLiteral("sys/kernel/osrelease"));
    return os;
}

Clock readClock(const InventorySources &s)
{
    Clock c;
    const QString root = s.roots.liveRoot;
    if (const Result<QString> zone = boot::resolveInside(root, QStringLiteral("etc/localtime")); zone && zone->contains(QLatin1String("zoneinfo/")))
        c.timeZone = zone->mid(zone->indexOf(QLatin1String("zoneinfo/")) + 9);
    if (c.timeZone.isEmpty())
        c.timeZone = boot::lineInsideOrEmpty(root, QStringLiteral("etc/timezone"));
    // The time service systemd starts: its unit linked into the target that wants it.
    static const std::array<std::pair<const char *, const char *>, 6> services{{
        {"sysinit.target.wants/systemd-timesyncd.service", "systemd-timesyncd"},
        {"multi-user.target.wants/chrony.service", "chrony"},
        {"multi-user.target.wants/chronyd.service", "chrony"},
        {"multi-user.target.wants/ntpsec.service", "ntpsec"},
        {"multi-user.target.wants/ntp.service", "ntp"},
        {"multi-user.target.wants/openntpd.service", "openntpd"},
    }};
    // The link itself says the unit is enabled (its absolute target need not resolve in a fixture).
    const Result<QString> units = boot::resolveInside(root, QStringLiteral("etc/systemd/system"));
    for (const auto &[link, name] : services) {
        struct stat st {};
        if (units && ::lstat(QFile::encodeName(boot::joinRoot(root, *units + QLatin1Char('/') + QLatin1String(link))).constData(), &st) == 0) {
            c.ntpService = QLatin1String(name);
            break;
        }
    }
    c.ntpSynchronized = s.live.ntpSynchronized ? s.live.ntpSynchronized() : -1;
    c.wallClockMs = s.live.nowMs ? s.live.nowMs() : 0;
    return c;
}

}  // namespace st::inv
