// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/OutcomeRecord.h"

#include "agent/RestoreReportJson.h"
#include "util/RawPath.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <fcntl.h>
#include <unistd.h>

namespace st {

namespace {
constexpr qint64 kMaxOutcomeFile = 256ll << 20;  // a clone that removed millions of paths still fits

QString outcomePath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("outcome.json"));
}

void syncDirectory(const QString &dir)
{
    const QByteArray path = QFile::encodeName(dir);
    const int fd = ::open(path.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}
}  // namespace

OutcomeRecord OutcomeRecord::fromRestore(const SpoolMeta &meta, qint64 streamBytes, const Result<RestoreReport> &restore)
{
    OutcomeRecord r;
    r.cloneId = meta.cloneId;
    r.sourceHost = meta.sourceHost;
    r.primaryFingerprint = meta.primaryFingerprint;
    r.streamBytes = streamBytes;
    if (restore) {
        r.result.ok = true;
        r.result.report = restoreReportToJson(*restore);
        for (const RemovedPath &p : restore->apply.removed)
            r.removed.append({p.path, p.reason});
    } else {
        r.result.ok = false;
        r.result.code = errorCodeName(restore.error().code);
        r.result.message = restore.error().message;
    }
    return r;
}

bool OutcomeRecord::matches(const QString &id, const QString &host, const QByteArray &fingerprint) const
{
    return cloneId == id && sourceHost == host && primaryFingerprint == fingerprint;
}

QJsonObject OutcomeRecord::toJson() const
{
    QJsonArray items;
    for (const msg::ReportItem &i : removed)
        items.append(QJsonObject{{QStringLiteral("path"), QString::fromLatin1(escapePath(i.path))}, {QStringLiteral("reason"), i.reason}});
    return {{QStringLiteral("cloneId"), cloneId},
            {QStringLiteral("sourceHost"), sourceHost},
            {QStringLiteral("primaryFingerprint"), QString::fromLatin1(primaryFingerprint.toHex())},
            {QStringLiteral("streamBytes"), static_cast<double>(streamBytes)},
            {QStringLiteral("result"), result.toJson()},
            {QStringLiteral("removed"), items}};
}

Result<OutcomeRecord> OutcomeRecord::fromJson(const QJsonObject &o)
{
    const auto damaged = [] { return makeError(ErrorCode::Protocol, QStringLiteral("the recorded outcome of the last clone is damaged")); };
    OutcomeRecord r;
    r.cloneId = o.value(QStringLiteral("cloneId")).toString();
    r.sourceHost = o.value(QStringLiteral("sourceHost")).toString();
    r.primaryFingerprint = QByteArray::fromHex(o.value(QStringLiteral("primaryFingerprint")).toString().toLatin1());
    r.streamBytes = static_cast<qint64>(o.value(QStringLiteral("streamBytes")).toDouble(-1));
    auto result = msg::ResultMsg::parse(o.value(QStringLiteral("result")).toObject());
    if (r.cloneId.isEmpty() || r.primaryFingerprint.isEmpty() || r.streamBytes < 0 || !result)
        return damaged();
    r.result = *result;
    for (const QJsonValue &v : o.value(QStringLiteral("removed")).toArray()) {
        const QJsonObject item = v.toObject();
        const auto path = unescapePath(item.value(QStringLiteral("path")).toString().toLatin1());
        if (!path)
            return damaged();
        r.removed.append({*path, item.value(QStringLiteral("reason")).toString()});
    }
    return r;
}

Status OutcomeRecord::save(const QString &dir) const
{
    if (!QDir().mkpath(dir))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the resume directory %1").arg(dir));
    QSaveFile f(outcomePath(dir));
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(toJson()).toJson(QJsonDocument::Compact)) < 0 || !f.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot record the clone's outcome in %1").arg(outcomePath(dir)));
    syncDirectory(dir);  // the rename too survives a crash of the machine
    return {};
}

Result<std::optional<OutcomeRecord>> OutcomeRecord::load(const QString &dir)
{
    QFile f(outcomePath(dir));
    if (!f.exists())
        return std::optional<OutcomeRecord>();
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1").arg(f.fileName()));
    if (f.size() > kMaxOutcomeFile)
        return makeError(ErrorCode::Protocol, QStringLiteral("%1 is too large to be a clone's outcome").arg(f.fileName()));
    auto record = fromJson(QJsonDocument::fromJson(f.readAll()).object());
    if (!record)
        return record.error().withContext(f.fileName());
    return std::optional<OutcomeRecord>(std::move(*record));
}

void OutcomeRecord::discard(const QString &dir)
{
    QFile::remove(outcomePath(dir));
}

}  // namespace st
