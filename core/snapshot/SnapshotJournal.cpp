// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot/SnapshotJournal.h"

#include "util/RawPath.h"
#include "util/UniqueFd.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSaveFile>
#include <QSet>

#include <sys/file.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace st {

namespace {

const QString kJournalName = QStringLiteral("snapshots.journal");

QString ascii(const QByteArray &raw) { return QString::fromLatin1(escapePath(raw)); }

QJsonObject toJson(const JournalEntry &e)
{
    return QJsonObject{{QStringLiteral("provider"), e.provider},
                       {QStringLiteral("tag"), e.tag},
                       {QStringLiteral("path"), ascii(e.path)},
                       {QStringLiteral("origin"), ascii(e.origin)},
                       {QStringLiteral("fsId"), e.fsId},
                       {QStringLiteral("originUuid"), e.originUuid},
                       {QStringLiteral("snapshotUuid"), e.snapshotUuid},
                       {QStringLiteral("vg"), e.vg},
                       {QStringLiteral("lv"), e.lv},
                       {QStringLiteral("pid"), e.pid},
                       {QStringLiteral("pidStartTime"), QString::number(e.pidStartTime)},
                       {QStringLiteral("created"), e.created.toString(Qt::ISODate)}};
}

std::optional<JournalEntry> fromJson(const QJsonObject &o)
{
    JournalEntry e;
    e.provider = o.value(QStringLiteral("provider")).toString();
    e.tag = o.value(QStringLiteral("tag")).toString();
    const std::optional<QByteArray> path = unescapePath(o.value(QStringLiteral("path")).toString().toLatin1());
    const std::optional<QByteArray> origin = unescapePath(o.value(QStringLiteral("origin")).toString().toLatin1());
    if (!path || !origin || (e.provider != QLatin1String("btrfs") && e.provider != QLatin1String("lvm")))
        return std::nullopt;
    e.path = *path;
    e.origin = *origin;
    e.fsId = o.value(QStringLiteral("fsId")).toString();
    e.originUuid = o.value(QStringLiteral("originUuid")).toString();
    e.snapshotUuid = o.value(QStringLiteral("snapshotUuid")).toString();
    e.vg = o.value(QStringLiteral("vg")).toString();
    e.lv = o.value(QStringLiteral("lv")).toString();
    e.pid = o.value(QStringLiteral("pid")).toInteger();
    e.pidStartTime = o.value(QStringLiteral("pidStartTime")).toString().toULongLong();
    e.created = QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODate);
    return e;
}

/** flock() on the lock file next to the journal for the lifetime of the object. */
class JournalLock {
public:
    explicit JournalLock(const QString &stateDir)
    {
        if (!QDir().mkpath(stateDir)) {
            m_error = makeError(ErrorCode::Io, QStringLiteral("cannot create the state directory \"%1\"").arg(stateDir));
            return;
        }
        const QByteArray path = QFile::encodeName(stateDir + QLatin1Char('/') + kJournalName + QStringLiteral(".lock"));
        m_fd.reset(::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (!m_fd.valid()) {
            m_error = errnoError(errno, QStringLiteral("cannot open \"%1\"").arg(displayPath(path)));
            return;
        }
        while (::flock(m_fd.get(), LOCK_EX) != 0) {
            if (errno != EINTR) {
                m_error = errnoError(errno, QStringLiteral("cannot lock \"%1\"").arg(displayPath(path)));
                return;
            }
        }
    }
    Status status() const { return m_error; }

private:
    UniqueFd m_fd;  // closing it releases the lock
    Status m_error;
};

QMutex g_liveMutex;
QSet<QString> g_liveTags;

}  // namespace

QByteArray JournalEntry::key() const
{
    return provider.toUtf8() + '\0' + path + '\0' + vg.toUtf8() + '/' + lv.toUtf8();
}

SnapshotJournal::SnapshotJournal(QString stateDir) : m_stateDir(std::move(stateDir)) {}

QString SnapshotJournal::filePath() const { return m_stateDir + QLatin1Char('/') + kJournalName; }

Result<QList<JournalEntry>> SnapshotJournal::load() const
{
    JournalLock lock(m_stateDir);
    if (!lock.status())
        return lock.status().error();
    return loadUnlocked();
}

Status SnapshotJournal::add(const JournalEntry &entry)
{
    return edit([&entry](QList<JournalEntry> &entries) {
        entries.append(entry);
        return Status();
    });
}

Status SnapshotJournal::remove(const QByteArray &key)
{
    return edit([&key](QList<JournalEntry> &entries) {
        entries.removeIf([&key](const JournalEntry &e) { return e.key() == key; });
        return Status();
    });
}

Status SnapshotJournal::replace(const JournalEntry &entry)
{
    return edit([&entry](QList<JournalEntry> &entries) {
        for (JournalEntry &e : entries) {
            if (e.key() == entry.key())
                e = entry;
        }
        return Status();
    });
}

Status SnapshotJournal::edit(const std::function<Status(QList<JournalEntry> &)> &editor)
{
    JournalLock lock(m_stateDir);
    if (!lock.status())
        return lock.status();
    Result<QList<JournalEntry>> entries = loadUnlocked();
    if (!entries)
        return entries.error();
    const Status edited = editor(*entries);
    if (Status saved = saveUnlocked(*entries); !saved)
        return saved;
    return edited;
}

Result<QList<JournalEntry>> SnapshotJournal::loadUnlocked() const
{
    QFile file(filePath());
    if (!file.exists())
        return QList<JournalEntry>();
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read the snapshot journal \"%1\": %2")
                                            .arg(filePath(), file.errorString()));
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    const QJsonValue list = doc.object().value(QStringLiteral("entries"));
    if (!doc.isObject() || !list.isArray())
        return makeError(ErrorCode::Io, QStringLiteral("the snapshot journal \"%1\" is damaged: remove the snapshots "
                                                       "it lists by hand, then delete it").arg(filePath()));
    QList<JournalEntry> entries;
    for (const QJsonValue &value : list.toArray()) {
        const std::optional<JournalEntry> entry = fromJson(value.toObject());
        if (!entry)
            return makeError(ErrorCode::Io, QStringLiteral("the snapshot journal \"%1\" has a damaged entry: %2")
                                                .arg(filePath(), QString::fromUtf8(QJsonDocument(value.toObject())
                                                                                       .toJson(QJsonDocument::Compact))));
        entries.append(*entry);
    }
    return entries;
}

Status SnapshotJournal::saveUnlocked(const QList<JournalEntry> &entries) const
{
    if (entries.isEmpty()) {
        if (QFile::exists(filePath()) && !QFile::remove(filePath()))
            return makeError(ErrorCode::Io, QStringLiteral("cannot remove the empty snapshot journal \"%1\"").arg(filePath()));
        return {};
    }
    QJsonArray list;
    for (const JournalEntry &e : entries)
        list.append(toJson(e));
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot write the snapshot journal \"%1\": %2")
                                            .arg(filePath(), file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QJsonObject root{{QStringLiteral("version"), 1}, {QStringLiteral("entries"), list}};
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write the snapshot journal \"%1\": %2")
                                            .arg(filePath(), file.errorString()));
    return {};
}

namespace {

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
quint64 processStartTime(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = file.readAll();
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return 0;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');  // fields[0] is field 3 (state)
    // A zombie (killed, not yet reaped) or dead process no longer uses its snapshots.
    if (fields.isEmpty() || fields[0] == "Z" || fields[0] == "X")
        return 0;
    return fields.size() > 19 ? fields[19].toULongLong() : 0;
}

}  // namespace

ProcessIdentity currentProcess()
{
    const qint64 pid = ::getpid();
    return ProcessIdentity{pid, processStartTime(pid)};
}

bool isProcessAlive(qint64 pid, quint64 startTime)
{
    if (pid <= 0)
        return false;
    const quint64 actual = processStartTime(pid);
    return actual != 0 && actual == startTime;
}

void registerLiveTag(const QString &tag)
{
    QMutexLocker locker(&g_liveMutex);
    g_liveTags.insert(tag);
}

void unregisterLiveTag(const QString &tag)
{
    QMutexLocker locker(&g_liveMutex);
    g_liveTags.remove(tag);
}

bool isLiveTag(const QString &tag)
{
    QMutexLocker locker(&g_liveMutex);
    return g_liveTags.contains(tag);
}

}  // namespace st
