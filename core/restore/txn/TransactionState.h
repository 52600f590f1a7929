// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Where a journaled apply stands, kept durably in its directory (state.json) so that
 * the next boot, or the next agent, continues it in the right direction.
 *
 *   Staged ──apply──> Applying ──> Applied ──commit──> (gone)
 *                        │            │
 *                        └─error──┐   └─rollback──> RollingBack ──> RolledBack
 *                                 └──────────────────────┘                 (gone on discard)
 *   Failed: a rollback that could not finish (the error says what to restore by hand).
 *
 * A power cut in Applying continues forward, one in RollingBack continues back: every step
 * can tell whether it happened (ApplyStep), so the phase is all that needs to be durable.
 * Plain value type.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace st::txn {

enum class Phase { Staged, Applying, Applied, RollingBack, RolledBack, Failed };

QString phaseName(Phase phase);

struct TransactionState {
    Phase phase = Phase::Staged;
    QString cloneId;
    QString sourceHost;
    QList<QByteArray> protectedPaths;  // root-relative, never touched (the agent's, the host's kept files)
    int attempts = 0;                  // times an apply started (a boot that began applying)
    QString error;                     // why the last apply was rolled back, or why a rollback failed
    bool rollbackRequested = false;    // Applied: roll back at the next boot (the engineer's or the Primary's request)
    bool hostFinished = false;         // Applied / RolledBack: the host's own steps after it (boot files regenerated) ran
    QDateTime changed;                 // UTC, when the phase last changed

    QByteArray toJson() const;
    static Result<TransactionState> fromJson(const QByteArray &json);

    static constexpr const char *kFileName = "state.json";
    /** Writes state.json into the transaction directory @p dirFd durably. */
    Status save(int dirFd) const;
    static Result<TransactionState> load(int dirFd);
};

}  // namespace st::txn
