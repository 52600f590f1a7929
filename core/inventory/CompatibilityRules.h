// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The compatibility rules between the Primary's and the Secondary's inventories, each
 * with a level and a one-line reason for the engineer:
 *   architecture and firmware mode differ: Block;   OS release differs: Block;
 *   a filesystem of the Secondary cannot take the part of the protection set that lands on
 *   it: Block;   fewer NICs than the Primary's roles need: Block;   clock offset over 60 s:
 *   Block;   CPU count or memory outside +-25 %: Warn;   virtualisation or hardware vendor
 *   differs: Info.   A rule whose facts are unknown says so (Warn, or Info for the clock).
 * The blocking rules are checked again before a clone (blockingOnly). Free functions,
 * thread-safe.
 */
#include "inventory/Inventory.h"

#include <QHash>
#include <optional>

namespace st::inv {

enum class RuleLevel { Pass, Info, Warn, Block };
/** "pass", "info", "warn", "block". */
QString ruleLevelName(RuleLevel level);
std::optional<RuleLevel> ruleLevelFromName(const QString &name);

struct RuleOutcome {
    QString rule;       // stable id: "architecture", "firmware", "os", "disk-space", "nics", "clock", "cpus", "memory", "virtualization", "vendor"
    QString title;      // "Architecture"
    RuleLevel level = RuleLevel::Pass;
    QString primary;    // the Primary's value as compared
    QString secondary;  // the Secondary's
    QString reason;     // one line: why this level and what to do
};

struct CompareContext {
    /** Bytes of the protection set per include root ("/usr" -> bytes), from the Primary's scan;
     *  empty: the disk-space rule uses protectionSetBytes against all the filesystems that hold it. */
    QHash<QString, qint64> bytesByPath;
    qint64 protectionSetBytes = -1;  // -1: unknown
    /** Secondary clock minus Primary clock, measured over the link; nullopt: not measured. */
    std::optional<qint64> clockOffsetMs;
    qint64 clockUncertaintyMs = 0;   // half the round trip of the measurement
    /** NICs the Primary's roles need; -1: the Primary's NICs that carry an address (or, where
     *  addresses are unknown, that have a link). */
    int nicsNeeded = -1;
};

constexpr qint64 kMaxClockOffsetMs = 60'000;
constexpr double kSizeTolerance = 0.25;

QList<RuleOutcome> compareInventories(const Inventory &primary, const Inventory &secondary, const CompareContext &context);

/** Only the rules that can block (checked before a clone). */
QList<RuleOutcome> blockingRules(const Inventory &primary, const Inventory &secondary, const CompareContext &context);

bool anyBlock(const QList<RuleOutcome> &outcomes);
/** "architecture: ...; disk space: ..." of the blocking outcomes, for a one-line refusal. */
QString blockSummary(const QList<RuleOutcome> &outcomes);

/** The NICs the Primary's roles need by the default above. */
int defaultNicsNeeded(const Inventory &primary);

QJsonObject outcomeToJson(const RuleOutcome &outcome);
Result<RuleOutcome> outcomeFromJson(const QJsonObject &o);

}  // namespace st::inv
