// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/boot/MountCheck.h"

#include "restore/boot/DeviceResolver.h"
#include "restore/boot/FstabParser.h"
#include "restore/boot/RootedPath.h"

#include <QSet>

#include <optional>

namespace st::boot {

namespace {
using Level = Finding::Level;

const QString kFstab = QStringLiteral("fstab");
const QString kCrypttab = QStringLiteral("crypttab");

/** The parsed file, nullopt if it does not exist; a Block finding if it exists but cannot be read. */
template <typename Entry, typename Parse>
std::optional<Parsed<Entry>> readTable(const QString &root, const QString &rel, const QString &check,
                                       const QString &whose, Parse parse, QList<Finding> &out)
{
    if (!existsInside(root, rel))
        return std::nullopt;
    const Result<QByteArray> text = readFileInside(root, rel, 4 << 20);
    if (!text) {
        out << Finding{check, Level::Block,
                       QStringLiteral("cannot read %1 /%2 (%3): make it readable and check again").arg(whose, rel, text.error().message)};
        return std::nullopt;
    }
    Parsed<Entry> parsed = parse(*text);
    for (const BadLine &b : parsed.bad)
        out << Finding{check, Level::Warn,
                       QStringLiteral("line %1 of %2 /%3 is not an entry (\"%4\"): fix or remove it").arg(b.line).arg(whose, rel, b.text)};
    return parsed;
}

bool isExcluded(const QString &path, const QStringList &excluded)
{
    for (const QString &e : excluded) {
        const QString x = cleanMountPoint(e);
        if (path == x || x == QLatin1String("/") || path.startsWith(x + QLatin1Char('/')))
            return true;
    }
    return false;
}

/** Where the boot files live: this Secondary keeps its own layout, the boot loader check covers it. */
bool isBootLayout(const QString &mountPoint)
{
    return mountPoint == QLatin1String("/boot") || mountPoint == QLatin1String("/boot/efi") || mountPoint == QLatin1String("/efi");
}

bool inStagedOrLive(const QString &stagedRoot, const HostRoots &host, const QString &path)
{
    return existsInside(stagedRoot, path) || existsInside(host.liveRoot, path);
}

QString whereIs(const FstabEntry &e)
{
    return e.isSwap() ? QStringLiteral("swap on %1 (this Secondary's /etc/fstab line %2)").arg(e.spec, QString::number(e.line))
                      : QStringLiteral("%1 (this Secondary's /etc/fstab line %2, on %3)").arg(e.mountPoint, QString::number(e.line), e.spec);
}

Finding missing(const FstabEntry &e, const QString &why)
{
    if (e.optional())
        return Finding{kFstab, Level::Warn,
                       QStringLiteral("%1: %2; it is nofail/noauto, so the boot goes on without it: fix /etc/fstab here if it is needed")
                           .arg(whereIs(e), why)};
    return Finding{kFstab, Level::Block,
                   QStringLiteral("%1: %2, so this Secondary would stop at boot: fix /etc/fstab here (blkid lists the filesystems) or add nofail")
                       .arg(whereIs(e), why)};
}

void checkSecondaryEntry(const FstabEntry &e, const QString &stagedRoot, const HostRoots &host,
                         const DeviceResolver &resolver, QList<Finding> &out)
{
    if (e.isBind()) {
        if (inStagedOrLive(stagedRoot, host, e.spec))
            out << Finding{kFstab, Level::Ok, QStringLiteral("%1: the bind source %2 exists").arg(whereIs(e), e.spec)};
        else
            out << missing(e, QStringLiteral("the bind source %1 is neither in the clone nor on this Secondary").arg(e.spec));
        return;
    }
    if (isVirtualFsType(e.type))
        return;
    if (isNetworkFsType(e.type)) {
        out << Finding{kFstab, Level::Info, QStringLiteral("%1: a %2 network filesystem, not checked here").arg(whereIs(e), e.type)};
        return;
    }
    if (DeviceResolver::isDeviceSpec(e.spec)) {
        const Result<QString> found = resolver.resolve(e.spec);
        if (found)
            out << Finding{kFstab, Level::Ok, QStringLiteral("%1: found as %2").arg(whereIs(e), *found)};
        else
            out << missing(e, found.error().message);
        return;
    }
    if (e.spec.startsWith(QLatin1Char('/'))) {  // a swap file or a loop-mounted image
        if (inStagedOrLive(stagedRoot, host, e.spec))
            out << Finding{kFstab, Level::Ok, QStringLiteral("%1: the file %2 exists").arg(whereIs(e), e.spec)};
        else
            out << missing(e, QStringLiteral("the file %1 is neither in the clone nor on this Secondary").arg(e.spec));
        return;
    }
    out << Finding{kFstab, Level::Warn,
                   QStringLiteral("%1: cannot tell which device \"%2\" is: check that entry by hand").arg(whereIs(e), e.spec)};
}

void checkSecondaryCrypttab(const QList<CrypttabEntry> &entries, const QString &stagedRoot, const HostRoots &host,
                            const DeviceResolver &resolver, QList<Finding> &out)
{
    for (const CrypttabEntry &c : entries) {
        const QString where = QStringLiteral("%1 (this Secondary's /etc/crypttab line %2, on %3)").arg(c.name, QString::number(c.line), c.source);
        QString why;
        if (DeviceResolver::isDeviceSpec(c.source)) {
            const Result<QString> found = resolver.resolve(c.source);
            if (found) {
                out << Finding{kCrypttab, Level::Ok, QStringLiteral("%1: found as %2").arg(where, *found)};
                continue;
            }
            why = found.error().message;
        } else if (inStagedOrLive(stagedRoot, host, c.source)) {
            out << Finding{kCrypttab, Level::Ok, QStringLiteral("%1: the file exists").arg(where)};
            continue;
        } else {
            why = QStringLiteral("%1 is neither in the clone nor on this Secondary").arg(c.source);
        }
        out << (c.optional() ? Finding{kCrypttab, Level::Warn,
                                       QStringLiteral("%1: %2; it is nofail/noauto, so the boot goes on without it").arg(where, why)}
                             : Finding{kCrypttab, Level::Block,
                                       QStringLiteral("%1: %2, so this Secondary would stop at boot: fix /etc/crypttab here").arg(where, why)});
    }
}

void checkPrimaryMounts(const QList<FstabEntry> &primary, const QList<FstabEntry> &secondary,
                        const DeviceResolver &resolver, const BootCheckOptions &options, QList<Finding> &out)
{
    QSet<QString> here;
    for (const FstabEntry &e : secondary)
        here.insert(e.mountPoint);
    for (const FstabEntry &p : primary) {
        if (p.isSwap() || p.isBind() || isVirtualFsType(p.type) || p.mountPoint == QLatin1String("/") || here.contains(p.mountPoint))
            continue;
        const QString what = QStringLiteral("the Primary mounts %1 from %2 (its /etc/fstab line %3)").arg(p.mountPoint, p.spec, QString::number(p.line));
        if (isBootLayout(p.mountPoint)) {
            out << Finding{kFstab, Level::Info,
                           QStringLiteral("%1, which this Secondary does not mount separately: the clone's files there land in its root "
                                          "filesystem and its own boot layout is kept").arg(what)};
            continue;
        }
        if (isExcluded(p.mountPoint, options.excludedPaths)) {
            out << Finding{kFstab, Level::Info, QStringLiteral("%1; the clone excludes %2, nothing to do").arg(what, p.mountPoint)};
            continue;
        }
        if (isNetworkFsType(p.type)) {
            out << Finding{kFstab, Level::Warn,
                           QStringLiteral("%1, a %2 share this Secondary's /etc/fstab does not mount: add it here if the services need it")
                               .arg(what, p.type)};
            continue;
        }
        const bool deviceHere = DeviceResolver::isDeviceSpec(p.spec) && resolver.resolve(p.spec).ok();
        const QString lacks = deviceHere ? QStringLiteral("which this Secondary's /etc/fstab does not mount")
                                         : QStringLiteral("which this Secondary does not have");
        const QString todo = QStringLiteral("give it that filesystem (add it to /etc/fstab here) or exclude %1 from the clone").arg(p.mountPoint);
        if (p.optional())
            out << Finding{kFstab, Level::Warn, QStringLiteral("%1, %2; it is nofail/noauto there: %3").arg(what, lacks, todo)};
        else
            out << Finding{kFstab, Level::Block, QStringLiteral("%1, %2: %3").arg(what, lacks, todo)};
    }
}

void checkPrimaryCrypttab(const QList<CrypttabEntry> &primary, const QList<CrypttabEntry> &secondary,
                          const QList<FstabEntry> &primaryFstab, const BootCheckOptions &options, QList<Finding> &out)
{
    QSet<QString> here;
    for (const CrypttabEntry &c : secondary)
        here.insert(c.name);
    for (const CrypttabEntry &p : primary) {
        if (here.contains(p.name))
            continue;
        // Only mounted from excluded places on the Primary: the clone does not need it.
        bool used = false, allExcluded = true;
        for (const FstabEntry &f : primaryFstab) {
            if (f.spec != QStringLiteral("/dev/mapper/") + p.name)
                continue;
            used = true;
            allExcluded = allExcluded && isExcluded(f.mountPoint, options.excludedPaths);
        }
        const QString what = QStringLiteral("the Primary opens the encrypted device %1 on %2 (its /etc/crypttab line %3), which this Secondary's /etc/crypttab does not have")
                                 .arg(p.name, p.source, QString::number(p.line));
        if (used && allExcluded)
            out << Finding{kCrypttab, Level::Info, QStringLiteral("%1; the clone excludes what is mounted from it, nothing to do").arg(what)};
        else if (p.optional())
            out << Finding{kCrypttab, Level::Warn, QStringLiteral("%1; it is nofail/noauto there: add it to /etc/crypttab here if it is needed").arg(what)};
        else
            out << Finding{kCrypttab, Level::Block,
                           QStringLiteral("%1: add it to /etc/crypttab here or exclude what is stored on it from the clone").arg(what)};
    }
}
}  // namespace

QList<Finding> checkMounts(const QString &stagedRoot, const HostRoots &host, const BootCheckOptions &options)
{
    QList<Finding> out;
    const QString here = QStringLiteral("this Secondary's"), primary = QStringLiteral("the Primary's");
    const QString fstab = QStringLiteral("etc/fstab"), crypttab = QStringLiteral("etc/crypttab");
    const bool fstabHere = existsInside(host.liveRoot, fstab);
    const auto secondaryFstab = readTable<FstabEntry>(host.liveRoot, fstab, kFstab, here, parseFstab, out);
    const auto secondaryCrypttab = readTable<CrypttabEntry>(host.liveRoot, crypttab, kCrypttab, here, parseCrypttab, out);
    const auto primaryFstab = readTable<FstabEntry>(stagedRoot, fstab, kFstab, primary, parseFstab, out);
    const auto primaryCrypttab = readTable<CrypttabEntry>(stagedRoot, crypttab, kCrypttab, primary, parseCrypttab, out);
    if (!fstabHere)
        out << Finding{kFstab, Level::Warn,
                       QStringLiteral("this Secondary has no /etc/fstab: it mounts nothing but its root at boot; create one if it needs more")};

    const QList<FstabEntry> sFstab = secondaryFstab ? secondaryFstab->entries : QList<FstabEntry>();
    const QList<CrypttabEntry> sCrypttab = secondaryCrypttab ? secondaryCrypttab->entries : QList<CrypttabEntry>();
    const DeviceResolver resolver(host.devRoot, sCrypttab);
    for (const FstabEntry &e : sFstab)
        checkSecondaryEntry(e, stagedRoot, host, resolver, out);
    checkSecondaryCrypttab(sCrypttab, stagedRoot, host, resolver, out);

    if (primaryFstab)
        checkPrimaryMounts(primaryFstab->entries, sFstab, resolver, options, out);
    if (primaryCrypttab)
        checkPrimaryCrypttab(primaryCrypttab->entries, sCrypttab, primaryFstab ? primaryFstab->entries : QList<FstabEntry>(),
                             options, out);
    return out;
}

}  // namespace st::boot
