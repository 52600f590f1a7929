// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The installation report of a clone, backup or offline restore: what was done, with
 * figures, durations per stage, and every skipped, changed or removed path with the reason.
 *
 * Filled by the jobs as they go, written as JSON with QSaveFile (atomic). Paths are shown
 * with displayPath() (non-UTF-8 bytes as \xHH). Plain value type.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace st {

struct ReportPath {
    QByteArray path;
    QString reason;
};

struct CloneReport {
    QString kind;  // "clone", "backup", "restore"
    bool ok = false;
    Error error;

    QString sourceHost;
    QByteArray sourceRoot;
    QList<QByteArray> includes;
    QList<QByteArray> excludes;

    QString secondaryAddress;
    QString secondaryHost;
    QString secondaryOs;
    QByteArray secondaryFingerprint;
    QString outputFile;

    QString snapshot;             // providers used, e.g. "btrfs" or "btrfs, none"
    QStringList warnings;         // shown to the engineer (e.g. a volume read live)
    qint64 freezeWindowMs = 0;    // applications frozen, first freeze to last thaw
    QStringList quiesceLog;
    QStringList leftoverSnapshotsRemoved;

    qint64 entries = 0;
    qint64 files = 0;
    qint64 bytes = 0;
    qint64 tarBytes = 0;
    qint64 compressedBytes = 0;
    qint64 removedCount = 0;
    bool stagedForReboot = false;  // verified and staged: applied at the Secondary's next boot (removed: what it will replace)
    qint64 resentBytes = 0;   // compressed bytes sent more than once (after lost links, chunks asked for again)
    qint64 reconnects = 0;    // times the clone resumed on a new connection

    qint64 scanMs = 0;
    qint64 transferMs = 0;   // backup + send (Primary side)
    qint64 receiveMs = 0;    // Secondary: decode + extract into staging
    qint64 verifyMs = 0;
    qint64 applyMs = 0;
    qint64 totalMs = 0;

    QList<ReportPath> skipped;
    QList<QByteArray> changedWhileRead;
    QList<ReportPath> removed;

    /** Records how the job ended and how long it took. */
    void setOutcome(const Status &status, qint64 elapsedMs);
    QJsonObject toJson() const;
    Status writeJson(const QString &fileName) const;
    /** One paragraph for a terminal: outcome and the main figures. */
    QString summaryText() const;
};

QString formatBytes(qint64 bytes);
QString formatDuration(qint64 ms);

}  // namespace st
