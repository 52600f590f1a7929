// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/CloneOptions.h"

#include <QFile>

#include <cstdio>

namespace st::cli {

std::optional<int> parseOrExit(QCommandLineParser &p, const QStringList &args)
{
    if (!p.parse(args)) {
        fprintf(stderr, "servertwin-cli: error: %s\n", p.errorText().toLocal8Bit().constData());
        return 2;
    }
    if (p.isSet(QStringLiteral("help"))) {
        fputs(p.helpText().toLocal8Bit().constData(), stdout);
        return 0;
    }
    return std::nullopt;
}

void addSelectionOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("profile"), QStringLiteral("Protection profile (JSON) naming what to clone."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("include"), QStringLiteral("Also clone this path (relative to the source root; repeatable)."), QStringLiteral("PATH")});
    p.addOption({QStringLiteral("exclude"), QStringLiteral("Leave out paths matching this glob (rsync/gitignore style; repeatable)."), QStringLiteral("PATTERN")});
    p.addOption({QStringLiteral("source-root"), QStringLiteral("Read the protection set below this directory instead of the profile's root (default /)."), QStringLiteral("DIR")});
    p.addOption({QStringLiteral("snapshot"), QStringLiteral("Read from a point-in-time snapshot: auto (btrfs or LVM where possible, else live with a warning), btrfs, lvm, vss (Windows), none (live, changes detected)."), QStringLiteral("MODE"), QStringLiteral("auto")});
    p.addOption({QStringLiteral("zstd-level"), QStringLiteral("zstd compression level 1-19 (default 3)."), QStringLiteral("N"), QStringLiteral("3")});
    p.addOption({QStringLiteral("threads"), QStringLiteral("Compression threads (default: one per core)."), QStringLiteral("N"), QStringLiteral("0")});
}

Result<SelectionPlan> selectionFrom(const QCommandLineParser &p)
{
    std::optional<ProtectionProfile> profile;
    if (p.isSet(QStringLiteral("profile"))) {
        auto loaded = ProtectionProfile::load(p.value(QStringLiteral("profile")));
        if (!loaded)
            return loaded.error();
        profile = *loaded;
    }
    SelectionOverrides overrides;
    for (const QString &inc : p.values(QStringLiteral("include")))
        overrides.includes.append(QFile::encodeName(inc));
    for (const QString &exc : p.values(QStringLiteral("exclude")))
        overrides.excludes.append(QFile::encodeName(exc));
    if (p.isSet(QStringLiteral("source-root")))
        overrides.sourceRoot = QFile::encodeName(p.value(QStringLiteral("source-root")));
    return SelectionPlan::build(profile ? &*profile : nullptr, overrides);
}

Result<ZstdOptions> zstdFrom(const QCommandLineParser &p)
{
    ZstdOptions z;
    bool ok = false;
    z.level = p.value(QStringLiteral("zstd-level")).toInt(&ok);
    if (!ok || z.level < 1 || z.level > 19)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("--zstd-level must be 1-19"));
    z.threads = p.value(QStringLiteral("threads")).toInt(&ok);
    if (!ok || z.threads < 0 || z.threads > 256)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("--threads must be 0-256"));
    return z;
}

}  // namespace st::cli

namespace st::cli {

Result<SnapshotMode> snapshotFrom(const QCommandLineParser &p)
{
    const auto mode = parseSnapshotMode(p.value(QStringLiteral("snapshot")));
    if (!mode)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("--snapshot must be auto, btrfs, lvm, vss or none"));
    return *mode;
}

}  // namespace st::cli
