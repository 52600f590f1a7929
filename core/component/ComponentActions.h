// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Carries out one journaled component action on a root and undoes it, as far as the
 * journal says it got: backup (recorded) -> perform -> record, each step saved in the
 * transaction's journal before the next. File actions go through SafeFs beneath the root;
 * scripts and their undo scripts run from the transaction's own copies; .debs through
 * dpkg --root; units through systemctl (offline with --root on a sandbox). Used by
 * ComponentInstaller on its thread; blocking; one object per installer call.
 */
#include "component/ComponentBundle.h"
#include "component/ComponentJournal.h"
#include "util/CancelToken.h"
#include "util/UniqueFd.h"

#include <functional>

namespace st {

/** One install transaction: its directory (journal, backups, copies of scripts and .debs). */
struct ComponentTransaction {
    UniqueFd dir;
    QString name;
    QString path;  // absolute: where its scripts run from
    ComponentJournal journal;
};

/** "WHAT: strerror(errno)" as an Io error. */
Error componentIoError(const QString &what);
/** Opens the directory @p path (creating it, mode 0700, with @p create). */
Result<UniqueFd> openDirectory(const QString &path, bool create);
/** Copies @p in into a new file @p name in @p dirFd (mode 0600), hashing it; with @p expected,
 *  the size and SHA-256 must be the signed manifest's. */
Status copyChecked(int in, int dirFd, const QByteArray &name, const BundleFile *expected);

class ComponentActions {
public:
    using Log = std::function<void(const QString &line)>;

    /** @p setOwners: placed and restored files get the manifest's (the backup's) owner; off,
     *  the agent's user (an agent that restores without ownership). */
    ComponentActions(int rootFd, QString root, int scriptTimeoutMs, Log log, bool setOwners = true);
    Status perform(ComponentTransaction &t, int i, const VerifiedBundle &bundle, const CancelToken &cancel);
    Status undo(ComponentTransaction &t, int i);
    /** Check @p j of the manifest (a script check runs from the transaction's copy
     *  scripts/check-J); a failed check is an error naming it. */
    Status check(ComponentTransaction &t, const ComponentCheck &c, int j, const CancelToken &cancel);

private:
    Status placeFile(ComponentTransaction &t, int i, const VerifiedBundle &bundle);
    Status installDeb(ComponentTransaction &t, int i, const CancelToken &cancel);
    Status removeDeb(ComponentTransaction &t, int i);
    QString installedVersion(const QString &package);
    QStringList systemctl(const QStringList &args) const;
    /** The root is this running system under systemd (units are started as well as enabled). */
    bool live() const;
    Status enableUnit(ComponentTransaction &t, int i, const CancelToken &cancel);
    Status disableUnit(ComponentTransaction &t, int i);
    Status restoreFile(ComponentTransaction &t, int i);
    Result<QByteArray> command(const QString &program, const QStringList &args, const CancelToken &cancel, bool quiet = false);
    Status runScript(ComponentTransaction &t, const QString &script, const CancelToken &cancel);
    int bundleFd(const VerifiedBundle &bundle);
    void log(const QString &line);

    int m_rootFd;
    QString m_root;
    int m_timeoutMs;
    Log m_log;
    UniqueFd m_bundleFd;
    bool m_setOwners;
};

}  // namespace st
