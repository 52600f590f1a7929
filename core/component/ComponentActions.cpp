// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/ComponentActions.h"

#include "util/DurableFile.h"
#include "util/SafeFs.h"
#include "util/Sha256.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace st {

namespace {

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

}  // namespace

Error componentIoError(const QString &what)
{
    return Error{ErrorCode::Io, QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(strerror(errno))), {}};
}

Result<UniqueFd> openDirectory(const QString &path, bool create)
{
    const QByteArray p = QFile::encodeName(path);
    if (create && (!QDir().mkpath(path) || ::chmod(p.constData(), 0700) != 0))
        return componentIoError(QStringLiteral("cannot create %1").arg(path));
    const int fd = ::open(p.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return componentIoError(QStringLiteral("cannot open %1").arg(path));
    return UniqueFd(fd);
}


/** Copies @p in into a new file @p name in @p dirFd (mode 0600), hashing it; the digest must be @p expected. */
Status copyChecked(int in, int dirFd, const QByteArray &name, const BundleFile *expected)
{
    const int out = ::openat(dirFd, name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (out < 0)
        return componentIoError(QStringLiteral("cannot create %1").arg(QString::fromLocal8Bit(name)));
    const UniqueFd outFd(out);
    Sha256 hash;
    qint64 size = 0;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        const ssize_t n = ::read(in, buffer.data(), static_cast<size_t>(buffer.size()));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return componentIoError(QStringLiteral("cannot read"));
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
                                       : componentIoError(QStringLiteral("cannot write %1").arg(QString::fromLocal8Bit(name)));
            done += w;
        }
    }
    if (expected && (size != expected->size || hash.finish() != expected->sha256))
        return makeError(ErrorCode::Verify, QStringLiteral("%1 changed since the bundle was verified").arg(expected->path));
    if (::fdatasync(out) != 0)
        return componentIoError(QStringLiteral("cannot sync %1").arg(QString::fromLocal8Bit(name)));
    return {};
}

ComponentActions::ComponentActions(int rootFd, QString root, int scriptTimeoutMs, Log log, bool setOwners)
    : m_rootFd(rootFd), m_root(std::move(root)), m_timeoutMs(scriptTimeoutMs), m_log(std::move(log)), m_setOwners(setOwners)
{
}

Status ComponentActions::perform(ComponentTransaction &t, int i, const VerifiedBundle &bundle, const CancelToken &cancel)
{
    JournalAction &a = t.journal.actions[i];
    if (a.action.kind == ComponentAction::Kind::File)
        return placeFile(t, i, bundle);
    if (a.action.kind == ComponentAction::Kind::Deb)
        return installDeb(t, i, cancel);
    if (a.action.kind == ComponentAction::Kind::Unit)
        return enableUnit(t, i, cancel);
    a.phase = JournalAction::Phase::BackedUp;  // the script may have begun: its undo runs
    if (Status s = t.journal.save(t.dir.get()); !s)
        return s;
    if (Status s = runScript(t, QStringLiteral("scripts/%1-run").arg(i), cancel); !s)
        return s;
    a.phase = JournalAction::Phase::Performed;
    return t.journal.save(t.dir.get());
}

/** Undoes action @p i as far as its phase says it got; the first error is returned. */
Status ComponentActions::undo(ComponentTransaction &t, int i)
{
    JournalAction &a = t.journal.actions[i];
    if (a.phase == JournalAction::Phase::Pending)
        return {};
    Status result;
    switch (a.action.kind) {
    case ComponentAction::Kind::Script: result = runScript(t, QStringLiteral("scripts/%1-undo").arg(i), CancelToken()); break;
    case ComponentAction::Kind::File: result = restoreFile(t, i); break;
    case ComponentAction::Kind::Deb: result = removeDeb(t, i); break;
    case ComponentAction::Kind::Unit: result = disableUnit(t, i); break;
    }
    if (result) {
        a.phase = JournalAction::Phase::Pending;
        result = t.journal.save(t.dir.get());
    }
    return result;
}

Status ComponentActions::check(ComponentTransaction &t, const ComponentCheck &c, int j, const CancelToken &cancel)
{
    const auto failed = [&](const QString &why) {
        return makeError(ErrorCode::Verify, QStringLiteral("the check \"%1\" of %2 failed: %3").arg(describeCheck(c), t.journal.id, why));
    };
    switch (c.kind) {
    case ComponentCheck::Kind::UnitActive: {
        // A sandbox root runs nothing: there, the unit must at least be enabled.
        const QStringList args = live() ? QStringList{QStringLiteral("is-active"), c.value} : systemctl({QStringLiteral("is-enabled"), c.value});
        Result<QByteArray> out = command(QStringLiteral("systemctl"), args, cancel, true);
        const QString state = out ? QString::fromUtf8(*out).trimmed() : out.error().message;
        if (state != (live() ? QLatin1String("active") : QLatin1String("enabled")))
            return failed(state.isEmpty() ? QStringLiteral("no answer from systemctl") : state);
        return {};
    }
    case ComponentCheck::Kind::Package:
        if (installedVersion(c.value).isEmpty())
            return failed(QStringLiteral("not installed"));
        return {};
    case ComponentCheck::Kind::Path: {
        Result<ParentAndName> parent = openParentBeneath(m_rootFd, QFile::encodeName(c.value.mid(1)));
        struct stat st {};
        if (!parent || ::fstatat(parent->parent.get(), parent->name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
            return failed(QStringLiteral("it does not exist"));
        return {};
    }
    case ComponentCheck::Kind::Script:
        if (Status s = runScript(t, QStringLiteral("scripts/check-%1").arg(j), cancel); !s)
            return failed(s.error().message);
        return {};
    }
    return {};  // not reached: every enumerator is handled above
}

Status ComponentActions::placeFile(ComponentTransaction &t, int i, const VerifiedBundle &bundle)
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
    // Without owners (an agent restoring without ownership, a sandbox of another user), the
    // file keeps the agent's user; the mode is still the manifest's.
    Result<uint> uid = m_setOwners ? lookupId(m_rootFd, "etc/passwd", a.action.owner) : Result<uint>(uint(::geteuid()));
    Result<uint> gid = m_setOwners ? lookupId(m_rootFd, "etc/group", a.action.group) : Result<uint>(uint(::getegid()));
    if (!uid)
        return uid.error();
    if (!gid)
        return gid.error();
    for (const QString &dir : a.createdDirs) {
        Result<ParentAndName> parent = openParentBeneath(m_rootFd, QFile::encodeName(dir));
        if (!parent)
            return parent.error();
        if (::mkdirat(parent->parent.get(), parent->name.constData(), 0755) != 0 && errno != EEXIST)
            return componentIoError(QStringLiteral("cannot create /%1").arg(dir));
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
        copied = componentIoError(QStringLiteral("cannot set the owner and mode of %1").arg(a.action.target));
    if (tempFd >= 0)
        ::close(tempFd);
    if (copied && ::renameat(parent->parent.get(), temp.constData(), parent->parent.get(), parent->name.constData()) != 0)
        copied = componentIoError(QStringLiteral("cannot put %1 in place").arg(a.action.target));
    if (!copied) {
        ::unlinkat(parent->parent.get(), temp.constData(), 0);
        return copied;
    }
    if (Status s = syncDirectory(parent->parent.get()); !s)
        return s;
    a.phase = JournalAction::Phase::Performed;
    return t.journal.save(t.dir.get());
}

/** The root's package database is asked first: a package installed at this version is
 *  left alone (nothing to undo); at another version it is refused (its rollback would need
 *  the old package); otherwise dpkg installs the transaction's verified copy. */
Status ComponentActions::installDeb(ComponentTransaction &t, int i, const CancelToken &cancel)
{
    JournalAction &a = t.journal.actions[i];
    const QString deb = QDir(t.path).filePath(QStringLiteral("debs/%1.deb").arg(i));
    Result<QByteArray> fields = command(QStringLiteral("dpkg-deb"), {QStringLiteral("--field"), deb, QStringLiteral("Package"), QStringLiteral("Version")}, cancel);
    if (!fields)
        return fields.error();
    QString package, version;
    for (const QString &line : QString::fromUtf8(*fields).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("Package: ")))
            package = line.mid(9).trimmed();
        else if (line.startsWith(QLatin1String("Version: ")))
            version = line.mid(9).trimmed();
    }
    if (package.isEmpty() || version.isEmpty())
        return makeError(ErrorCode::Verify, QStringLiteral("%1 is not a Debian package").arg(a.action.file));
    a.debPackage = package;
    const QString installed = installedVersion(package);
    if (!installed.isEmpty() && installed != version)
        return makeError(ErrorCode::Refused, QStringLiteral("%1 is installed at version %2; this component brings %3 and could not restore %2 on rollback")
                                                 .arg(package, installed, version));
    a.debWasInstalled = !installed.isEmpty();
    a.phase = JournalAction::Phase::BackedUp;
    if (Status s = t.journal.save(t.dir.get()); !s)
        return s;
    if (a.debWasInstalled) {
        log(QStringLiteral("%1 %2 is installed already").arg(package, version));
    } else if (Result<QByteArray> out = command(QStringLiteral("dpkg"), {QStringLiteral("--root=%1").arg(m_root), QStringLiteral("--force-confold"), QStringLiteral("--install"), deb}, cancel); !out) {
        return out.error();
    }
    a.phase = JournalAction::Phase::Performed;
    return t.journal.save(t.dir.get());
}

Status ComponentActions::removeDeb(ComponentTransaction &t, int i)
{
    const JournalAction &a = t.journal.actions[i];
    if (a.debWasInstalled || a.debPackage.isEmpty() || installedVersion(a.debPackage).isEmpty())
        return {};
    Result<QByteArray> out = command(QStringLiteral("dpkg"), {QStringLiteral("--root=%1").arg(m_root), QStringLiteral("--purge"), a.debPackage}, CancelToken());
    if (out)
        log(QStringLiteral("purged %1").arg(a.debPackage));
    return out ? Status() : Status(out.error());
}

/** The version of @p package installed in the root ("" when it is not). */
QString ComponentActions::installedVersion(const QString &package)
{
    Result<QByteArray> out = command(QStringLiteral("dpkg-query"), {QStringLiteral("--admindir=%1").arg(QDir(m_root).filePath(QStringLiteral("var/lib/dpkg"))),
                                                                   QStringLiteral("--show"), QStringLiteral("--showformat=${db:Status-Abbrev}|${Version}"), package},
                                     CancelToken(), true);
    const QString text = out ? QString::fromUtf8(*out).trimmed() : QString();
    return text.startsWith(QLatin1String("ii ")) ? text.section(QLatin1Char('|'), 1) : QString();
}

/** systemctl for the root: the running system's own for "/" under systemd, otherwise
 *  offline on the root's files (--root: enabled, not started). */
QStringList ComponentActions::systemctl(const QStringList &args) const
{
    return live() ? args : QStringList{QStringLiteral("--root=%1").arg(m_root)} + args;
}

Status ComponentActions::enableUnit(ComponentTransaction &t, int i, const CancelToken &cancel)
{
    JournalAction &a = t.journal.actions[i];
    const QString unit = a.action.unit;
    Result<QByteArray> enabled = command(QStringLiteral("systemctl"), systemctl({QStringLiteral("is-enabled"), unit}), cancel, true);
    a.unitWasEnabled = enabled && QString::fromUtf8(*enabled).trimmed() == QLatin1String("enabled");
    Result<QByteArray> active = live() ? command(QStringLiteral("systemctl"), {QStringLiteral("is-active"), unit}, cancel, true) : Result<QByteArray>(QByteArray());
    a.unitWasActive = active && QString::fromUtf8(*active).trimmed() == QLatin1String("active");
    a.phase = JournalAction::Phase::BackedUp;
    if (Status s = t.journal.save(t.dir.get()); !s)
        return s;
    if (Result<QByteArray> out = command(QStringLiteral("systemctl"), systemctl({QStringLiteral("enable"), unit}), cancel); !out)
        return out.error();
    if (a.action.start && live()) {
        if (Result<QByteArray> out = command(QStringLiteral("systemctl"), {QStringLiteral("start"), unit}, cancel); !out)
            return out.error();
    } else if (a.action.start) {
        log(QStringLiteral("%1 enabled, not started: %2 is not a running system").arg(unit, m_root));
    }
    a.phase = JournalAction::Phase::Performed;
    return t.journal.save(t.dir.get());
}

Status ComponentActions::disableUnit(ComponentTransaction &t, int i)
{
    const JournalAction &a = t.journal.actions[i];
    if (a.action.start && live() && !a.unitWasActive)
        if (Result<QByteArray> out = command(QStringLiteral("systemctl"), {QStringLiteral("stop"), a.action.unit}, CancelToken()); !out)
            return out.error();
    if (!a.unitWasEnabled)
        if (Result<QByteArray> out = command(QStringLiteral("systemctl"), systemctl({QStringLiteral("disable"), a.action.unit}), CancelToken()); !out)
            return out.error();
    log(QStringLiteral("%1 as it was (%2)").arg(a.action.unit, a.unitWasEnabled ? QStringLiteral("enabled") : QStringLiteral("disabled")));
    return {};
}

Status ComponentActions::restoreFile(ComponentTransaction &t, int i)
{
    const JournalAction &a = t.journal.actions[i];
    const QByteArray rel = QFile::encodeName(a.action.target.mid(1));
    Result<ParentAndName> parent = openParentBeneath(m_rootFd, rel);
    if (parent && a.hadTarget) {
        const QByteArray backup = QByteArray("backups/") + QByteArray::number(i);
        const int in = ::openat(t.dir.get(), backup.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (in < 0)
            return componentIoError(QStringLiteral("the backup of %1 is gone").arg(a.action.target));
        const UniqueFd inFd(in);
        const QByteArray temp = QByteArray(".") + parent->name + ".servertwin-old";
        ::unlinkat(parent->parent.get(), temp.constData(), 0);
        if (Status s = copyChecked(in, parent->parent.get(), temp, nullptr); !s)
            return s;
        const int fd = ::openat(parent->parent.get(), temp.constData(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
        const bool ok = fd >= 0 && (!m_setOwners || ::fchown(fd, a.backupUid, a.backupGid) == 0) && ::fchmod(fd, static_cast<mode_t>(a.backupMode)) == 0;
        if (fd >= 0)
            ::close(fd);
        if (!ok || ::renameat(parent->parent.get(), temp.constData(), parent->parent.get(), parent->name.constData()) != 0)
            return componentIoError(QStringLiteral("cannot restore %1").arg(a.action.target));
        log(QStringLiteral("restored %1").arg(a.action.target));
    } else if (parent) {
        if (::unlinkat(parent->parent.get(), parent->name.constData(), 0) != 0 && errno != ENOENT)
            return componentIoError(QStringLiteral("cannot remove %1").arg(a.action.target));
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

/** Runs @p program (from the system's PATH) with @p args; its output, or a one-line error
 *  with its last line. @p quiet: a non-zero exit is an answer, not an error. */
Result<QByteArray> ComponentActions::command(const QString &program, const QStringList &args, const CancelToken &cancel, bool quiet)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DEBIAN_FRONTEND"), QStringLiteral("noninteractive"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(quiet ? QProcess::SeparateChannels : QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return makeError(ErrorCode::Io, QStringLiteral("cannot run %1: %2").arg(program, p.errorString()));
    QElapsedTimer clock;
    clock.start();
    while (!p.waitForFinished(200)) {
        if (p.state() == QProcess::NotRunning)
            break;
        if (cancel.isCancelled() || clock.elapsed() > m_timeoutMs) {
            p.kill();
            p.waitForFinished(5000);
            return cancel.isCancelled() ? makeError(ErrorCode::Cancelled, QStringLiteral("cancelled while %1 ran").arg(program))
                                        : makeError(ErrorCode::Io, QStringLiteral("%1 did not finish within %2 s").arg(program).arg(m_timeoutMs / 1000));
        }
    }
    const QByteArray out = p.readAllStandardOutput();
    if (!quiet && (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)) {
        const QString last = QString::fromLocal8Bit(out).trimmed().section(QLatin1Char('\n'), -1).left(200);
        return makeError(ErrorCode::Io, QStringLiteral("%1 %2 failed (exit %3)%4").arg(program, args.last()).arg(p.exitCode()).arg(last.isEmpty() ? QString() : QStringLiteral(": ") + last));
    }
    return out;
}

Status ComponentActions::runScript(ComponentTransaction &t, const QString &script, const CancelToken &cancel)
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
                                            .arg(script.endsWith(QLatin1String("-undo")) ? QStringLiteral("undo")
                                                 : script.contains(QLatin1String("/check-")) ? QStringLiteral("check") : QStringLiteral("install"),
                                                 t.journal.id)
                                            .arg(p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1)
                                            .arg(last.isEmpty() ? QString() : QStringLiteral(": ") + last));
    return {};
}

int ComponentActions::bundleFd(const VerifiedBundle &bundle)
{
    if (!m_bundleFd.valid())
        m_bundleFd = UniqueFd(::open(QFile::encodeName(bundle.dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    return m_bundleFd.get();
}

void ComponentActions::log(const QString &line)
{
    if (m_log)
        m_log(line);
}

bool ComponentActions::live() const
{
    return QDir::cleanPath(m_root) == QLatin1String("/") && QFileInfo::exists(QStringLiteral("/run/systemd/system"));
}

}  // namespace st
