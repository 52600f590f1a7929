// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Installs verified component bundles on a root (the Secondary's "/", or a sandbox
 * root in tests and the demo) with a journal, and undoes them: every action is backup ->
 * perform -> record (ComponentJournal, in a transaction directory of its own under
 * STATE/components), so a failure, a cancel, the engineer's request, or an agent killed
 * mid-way (recover() at the next start) undoes the actions in reverse order and leaves the
 * root as it was. history.json lists the installed transactions in order; the installed
 * version of a component is its last one. Installing a version that is installed is a no-op.
 *
 * After the actions, the manifest's checks (a unit active, a package installed, a path present,
 * a check script succeeding); a failed check rolls the component back like a failed action.
 *
 * Actions: "file" (through SafeFs beneath the root: no symlink is followed, the content is
 * hashed against the signed manifest as it is copied, then renamed into place), "script" (run
 * from the transaction's own copy, with SERVERTWIN_ROOT, SERVERTWIN_COMPONENT and
 * SERVERTWIN_VERSION; the undo script likewise), "deb" (dpkg --root installs the transaction's
 * verified copy; undone by a purge; a package installed at this version is left alone, one at
 * another version refused), "unit" (systemctl enable, and start on a running system; offline
 * with --root on a sandbox; undone to how it was).
 *
 * Blocking: call it on a worker thread. One installer per state directory at a time.
 */
#include "component/ComponentBundle.h"
#include "component/ComponentOutcome.h"
#include "component/InstallPlan.h"
#include "util/CancelToken.h"

#include <functional>

namespace st {

struct ComponentInstallerOptions {
    QString root = QStringLiteral("/");
    QString stateDir;               // the agent's; STATE/components is the installer's
    int scriptTimeoutMs = 600'000;
    bool setOwners = true;          // off: placed files keep the agent's user (agent --no-owner)
};

/** Where an install is: component @p component of @p components, its step @p step of
 *  @p steps (actions, then checks), described by @p what. */
struct ComponentProgress {
    int component = 0;
    int components = 0;
    QString id;
    int step = 0;
    int steps = 0;
    QString what;
};

/** An install of a set: each component's outcome (in install order) and the overall status. */
struct InstallSetResult {
    QList<ComponentOutcome> outcomes;
    Status status;
};

class ComponentInstaller {
public:
    using Progress = std::function<void(const ComponentProgress &)>;
    using Log = std::function<void(const QString &line)>;

    explicit ComponentInstaller(ComponentInstallerOptions options);

    /** The installed components with their versions (the last install of each). */
    Result<QList<InstalledComponent>> installed() const;
    /** The installed components in install order, with signer, date and actions (all Done). */
    Result<QList<ComponentOutcome>> installedDetails() const;
    /** Rolls back what an interrupted install or rollback left (a killed agent, a power cut). */
    Status recover(const Log &log = {});
    /** Installs @p bundles in dependency order (planInstall refuses before anything starts);
     *  a version already installed changes nothing. When a component fails (an action, a
     *  check, a cancel) it is rolled back, and so are the components this call installed
     *  before it, newest first: the root is left as it was, and the outcomes say so. */
    InstallSetResult installSet(const QList<VerifiedBundle> &bundles, const CancelToken &cancel, const Progress &progress = {}, const Log &log = {});
    /** installSet() of one bundle. */
    Status install(const VerifiedBundle &bundle, const CancelToken &cancel, const Progress &progress = {}, const Log &log = {});
    /** Undoes every installed component, newest first; what was rolled back. */
    Result<QList<ComponentOutcome>> rollBackAll(const Log &log = {});

private:
    Status installOne(const VerifiedBundle &bundle, const PlannedComponent &planned, ComponentProgress where, const CancelToken &cancel,
                      const Progress &progress, const Log &log, ComponentOutcome &outcome);
    Result<QList<ComponentOutcome>> rollBackNewest(qsizetype count, const Log &log);

    QString m_root;
    QString m_dir;  // STATE/components
    int m_scriptTimeoutMs;
    bool m_setOwners;
};

}  // namespace st
