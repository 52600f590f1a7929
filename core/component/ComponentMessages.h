// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The bodies of the components.* operations (net/Operation.h's envelope).
 *
 *   components.upload   {bundle, path, offset, size, data(base64)} -> {received}
 *       One chunk of one file of a bundle the Primary verified, into the agent's incoming
 *       area; chunks of a file come in order (offset = what the agent has), so an upload
 *       can be pipelined and a lost one is noticed. `size` is the whole file's.
 *   components.install  {bundles[], trustedKeys[] (PEM), hardwareSupport} -> InstallReply
 *       Events "progress" {component, components, id, step, steps, what} and "log" {line}.
 *   components.list     {} -> ListReply (installed, offered, busy, the last install's outcome)
 *   components.rollback {} -> {outcomes}: what was rolled back, newest first
 *   components.cancel   {} -> {cancelled}: whether an install was running
 *
 * parse() takes a peer's bytes: every field checked, with limits named in the error.
 * Plain value types; thread-safe.
 */
#include "component/ComponentInstaller.h"
#include "component/ComponentOutcome.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace st::comp {

/** A bundle's name on the agent while it is uploaded: 16 to 64 of [a-z0-9]. */
bool isUploadToken(const QString &token);

struct UploadRequest {
    static constexpr qsizetype kMaxChunk = 512 << 10;  // base64 of it stays under a control frame
    QString bundle;  // isUploadToken
    QString path;    // relative to the bundle: manifest.json, manifest.sig, signer.pub or a listed file
    qint64 offset = 0;
    qint64 size = 0;  // the whole file
    QByteArray data;
    QJsonObject toJson() const;
    static Result<UploadRequest> parse(const QJsonObject &o);
};

struct InstallRequest {
    static constexpr qsizetype kMaxBundles = 64;
    static constexpr qsizetype kMaxKeys = 32;
    QStringList bundles;            // upload tokens, in the order given (the agent orders by dependencies)
    QList<QByteArray> trustedKeys;  // PEM public keys the Primary trusts
    bool hardwareSupport = false;   // also the Secondary's own hardware-support component, when it offers one
    QJsonObject toJson() const;
    static Result<InstallRequest> parse(const QJsonObject &o);
};

struct InstallReply {
    QList<ComponentOutcome> outcomes;
    QString error;  // empty when every component installed (or was installed already)
    QString token;  // the install's first bundle token (to match "last" in a later list)
    QJsonObject toJson() const;
    static Result<InstallReply> parse(const QJsonObject &o);
};

struct ListReply {
    QList<ComponentOutcome> installed;  // in install order
    QList<ComponentOutcome> offered;    // state NotRun: what this Secondary offers (its hardware support)
    bool busy = false;                  // an install or rollback is running
    std::optional<InstallReply> last;   // the last install's outcome since the agent started
    QJsonObject toJson() const;
    static Result<ListReply> parse(const QJsonObject &o);
};

QJsonObject progressEvent(const ComponentProgress &p);
Result<ComponentProgress> parseProgressEvent(const QJsonObject &o);

}  // namespace st::comp
