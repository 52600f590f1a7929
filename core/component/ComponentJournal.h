// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The durable record of one component's install on the Secondary (Qt Installer
 * Framework style: backup -> perform -> record), in its own transaction directory under the
 * agent's state directory: journal.json, rewritten durably (temp file, fsync, rename) before
 * and after each action, the backups of what the actions replace, and copies of the undo
 * scripts. With it, the install can be undone in reverse order at any moment: after a
 * failure, on the engineer's request, or after the agent was killed or the machine lost power
 * mid-way (the next start finds the phase Installing or RollingBack and rolls back).
 *
 *   Installing ──> Installed ──rollback──> RollingBack ──> RolledBack (directory removed)
 *        └──failure or crash──────────────────┘
 *
 * Plain value type with load/save over a directory fd.
 */
#include "component/ComponentManifest.h"

#include <QDateTime>

namespace st {

struct JournalAction {
    enum class Phase { Pending, BackedUp, Performed };
    ComponentAction action;
    Phase phase = Phase::Pending;
    bool hadTarget = false;        // file: something was at the target (its backup is backups/N)
    int backupMode = 0;            // file: the replaced file's mode, owner and group
    uint backupUid = 0;
    uint backupGid = 0;
    QStringList createdDirs;       // file: parents that did not exist (removed on undo, deepest first)
    QString debPackage;            // deb: the package the .deb installs
    bool debWasInstalled = false;  // deb: installed at this version before (nothing to do or undo)
    bool unitWasEnabled = false;   // unit: as it was before
    bool unitWasActive = false;
};

struct ComponentJournal {
    enum class Phase { Installing, Installed, RollingBack, RolledBack };
    Phase phase = Phase::Installing;
    QString id;
    QString version;
    QString signer;
    QString description;
    QString previousVersion;  // an upgrade: the version installed before
    QDateTime started;        // UTC
    QList<JournalAction> actions;
    QString error;            // why it was rolled back

    static constexpr const char *kFileName = "journal.json";
    QByteArray toJson() const;
    static Result<ComponentJournal> fromJson(const QByteArray &json);
    Status save(int dirFd) const;
    static Result<ComponentJournal> load(int dirFd);
};

QString journalPhaseName(ComponentJournal::Phase phase);

}  // namespace st
