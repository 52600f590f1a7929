// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The catalog of common server applications: how to detect them and what to protect.
 *
 * Shipped as resources/catalog/applications.json (embedded as ":/catalog/applications.json").
 * Schema (version 1):
 * {
 *   "version": 1,
 *   "applications": [ {
 *     "id": "postgresql",  (required, unique, [a-z0-9._-])      "name": "PostgreSQL", (required)
 *     "detect": { "packages": [PATTERN...], "units": [PATTERN...], "binaries": [NAME...] },
 *     "program": [PATH...], "config": [PATH...], "data": [PATH...], "exclude": [GLOB...],
 *     "freeze": HOOK, "thaw": HOOK,   (as in the profile: core/profile/ProtectionProfile.h)
 *     "note": "..." } ]
 * }
 * PATTERNs are shell wildcards ("postgresql-[0-9]*"); PATHs are absolute Debian 12 paths.
 * detectInstalled() reports an application when any of its packages is installed, any of its
 * unit files is present or any of its binaries is found, with every piece of evidence.
 * toProfileApplications() turns detected applications into profile entries: program and
 * configuration included, data listed (so it is excluded) unless opted in, every path
 * optional (versions differ), hooks as suggested. Immutable after loading: thread-safe.
 */
#include "profile/ProtectionProfile.h"
#include "quiesce/SystemFacts.h"
#include "util/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace st {

struct CatalogApplication {
    QString id;
    QString name;
    QString note;
    QStringList packages;  // wildcard patterns
    QStringList units;     // wildcard patterns
    QStringList binaries;  // plain names
    QList<QByteArray> program;
    QList<QByteArray> config;
    QList<QByteArray> data;
    QList<QByteArray> exclude;
    QuiesceHook freeze;
    QuiesceHook thaw;
};

struct DetectedApplication {
    CatalogApplication application;
    QStringList evidence;  // "package openssh-server installed", "unit ssh.service present", "binary /usr/sbin/sshd found"
};

struct AdoptOptions {
    bool includeData = false;     // opt the applications' data in
    bool suggestedHooks = true;   // take the catalog's freeze/thaw suggestions
};

class ApplicationCatalog {
public:
    static constexpr const char *kResourcePath = ":/catalog/applications.json";

    /** @p origin names the source in errors. */
    static Result<ApplicationCatalog> fromJson(const QByteArray &json, const QString &origin);
    static Result<ApplicationCatalog> load(const QString &fileName);
    /** The embedded catalog (resources/catalog.qrc must be linked into the executable). */
    static Result<ApplicationCatalog> builtIn();

    const QList<CatalogApplication> &applications() const { return m_applications; }
    const CatalogApplication *find(const QString &id) const;

    /** The catalog's applications installed according to @p facts, in catalog order. */
    Result<QList<DetectedApplication>> detectInstalled(const SystemFacts &facts) const;

    static QList<ProtectedApplication> toProfileApplications(const QList<DetectedApplication> &detected,
                                                             const AdoptOptions &options = {});
    /** Appends the detected applications whose id the profile does not have yet; returns how many. */
    static int adoptInto(ProtectionProfile &profile, const QList<DetectedApplication> &detected,
                         const AdoptOptions &options = {});

private:
    QList<CatalogApplication> m_applications;
};

}  // namespace st
