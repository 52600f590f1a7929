// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/CloneReport.h"

#include "util/RawPath.h"
#include "util/Version.h"
#include "util/HumanBytes.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace st {

namespace {
QJsonArray pathList(const QList<ReportPath> &paths)
{
    QJsonArray out;
    for (const ReportPath &p : paths)
        out.append(QJsonObject{{QStringLiteral("path"), displayPath(p.path)}, {QStringLiteral("reason"), p.reason}});
    return out;
}
QJsonArray rawList(const QList<QByteArray> &paths)
{
    QJsonArray out;
    for (const QByteArray &p : paths)
        out.append(displayPath(p));
    return out;
}
}  // namespace

QString formatBytes(qint64 bytes)
{
    return humanBytes(bytes);
}

QString formatDuration(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1.%2 s").arg(s).arg((ms % 1000) / 100);
    return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

void CloneReport::setOutcome(const Status &status, qint64 elapsedMs)
{
    ok = status.ok();
    if (!status.ok())
        error = status.error();
    totalMs = elapsedMs;
}

QJsonObject CloneReport::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("tool"), QStringLiteral("servertwin"));
    o.insert(QStringLiteral("version"), productVersion());
    o.insert(QStringLiteral("kind"), kind);
    o.insert(QStringLiteral("ok"), ok);
    o.insert(QStringLiteral("finishedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (!ok)
        o.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), errorCodeName(error.code)},
                                                      {QStringLiteral("message"), error.message}});
    QJsonArray inc, exc;
    for (const QByteArray &i : includes)
        inc.append(QStringLiteral("/") + displayPath(i));
    for (const QByteArray &e : excludes)
        exc.append(displayPath(e));
    o.insert(QStringLiteral("source"), QJsonObject{{QStringLiteral("host"), sourceHost},
                                                   {QStringLiteral("root"), displayPath(sourceRoot)},
                                                   {QStringLiteral("includes"), inc},
                                                   {QStringLiteral("excludes"), exc}});
    if (!secondaryAddress.isEmpty())
        o.insert(QStringLiteral("secondary"), QJsonObject{{QStringLiteral("address"), secondaryAddress},
                                                          {QStringLiteral("host"), secondaryHost},
                                                          {QStringLiteral("os"), secondaryOs},
                                                          {QStringLiteral("fingerprint"), QString::fromLatin1(secondaryFingerprint.toHex())}});
    if (!outputFile.isEmpty())
        o.insert(QStringLiteral("outputFile"), outputFile);
    if (!snapshot.isEmpty())
        o.insert(QStringLiteral("snapshot"), QJsonObject{{QStringLiteral("providers"), snapshot},
                                                         {QStringLiteral("freezeWindowMs"), static_cast<double>(freezeWindowMs)},
                                                         {QStringLiteral("quiesce"), QJsonArray::fromStringList(quiesceLog)},
                                                         {QStringLiteral("leftoversRemoved"), QJsonArray::fromStringList(leftoverSnapshotsRemoved)}});
    o.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(warnings));
    const double ratio = compressedBytes > 0 ? static_cast<double>(tarBytes) / static_cast<double>(compressedBytes) : 0;
    o.insert(QStringLiteral("counts"), QJsonObject{{QStringLiteral("entries"), static_cast<double>(entries)},
                                                   {QStringLiteral("files"), static_cast<double>(files)},
                                                   {QStringLiteral("bytes"), static_cast<double>(bytes)},
                                                   {QStringLiteral("tarBytes"), static_cast<double>(tarBytes)},
                                                   {QStringLiteral("compressedBytes"), static_cast<double>(compressedBytes)},
                                                   {QStringLiteral("compressionRatio"), ratio},
                                                   {QStringLiteral("skipped"), static_cast<double>(skipped.size())},
                                                   {QStringLiteral("changedWhileRead"), static_cast<double>(changedWhileRead.size())},
                                                   {QStringLiteral("removed"), static_cast<double>(std::max<qint64>(removedCount, removed.size()))}});
    o.insert(QStringLiteral("stagedForReboot"), stagedForReboot);
    if (kind == QStringLiteral("clone"))
        o.insert(QStringLiteral("resume"), QJsonObject{{QStringLiteral("reconnects"), static_cast<double>(reconnects)},
                                                       {QStringLiteral("resentBytes"), static_cast<double>(resentBytes)}});
    o.insert(QStringLiteral("durationsMs"), QJsonObject{{QStringLiteral("scan"), static_cast<double>(scanMs)},
                                                        {QStringLiteral("transfer"), static_cast<double>(transferMs)},
                                                        {QStringLiteral("receive"), static_cast<double>(receiveMs)},
                                                        {QStringLiteral("verify"), static_cast<double>(verifyMs)},
                                                        {QStringLiteral("apply"), static_cast<double>(applyMs)},
                                                        {QStringLiteral("total"), static_cast<double>(totalMs)}});
    o.insert(QStringLiteral("skipped"), pathList(skipped));
    // Files that changed while they were read live and never held still: not from one point in time.
    o.insert(QStringLiteral("changedWhileRead"), rawList(changedWhileRead));
    o.insert(QStringLiteral("removed"), pathList(removed));
    return o;
}

Status CloneReport::writeJson(const QString &fileName) const
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot write the report %1: %2").arg(fileName, file.errorString()));
    file.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write the report %1: %2").arg(fileName, file.errorString()));
    return {};
}

QString CloneReport::summaryText() const
{
    QString s;
    if (ok)
        s = QStringLiteral("%1 finished: %2 files, %3 (%4 compressed) in %5")
                .arg(kind).arg(files).arg(formatBytes(bytes), formatBytes(compressedBytes), formatDuration(totalMs));
    else
        s = QStringLiteral("%1 failed: %2").arg(kind, error.message);
    if (!skipped.isEmpty())
        s += QStringLiteral("; %1 skipped").arg(skipped.size());
    if (!snapshot.isEmpty())
        s += QStringLiteral("; read from: %1").arg(snapshot);
    if (!changedWhileRead.isEmpty())
        s += QStringLiteral("; %1 inconsistent (changed while read)").arg(changedWhileRead.size());
    if (stagedForReboot) {
        if (ok)
            s += QStringLiteral("; staged on the Secondary: applied at its next boot (servertwin-cli reboot)");
        if (removedCount > 0 || !removed.isEmpty())
            s += QStringLiteral("; %1 to be replaced or removed there, kept until the clone is confirmed").arg(std::max<qint64>(removedCount, removed.size()));
    } else if (removedCount > 0 || !removed.isEmpty()) {
        s += QStringLiteral("; %1 removed on the Secondary").arg(std::max<qint64>(removedCount, removed.size()));
    }
    if (reconnects > 0)
        s += QStringLiteral("; resumed %1 times after lost connections, %2 sent again").arg(reconnects).arg(formatBytes(resentBytes));
    return s;
}

}  // namespace st
