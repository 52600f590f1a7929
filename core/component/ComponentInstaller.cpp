// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/ComponentInstaller.h"

#include "component/ComponentActions.h"
#include "util/DurableFile.h"
#include "util/SafeFs.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace st {

namespace {

const QByteArray kHistory = "history.json";

}  // namespace


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

Result<ComponentTransaction> openTransaction(int dirFd, const QString &components, const QString &name)
{
    const int fd = ::openat(dirFd, QFile::encodeName(name).constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return componentIoError(QStringLiteral("cannot open the component transaction %1").arg(name));
    ComponentTransaction t{UniqueFd(fd), name, QDir(components).filePath(name), {}};
    Result<ComponentJournal> j = ComponentJournal::load(t.dir.get());
    if (!j)
        return j.error();
    t.journal = *j;
    return t;
}

/** Undoes @p t's actions in reverse order and removes its directory (RolledBack). */
Status rollBack(ComponentActions &run, int dirFd, ComponentTransaction &t, const ComponentInstaller::Log &log)
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

/** The installer's directory, the root and the history, opened together; nullopt when the
 *  installer's directory does not exist (nothing was ever installed). */
struct InstallerState {
    UniqueFd dir;
    UniqueFd root;
    QJsonArray history;
};

Result<std::optional<InstallerState>> openState(const QString &components, const QString &rootPath)
{
    Result<UniqueFd> dir = openDirectory(components, false);
    if (!dir)
        return std::optional<InstallerState>{};
    Result<UniqueFd> root = openDirectory(rootPath, false);
    if (!root)
        return root.error();
    Result<QJsonArray> history = loadHistory(dir->get());
    if (!history)
        return history.error();
    return std::optional<InstallerState>(InstallerState{std::move(*dir), std::move(*root), *history});
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
    Result<std::optional<InstallerState>> state = openState(m_dir, m_root);
    if (!state)
        return state.error();
    if (!*state)
        return {};  // nothing was ever installed
    UniqueFd &dir = (*state)->dir;
    QJsonArray &history = (*state)->history;
    ComponentActions run((*state)->root.get(), m_root, m_scriptTimeoutMs, log);
    for (const QString &name : QDir(m_dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        Result<ComponentTransaction> t = openTransaction(dir.get(), m_dir, name);
        if (!t)
            return t.error();
        if (t->journal.phase == ComponentJournal::Phase::Installed) {
            const bool listed = std::any_of(history.begin(), history.end(), [&](const QJsonValue &v) { return v[QStringLiteral("transaction")].toString() == name; });
            if (listed)
                continue;
            // Installed, then interrupted before the history said so: it is installed.
            history.append(QJsonObject{{QStringLiteral("transaction"), name}, {QStringLiteral("id"), t->journal.id}, {QStringLiteral("version"), t->journal.version},
                                        {QStringLiteral("signer"), t->journal.signer}});
            if (Status s = saveHistory(dir.get(), history); !s)
                return s;
            continue;
        }
        if (log)
            log(QStringLiteral("%1 %2 was interrupted (%3): rolling it back").arg(t->journal.id, t->journal.version, journalPhaseName(t->journal.phase)));
        if (Status s = rollBack(run, dir.get(), *t, log); !s)
            return s;
    }
    return {};
}

Status ComponentInstaller::install(const VerifiedBundle &bundle, const CancelToken &cancel, const Progress &progress, const Log &log)
{
    const ComponentManifest &m = bundle.manifest;
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
    ComponentTransaction t;
    t.name = QStringLiteral("%1-%2").arg(seq, 4, 10, QLatin1Char('0')).arg(m.id);
    t.path = QDir(m_dir).filePath(t.name);
    const QByteArray name = QFile::encodeName(t.name);
    if (::mkdirat(dir->get(), name.constData(), 0700) != 0)
        return componentIoError(QStringLiteral("cannot create the transaction %1").arg(t.name));
    t.dir = UniqueFd(::openat(dir->get(), name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!t.dir.valid() || ::mkdirat(t.dir.get(), "backups", 0700) != 0 || ::mkdirat(t.dir.get(), "scripts", 0700) != 0
        || ::mkdirat(t.dir.get(), "debs", 0700) != 0)
        return componentIoError(QStringLiteral("cannot set up the transaction %1").arg(t.name));
    t.journal.id = m.id;
    t.journal.version = m.version;
    t.journal.signer = bundle.signer;
    t.journal.previousVersion = plan->first().installedVersion;
    t.journal.started = QDateTime::currentDateTimeUtc();
    for (const ComponentAction &a : m.actions)
        t.journal.actions.append(JournalAction{a, JournalAction::Phase::Pending, false, 0, 0, 0, {}, {}, false, false, false});
    ComponentActions run(root->get(), m_root, m_scriptTimeoutMs, log);
    Status status = t.journal.save(t.dir.get());
    const UniqueFd bundleDir(::open(QFile::encodeName(bundle.dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    for (qsizetype i = 0; status && i < m.actions.size(); ++i) {
        const ComponentAction &a = m.actions[i];
        QList<std::pair<QString, QByteArray>> copies;  // the bundle's file, the transaction's copy
        if (a.kind == ComponentAction::Kind::Script)
            copies = {{a.file, "scripts/" + QByteArray::number(i) + "-run"}, {a.undo, "scripts/" + QByteArray::number(i) + "-undo"}};
        else if (a.kind == ComponentAction::Kind::Deb)
            copies = {{a.file, "debs/" + QByteArray::number(i) + ".deb"}};
        for (const auto &[file, copy] : copies) {
            Result<UniqueFd> in = openBeneath(bundleDir.get(), QFile::encodeName(file), O_RDONLY | O_CLOEXEC);
            status = in ? copyChecked(in->get(), t.dir.get(), copy, m.file(file))
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
    Result<std::optional<InstallerState>> state = openState(m_dir, m_root);
    if (!state)
        return state.error();
    if (!*state)
        return {};  // nothing was ever installed
    UniqueFd &dir = (*state)->dir;
    QJsonArray &history = (*state)->history;
    ComponentActions run((*state)->root.get(), m_root, m_scriptTimeoutMs, log);
    while (!history.isEmpty()) {
        const QString name = history.last()[QStringLiteral("transaction")].toString();
        Result<ComponentTransaction> t = openTransaction(dir.get(), m_dir, name);
        if (!t)
            return t.error();
        if (Status s = rollBack(run, dir.get(), *t, log); !s)
            return s;
        history.removeLast();
        if (Status s = saveHistory(dir.get(), history); !s)
            return s;
    }
    return {};
}

}  // namespace st
