// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot/SnapshotSetImpl.h"

#include "snapshot/BtrfsVolume.h"
#include "snapshot/LvmVolume.h"
#include "util/RawPath.h"

#include <QDebug>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>

namespace st {

namespace {

constexpr int kQueryTimeoutMs = 60 * 1000;
constexpr int kChangeTimeoutMs = 5 * 60 * 1000;

QByteArray joinAbsolute(const QByteArray &top, const QByteArray &relative)
{
    return relative.isEmpty() ? top : top + '/' + relative;
}

QByteArray parentDirectory(const QByteArray &path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash <= 0 ? QByteArrayLiteral("/") : path.left(slash);
}

Result<LvmVolume> queryLv(CommandRunner &runner, const QString &vg, const QString &name)
{
    Result<CommandOutput> out = runChecked(runner, lvsReportCommand({vg + QLatin1Char('/') + name}), kQueryTimeoutMs);
    if (!out)
        return out.error();
    Result<QList<LvmVolume>> lvs = parseLvsJson(out->out);
    if (!lvs)
        return lvs.error();
    const LvmVolume *lv = findLv(*lvs, vg, name);
    if (!lv)
        return makeError(ErrorCode::Io, QStringLiteral("lvs does not list %1/%2").arg(vg, name));
    return *lv;
}

Status makeDirectory(const QByteArray &path)
{
    if (::mkdir(path.constData(), 0700) != 0 && errno != EEXIST)
        return errnoError(errno, QStringLiteral("cannot create \"%1\"").arg(displayPath(path)));
    return {};
}

}  // namespace

QString newSnapshotTag()
{
    static std::atomic<int> counter{0};
    const int n = ++counter;
    QString tag = QString::fromLatin1(kSnapshotTagPrefix)
                  + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss"))
                  + QLatin1Char('-') + QString::number(currentProcess().pid);
    if (n > 1)
        tag += QLatin1Char('-') + QString::number(n);
    return tag;
}

SnapshotSetImpl::SnapshotSetImpl(QString stateDir, SnapshotEnvironment env)
    : m_stateDir(QFileInfo(stateDir).absoluteFilePath()), m_env(std::move(env)), m_journal(m_stateDir), m_process(currentProcess()),
      m_tag(newSnapshotTag())
{
    registerLiveTag(m_tag);
}

SnapshotSetImpl::~SnapshotSetImpl()
{
    if (!m_held.isEmpty()) {
        const Status s = release();
        if (!s)
            qWarning().noquote() << QStringLiteral("releasing snapshots %1: %2").arg(m_tag, s.error().message);
    }
    unregisterLiveTag(m_tag);
}

Result<std::unique_ptr<SnapshotSetImpl>> SnapshotSetImpl::create(const SelectionPlan &plan, SnapshotMode mode,
                                                                const QString &stateDir, CancelToken cancel,
                                                                SnapshotEnvironment env)
{
    Result<SnapshotLayout> layout = planSnapshots(plan, mode, env);
    if (!layout)
        return layout.error();
    std::unique_ptr<SnapshotSetImpl> set(new SnapshotSetImpl(stateDir, std::move(env)));
    set->m_warnings = layout->warnings;

    // LVM snapshots of one volume group share its free space.
    QHash<QString, qint64> freeLeft;
    QHash<QString, int> remaining;
    for (const PlannedSnapshot &p : layout->snapshots) {
        if (p.provider == QLatin1String("lvm")) {
            if (!freeLeft.contains(p.lv.vg))
                freeLeft.insert(p.lv.vg, p.lv.vgFree);
            ++remaining[p.lv.vg];
        }
    }
    QList<QByteArray> tops;
    int lvmNumber = 0;
    for (const PlannedSnapshot &p : layout->snapshots) {
        Status s;
        if (cancel.isCancelled()) {
            s = makeError(ErrorCode::Cancelled, QStringLiteral("snapshot creation cancelled"));
        } else if (p.provider == QLatin1String("btrfs")) {
            s = set->createBtrfs(p);
        } else {
            qint64 used = 0;
            const qint64 share = freeLeft.value(p.lv.vg) / std::max(1, remaining.value(p.lv.vg));
            s = set->createLvm(p, ++lvmNumber, share, &used);
            freeLeft[p.lv.vg] -= used;
            --remaining[p.lv.vg];
        }
        if (!s) {
            Error error = s.error();
            if (const Status cleanup = set->release(); !cleanup)
                error.message += QStringLiteral("; removing the snapshots already made failed too: %1")
                                     .arg(cleanup.error().message);
            return error;
        }
        tops.append(set->m_held.last().entry.path);
    }
    for (const PlannedView &v : layout->views) {
        const bool live = v.snapshot < 0;
        set->m_views.append(SnapshotView{v.includeRoot, live ? v.livePath : joinAbsolute(tops[v.snapshot], v.relative),
                                         live ? QStringLiteral("none") : layout->snapshots[v.snapshot].provider,
                                         v.volume});
    }
    return set;
}

bool SnapshotSetImpl::pointInTime() const
{
    if (m_views.isEmpty())
        return false;
    for (const SnapshotView &v : m_views) {
        if (v.provider == QLatin1String("none"))
            return false;
    }
    return true;
}

QList<QByteArray> SnapshotSetImpl::snapshotPaths() const
{
    QList<QByteArray> paths;
    for (const Held &h : m_held)
        paths.append(h.entry.path);
    return paths;
}

void SnapshotSetImpl::abandon()
{
    m_held.clear();
    unregisterLiveTag(m_tag);
}

JournalEntry SnapshotSetImpl::newEntry(const PlannedSnapshot &planned) const
{
    JournalEntry e;
    e.provider = planned.provider;
    e.tag = m_tag;
    e.pid = m_process.pid;
    e.pidStartTime = m_process.startTime;
    e.created = QDateTime::currentDateTimeUtc();
    return e;
}

Status SnapshotSetImpl::createBtrfs(const PlannedSnapshot &planned)
{
    Result<QByteArray> dir = ensureBtrfsSnapshotDir(planned.origin);
    if (!dir)
        return dir.error();
    const QByteArray path = *dir + '/' + m_tag.toUtf8();
    auto fail = [&dir](const Error &error) -> Status {
        (void)removeDirIfEmpty(*dir);
        return error;
    };
    struct stat st {};
    if (::lstat(path.constData(), &st) == 0)
        return makeError(ErrorCode::Io, QStringLiteral("\"%1\" already exists").arg(displayPath(path)));
    Result<QString> fsUuid = btrfsFilesystemUuid(planned.origin);
    if (!fsUuid)
        return fail(fsUuid.error());
    Result<BtrfsSubvolumeInfo> info = btrfsSubvolumeInfo(planned.origin);
    if (!info)
        return fail(info.error());
    Result<QStringList> command = btrfsSnapshotCommand(planned.origin, path);
    if (!command)
        return fail(command.error());
    JournalEntry entry = newEntry(planned);
    entry.path = path;
    entry.origin = planned.origin;
    entry.fsId = *fsUuid;
    entry.originUuid = info->uuid;
    if (Status s = m_journal.add(entry); !s)
        return fail(s.error());
    m_held.append(Held{entry, {}, {}, false, false});
    if (Result<CommandOutput> out = runChecked(*m_env.runner, *command, kChangeTimeoutMs); !out)
        return out.error();  // release() removes whatever the failed command left
    // The snapshot's own UUID identifies it for cleanup even where the origin has none (the
    // top-level subvolume of filesystems made by old mkfs.btrfs).
    Result<BtrfsSubvolumeInfo> made = btrfsSubvolumeInfo(path);
    if (!made)
        return made.error();
    m_held.last().entry.snapshotUuid = made->uuid;
    return m_journal.replace(m_held.last().entry);
}

Status SnapshotSetImpl::createLvm(const PlannedSnapshot &planned, int number, qint64 freeShare, qint64 *used)
{
    const LvmVolume &origin = planned.lv;
    const QString name = m_tag + QLatin1Char('-') + QString::number(number);
    qint64 size = 0;
    if (!origin.isThin()) {
        // The origin's current write rate sizes the copy-on-write space (unknown counters: 0).
        const Result<qint64> rate = measureWriteRate(static_cast<unsigned>(origin.kernelMajor),
                                                     static_cast<unsigned>(origin.kernelMinor), 1000);
        Result<qint64> sized = lvmSnapshotSize(origin, freeShare, rate ? *rate : 0);
        if (!sized)
            return sized.error();
        size = *sized;
    }
    const QByteArray mountBase = QFile::encodeName(m_stateDir) + "/snapshot-mounts";
    JournalEntry entry = newEntry(planned);
    entry.path = mountBase + '/' + name.toUtf8();
    entry.origin = origin.fullName().toUtf8();
    entry.fsId = origin.path;
    entry.vg = origin.vg;
    entry.lv = name;
    if (Status s = m_journal.add(entry); !s)
        return s;
    m_held.append(Held{entry, planned.mount.fsType, {}, false, false});
    Held &held = m_held.last();

    Result<CommandOutput> created = runChecked(*m_env.runner, lvcreateSnapshotCommand(origin, name, size), kChangeTimeoutMs);
    Result<LvmVolume> snapshot = queryLv(*m_env.runner, origin.vg, name);
    held.lvCreated = snapshot.ok();  // also when lvcreate failed late: release() must remove it
    if (!created)
        return created.error();
    if (!snapshot)
        return snapshot.error().withContext(QStringLiteral("LVM snapshot %1/%2 after lvcreate").arg(origin.vg, name));
    *used = size;
    held.device = snapshot->path.isEmpty() ? QStringLiteral("/dev/%1/%2").arg(origin.vg, name) : snapshot->path;

    // The mount directory is made after the snapshot so the snapshot does not contain it.
    if (!QDir().mkpath(m_stateDir))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the state directory \"%1\"").arg(m_stateDir));
    if (Status s = makeDirectory(mountBase); !s)
        return s;
    if (Status s = makeDirectory(entry.path); !s)
        return s;
    Result<QStringList> mount = snapshotMountCommand(held.device, held.fsType, entry.path);
    if (!mount)
        return mount.error();
    if (Result<CommandOutput> out = runChecked(*m_env.runner, *mount, kChangeTimeoutMs); !out)
        return out.error();
    held.mounted = true;
    return {};
}

Status SnapshotSetImpl::checkHealthy()
{
    for (const Held &held : std::as_const(m_held)) {
        if (held.entry.provider != QLatin1String("lvm") || !held.lvCreated)
            continue;
        Result<LvmVolume> lv = queryLv(*m_env.runner, held.entry.vg, held.entry.lv);
        if (!lv)
            return lv.error().withContext(QStringLiteral("cannot check LVM snapshot %1/%2").arg(held.entry.vg, held.entry.lv));
        if (Status s = lvmSnapshotHealth(*lv); !s)
            return s;
    }
    return {};
}

Status SnapshotSetImpl::release()
{
    const Status health = checkHealthy();
    Status first;
    for (qsizetype i = m_held.size() - 1; i >= 0; --i) {
        const Status s = releaseOne(m_held[i]);
        if (s)
            m_held.removeAt(i);
        else if (first)
            first = s;
    }
    if (m_held.isEmpty())
        unregisterLiveTag(m_tag);
    if (!health)
        return health;
    return first;
}

Status SnapshotSetImpl::releaseOne(Held &held)
{
    const Status s = held.entry.provider == QLatin1String("btrfs") ? releaseBtrfs(held) : releaseLvm(held);
    if (!s)
        return s;
    return m_journal.remove(held.entry.key());
}

Status SnapshotSetImpl::releaseBtrfs(Held &held)
{
    const QByteArray &path = held.entry.path;
    struct stat st {};
    if (::lstat(path.constData(), &st) == 0) {
        if (!isBtrfsSubvolumeRoot(path))
            return makeError(ErrorCode::Io, QStringLiteral("\"%1\" is not the btrfs snapshot ServerTwin made; left "
                                                           "alone").arg(displayPath(path)));
        Result<QStringList> command = btrfsDeleteCommand(path);
        if (!command)
            return command.error();
        if (Result<CommandOutput> out = runChecked(*m_env.runner, *command, kChangeTimeoutMs); !out)
            return out.error();
    } else if (errno != ENOENT) {
        return errnoError(errno, QStringLiteral("cannot inspect \"%1\"").arg(displayPath(path)));
    }
    return removeDirIfEmpty(parentDirectory(path));
}

Status SnapshotSetImpl::releaseLvm(Held &held)
{
    const QByteArray &dir = held.entry.path;
    if (held.mounted) {
        Result<QStringList> command = umountCommand(dir);
        if (!command)
            return command.error();
        if (Result<CommandOutput> out = runChecked(*m_env.runner, *command, kChangeTimeoutMs); !out)
            return out.error();
        held.mounted = false;
    }
    if (Status s = removeDirIfEmpty(dir); !s)
        return s;
    if (Status s = removeDirIfEmpty(parentDirectory(dir)); !s)
        return s;
    if (held.lvCreated) {
        if (Result<CommandOutput> out = runChecked(*m_env.runner, lvremoveCommand(held.entry.vg, held.entry.lv),
                                                   kChangeTimeoutMs); !out)
            return out.error();
        held.lvCreated = false;
    }
    return {};
}

}  // namespace st
