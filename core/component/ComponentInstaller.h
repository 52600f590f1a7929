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
#include "component/InstallPlan.h"
#include "util/CancelToken.h"

#include <functional>

namespace st {

struct ComponentInstallerOptions {
    QString root = QStringLiteral("/");
    QString stateDir;               // the agent's; STATE/components is the installer's
    int scriptTimeoutMs = 600'000;
};

class ComponentInstaller {
public:
    /** @p action counts from 1 of @p actions; @p what is describeAction()'s line. */
    using Progress = std::function<void(int action, int actions, const QString &what)>;
    using Log = std::function<void(const QString &line)>;

    explicit ComponentInstaller(ComponentInstallerOptions options);

    /** The installed components with their versions (the last install of each). */
    Result<QList<InstalledComponent>> installed() const;
    /** Rolls back what an interrupted install or rollback left (a killed agent, a power cut). */
    Status recover(const Log &log = {});
    /** Installs @p bundle; on failure or cancel everything it did is undone and the error says
     *  so. A version already installed changes nothing. */
    Status install(const VerifiedBundle &bundle, const CancelToken &cancel, const Progress &progress = {}, const Log &log = {});
    /** Undoes every installed component, newest first. */
    Status rollBackAll(const Log &log = {});

private:
    QString m_root;
    QString m_dir;  // STATE/components
    int m_scriptTimeoutMs;
};

}  // namespace st
