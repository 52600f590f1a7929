// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/CompatibilityRules.h"

#include "net/JsonFields.h"
#include "util/HumanBytes.h"

#include <cmath>

namespace st::inv {

namespace {
QString orUnknown(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("unknown") : s;
}

RuleOutcome sameOrBlock(const char *rule, const QString &title, const QString &p, const QString &s, const QString &blockReason)
{
    RuleOutcome o{QLatin1String(rule), title, RuleLevel::Pass, orUnknown(p), orUnknown(s), QStringLiteral("the same on both")};
    if (p.isEmpty() || s.isEmpty()) {
        o.level = RuleLevel::Warn;
        o.reason = QStringLiteral("cannot be compared: unknown on the %1").arg(p.isEmpty() ? QStringLiteral("Primary") : QStringLiteral("Secondary"));
    } else if (p != s) {
        o.level = RuleLevel::Block;
        o.reason = blockReason;
    }
    return o;
}

RuleOutcome withinTolerance(const char *rule, const QString &title, double p, double s, const QString &pText, const QString &sText)
{
    RuleOutcome o{QLatin1String(rule), title, RuleLevel::Pass, pText, sText, QString()};
    if (p <= 0 || s <= 0) {
        o.level = RuleLevel::Warn;
        o.reason = QStringLiteral("cannot be compared: unknown on the %1").arg(p <= 0 ? QStringLiteral("Primary") : QStringLiteral("Secondary"));
        return o;
    }
    const double change = (s - p) / p;
    const int percent = static_cast<int>(std::lround(change * 100));
    if (std::abs(change) > kSizeTolerance) {
        o.level = RuleLevel::Warn;
        o.reason = QStringLiteral("the Secondary has %1 %2 % %3 than the Primary (more than %4 %): after a failover it runs the same load differently")
                       .arg(title.toLower()).arg(std::abs(percent)).arg(change > 0 ? QStringLiteral("more") : QStringLiteral("less"))
                       .arg(static_cast<int>(kSizeTolerance * 100));
    } else {
        o.reason = percent == 0 ? QStringLiteral("the same on both") : QStringLiteral("within %1 %").arg(static_cast<int>(kSizeTolerance * 100));
    }
    return o;
}

int physicalNics(const Inventory &inv)
{
    int n = 0;
    for (const Nic &nic : inv.nics)
        if (nic.driver != QLatin1String("bonding"))
            ++n;
    return n;
}

RuleOutcome nicRule(const Inventory &p, const Inventory &s, const CompareContext &c)
{
    const int needed = c.nicsNeeded >= 0 ? c.nicsNeeded : defaultNicsNeeded(p);
    const int has = physicalNics(s);
    RuleOutcome o{QStringLiteral("nics"), QStringLiteral("Network interfaces"), RuleLevel::Pass,
                  QStringLiteral("%1, %2 in use").arg(physicalNics(p)).arg(needed), QString::number(has), QString()};
    if (has < needed) {
        o.level = RuleLevel::Block;
        o.reason = QStringLiteral("the Primary's roles need %1 network interface(s), the Secondary has %2: add a NIC to the Secondary").arg(needed).arg(has);
    } else {
        o.reason = QStringLiteral("enough for the %1 interface(s) the Primary uses").arg(needed);
    }
    return o;
}

RuleOutcome diskSpaceRule(const Inventory &s, const CompareContext &c)
{
    RuleOutcome o{QStringLiteral("disk-space"), QStringLiteral("Disk space for the protection set"), RuleLevel::Pass, QString(), QString(), QString()};
    o.primary = c.protectionSetBytes >= 0 ? humanBytes(c.protectionSetBytes) : QStringLiteral("unknown");
    QStringList free;
    QStringList short_;
    bool unmeasured = false;
    bool any = false;
    qint64 freeTotal = 0;
    for (const Filesystem &fs : s.filesystems) {
        if (fs.protectedPaths.isEmpty())
            continue;
        any = true;
        if (fs.freeBytes < 0) {
            unmeasured = true;
            continue;
        }
        freeTotal += fs.freeBytes;
        free << QStringLiteral("%1 free on %2").arg(humanBytes(fs.freeBytes), fs.mountPoint);
        qint64 needed = 0;
        for (const QString &path : fs.protectedPaths)
            needed += c.bytesByPath.value(path);
        if (!c.bytesByPath.isEmpty() && needed > fs.freeBytes)
            short_ << QStringLiteral("%1 needs %2 and has %3 free").arg(fs.mountPoint, humanBytes(needed), humanBytes(fs.freeBytes));
    }
    o.secondary = free.isEmpty() ? QStringLiteral("unknown") : free.join(QStringLiteral(", "));
    if (!any) {
        o.level = RuleLevel::Warn;
        o.reason = QStringLiteral("the Secondary did not say which of its filesystems would hold the protection set");
    } else if (!short_.isEmpty()) {
        o.level = RuleLevel::Block;
        o.reason = QStringLiteral("the clone is staged beside the running system first: %1; free space there or give the Secondary a larger disk").arg(short_.join(QStringLiteral("; ")));
    } else if (unmeasured || (c.bytesByPath.isEmpty() && c.protectionSetBytes < 0)) {
        o.level = RuleLevel::Warn;
        o.reason = QStringLiteral("not measured: the free space or the size of the protection set is unknown");
    } else if (c.bytesByPath.isEmpty() && c.protectionSetBytes > freeTotal) {
        o.level = RuleLevel::Block;
        o.reason = QStringLiteral("the protection set (%1) does not fit in the %2 free where it is staged on the Secondary")
                       .arg(humanBytes(c.protectionSetBytes), humanBytes(freeTotal));
    } else {
        o.reason = QStringLiteral("the staged clone fits beside the running system");
    }
    return o;
}

RuleOutcome clockRule(const Inventory &p, const Inventory &s, const CompareContext &c)
{
    RuleOutcome o{QStringLiteral("clock"), QStringLiteral("Clock"), RuleLevel::Pass,
                  QStringLiteral("%1, %2").arg(orUnknown(p.clock.timeZone), p.clock.ntpService.isEmpty() ? QStringLiteral("no time service") : p.clock.ntpService),
                  QStringLiteral("%1, %2").arg(orUnknown(s.clock.timeZone), s.clock.ntpService.isEmpty() ? QStringLiteral("no time service") : s.clock.ntpService),
                  QString()};
    if (!c.clockOffsetMs) {
        o.level = RuleLevel::Info;
        o.reason = QStringLiteral("the clock offset was not measured");
        return o;
    }
    const qint64 offset = *c.clockOffsetMs;
    o.secondary += QStringLiteral(", %1%2 s (+-%3 ms)").arg(offset >= 0 ? QStringLiteral("+") : QString()).arg(offset / 1000.0, 0, 'f', 1).arg(c.clockUncertaintyMs);
    if (std::abs(offset) > kMaxClockOffsetMs) {
        o.level = RuleLevel::Block;
        o.reason = QStringLiteral("the Secondary's clock is %1 s %2 the Primary's (more than %3 s): set it right and enable a time service (timedatectl set-ntp true)")
                       .arg(std::abs(offset) / 1000).arg(offset > 0 ? QStringLiteral("ahead of") : QStringLiteral("behind")).arg(kMaxClockOffsetMs / 1000);
    } else if (p.clock.timeZone != s.clock.timeZone) {
        o.level = RuleLevel::Info;
        o.reason = QStringLiteral("the offset is fine; the time zones differ (the clone carries the Primary's)");
    } else {
        o.reason = QStringLiteral("within %1 s").arg(kMaxClockOffsetMs / 1000);
    }
    return o;
}

RuleOutcome infoIfDifferent(const char *rule, const QString &title, const QString &p, const QString &s, const QString &why)
{
    const bool same = p == s;
    return {QLatin1String(rule), title, same ? RuleLevel::Pass : RuleLevel::Info, orUnknown(p), orUnknown(s),
            same ? QStringLiteral("the same on both") : why};
}
}  // namespace

QString ruleLevelName(RuleLevel level)
{
    switch (level) {
    case RuleLevel::Pass: return QStringLiteral("pass");
    case RuleLevel::Info: return QStringLiteral("info");
    case RuleLevel::Warn: return QStringLiteral("warn");
    case RuleLevel::Block: return QStringLiteral("block");
    }
    return QString();  // not reached
}

std::optional<RuleLevel> ruleLevelFromName(const QString &name)
{
    for (RuleLevel l : {RuleLevel::Pass, RuleLevel::Info, RuleLevel::Warn, RuleLevel::Block})
        if (ruleLevelName(l) == name)
            return l;
    return std::nullopt;
}

int defaultNicsNeeded(const Inventory &primary)
{
    bool addressesKnown = false;
    int withAddress = 0;
    int withLink = 0;
    for (const Nic &n : primary.nics) {
        if (!n.master.isEmpty())
            continue;  // a bond member: its bond carries the address (and counts its members below)
        addressesKnown = addressesKnown || !n.addresses.isEmpty();
        const int members = n.driver == QLatin1String("bonding")
                                ? static_cast<int>(std::count_if(primary.nics.begin(), primary.nics.end(), [&n](const Nic &m) { return m.master == n.name; }))
                                : 1;
        if (!n.addresses.isEmpty())
            withAddress += members;
        if (n.carrier)
            withLink += members;
    }
    return addressesKnown ? withAddress : withLink;
}

QList<RuleOutcome> blockingRules(const Inventory &p, const Inventory &s, const CompareContext &c)
{
    QList<RuleOutcome> out;
    out << sameOrBlock("architecture", QStringLiteral("Architecture"), p.cpu.architecture, s.cpu.architecture,
                       QStringLiteral("the clone's programs would not run on the Secondary's processor"));
    out << sameOrBlock("firmware", QStringLiteral("Firmware"), p.machine.firmware, s.machine.firmware,
                       QStringLiteral("one boots by UEFI, the other by BIOS: set the Secondary's firmware to the Primary's mode"));
    out << sameOrBlock("os", QStringLiteral("Operating system release"), p.os.id + QLatin1Char(' ') + p.os.versionId, s.os.id + QLatin1Char(' ') + s.os.versionId,
                       QStringLiteral("install the Primary's release on the Secondary first"));
    out << diskSpaceRule(s, c);
    out << nicRule(p, s, c);
    out << clockRule(p, s, c);
    return out;
}

QList<RuleOutcome> compareInventories(const Inventory &p, const Inventory &s, const CompareContext &c)
{
    QList<RuleOutcome> out = blockingRules(p, s, c);
    out << withinTolerance("cpus", QStringLiteral("CPUs"), p.cpu.threads, s.cpu.threads, QString::number(p.cpu.threads), QString::number(s.cpu.threads));
    out << withinTolerance("memory", QStringLiteral("Memory"), static_cast<double>(p.memoryBytes), static_cast<double>(s.memoryBytes),
                           humanBytes(p.memoryBytes), humanBytes(s.memoryBytes));
    out << infoIfDifferent("virtualization", QStringLiteral("Virtualisation"), p.machine.virtualization, s.machine.virtualization,
                           QStringLiteral("different platforms: drivers and tools differ (the clone checks the Secondary's drivers)"));
    out << infoIfDifferent("vendor", QStringLiteral("Hardware vendor"), QStringLiteral("%1 %2").arg(p.machine.vendor, p.machine.product).trimmed(),
                           QStringLiteral("%1 %2").arg(s.machine.vendor, s.machine.product).trimmed(),
                           QStringLiteral("different hardware: vendor tools and firmware packages may differ (see the Components step)"));
    return out;
}

bool anyBlock(const QList<RuleOutcome> &outcomes)
{
    return std::any_of(outcomes.begin(), outcomes.end(), [](const RuleOutcome &o) { return o.level == RuleLevel::Block; });
}

QString blockSummary(const QList<RuleOutcome> &outcomes)
{
    QStringList parts;
    for (const RuleOutcome &o : outcomes)
        if (o.level == RuleLevel::Block)
            parts << QStringLiteral("%1: %2").arg(o.title.toLower(), o.reason);
    return parts.join(QStringLiteral("; "));
}

QJsonObject outcomeToJson(const RuleOutcome &o)
{
    return {{QStringLiteral("rule"), o.rule}, {QStringLiteral("title"), o.title}, {QStringLiteral("level"), ruleLevelName(o.level)},
            {QStringLiteral("primary"), o.primary}, {QStringLiteral("secondary"), o.secondary}, {QStringLiteral("reason"), o.reason}};
}

Result<RuleOutcome> outcomeFromJson(const QJsonObject &o)
{
    msg::detail::Fields f(o, "rule outcome");
    RuleOutcome r;
    r.rule = f.text("rule", 64);
    r.title = f.text("title", 255);
    const QString level = f.text("level", 16);
    r.primary = f.text("primary");
    r.secondary = f.text("secondary");
    r.reason = f.text("reason");
    if (!f.ok())
        return f.error();
    const std::optional<RuleLevel> l = ruleLevelFromName(level);
    if (!l)
        return makeError(ErrorCode::Protocol, QStringLiteral("rule outcome: unknown level \"%1\"").arg(level));
    r.level = *l;
    return r;
}

}  // namespace st::inv
