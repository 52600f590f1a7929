// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The protection set as written in a JSON profile: what to clone from the Primary.
 *
 * Schema (version 1; every key optional unless marked):
 * {
 *   "version": 1,                              (required)
 *   "name": "Debian server",
 *   "sourceRoot": "/",                          default "/"
 *   "os":      { "include": [PATH...], "exclude": [GLOB...] },
 *   "product": { "include": [PATH...], "exclude": [GLOB...] },
 *   "applications": [ { "id": "postgresql", "name": "PostgreSQL",
 *                       "program": [PATH...], "config": [PATH...], "data": [PATH...],
 *                       "includeData": false, "exclude": [GLOB...],
 *                       "freeze": HOOK, "thaw": HOOK } ],
 *   "include": [PATH...],  "exclude": [GLOB...],
 *   "includeApplicationData": false
 * }
 * PATH is a string "/etc" (must exist under sourceRoot) or {"path": "/srv", "optional": true}.
 * HOOK quiesces the application around the snapshot: {"command": [ARG...] (required, argv run
 * without a shell, non-empty), "timeoutSeconds": 60 (1..3600)}; freeze runs before the
 * snapshot in profile order, thaw after it in reverse order (core/quiesce/Quiescer.h).
 * Unknown keys, wrong types, bad globs and missing required paths are errors that name the
 * key ("applications[0].dta") or the path. Plain value type.
 */
#include "profile/ChecklistItems.h"
#include "util/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace st {

struct PathSpec {
    QByteArray path;  // as written, raw bytes (UTF-8 from JSON), e.g. "/etc"
    bool optional = false;
};

/** A freeze or thaw command; an empty command means none is declared. */
struct QuiesceHook {
    QStringList command;  // argv
    int timeoutSeconds = 60;

    bool isSet() const { return !command.isEmpty(); }
    bool operator==(const QuiesceHook &) const = default;

    /** Reads a HOOK object; errors (ErrorCode::Profile) name @p key ("applications[0].freeze") but no origin. */
    static Result<QuiesceHook> fromJson(const QJsonValue &value, const QString &key);
    QJsonObject toJson() const;
};

struct ProtectedApplication {
    QString id;
    QString name;
    QList<PathSpec> program;
    QList<PathSpec> config;
    QList<PathSpec> data;
    QList<QByteArray> exclude;
    bool includeData = false;
    QuiesceHook freeze;
    QuiesceHook thaw;
};

struct ProtectionProfile {
    QString name;
    QByteArray sourceRoot = QByteArrayLiteral("/");
    QList<PathSpec> osInclude;
    QList<QByteArray> osExclude;
    QList<PathSpec> productInclude;
    QList<QByteArray> productExclude;
    QList<ProtectedApplication> applications;
    QList<PathSpec> include;
    QList<QByteArray> exclude;
    bool includeApplicationData = false;
    QList<ChecklistItem> checklist;  // the hardware checklist's items this profile adds to the shipped ones
    /** Where the profile came from, for messages ("debian-server.json"); set by fromJson(), not serialised. */
    QString origin;

    /** @p origin names the source in errors (a file name, "built-in demo"). */
    static Result<ProtectionProfile> fromJson(const QByteArray &json, const QString &origin);
    static Result<ProtectionProfile> load(const QString &fileName);
    QByteArray toJson() const;
};

}  // namespace st
