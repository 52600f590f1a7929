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

#include <algorithm>

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
    : m_root(std::move(options.root)), m_dir(QDir(options.stateDir).filePath(QStringLiteral("components"))), m_scriptTimeoutMs(options.scriptTimeoutMs),
      m_setOwners(options.setOwners)
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
    ComponentActions run((*state)->root.get(), m_root, m_scriptTimeoutMs, log, m_setOwners);
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

namespace {

ComponentOutcome outcomeOf(const ComponentManifest &m, const QString &signer)
{
    ComponentOutcome o;
    o.id = m.id;
    o.version = m.version;
    o.description = m.description;
    o.signer = signer;
    for (const ComponentAction &a : m.actions)
        o.steps.append(ComponentStep{describeAction(a), ComponentStep::State::NotRun});
    for (const ComponentCheck &c : m.checks)
        o.steps.append(ComponentStep{QStringLiteral("check: ") + describeCheck(c), ComponentStep::State::NotRun});
    return o;
}

ComponentOutcome outcomeOf(const ComponentJournal &j, ComponentOutcome::State state, ComponentStep::State steps)
{
    ComponentOutcome o;
    o.id = j.id;
    o.version = j.version;
    o.previousVersion = j.previousVersion;
    o.description = j.description;
    o.signer = j.signer;
    o.state = state;
    for (const JournalAction &a : j.actions)
        o.steps.append(ComponentStep{describeAction(a.action), steps});
    return o;
}

void setSteps(ComponentOutcome &o, ComponentStep::State from, ComponentStep::State to)
{
    for (ComponentStep &s : o.steps)
        if (s.state == from)
            s.state = to;
}

}  // namespace

Result<QList<ComponentOutcome>> ComponentInstaller::installedDetails() const
{
    Result<UniqueFd> dir = openDirectory(m_dir, false);
    if (!dir)
        return QList<ComponentOutcome>{};  // nothing installed yet
    Result<QJsonArray> history = loadHistory(dir->get());
    if (!history)
        return history.error();
    QList<ComponentOutcome> out;
    for (const QJsonValue &v : *history) {
        Result<ComponentTransaction> t = openTransaction(dir->get(), m_dir, v[QStringLiteral("transaction")].toString());
        if (!t)
            return t.error();
        ComponentOutcome o = outcomeOf(t->journal, ComponentOutcome::State::Installed, ComponentStep::State::Done);
        o.installedAt = v[QStringLiteral("installedAt")].toString();
        out.append(o);
    }
    return out;
}

Status ComponentInstaller::install(const VerifiedBundle &bundle, const CancelToken &cancel, const Progress &progress, const Log &log)
{
    return installSet({bundle}, cancel, progress, log).status;
}

InstallSetResult ComponentInstaller::installSet(const QList<VerifiedBundle> &bundles, const CancelToken &cancel, const Progress &progress, const Log &log)
{
    InstallSetResult r;
    const auto refuse = [&](const Error &e) {
        r.status = e;
        for (const VerifiedBundle &b : bundles)
            r.outcomes.append(outcomeOf(b.manifest, b.signer));
        return r;
    };
    if (Status s = recover(log); !s)
        return refuse(s.error());
    Result<QList<InstalledComponent>> have = installed();
    if (!have)
        return refuse(have.error());
    QList<ComponentManifest> manifests;
    for (const VerifiedBundle &b : bundles)
        manifests.append(b.manifest);
    Result<QList<PlannedComponent>> plan = planInstall(manifests, *have);
    if (!plan)
        return refuse(plan.error());
    for (const PlannedComponent &p : *plan) {
        r.outcomes.append(outcomeOf(bundles[p.index].manifest, bundles[p.index].signer));
        r.outcomes.last().previousVersion = p.installedVersion;
    }
    qsizetype installedHere = 0;
    for (qsizetype k = 0; k < plan->size(); ++k) {
        const PlannedComponent &p = plan->at(k);
        ComponentOutcome &out = r.outcomes[k];
        if (p.action == PlannedComponent::Action::AlreadyInstalled) {
            out.state = ComponentOutcome::State::AlreadyInstalled;
            setSteps(out, ComponentStep::State::NotRun, ComponentStep::State::Skipped);
            if (log)
                log(QStringLiteral("%1 %2 is installed already: nothing to do").arg(out.id, out.version));
            continue;
        }
        const ComponentProgress where{int(k) + 1, int(plan->size()), out.id, 0, int(out.steps.size()), {}};
        if (Status s = installOne(bundles[p.index], p, where, cancel, progress, log, out); !s) {
            r.status = s;
            break;
        }
        out.state = ComponentOutcome::State::Installed;
        ++installedHere;
    }
    if (r.status || installedHere == 0)
        return r;
    // A component failed: what this call installed before it goes too, newest first.
    if (log)
        log(QStringLiteral("rolling back the %1 component(s) this install completed before the failure").arg(installedHere));
    Result<QList<ComponentOutcome>> undone = rollBackNewest(installedHere, log);
    if (!undone) {
        r.status = Error{r.status.error().code, QStringLiteral("%1; %2").arg(r.status.error().message, undone.error().message), {}};
        return r;
    }
    for (ComponentOutcome &out : r.outcomes)
        if (out.state == ComponentOutcome::State::Installed) {
            out.state = ComponentOutcome::State::RolledBack;
            out.error = QStringLiteral("rolled back because a later component failed");
            setSteps(out, ComponentStep::State::Done, ComponentStep::State::Undone);
        }
    r.status = Error{r.status.error().code, r.status.error().message + QStringLiteral("; the components installed before it were rolled back too"), {}};
    return r;
}

Status ComponentInstaller::installOne(const VerifiedBundle &bundle, const PlannedComponent &planned, ComponentProgress where, const CancelToken &cancel,
                                      const Progress &progress, const Log &log, ComponentOutcome &outcome)
{
    const ComponentManifest &m = bundle.manifest;
    Result<UniqueFd> dir = openDirectory(m_dir, true);
    if (!dir)
        return dir.error();
    Result<UniqueFd> root = openDirectory(m_root, false);
    if (!root)
        return root.error();

    // The transaction: its journal, backups and its own copies of the scripts and .debs
    // (hashed against the signed manifest as they are copied), before any action.
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
    t.journal.description = m.description;
    t.journal.previousVersion = planned.installedVersion;
    t.journal.started = QDateTime::currentDateTimeUtc();
    for (const ComponentAction &a : m.actions)
        t.journal.actions.append(JournalAction{a, JournalAction::Phase::Pending, false, 0, 0, 0, {}, {}, false, false, false});
    ComponentActions run(root->get(), m_root, m_scriptTimeoutMs, log, m_setOwners);
    Status status = t.journal.save(t.dir.get());
    const UniqueFd bundleDir(::open(QFile::encodeName(bundle.dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    QList<std::pair<QString, QByteArray>> copies;  // the bundle's file, the transaction's copy
    for (qsizetype i = 0; i < m.actions.size(); ++i) {
        const ComponentAction &a = m.actions[i];
        if (a.kind == ComponentAction::Kind::Script)
            copies += {{a.file, "scripts/" + QByteArray::number(i) + "-run"}, {a.undo, "scripts/" + QByteArray::number(i) + "-undo"}};
        else if (a.kind == ComponentAction::Kind::Deb)
            copies += {{a.file, "debs/" + QByteArray::number(i) + ".deb"}};
    }
    for (qsizetype j = 0; j < m.checks.size(); ++j)
        if (m.checks[j].kind == ComponentCheck::Kind::Script)
            copies += {{m.checks[j].value, "scripts/check-" + QByteArray::number(j)}};
    for (const auto &[file, copy] : copies) {
        if (!status)
            break;
        Result<UniqueFd> in = openBeneath(bundleDir.get(), QFile::encodeName(file), O_RDONLY | O_CLOEXEC);
        status = in ? copyChecked(in->get(), t.dir.get(), copy, m.file(file))
                    : Status(makeError(ErrorCode::Io, QStringLiteral("cannot read %1 of the bundle").arg(file)));
    }
    if (!status) {
        (void)removeRecursiveAt(dir->get(), name);
        outcome.state = ComponentOutcome::State::Failed;
        outcome.error = status.error().message;
        return Error{status.error().code, QStringLiteral("%1 %2 was not installed: %3").arg(m.id, m.version, status.error().message), {}};
    }

    qsizetype failedStep = -1;
    const auto step = [&](qsizetype i) {
        where.step = int(i) + 1;
        where.what = outcome.steps[i].what;
        if (progress)
            progress(where);
        if (log)
            log(QStringLiteral("%1: %2").arg(m.id, where.what));
    };
    for (qsizetype i = 0; status && i < m.actions.size(); ++i) {
        if (cancel.isCancelled()) {
            status = makeError(ErrorCode::Cancelled, QStringLiteral("cancelled"));
            break;
        }
        step(i);
        status = run.perform(t, int(i), bundle, cancel);
        outcome.steps[i].state = status ? ComponentStep::State::Done : ComponentStep::State::Failed;
        failedStep = status ? -1 : i;
    }
    for (qsizetype j = 0; status && j < m.checks.size(); ++j) {
        const qsizetype i = m.actions.size() + j;
        step(i);
        status = cancel.isCancelled() ? Status(makeError(ErrorCode::Cancelled, QStringLiteral("cancelled"))) : run.check(t, m.checks[j], int(j), cancel);
        outcome.steps[i].state = status ? ComponentStep::State::Done : ComponentStep::State::Failed;
        failedStep = status ? -1 : i;
    }
    if (!status) {
        t.journal.error = status.error().message;
        outcome.state = ComponentOutcome::State::Failed;
        outcome.error = status.error().message;
        if (log)
            log(QStringLiteral("%1 %2 failed: %3; rolling back").arg(m.id, m.version, status.error().message));
        if (Status undone = rollBack(run, dir->get(), t, log); !undone) {
            outcome.error += QStringLiteral("; ") + undone.error().message;
            return Error{status.error().code, QStringLiteral("%1 %2 failed: %3; %4").arg(m.id, m.version, status.error().message, undone.error().message), {}};
        }
        for (qsizetype i = 0; i < outcome.steps.size(); ++i)
            if (i != failedStep && outcome.steps[i].state == ComponentStep::State::Done)
                outcome.steps[i].state = i < m.actions.size() ? ComponentStep::State::Undone : ComponentStep::State::Done;
        // The failed action itself may have got half-way: its undo ran as far as the journal says.
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

Result<QList<ComponentOutcome>> ComponentInstaller::rollBackAll(const Log &log)
{
    return rollBackNewest(-1, log);
}

Result<QList<ComponentOutcome>> ComponentInstaller::rollBackNewest(qsizetype count, const Log &log)
{
    if (Status s = recover(log); !s)
        return s.error();
    Result<std::optional<InstallerState>> state = openState(m_dir, m_root);
    if (!state)
        return state.error();
    if (!*state)
        return QList<ComponentOutcome>{};  // nothing was ever installed
    UniqueFd &dir = (*state)->dir;
    QJsonArray &history = (*state)->history;
    ComponentActions run((*state)->root.get(), m_root, m_scriptTimeoutMs, log, m_setOwners);
    QList<ComponentOutcome> undone;
    while (!history.isEmpty() && count != 0) {
        const QString name = history.last()[QStringLiteral("transaction")].toString();
        Result<ComponentTransaction> t = openTransaction(dir.get(), m_dir, name);
        if (!t)
            return t.error();
        if (Status s = rollBack(run, dir.get(), *t, log); !s)
            return s.error();
        undone.append(outcomeOf(t->journal, ComponentOutcome::State::RolledBack, ComponentStep::State::Undone));
        history.removeLast();
        if (Status s = saveHistory(dir.get(), history); !s)
            return s.error();
        --count;
    }
    return undone;
}

}  // namespace st
