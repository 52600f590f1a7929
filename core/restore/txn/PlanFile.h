// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The plan of a journaled apply on disk: written once, durably, before the first step
 * runs, and read back by every later run (the next boot, a rollback).
 *
 *   servertwin-apply-plan 1 <entries applied>
 *   <one ApplyStep line per step>
 *   end <SHA-256 of every byte before this line, hex>
 *
 * A plan without its trailer, or whose trailer does not match, is refused: it was never
 * completely written, so no step of it can have run. Free functions, no state.
 */
#include "restore/txn/ApplyStep.h"

#include <QList>

namespace st::txn {

struct Plan {
    QList<ApplyStep> steps;
    qint64 entriesApplied = 0;  // manifest entries the plan brings into the root (for the report)
};

QByteArray serializePlan(const Plan &plan);
Result<Plan> parsePlan(const QByteArray &text);

}  // namespace st::txn
