// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief A component bundle's manifest (manifest.json, the part the signature covers): what
 * the component is (id, Debian-style version, description), what it needs and excludes
 * (depends, conflicts: other components' ids), its actions in order, and every file of the
 * bundle with its size and SHA-256, so that a verified signature over the manifest covers the
 * whole bundle.
 *
 * Actions: "deb" (install a .deb of the bundle with dpkg), "file" (place a file of the bundle
 * at an absolute path with owner, group and mode), "unit" (enable and start a systemd unit),
 * "script" (run a script of the bundle; its undo script runs on rollback).
 *
 * parse() takes untrusted bytes: every field is checked for type, size and form, with limits
 * far below the machine's memory, and the first fault is returned in one line naming the
 * field. Plain value type; thread-safe as values are.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace st {

struct ComponentAction {
    enum class Kind { Deb, File, Unit, Script };
    Kind kind = Kind::File;
    QString file;    // the bundle's file: the .deb, the file to place, the script
    QString undo;    // script: the bundle's undo script
    QString target;  // file: absolute destination
    QString owner = QStringLiteral("root");
    QString group = QStringLiteral("root");
    int mode = 0644;
    QString unit;    // unit: "name.service"
    bool start = true;  // unit: start it as well as enable it
};

/** What must hold once the actions are done; a failed check fails the install (rolled back). */
struct ComponentCheck {
    enum class Kind { UnitActive, Package, Path, Script };
    Kind kind = Kind::Path;
    QString value;  // the unit, the package, the absolute path, or the bundle's script
};

struct BundleFile {
    QString path;       // relative to the bundle, "debs/tool_1.0_amd64.deb"
    qint64 size = 0;
    QByteArray sha256;  // 32 bytes
};

struct ComponentManifest {
    static constexpr int kFormat = 1;
    static constexpr qint64 kMaxBytes = 1 << 20;
    static constexpr int kMaxFiles = 2000;
    static constexpr int kMaxActions = 200;
    static constexpr int kMaxChecks = 64;
    static constexpr int kMaxRelations = 64;
    static constexpr qint64 kMaxFileBytes = qint64(4) << 30;

    QString id;           // lower-case words: "site-monitoring"
    QString version;      // Debian version: "1.2-1"
    QString description;  // one line
    QStringList depends;  // component ids
    QStringList conflicts;
    QList<ComponentAction> actions;
    QList<ComponentCheck> checks;
    QList<BundleFile> files;

    /** The bundle file at @p path, or null. */
    const BundleFile *file(const QString &path) const;
    /** Bytes of all the bundle's files. */
    qint64 payloadBytes() const;

    static Result<ComponentManifest> parse(const QByteArray &json);
    /** Canonical JSON (sorted keys, compact): what pack signs and writes. */
    QByteArray toJson() const;
};

/** A path inside a bundle: relative, plain names, no ".", "..", nor the bundle's own files
 *  (manifest.json, manifest.sig, signer.pub). */
bool isBundlePath(const QString &path);
/** One line for people: "unit agent.service is active", "package tool is installed". */
QString describeCheck(const ComponentCheck &check);
/** "deb", "file", "unit", "script". */
QString actionKindName(ComponentAction::Kind kind);
/** One line for people: "install tool_1.0_amd64.deb", "place /etc/x.conf (root:root 0644)". */
QString describeAction(const ComponentAction &action);

}  // namespace st
