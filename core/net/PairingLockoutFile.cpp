// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/PairingLockoutFile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace st::PairingLockoutFile {

QString path(const QString &stateDir)
{
    return QDir(stateDir).filePath(QStringLiteral("pairing-lockout.json"));
}

Result<PairingGuard::Lockout> load(const QString &file)
{
    QFile f(file);
    if (!f.exists())
        return PairingGuard::Lockout{};
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read the pairing lockout %1: %2").arg(file, f.errorString()));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.read(4096), &error);
    const QJsonObject o = doc.object();
    PairingGuard::Lockout state;
    state.failures = o.value(QStringLiteral("failures")).toInt(-1);
    const QString until = o.value(QStringLiteral("lockedUntil")).toString();
    if (!until.isEmpty())
        state.lockedUntil = QDateTime::fromString(until, Qt::ISODate);
    if (error.error != QJsonParseError::NoError || !doc.isObject() || state.failures < 0 || (!until.isEmpty() && !state.lockedUntil.isValid()))
        return makeError(ErrorCode::Io, QStringLiteral("the pairing lockout %1 is damaged: remove it to start with a clean count").arg(file));
    return state;
}

Status save(const QString &file, const PairingGuard::Lockout &state)
{
    QJsonObject o{{QStringLiteral("failures"), state.failures}};
    if (state.lockedUntil.isValid())
        o.insert(QStringLiteral("lockedUntil"), state.lockedUntil.toUTC().toString(Qt::ISODate));
    QSaveFile f(file);
    if (!f.open(QIODevice::WriteOnly) || !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || f.write(QJsonDocument(o).toJson(QJsonDocument::Compact)) < 0 || !f.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot save the pairing lockout %1: %2").arg(file, f.errorString()));
    return {};
}

}  // namespace st::PairingLockoutFile
