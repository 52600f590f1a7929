// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot/LeftoverCleanup.h"

#include "snapshot/BtrfsVolume.h"
#include "snapshot/LvmVolume.h"
#include "snapshot/SnapshotJournal.h"
#include "util/RawPath.h"

#include <QDebug>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <sys/stat.h>

#include <unistd.h>

#include <cerrno>
#include <optional>

namespace st {

namespace {

constexpr int kTimeoutMs = 5 * 60 * 1000;
constexpr int kOrphanWaitMs = 60 * 1000;

enum class Outcome {
    Removed,  // deleted now
    Gone,     // already gone: drop the entry
    NotOurs,  // what is there now is not the journalled snapshot: left alone, drop the entry
    Keep,     // cannot tell now (filesystem not mounted): keep the entry for a later run
    Failed,   // a removal failed: keep the entry
};

QByteArray parentOf(const QByteArray &path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash <= 0 ? QByteArrayLiteral("/") : path.left(slash);
}

QByteArray lastComponent(const QByteArray &path) { return path.mid(path.lastIndexOf('/') + 1); }

/** True while another process has one of @p arguments as a whole command-line argument. */
bool commandStillRunning(const QList<QByteArray> &arguments)
{
    const qint64 self = ::getpid();
    const QStringList names = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : names) {
        bool isPid = false;
        const qint64 pid = name.toLongLong(&isPid);
        if (!isPid || pid == self)
            continue;
        QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!file.open(QIODevice::ReadOnly))
            continue;  // exited meanwhile
        const QList<QByteArray> argv = file.readAll().split('\0');
        for (const QByteArray &argument : arguments) {
            if (argv.contains(argument))
                return true;
        }
    }
    return false;
}

/**
 * A killed run's snapshot command (btrfs subvolume snapshot, lvcreate, mount) is not killed with
 * it and may still be creating the snapshot: until it ends, the snapshot can look absent (btrfs
 * lists the new name before a lookup finds it). Waits for such a command; false if it still runs.
 */
bool waitForOrphanedCommands(const JournalEntry &e)
{
    QList<QByteArray> arguments{e.path};
    if (!e.lv.isEmpty())
        arguments.append(e.lv.toUtf8());
    // Gone only when two scans 50 ms apart miss it: while a process execs (a wrapper that execs
    // the command, as sudo or a shell does), its command line reads empty for a moment.
    QDeadlineTimer deadline(kOrphanWaitMs);
    for (int misses = 0; misses < 2;) {
        if (commandStillRunning(arguments)) {
            misses = 0;
            if (deadline.hasExpired())
                return false;
        } else {
            ++misses;
        }
        if (misses < 2)
            QThread::msleep(50);
    }
    return true;
}

class Cleaner {
public:
    Cleaner(SnapshotEnvironment &env, QStringList *removed) : m_env(env), m_removed(removed) {}

    Status run(QList<JournalEntry> &entries)
    {
        const ProcessIdentity self = currentProcess();
        QList<JournalEntry> keep;
        for (const JournalEntry &e : std::as_const(entries)) {
            const bool isSelf = e.pid == self.pid && e.pidStartTime == self.startTime;
            if (isProcessAlive(e.pid, e.pidStartTime) && (!isSelf || isLiveTag(e.tag))) {
                keep.append(e);  // a running backup still reads from it
                continue;
            }
            if (!waitForOrphanedCommands(e)) {
                qWarning().noquote() << QStringLiteral("snapshot journal: a command of the run that made \"%1\" is still "
                                                       "running; left for a later run").arg(displayPath(e.path));
                keep.append(e);
                continue;
            }
            const Outcome outcome = e.provider == QLatin1String("btrfs") ? cleanBtrfs(e) : cleanLvm(e);
            if (outcome == Outcome::Keep || outcome == Outcome::Failed)
                keep.append(e);
            if (outcome == Outcome::NotOurs)
                qWarning().noquote() << QStringLiteral("snapshot journal: \"%1\" is no longer a ServerTwin snapshot; "
                                                       "left alone").arg(displayPath(e.path));
        }
        entries = keep;
        if (m_errors.isEmpty())
            return {};
        return makeError(ErrorCode::Io, QStringLiteral("%1 leftover snapshot(s) could not be removed: %2")
                                            .arg(m_errors.size()).arg(m_errors.first()));
    }

private:
    Outcome fail(const Error &error)
    {
        m_errors.append(error.message);
        return Outcome::Failed;
    }

    Outcome cleanBtrfs(const JournalEntry &e)
    {
        const QByteArray dir = parentOf(e.path);
        if (!lastComponent(e.path).startsWith(kSnapshotTagPrefix) || lastComponent(dir) != kBtrfsSnapshotDirName
            || parentOf(dir) != e.origin || e.fsId.isEmpty())
            return Outcome::NotOurs;
        if (!isBtrfsSubvolumeRoot(e.origin))
            return Outcome::Keep;
        Result<QString> originFs = btrfsFilesystemUuid(e.origin);
        if (!originFs || *originFs != e.fsId)
            return Outcome::Keep;  // another filesystem is mounted there now
        struct stat st {};
        if (::lstat(e.path.constData(), &st) != 0) {
            if (errno != ENOENT)
                return fail(errnoError(errno, QStringLiteral("cannot inspect \"%1\"").arg(displayPath(e.path))));
            (void)removeDirIfEmpty(dir);
            return Outcome::Gone;
        }
        if (!isBtrfsSubvolumeRoot(e.path))
            return Outcome::NotOurs;
        Result<BtrfsSubvolumeInfo> info = btrfsSubvolumeInfo(e.path);
        if (!info)
            return fail(info.error());
        Result<QString> fs = btrfsFilesystemUuid(e.path);
        if (!fs)
            return fail(fs.error());
        // Ours: the recorded snapshot itself, or (crash before its UUID was recorded) a snapshot of the origin.
        const bool identified = !e.snapshotUuid.isEmpty() ? info->uuid == e.snapshotUuid
                                                          : !e.originUuid.isEmpty() && info->parentUuid == e.originUuid;
        if (!info->readOnly || !identified || *fs != e.fsId)
            return Outcome::NotOurs;
        Result<QStringList> command = btrfsDeleteCommand(e.path);
        if (!command)
            return fail(command.error());
        if (Result<CommandOutput> out = runChecked(*m_env.runner, *command, kTimeoutMs); !out)
            return fail(out.error());
        if (Status s = removeDirIfEmpty(dir); !s)
            m_errors.append(s.error().message);
        if (m_removed)
            m_removed->append(displayPath(e.path));
        return Outcome::Removed;
    }

    Outcome cleanLvm(const JournalEntry &e)
    {
        const QList<QByteArray> origin = e.origin.split('/');
        if (!e.lv.startsWith(QLatin1String(kSnapshotTagPrefix)) || e.vg.isEmpty() || origin.size() != 2
            || QString::fromUtf8(origin[0]) != e.vg)
            return Outcome::NotOurs;
        if (!m_lvs) {
            Result<CommandOutput> out = runChecked(*m_env.runner, lvsReportCommand(), kTimeoutMs);
            if (!out)
                return fail(out.error());
            Result<QList<LvmVolume>> parsed = parseLvsJson(out->out);
            if (!parsed)
                return fail(parsed.error());
            m_lvs = *parsed;
        }
        Result<QList<MountEntry>> mounts = m_env.mountTable();
        if (!mounts)
            return fail(mounts.error());
        const LvmVolume *lv = findLv(*m_lvs, e.vg, e.lv);
        const bool ours = lv && lv->isSnapshot() && lv->origin == QString::fromUtf8(origin[1]);
        bool foreignMount = false;
        for (const MountEntry &m : std::as_const(*mounts)) {
            if (m.mountPoint != e.path)
                continue;
            if (!ours || lv->kernelMajor != int(m.major) || lv->kernelMinor != int(m.minor)) {
                foreignMount = true;  // something else is mounted there: leave it
                continue;
            }
            Result<QStringList> command = umountCommand(e.path);
            if (!command)
                return fail(command.error());
            if (Result<CommandOutput> out = runChecked(*m_env.runner, *command, kTimeoutMs); !out)
                return fail(out.error());
        }
        if (!foreignMount) {
            (void)removeDirIfEmpty(e.path);
            (void)removeDirIfEmpty(parentOf(e.path));
        }
        if (!lv)
            return Outcome::Gone;
        if (!ours)
            return Outcome::NotOurs;
        if (Result<CommandOutput> out = runChecked(*m_env.runner, lvremoveCommand(e.vg, e.lv), kTimeoutMs); !out)
            return fail(out.error());
        if (m_removed)
            m_removed->append(e.vg + QLatin1Char('/') + e.lv);
        return Outcome::Removed;
    }

    SnapshotEnvironment &m_env;
    QStringList *m_removed;
    QStringList m_errors;
    std::optional<QList<LvmVolume>> m_lvs;
};

}  // namespace

Status cleanLeftoverSnapshotsWith(const QString &stateDir, SnapshotEnvironment &env, QStringList *removed)
{
    SnapshotJournal journal(QFileInfo(stateDir).absoluteFilePath());
    if (!QFile::exists(journal.filePath()))
        return {};
    Cleaner cleaner(env, removed);
    return journal.edit([&cleaner](QList<JournalEntry> &entries) { return cleaner.run(entries); });
}

}  // namespace st
