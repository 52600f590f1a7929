// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What happened to each component of an install or a rollback, action by action and
 * check by check: what the agent answers, the Primary shows, and the report keeps. The agent's
 * list of installed components uses it too (state Installed, its actions Done).
 *
 * parse() takes a peer's bytes: every field is checked, with limits (steps, text lengths).
 * Plain value types; thread-safe.
 */
#include "util/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace st {

struct ComponentStep {
    enum class State { NotRun, Done, Failed, Undone, Skipped };
    QString what;  // describeAction() or "check: " + describeCheck()
    State state = State::NotRun;
};

struct ComponentOutcome {
    enum class State { Installed, AlreadyInstalled, Failed, RolledBack, NotRun };
    static constexpr qsizetype kMaxSteps = 264;  // actions and checks of one manifest
    QString id;
    QString version;
    QString previousVersion;  // an upgrade, or the version a rollback went back from
    QString description;
    QString signer;           // the key's fingerprint
    State state = State::NotRun;
    QList<ComponentStep> steps;
    QString error;            // Failed: why; RolledBack: why, when it was a failure
    QString installedAt;      // ISO 8601 UTC, in the agent's list
    qint64 bytes = 0;         // the bundle's files (an offered component: what installing it brings)

    QJsonObject toJson() const;
    static Result<ComponentOutcome> parse(const QJsonObject &o);
};

/** "installed", "already installed", "failed", "rolled back", "not run". */
QString componentStateName(ComponentOutcome::State state);
/** "not run", "done", "failed", "undone", "skipped". */
QString stepStateName(ComponentStep::State state);

/** A list of outcomes as JSON and back (at most kMaxComponents). */
inline constexpr qsizetype kMaxComponents = 256;
QJsonArray outcomesToJson(const QList<ComponentOutcome> &outcomes);
Result<QList<ComponentOutcome>> parseOutcomes(const QJsonValue &v, const QString &what);

}  // namespace st
