// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/txn/TransactionState.h"

#include "util/DurableFile.h"
#include "util/RawPath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <array>
#include <utility>

namespace st::txn {

namespace {
constexpr std::array<std::pair<Phase, const char *>, 6> kPhases{{
    {Phase::Staged, "staged"},
    {Phase::Applying, "applying"},
    {Phase::Applied, "applied"},
    {Phase::RollingBack, "rolling-back"},
    {Phase::RolledBack, "rolled-back"},
    {Phase::Failed, "failed"},
}};
}  // namespace

QString phaseName(Phase phase)
{
    for (const auto &[p, name] : kPhases)
        if (p == phase)
            return QString::fromLatin1(name);
    return QStringLiteral("unknown");
}

QByteArray TransactionState::toJson() const
{
    QJsonArray kept;
    for (const QByteArray &p : protectedPaths)
        kept.append(QString::fromLatin1(escapePath(p)));
    QJsonObject o{
        {QStringLiteral("version"), 1},
        {QStringLiteral("phase"), phaseName(phase)},
        {QStringLiteral("cloneId"), cloneId},
        {QStringLiteral("sourceHost"), sourceHost},
        {QStringLiteral("protectedPaths"), kept},
        {QStringLiteral("attempts"), attempts},
        {QStringLiteral("error"), error},
        {QStringLiteral("rollbackRequested"), rollbackRequested},
        {QStringLiteral("hostFinished"), hostFinished},
        {QStringLiteral("changed"), changed.toUTC().toString(Qt::ISODateWithMs)},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

Result<TransactionState> TransactionState::fromJson(const QByteArray &json)
{
    const auto bad = [](const QString &why) {
        return makeError(ErrorCode::Io, QStringLiteral("damaged apply state (%1): %2").arg(QString::fromLatin1(kFileName), why));
    };
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return bad(parseError.errorString());
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("version")).toInt() != 1)
        return bad(QStringLiteral("unknown version"));
    TransactionState s;
    const QString phase = o.value(QStringLiteral("phase")).toString();
    bool known = false;
    for (const auto &[p, name] : kPhases)
        if (phase == QLatin1String(name)) {
            s.phase = p;
            known = true;
        }
    if (!known)
        return bad(QStringLiteral("unknown phase \"%1\"").arg(phase));
    s.cloneId = o.value(QStringLiteral("cloneId")).toString();
    s.sourceHost = o.value(QStringLiteral("sourceHost")).toString();
    for (const QJsonValue &v : o.value(QStringLiteral("protectedPaths")).toArray()) {
        const auto path = unescapePath(v.toString().toLatin1());
        if (!path)
            return bad(QStringLiteral("a malformed protected path"));
        s.protectedPaths.append(*path);
    }
    s.attempts = o.value(QStringLiteral("attempts")).toInt();
    s.error = o.value(QStringLiteral("error")).toString();
    s.rollbackRequested = o.value(QStringLiteral("rollbackRequested")).toBool();
    s.hostFinished = o.value(QStringLiteral("hostFinished")).toBool();
    s.changed = QDateTime::fromString(o.value(QStringLiteral("changed")).toString(), Qt::ISODateWithMs);
    return s;
}

Status TransactionState::save(int dirFd) const
{
    return writeFileDurably(dirFd, kFileName, toJson());
}

Result<TransactionState> TransactionState::load(int dirFd)
{
    Result<QByteArray> text = readSmallFile(dirFd, kFileName, 1 << 20);
    if (!text)
        return text.error();
    return fromJson(*text);
}

}  // namespace st::txn
