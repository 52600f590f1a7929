// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/PreflightChecks.h"

#include <QDir>
#include <QLocale>

#include <linux/magic.h>

namespace st {

namespace {

PreflightCheck make(const QString &id, const QString &title, PreflightCheck::Level level,
                    const QString &message, const QString &hint = {})
{
    return PreflightCheck{id, title, level, message, hint};
}

QString size(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

}  // namespace

QList<PreflightCheck> PreflightChecks::runAll(const SystemProbe &probe, const PreflightInputs &in)
{
    return {privileges(probe, in), snapshotSupport(probe, in), stateDirSpace(probe, in), agentBinary(probe, in)};
}

PreflightCheck PreflightChecks::privileges(const SystemProbe &probe, const PreflightInputs &in)
{
    const QString id = QStringLiteral("privileges");
    const QString title = tr("Administrator rights");
    const quint32 uid = probe.effectiveUid();
    if (uid == 0)
        return make(id, title, PreflightCheck::Level::Pass, tr("Running as root: every file of the protection set can be read."));
    const QString message = tr("Running as user ID %1, not as root.").arg(uid);
    if (in.demoMode)
        return make(id, title, PreflightCheck::Level::Warn, message,
                    tr("The demo works without root but cannot keep file owners; a real twin installation needs sudo servertwin."));
    return make(id, title, PreflightCheck::Level::Fail, message,
                tr("Run as root (sudo servertwin) to read every file of the protection set."));
}

PreflightCheck PreflightChecks::snapshotSupport(const SystemProbe &probe, const PreflightInputs &in)
{
    const QString id = QStringLiteral("snapshot");
    const QString title = tr("Snapshot support");
    const QString liveHint = tr("Stop services that write to the protection set (databases, mail) while cloning; "
                                "files that change while being read are listed in the report.");
    auto fs = probe.fileSystem(in.sourceRoot);
    if (!fs)
        return make(id, title, PreflightCheck::Level::Warn,
                    tr("Cannot tell the filesystem of %1 (%2): files are read live.").arg(in.sourceRoot, fs.error().message),
                    liveHint);
    if (fs->typeMagic == BTRFS_SUPER_MAGIC)
        return make(id, title, PreflightCheck::Level::Pass, tr("btrfs: point-in-time snapshots available."));
    return make(id, title, PreflightCheck::Level::Warn,
                tr("No btrfs snapshot support on %1 (%2): files are read live.").arg(in.sourceRoot, fs->typeName),
                liveHint);
}

PreflightCheck PreflightChecks::stateDirSpace(const SystemProbe &probe, const PreflightInputs &in)
{
    const QString id = QStringLiteral("state-space");
    const QString title = tr("Free disk space");
    auto fs = probe.fileSystem(in.stateDir);
    if (!fs)
        return make(id, title, PreflightCheck::Level::Fail,
                    tr("Cannot measure the free space for %1: %2").arg(in.stateDir, fs.error().message),
                    tr("Make sure %1 or its parent directory exists and is readable.").arg(in.stateDir));
    if (fs->availableBytes >= kMinStateDirFreeBytes)
        return make(id, title, PreflightCheck::Level::Pass,
                    tr("%1 free on the filesystem of %2.").arg(size(fs->availableBytes), in.stateDir));
    return make(id, title, PreflightCheck::Level::Fail,
                tr("Only %1 free on the filesystem of %2; %3 are needed.")
                    .arg(size(fs->availableBytes), in.stateDir, size(kMinStateDirFreeBytes)),
                tr("Free space on the filesystem holding %1 (measured at %2): the key, certificate pins and reports are kept there.")
                    .arg(in.stateDir, fs->measuredPath));
}

PreflightCheck PreflightChecks::agentBinary(const SystemProbe &probe, const PreflightInputs &in)
{
    const QString id = QStringLiteral("agent");
    const QString title = tr("Agent program");
    const QString path = agentPath(in);
    if (probe.isExecutableFile(path))
        return make(id, title, PreflightCheck::Level::Pass, tr("servertwin-agent found next to the wizard (%1).").arg(path));
    const QString message = tr("servertwin-agent is missing next to the wizard (%1).").arg(path);
    if (in.demoMode)
        return make(id, title, PreflightCheck::Level::Fail, message,
                    tr("Demo mode starts this agent locally: install it into %1 (the ServerTwin package does) "
                       "or build it next to the wizard.")
                        .arg(QDir::toNativeSeparators(in.applicationDir)));
    return make(id, title, PreflightCheck::Level::Warn, message,
                tr("Needed only for --demo, which starts a local agent; a real Secondary runs its own agent."));
}

QString PreflightChecks::agentPath(const PreflightInputs &in)
{
    return QDir(in.applicationDir).filePath(QStringLiteral("servertwin-agent"));
}

}  // namespace st
