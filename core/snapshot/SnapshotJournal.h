// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The record of every snapshot ServerTwin is about to create: <stateDir>/snapshots.journal.
 *
 * An entry is written (QSaveFile, under an flock on snapshots.journal.lock so concurrent runs
 * do not lose each other's entries) before a snapshot is created and removed after it has
 * been deleted, so a crash leaves a record of exactly what may be left behind. Each entry
 * names its owner process (pid + start time, so a reused pid is not mistaken for the owner).
 * The file is JSON; paths are stored escaped (util/RawPath.h) so any bytes survive.
 * Also keeps the tags of the sets alive in this process (mutex-protected): cleanup never takes
 * a snapshot a live set of this or another running process still reads from.
 * Thread-safe: every operation takes the file lock.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <functional>
#include <optional>

namespace st {

struct JournalEntry {
    QString provider;         // "btrfs" | "lvm"
    QString tag;              // the set's tag: "servertwin-<UTC>-<pid>[-n]"
    QByteArray path;          // btrfs: the snapshot subvolume; lvm: its mount directory
    QByteArray origin;        // btrfs: the origin subvolume root; lvm: the origin "VG/LV"
    QString fsId;             // btrfs: filesystem UUID; lvm: the origin LV's device path
    QString originUuid;       // btrfs: UUID of the origin subvolume (the snapshot's parent UUID)
    QString snapshotUuid;     // btrfs: UUID of the snapshot, recorded once it exists
    QString vg;               // lvm: volume group
    QString lv;               // lvm: the snapshot LV's name
    qint64 pid = 0;
    quint64 pidStartTime = 0; // clock ticks after boot (/proc/<pid>/stat field 22)
    QDateTime created;        // UTC

    /** Identity of the entry within the journal. */
    QByteArray key() const;
};

class SnapshotJournal {
public:
    explicit SnapshotJournal(QString stateDir);
    QString filePath() const;

    /** Every entry; a missing journal is empty. */
    Result<QList<JournalEntry>> load() const;
    Status add(const JournalEntry &entry);
    Status remove(const QByteArray &key);
    /** Replaces the entry with the same key. */
    Status replace(const JournalEntry &entry);
    /**
     * Under the lock: loads, hands the entries to @p edit (which may run commands), saves
     * what it leaves in the list. Used by cleanup so no entry is added meanwhile and lost.
     */
    Status edit(const std::function<Status(QList<JournalEntry> &)> &editor);

private:
    Result<QList<JournalEntry>> loadUnlocked() const;
    Status saveUnlocked(const QList<JournalEntry> &entries) const;
    QString m_stateDir;
};

struct ProcessIdentity {
    qint64 pid = 0;
    quint64 startTime = 0;
};
ProcessIdentity currentProcess();
/** True while the process @p pid started at @p startTime still runs. */
bool isProcessAlive(qint64 pid, quint64 startTime);

/** Tags of the SnapshotSets alive in this process. */
void registerLiveTag(const QString &tag);
void unregisterLiveTag(const QString &tag);
bool isLiveTag(const QString &tag);

}  // namespace st
