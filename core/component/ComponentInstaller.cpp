// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/ComponentInstaller.h"

#include "component/ComponentJournal.h"
#include "util/DurableFile.h"
#include "util/SafeFs.h"
#include "util/Sha256.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace st {

namespace {

const QByteArray kHistory = "history.json";

Error ioError(const QString &what)
{
    return Error{ErrorCode::Io, QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(strerror(errno))), {}};
}

Result<UniqueFd> openDirectory(const QString &path, bool create)
{
    const QByteArray p = QFile::encodeName(path);
    if (create && (!QDir().mkpath(path) || ::chmod(p.constData(), 0700) != 0))
        return ioError(QStringLiteral("cannot create %1").arg(path));
    const int fd = ::open(p.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return ioError(QStringLiteral("cannot open %1").arg(path));
    return UniqueFd(fd);
}

/** The id of @p name in the root's /etc/passwd or /etc/group (third field). */
Result<uint> lookupId(int rootFd, const char *file, const QString &name)
{
    Result<UniqueFd> fd = openBeneath(rootFd, file, O_RDONLY | O_CLOEXEC);
    if (!fd)
        return makeError(ErrorCode::Io, QStringLiteral("cannot read /%1 of the root").arg(QLatin1String(file)));
    QByteArray content(1 << 20, Qt::Uninitialized);
    const ssize_t n = ::read(fd->get(), content.data(), static_cast<size_t>(content.size()));
    content.truncate(n > 0 ? n : 0);
    for (const QByteArray &line : content.split('\n')) {
        const QList<QByteArray> f = line.split(':');
        if (f.size() >= 3 && QString::fromUtf8(f[0]) == name) {
            bool ok = false;
            const uint id = f[2].toUInt(&ok);
            if (ok)
                return id;
        }
    }
    return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1 has no %2 named %3").arg(QStringLiteral("/") + QLatin1String(file),
                                                                                           QLatin1String(qstrcmp(file, "etc/passwd") == 0 ? "user" : "group"), name));
}

/** Copies @p in into a new file @p name in @p dirFd (mode 0600), hashing it; the digest must be @p expected. */
Status copyChecked(int in, int dirFd, const QByteArray &name, const BundleFile *expected)
{
    const int out = ::openat(dirFd, name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (out < 0)
        return ioError(QStringLiteral("cannot create %1").arg(QString::fromLocal8Bit(name)));
    const UniqueFd outFd(out);
    Sha256 hash;
    qint64 size = 0;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        const ssize_t n = ::read(in, buffer.data(), static_cast<size_t>(buffer.size()));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return ioError(QStringLiteral("cannot read"));
        if (n == 0)
            break;
        hash.add(buffer.constData(), static_cast<size_t>(n));
        size += n;
        for (ssize_t done = 0; done < n;) {
            const ssize_t w = ::write(out, buffer.constData() + done, static_cast<size_t>(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return errno == ENOSPC ? Error{ErrorCode::NoSpace, QStringLiteral("no space left for %1").arg(QString::fromLocal8Bit(name)), {}}
                                       : ioError(QStringLiteral("cannot write %1").arg(QString::fromLocal8Bit(name)));
            done += w;
        }
    }
    if (expected && (size != expected->size || hash.finish() != expected->sha256))
        return makeError(ErrorCode::Verify, QStringLiteral("%1 changed since the bundle was verified").arg(expected->path));
    if (::fdatasync(out) != 0)
        return ioError(QStringLiteral("cannot sync %1").arg(QString::fromLocal8Bit(name)));
    return {};
}

struct Transaction {
    UniqueFd dir;
    QString name;
    QString path;  // absolute: where its scripts run from
    ComponentJournal journal;
};

}  // namespace

class ComponentInstallerRun {
public:
    ComponentInstallerRun(int rootFd, QString root, int scriptTimeoutMs, const ComponentInstaller::Log &log)
        : m_rootFd(rootFd), m_root(std::move(root)), m_timeoutMs(scriptTimeoutMs), m_log(log)
    {
    }

    Status perform(Transaction &t, int i, const VerifiedBundle &bundle, const CancelToken &cancel)
    {
        JournalAction &a = t.journal.actions[i];
        if (a.action.kind == ComponentAction::Kind::File)
            return placeFile(t, i, bundle);
        a.phase = JournalAction::Phase::BackedUp;  // the script may have begun: its undo runs
        if (Status s = t.journal.save(t.dir.get()); !s)
            return s;
        if (Status s = runScript(t, QStringLiteral("scripts/%1-run").arg(i), cancel); !s)
            return s;
        a.phase = JournalAction::Phase::Performed;
        return t.journal.save(t.dir.get());
    }

    /** Undoes action @p i as far as its phase says it got; the first error is returned. */
    Status undo(Transaction &t, int i)
    {
        JournalAction &a = t.journal.actions[i];
        if (a.phase == JournalAction::Phase::Pending)
            return {};
        Status result;
        if (a.action.kind == ComponentAction::Kind::Script) {
            result = runScript(t, QStringLiteral("scripts/%1-undo").arg(i), CancelToken());
        } else {
            result = restoreFile(t, i);
        }
        if (result) {
            a.phase = JournalAction::Phase::Pending;
            result = t.journal.save(t.dir.get());
        }
        return result;
    }

private:
    Status placeFile(Transaction &t, int i, const VerifiedBundle &bundle)
    {
        JournalAction &a = t.journal.actions[i];
        const QByteArray rel = QFile::encodeName(a.action.target.mid(1));
        // Backup: what is there now, and which parents are missing.
        a.createdDirs.clear();
        const QList<QByteArray> parts = rel.split('/');
        QByteArray prefix;
        for (qsizetype k = 0; k + 1 < parts.size(); ++k) {
            prefix += (prefix.isEmpty() ? QByteArray() : QByteArray("/")) + parts[k];
            Result<struct stat> st = lstatBeneath(m_rootFd, prefix);
            if (!st && isNotFound(st.error()))
                a.createdDirs << QString::fromLocal8Bit(prefix);
            else if (!st || !S_ISDIR(st->st_mode))
                return makeError(ErrorCode::Refused, QStringLiteral("cannot place %1: /%2 is not a directory").arg(a.action.target, QString::fromLocal8Bit(prefix)));
        }
        Result<struct stat> existing = lstatBeneath(m_rootFd, rel);
        a.hadTarget = bool(existing);
        if (existing) {
            if (!S_ISREG(existing->st_mode))
                return makeError(ErrorCode::Refused, QStringLiteral("cannot place %1: something other than a plain file is there").arg(a.action.target));
            Result<UniqueFd> old = openBeneath(m_rootFd, rel, O_RDONLY | O_CLOEXEC);
            if (!old)
                return old.error();
            const QByteArray backup = QByteArray("backups/") + QByteArray::number(i);
            ::unlinkat(t.dir.get(), backup.constData(), 0);
            if (Status s = copyChecked(old->get(), t.dir.get(), backup, nullptr); !s)
                return s;
            a.backupMode = static_cast<int>(existing->st_mode & 07777);
            a.backupUid = existing->st_uid;
            a.backupGid = existing->st_gid;
        } else if (!isNotFound(existing.error())) {
            return existing.error();
        }
        a.phase = JournalAction::Phase::BackedUp;
        if (Status s = t.journal.save(t.dir.get()); !s)
            return s;

        // Perform: the parents, then the content beside the target, owned, then renamed over it.
        Result<uint> uid = lookupId(m_rootFd, "etc/passwd", a.action.owner);
        Result<uint> gid = lookupId(m_rootFd, "etc/group", a.action.group);
        if (!uid)
            return uid.error();
        if (!gid)
            return gid.error();
        for (const QString &dir : a.createdDirs) {
            Result<ParentAndName> parent = openParentBeneath(m_rootFd, QFile::encodeName(dir));
            if (!parent)
                return parent.error();
            if (::mkdirat(parent->parent.get(), parent->name.constData(), 0755) != 0 && errno != EEXIST)
                return ioError(QStringLiteral("cannot create /%1").arg(dir));
        }
        Result<ParentAndName> parent = openParentBeneath(m_rootFd, rel);
        if (!parent)
            return parent.error();
        Result<UniqueFd> source = openBeneath(bundleFd(bundle), QFile::encodeName(a.action.file), O_RDONLY | O_CLOEXEC);
        if (!source)
            return makeError(ErrorCode::Io, QStringLiteral("cannot read %1 of the bundle").arg(a.action.file));
        const QByteArray temp = QByteArray(".") + parent->name + ".servertwin-new";
        ::unlinkat(parent->parent.get(), temp.constData(), 0);
        Status copied = copyChecked(source->get(), parent->parent.get(), temp, bundle.manifest.file(a.action.file));
        const int tempFd = copied ? ::openat(parent->parent.get(), temp.constData(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
        if (copied && (tempFd < 0 || ::fchown(tempFd, *uid, *gid) != 0 || ::fchmod(tempFd, static_cast<mode_t>(a.action.mode)) != 0))
            copied = ioError(QStringLiteral("cannot set the owner and mode of %1").arg(a.action.target));
        if (tempFd >= 0)
            ::close(tempFd);
        if (copied && ::renameat(parent->parent.get(), temp.constData(), parent->parent.get(), parent->name.constData()) != 0)
            copied = ioError(QStringLiteral("cannot put %1 in place").arg(a.action.target));
        if (!copied) {
            ::unlinkat(parent->parent.get(), temp.constData(), 0);
            return copied;
        }
        if (Status s = syncDirectory(parent->parent.get()); !s)
            return s;
        a.phase = JournalAction::Phase::Performed;
        return t.journal.save(t.dir.get());
    }

    Status restoreFile(Transaction &t, int i)
    {
        const JournalAction &a = t.journal.actions[i];
        const QByteArray rel = QFile::encodeName(a.action.target.mid(1));
        Result<ParentAndName> parent = openParentBeneath(m_rootFd, rel);
        if (parent && a.hadTarget) {
            const QByteArray backup = QByteArray("backups/") + QByteArray::number(i);
            const int in = ::openat(t.dir.get(), backup.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            if (in < 0)
                return ioError(QStringLiteral("the backup of %1 is gone").arg(a.action.target));
            const UniqueFd inFd(in);
            const QByteArray temp = QByteArray(".") + parent->name + ".servertwin-old";
            ::unlinkat(parent->parent.get(), temp.constData(), 0);
            if (Status s = copyChecked(in, parent->parent.get(), temp, nullptr); !s)
                return s;
            const int fd = ::openat(parent->parent.get(), temp.constData(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
            const bool ok = fd >= 0 && ::fchown(fd, a.backupUid, a.backupGid) == 0 && ::fchmod(fd, static_cast<mode_t>(a.backupMode)) == 0;
            if (fd >= 0)
                ::close(fd);
            if (!ok || ::renameat(parent->parent.get(), temp.constData(), parent->parent.get(), parent->name.constData()) != 0)
                return ioError(QStringLiteral("cannot restore %1").arg(a.action.target));
            log(QStringLiteral("restored %1").arg(a.action.target));
        } else if (parent) {
            if (::unlinkat(parent->parent.get(), parent->name.constData(), 0) != 0 && errno != ENOENT)
                return ioError(QStringLiteral("cannot remove %1").arg(a.action.target));
            log(QStringLiteral("removed %1").arg(a.action.target));
        } else if (!isNotFound(parent.error())) {
            return parent.error();
        }
        for (auto it = a.createdDirs.crbegin(); it != a.createdDirs.crend(); ++it) {
            Result<ParentAndName> p = openParentBeneath(m_rootFd, QFile::encodeName(*it));
            if (p && ::unlinkat(p->parent.get(), p->name.constData(), AT_REMOVEDIR) != 0 && errno != ENOENT)
                log(QStringLiteral("left /%1: %2").arg(*it, QString::fromLocal8Bit(strerror(errno))));
        }
        return {};
    }

    Status runScript(Transaction &t, const QString &script, const CancelToken &cancel)
    {
        QProcess p;
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        env.insert(QStringLiteral("SERVERTWIN_ROOT"), m_root);
        env.insert(QStringLiteral("SERVERTWIN_COMPONENT"), t.journal.id);
        env.insert(QStringLiteral("SERVERTWIN_VERSION"), t.journal.version);
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(t.path);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("/bin/sh"), {QDir(t.path).filePath(script)});
        QElapsedTimer clock;
        clock.start();
        QByteArray output;
        while (!p.waitForFinished(200)) {
            output += p.readAll();
            if (output.size() > 65536)
                output = output.right(65536);
            if (p.state() == QProcess::NotRunning)
                break;
            if (cancel.isCancelled() || clock.elapsed() > m_timeoutMs) {
                p.kill();
                p.waitForFinished(5000);
                return cancel.isCancelled() ? makeError(ErrorCode::Cancelled, QStringLiteral("cancelled while %1 ran").arg(script))
                                            : makeError(ErrorCode::Io, QStringLiteral("%1 did not finish within %2 s").arg(script).arg(m_timeoutMs / 1000));
            }
        }
        output += p.readAll();
        const QString last = QString::fromLocal8Bit(output).trimmed().section(QLatin1Char('\n'), -1).left(200);
        for (const QString &line : QString::fromLocal8Bit(output).split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(0, 50))
            log(QStringLiteral("%1: %2").arg(script.section(QLatin1Char('/'), -1), line.left(300)));
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return makeError(ErrorCode::Io, QStringLiteral("the %1 script of %2 failed (exit %3)%4")
                                                .arg(script.endsWith(QLatin1String("-undo")) ? QStringLiteral("undo") : QStringLiteral("install"), t.journal.id)
                                                .arg(p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1)
                                                .arg(last.isEmpty() ? QString() : QStringLiteral(": ") + last));
        return {};
    }

    int bundleFd(const VerifiedBundle &bundle)
    {
        if (!m_bundleFd.valid())
            m_bundleFd = UniqueFd(::open(QFile::encodeName(bundle.dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        return m_bundleFd.get();
    }

    void log(const QString &line)
    {
        if (m_log)
            m_log(line);
    }

    int m_rootFd;
    QString m_root;
    int m_timeoutMs;
    const ComponentInstaller::Log &m_log;
    UniqueFd m_bundleFd;
};

ComponentInstaller::ComponentInstaller(ComponentInstallerOptions options)
    : m_root(std::move(options.root)), m_dir(QDir(options.stateDir).filePath(QStringLiteral("components"))), m_scriptTimeoutMs(options.scriptTimeoutMs)
{
}

namespace {

Result<QJsonArray> loadHistory(int dirFd)
{
    if (::faccessat(dirFd, kHistory.constData(), F_OK, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT)
        return QJsonArray{};  // nothing installed yet
    Result<QByteArray> bytes = readSmallFile(dirFd, kHistory, 4 << 20);
    if (!bytes)
        return bytes.error();
    return QJsonDocument::fromJson(*bytes).array();
}

Status saveHistory(int dirFd, const QJsonArray &history)
{
    return writeFileDurably(dirFd, kHistory, QJsonDocument(history).toJson(QJsonDocument::Compact));
}

Result<Transaction> openTransaction(int dirFd, const QString &components, const QString &name)
{
    const int fd = ::openat(dirFd, QFile::encodeName(name).constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return ioError(QStringLiteral("cannot open the component transaction %1").arg(name));
    Transaction t{UniqueFd(fd), name, QDir(components).filePath(name), {}};
    Result<ComponentJournal> j = ComponentJournal::load(t.dir.get());
    if (!j)
        return j.error();
    t.journal = *j;
    return t;
}

/** Undoes @p t's actions in reverse order and removes its directory (RolledBack). */
Status rollBack(ComponentInstallerRun &run, int dirFd, Transaction &t, const ComponentInstaller::Log &log)
{
    t.journal.phase = ComponentJournal::Phase::RollingBack;
    if (Status s = t.journal.save(t.dir.get()); !s)
        return s;
    Status first;
    for (qsizetype i = t.journal.actions.size() - 1; i >= 0; --i)
        if (Status s = run.undo(t, int(i)); !s && first)
            first = s;
    if (!first)
        return Error{first.error().code, QStringLiteral("the rollback of %1 is incomplete: %2").arg(t.journal.id, first.error().message), {}};
    t.journal.phase = ComponentJournal::Phase::RolledBack;
    if (Status s = t.journal.save(t.dir.get()); !s)
        return s;
    if (log)
        log(QStringLiteral("%1 %2 rolled back").arg(t.journal.id, t.journal.version));
    return removeRecursiveAt(dirFd, QFile::encodeName(t.name));
}

}  // namespace

Result<QList<InstalledComponent>> ComponentInstaller::installed() const
{
    Result<UniqueFd> dir = openDirectory(m_dir, false);
    if (!dir)
        return QList<InstalledComponent>{};  // nothing installed yet
    Result<QJsonArray> history = loadHistory(dir->get());
    if (!history)
        return history.error();
    QList<InstalledComponent> out;
    for (const QJsonValue &v : *history) {
        const InstalledComponent c{v[QStringLiteral("id")].toString(), v[QStringLiteral("version")].toString()};
        const auto it = std::find_if(out.begin(), out.end(), [&](const InstalledComponent &o) { return o.id == c.id; });
        if (it != out.end())
            it->version = c.version;
        else
            out.append(c);
    }
    return out;
}

Status ComponentInstaller::recover(const Log &log)
{
    Result<UniqueFd> dir = openDirectory(m_dir, false);
    if (!dir)
        return {};
    Result<UniqueFd> root = openDirectory(m_root, false);
    if (!root)
        return root.error();
    Result<QJsonArray> history = loadHistory(dir->get());
    if (!history)
        return history.error();
    ComponentInstallerRun run(root->get(), m_root, m_scriptTimeoutMs, log);
    for (const QString &name : QDir(m_dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        Result<Transaction> t = openTransaction(dir->get(), m_dir, name);
        if (!t)
            return t.error();
        if (t->journal.phase == ComponentJournal::Phase::Installed) {
            const bool listed = std::any_of(history->begin(), history->end(), [&](const QJsonValue &v) { return v[QStringLiteral("transaction")].toString() == name; });
            if (listed)
                continue;
            // Installed, then interrupted before the history said so: it is installed.
            history->append(QJsonObject{{QStringLiteral("transaction"), name}, {QStringLiteral("id"), t->journal.id}, {QStringLiteral("version"), t->journal.version},
                                        {QStringLiteral("signer"), t->journal.signer}});
            if (Status s = saveHistory(dir->get(), *history); !s)
                return s;
            continue;
        }
        if (log)
            log(QStringLiteral("%1 %2 was interrupted (%3): rolling it back").arg(t->journal.id, t->journal.version, journalPhaseName(t->journal.phase)));
        if (Status s = rollBack(run, dir->get(), *t, log); !s)
            return s;
    }
    return {};
}

Status ComponentInstaller::install(const VerifiedBundle &bundle, const CancelToken &cancel, const Progress &progress, const Log &log)
{
    const ComponentManifest &m = bundle.manifest;
    for (const ComponentAction &a : m.actions)
        if (a.kind == ComponentAction::Kind::Deb || a.kind == ComponentAction::Kind::Unit)
            return makeError(ErrorCode::Unsupported, QStringLiteral("%1: %2 actions are not installed by this version yet (file and script actions are)")
                                                         .arg(m.id, actionKindName(a.kind)));
    if (Status s = recover(log); !s)
        return s;
    Result<QList<InstalledComponent>> have = installed();
    if (!have)
        return have.error();
    Result<QList<PlannedComponent>> plan = planInstall({m}, *have);
    if (!plan)
        return plan.error();
    if (plan->first().action == PlannedComponent::Action::AlreadyInstalled) {
        if (log)
            log(QStringLiteral("%1 %2 is installed already: nothing to do").arg(m.id, m.version));
        return {};
    }
    Result<UniqueFd> dir = openDirectory(m_dir, true);
    if (!dir)
        return dir.error();
    Result<UniqueFd> root = openDirectory(m_root, false);
    if (!root)
        return root.error();

    // The transaction: its journal, backups and its own copies of the scripts (hashed against
    // the signed manifest as they are copied), before any action.
    int seq = 1;
    for (const QString &name : QDir(m_dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        seq = std::max(seq, name.section(QLatin1Char('-'), 0, 0).toInt() + 1);
    Result<QJsonArray> history = loadHistory(dir->get());
    if (!history)
        return history.error();
    for (const QJsonValue &v : *history)
        seq = std::max(seq, v[QStringLiteral("transaction")].toString().section(QLatin1Char('-'), 0, 0).toInt() + 1);
    Transaction t;
    t.name = QStringLiteral("%1-%2").arg(seq, 4, 10, QLatin1Char('0')).arg(m.id);
    t.path = QDir(m_dir).filePath(t.name);
    const QByteArray name = QFile::encodeName(t.name);
    if (::mkdirat(dir->get(), name.constData(), 0700) != 0)
        return ioError(QStringLiteral("cannot create the transaction %1").arg(t.name));
    t.dir = UniqueFd(::openat(dir->get(), name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!t.dir.valid() || ::mkdirat(t.dir.get(), "backups", 0700) != 0 || ::mkdirat(t.dir.get(), "scripts", 0700) != 0)
        return ioError(QStringLiteral("cannot set up the transaction %1").arg(t.name));
    t.journal.id = m.id;
    t.journal.version = m.version;
    t.journal.signer = bundle.signer;
    t.journal.previousVersion = plan->first().installedVersion;
    t.journal.started = QDateTime::currentDateTimeUtc();
    for (const ComponentAction &a : m.actions)
        t.journal.actions.append(JournalAction{a, JournalAction::Phase::Pending, false, 0, 0, 0, {}});
    ComponentInstallerRun run(root->get(), m_root, m_scriptTimeoutMs, log);
    Status status = t.journal.save(t.dir.get());
    const UniqueFd bundleDir(::open(QFile::encodeName(bundle.dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    for (qsizetype i = 0; status && i < m.actions.size(); ++i) {
        const ComponentAction &a = m.actions[i];
        if (a.kind != ComponentAction::Kind::Script)
            continue;
        for (const auto &[file, suffix] : {std::pair{a.file, "-run"}, std::pair{a.undo, "-undo"}}) {
            Result<UniqueFd> in = openBeneath(bundleDir.get(), QFile::encodeName(file), O_RDONLY | O_CLOEXEC);
            status = in ? copyChecked(in->get(), t.dir.get(), QByteArray("scripts/") + QByteArray::number(i) + suffix, m.file(file))
                        : Status(makeError(ErrorCode::Io, QStringLiteral("cannot read %1 of the bundle").arg(file)));
            if (!status)
                break;
        }
    }
    if (!status) {
        (void)removeRecursiveAt(dir->get(), name);
        return Error{status.error().code, QStringLiteral("%1 %2 was not installed: %3").arg(m.id, m.version, status.error().message), {}};
    }

    for (qsizetype i = 0; status && i < m.actions.size(); ++i) {
        if (cancel.isCancelled()) {
            status = makeError(ErrorCode::Cancelled, QStringLiteral("cancelled"));
            break;
        }
        if (progress)
            progress(int(i) + 1, int(m.actions.size()), describeAction(m.actions[i]));
        if (log)
            log(QStringLiteral("%1: %2").arg(m.id, describeAction(m.actions[i])));
        status = run.perform(t, int(i), bundle, cancel);
    }
    if (!status) {
        t.journal.error = status.error().message;
        if (log)
            log(QStringLiteral("%1 %2 failed: %3; rolling back").arg(m.id, m.version, status.error().message));
        if (Status undone = rollBack(run, dir->get(), t, log); !undone)
            return Error{status.error().code, QStringLiteral("%1 %2 failed: %3; %4").arg(m.id, m.version, status.error().message, undone.error().message), {}};
        return Error{status.error().code, QStringLiteral("%1 %2 failed and was rolled back: %3").arg(m.id, m.version, status.error().message), {}};
    }
    t.journal.phase = ComponentJournal::Phase::Installed;
    if (Status s = t.journal.save(t.dir.get()); !s)
        return s;
    history->append(QJsonObject{{QStringLiteral("transaction"), t.name}, {QStringLiteral("id"), m.id}, {QStringLiteral("version"), m.version},
                                {QStringLiteral("signer"), bundle.signer}, {QStringLiteral("installedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}});
    if (Status s = saveHistory(dir->get(), *history); !s)
        return s;
    if (log)
        log(QStringLiteral("%1 %2 installed").arg(m.id, m.version));
    return {};
}

Status ComponentInstaller::rollBackAll(const Log &log)
{
    if (Status s = recover(log); !s)
        return s;
    Result<UniqueFd> dir = openDirectory(m_dir, false);
    if (!dir)
        return {};
    Result<UniqueFd> root = openDirectory(m_root, false);
    if (!root)
        return root.error();
    Result<QJsonArray> history = loadHistory(dir->get());
    if (!history)
        return history.error();
    ComponentInstallerRun run(root->get(), m_root, m_scriptTimeoutMs, log);
    while (!history->isEmpty()) {
        const QString name = history->last()[QStringLiteral("transaction")].toString();
        Result<Transaction> t = openTransaction(dir->get(), m_dir, name);
        if (!t)
            return t.error();
        if (Status s = rollBack(run, dir->get(), *t, log); !s)
            return s;
        history->removeLast();
        if (Status s = saveHistory(dir->get(), *history); !s)
            return s;
    }
    return {};
}

}  // namespace st
