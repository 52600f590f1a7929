// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/Messages.h"

#include "net/JsonFields.h"
#include "util/RawPath.h"

#include <QJsonArray>

#include <limits>

namespace st::msg {

namespace {
using detail::Fields;
using detail::kMaxText;
using detail::kMaxPath;
using detail::kMaxAttempt;

/** The optional "operations" object of Hello and Welcome. */
Status parseOperations(Fields &f, OperationSet *out)
{
    if (!f.ok() || !f.has("operations"))
        return {};
    const QJsonObject o = f.object("operations");
    if (!f.ok())
        return {};
    auto set = OperationSet::parse(o);
    if (!set)
        return set.error();
    *out = *set;
    return {};
}

QString escaped(const QByteArray &raw)
{
    return QString::fromLatin1(escapePath(raw));
}
}  // namespace

QJsonObject Hello::toJson() const
{
    return {{QStringLiteral("protocol"), protocol}, {QStringLiteral("product"), product},
            {QStringLiteral("version"), version}, {QStringLiteral("host"), host},
            {QStringLiteral("operations"), operations.toJson()}};
}

Result<Hello> Hello::parse(const QJsonObject &o)
{
    Fields f(o, "Hello");
    Hello m;
    m.protocol = static_cast<int>(f.number("protocol", 1, 1000));
    m.product = f.text("product", 64);
    m.version = f.text("version", 64);
    m.host = f.text("host", 255);
    if (Status s = parseOperations(f, &m.operations); !s)
        return s.error();
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject Welcome::toJson() const
{
    return {{QStringLiteral("protocol"), protocol}, {QStringLiteral("version"), version},
            {QStringLiteral("host"), host}, {QStringLiteral("os"), os},
            {QStringLiteral("paired"), paired}, {QStringLiteral("freeBytes"), static_cast<double>(freeBytes)},
            {QStringLiteral("bootId"), bootId}, {QStringLiteral("operations"), operations.toJson()}};
}

Result<Welcome> Welcome::parse(const QJsonObject &o)
{
    Fields f(o, "Welcome");
    Welcome m;
    m.protocol = static_cast<int>(f.number("protocol", 1, 1000));
    m.version = f.text("version", 64);
    m.host = f.text("host", 255);
    m.os = f.text("os", 255);
    m.paired = f.boolean("paired");
    m.freeBytes = f.number("freeBytes");
    if (f.has("bootId"))
        m.bootId = f.text("bootId", 64);
    if (Status s = parseOperations(f, &m.operations); !s)
        return s.error();
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject PairRequest::toJson() const
{
    return {{QStringLiteral("proof"), QString::fromLatin1(proof.toHex())}};
}

Result<PairRequest> PairRequest::parse(const QJsonObject &o)
{
    Fields f(o, "PairRequest");
    PairRequest m;
    m.proof = f.hex("proof", 32);
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject PairResult::toJson() const
{
    QJsonObject o{{QStringLiteral("ok"), ok}, {QStringLiteral("message"), message}, {QStringLiteral("code"), code}};
    if (ok)
        o.insert(QStringLiteral("proof"), QString::fromLatin1(proof.toHex()));
    return o;
}

Result<PairResult> PairResult::parse(const QJsonObject &o)
{
    Fields f(o, "PairResult");
    PairResult m;
    m.ok = f.boolean("ok");
    m.message = f.text("message");
    m.code = f.text("code", 64);
    if (m.ok)
        m.proof = f.hex("proof", 32);
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject BeginClone::toJson() const
{
    return {{QStringLiteral("cloneId"), cloneId}, {QStringLiteral("sourceHost"), sourceHost},
            {QStringLiteral("totalFiles"), static_cast<double>(totalFiles)},
            {QStringLiteral("totalBytes"), static_cast<double>(totalBytes)}, {QStringLiteral("attempt"), static_cast<double>(attempt)},
            {QStringLiteral("totalEntries"), static_cast<double>(totalEntries)},
            {QStringLiteral("allocatedBytes"), static_cast<double>(allocatedBytes)},
            {QStringLiteral("applyAtReboot"), applyAtReboot}};
}

namespace {
void checkCloneId(Fields &f, const QString &cloneId)
{
    if (!f.ok())
        return;
    for (const QChar c : cloneId)
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('-'))
            f.fail("cloneId", QStringLiteral("may hold only letters, digits and '-'"));
    if (cloneId.isEmpty())
        f.fail("cloneId", QStringLiteral("is empty"));
}
}  // namespace

Result<BeginClone> BeginClone::parse(const QJsonObject &o)
{
    Fields f(o, "BeginClone");
    BeginClone m;
    m.cloneId = f.text("cloneId", 64);
    m.sourceHost = f.text("sourceHost", 255);
    m.totalFiles = f.number("totalFiles");
    m.totalBytes = f.number("totalBytes");
    m.attempt = f.number("attempt", 1, kMaxAttempt);
    m.totalEntries = f.number("totalEntries");
    m.allocatedBytes = f.number("allocatedBytes");
    if (f.has("applyAtReboot"))
        m.applyAtReboot = f.boolean("applyAtReboot");
    checkCloneId(f, m.cloneId);
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject Resume::toJson() const
{
    return {{QStringLiteral("cloneId"), cloneId}, {QStringLiteral("sourceHost"), sourceHost}, {QStringLiteral("attempt"), static_cast<double>(attempt)}};
}

Result<Resume> Resume::parse(const QJsonObject &o)
{
    Fields f(o, "Resume");
    Resume m;
    m.cloneId = f.text("cloneId", 64);
    m.sourceHost = f.text("sourceHost", 255);
    m.attempt = f.number("attempt", 1, kMaxAttempt);
    checkCloneId(f, m.cloneId);
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject Resumed::toJson() const
{
    return {{QStringLiteral("offset"), static_cast<double>(offset)}, {QStringLiteral("complete"), complete}};
}

Result<Resumed> Resumed::parse(const QJsonObject &o)
{
    Fields f(o, "Resumed");
    Resumed m;
    m.offset = f.number("offset");
    m.complete = f.boolean("complete");
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject Resend::toJson() const
{
    return {{QStringLiteral("offset"), static_cast<double>(offset)}, {QStringLiteral("reason"), reason}};
}

Result<Resend> Resend::parse(const QJsonObject &o)
{
    Fields f(o, "Resend");
    Resend m;
    m.offset = f.number("offset");
    m.reason = f.text("reason");
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject Ready::toJson() const
{
    return {{QStringLiteral("freeBytes"), static_cast<double>(freeBytes)}};
}

Result<Ready> Ready::parse(const QJsonObject &o)
{
    Fields f(o, "Ready");
    Ready m;
    m.freeBytes = f.number("freeBytes");
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject EndData::toJson() const
{
    return {{QStringLiteral("compressedBytes"), static_cast<double>(compressedBytes)},
            {QStringLiteral("sha256"), QString::fromLatin1(sha256.toHex())}};
}

Result<EndData> EndData::parse(const QJsonObject &o)
{
    Fields f(o, "EndData");
    EndData m;
    m.compressedBytes = f.number("compressedBytes");
    m.sha256 = f.hex("sha256", 32);
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject Ack::toJson() const
{
    return {{QStringLiteral("accepted"), static_cast<double>(accepted)}};
}

Result<Ack> Ack::parse(const QJsonObject &o)
{
    Fields f(o, "Ack");
    Ack m;
    m.accepted = f.number("accepted");
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject Progress::toJson() const
{
    return {{QStringLiteral("stage"), stageName(stage)},
            {QStringLiteral("filesDone"), static_cast<double>(filesDone)},
            {QStringLiteral("filesTotal"), static_cast<double>(filesTotal)},
            {QStringLiteral("bytesDone"), static_cast<double>(bytesDone)},
            {QStringLiteral("bytesTotal"), static_cast<double>(bytesTotal)},
            {QStringLiteral("current"), escaped(current)}};
}

Result<Progress> Progress::parse(const QJsonObject &o)
{
    Fields f(o, "Progress");
    Progress m;
    const QString stage = f.text("stage", 32);
    if (f.ok()) {
        if (const std::optional<Stage> s = stageFromName(stage)) {
            m.stage = *s;
        } else {
            QString shown = stage;  // the peer's text, kept on one printable line
            for (QChar &c : shown)
                if (!c.isPrint())
                    c = QLatin1Char('?');
            f.fail("stage", QStringLiteral("is not a known stage name (\"%1\")").arg(shown));
        }
    }
    m.filesDone = f.number("filesDone");
    m.filesTotal = f.number("filesTotal");
    m.bytesDone = f.number("bytesDone");
    m.bytesTotal = f.number("bytesTotal");
    m.current = f.path(o.value(QStringLiteral("current")), "current");
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject ReportItems::toJson() const
{
    QJsonArray arr;
    for (const ReportItem &i : items)
        arr.append(QJsonObject{{QStringLiteral("path"), escaped(i.path)}, {QStringLiteral("reason"), i.reason}});
    return {{QStringLiteral("kind"), kind}, {QStringLiteral("items"), arr}};
}

Result<ReportItems> ReportItems::parse(const QJsonObject &o)
{
    Fields f(o, "ReportItems");
    ReportItems m;
    m.kind = f.text("kind", 32);
    const QJsonArray arr = f.array("items", kMaxItems);
    for (const QJsonValue &v : arr) {
        if (!f.ok())
            break;
        const QJsonObject item = v.toObject();
        ReportItem i;
        i.path = f.path(item.value(QStringLiteral("path")), "items.path");
        const QJsonValue reason = item.value(QStringLiteral("reason"));
        if (!reason.isString() || reason.toString().size() > kMaxText)
            f.fail("items.reason", QStringLiteral("must be a string"));
        i.reason = reason.toString();
        m.items.append(i);
    }
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject ResultMsg::toJson() const
{
    return {{QStringLiteral("ok"), ok}, {QStringLiteral("code"), code}, {QStringLiteral("message"), message},
            {QStringLiteral("report"), report}};
}

Result<ResultMsg> ResultMsg::parse(const QJsonObject &o)
{
    Fields f(o, "Result");
    ResultMsg m;
    m.ok = f.boolean("ok");
    m.code = f.text("code", 64);
    m.message = f.text("message");
    m.report = f.object("report");
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject Cancel::toJson() const
{
    QJsonObject o{{QStringLiteral("reason"), reason}};
    if (!cloneId.isEmpty())
        o.insert(QStringLiteral("cloneId"), cloneId);
    return o;
}

Result<Cancel> Cancel::parse(const QJsonObject &o)
{
    Fields f(o, "Cancel");
    Cancel m;
    m.reason = f.text("reason");
    m.cloneId = f.text("cloneId", 64, false);
    if (o.contains(QStringLiteral("cloneId")))
        checkCloneId(f, m.cloneId);
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject ErrorMsg::toJson() const
{
    return {{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
}

Result<ErrorMsg> ErrorMsg::parse(const QJsonObject &o)
{
    Fields f(o, "Error");
    ErrorMsg m;
    m.code = f.text("code", 64);
    m.message = f.text("message");
    if (!f.ok())
        return f.error();
    return m;
}

Error ErrorMsg::toError() const
{
    return makeError(errorCodeFromName(code), message);
}

ErrorCode errorCodeFromName(const QString &name)
{
    for (int c = 0; c <= static_cast<int>(ErrorCode::Internal); ++c)
        if (errorCodeName(static_cast<ErrorCode>(c)) == name)
            return static_cast<ErrorCode>(c);
    return ErrorCode::Protocol;
}

}  // namespace st::msg
