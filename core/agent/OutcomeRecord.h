// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The outcome of the agent's last clone, kept durably so a Primary that lost the
 * Result (the link dropped, or the agent died right after Apply) still gets it on Resume.
 *
 * Holds what the Result and its ReportItems carry (ok or the error, the report's figures,
 * the removed paths) and the clone's identity (id, source host, the Primary's certificate
 * fingerprint, the stream's byte count for Resumed). save() writes
 * `<stateDir>/resume/outcome.json` (QSaveFile, then the directory is fsync'ed) before the
 * Result is sent and before the clone's spool is removed, so at every moment the agent holds
 * either the spool or the outcome. Only the last outcome is kept: the next BeginClone
 * discards it. Plain value type.
 */
#include "agent/StreamSpool.h"
#include "net/Messages.h"
#include "restore/RestorePipeline.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace st {

struct OutcomeRecord {
    QString cloneId;
    QString sourceHost;
    QByteArray primaryFingerprint;
    qint64 streamBytes = 0;         // compressed bytes the agent held when the clone ended
    msg::ResultMsg result;          // exactly what the Result message carries
    QList<msg::ReportItem> removed; // sent as ReportItems{kind "removed"} before the Result

    /** The outcome of the clone @p meta from the restore's result; @p streamBytes as held in the spool. */
    static OutcomeRecord fromRestore(const SpoolMeta &meta, qint64 streamBytes, const Result<RestoreReport> &restore);
    /** True when a Resume or Cancel from @p fingerprint for @p cloneId/@p sourceHost names this clone. */
    bool matches(const QString &id, const QString &host, const QByteArray &fingerprint) const;

    QJsonObject toJson() const;
    static Result<OutcomeRecord> fromJson(const QJsonObject &o);

    /** Writes the outcome durably into @p dir (replacing an older one). */
    Status save(const QString &dir) const;
    /** The outcome stored in @p dir; nullopt when there is none; an error when it is damaged. */
    static Result<std::optional<OutcomeRecord>> load(const QString &dir);
    static void discard(const QString &dir);
};

}  // namespace st
