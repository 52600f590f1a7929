// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/SystemMessages.h"

#include "net/JsonFields.h"

#include <QJsonArray>

namespace st::msg {

namespace {
using detail::Fields;
constexpr qsizetype kBootIdLength = 36;  // 8-4-4-4-12 hex digits
constexpr qsizetype kMaxUnitName = 256;
constexpr qint64 kMaxDelayMs = 3'600'000;

void checkBootId(Fields &f, const QString &id)
{
    if (!f.ok())
        return;
    static const auto isHexOrDash = [](QChar c) { return c == QLatin1Char('-') || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f')); };
    if (id.size() != kBootIdLength || !std::all_of(id.begin(), id.end(), isHexOrDash))
        f.fail("bootId", QStringLiteral("is not a boot id"));
}
}  // namespace

QJsonObject SystemStatus::toJson() const
{
    return {{QStringLiteral("bootId"), bootId},
            {QStringLiteral("simulatedBoot"), simulatedBoot},
            {QStringLiteral("host"), host},
            {QStringLiteral("uptimeMs"), static_cast<double>(uptimeMs)},
            {QStringLiteral("systemState"), systemState},
            {QStringLiteral("failedUnits"), QJsonArray::fromStringList(failedUnits)},
            {QStringLiteral("agentVersion"), agentVersion},
            {QStringLiteral("bootLog"), QJsonArray::fromStringList(bootLog)},
            {QStringLiteral("clones"), [this] {
                 QJsonArray a;
                 for (const StagedClone &c : clones)
                     a.append(c.toJson());
                 return a;
             }()}};
}

Result<SystemStatus> SystemStatus::parse(const QJsonObject &o)
{
    Fields f(o, "system.status");
    SystemStatus m;
    m.bootId = f.text("bootId", kBootIdLength);
    checkBootId(f, m.bootId);
    m.simulatedBoot = f.boolean("simulatedBoot");
    m.host = f.text("host", 255);
    m.uptimeMs = f.number("uptimeMs");
    m.systemState = f.text("systemState", 32);
    m.failedUnits = f.texts("failedUnits", kMaxFailedUnits, kMaxUnitName);
    m.agentVersion = f.text("agentVersion", 64);
    m.bootLog = f.texts("bootLog", kMaxLogLines);
    if (f.has("clones"))
        for (const QJsonValue &v : f.array("clones", kMaxClones)) {
            auto c = StagedClone::parse(v.toObject());
            if (!c)
                return c.error();
            m.clones.append(*c);
        }
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject StagedClone::toJson() const
{
    return {{QStringLiteral("cloneId"), cloneId},
            {QStringLiteral("sourceHost"), sourceHost},
            {QStringLiteral("phase"), phase},
            {QStringLiteral("attempts"), attempts},
            {QStringLiteral("error"), error},
            {QStringLiteral("rollbackRequested"), rollbackRequested},
            {QStringLiteral("hostFinished"), hostFinished}};
}

Result<StagedClone> StagedClone::parse(const QJsonObject &o)
{
    Fields f(o, "system.status clone");
    StagedClone m;
    m.cloneId = f.text("cloneId", 64);
    m.sourceHost = f.text("sourceHost", 255);
    m.phase = f.text("phase", 32);
    m.attempts = static_cast<int>(f.number("attempts", 0, 1000));
    m.error = f.text("error", 4096);
    m.rollbackRequested = f.boolean("rollbackRequested");
    m.hostFinished = f.boolean("hostFinished");
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject CloneRef::toJson() const
{
    return {{QStringLiteral("cloneId"), cloneId}};
}

Result<CloneRef> CloneRef::parse(const QJsonObject &o, const char *operation)
{
    Fields f(o, operation);
    CloneRef m;
    m.cloneId = f.text("cloneId", 64);
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject RebootRequest::toJson() const
{
    return {{QStringLiteral("reason"), reason}};
}

Result<RebootRequest> RebootRequest::parse(const QJsonObject &o)
{
    Fields f(o, "system.reboot");
    RebootRequest m;
    m.reason = f.text("reason", 512);
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject RebootAccepted::toJson() const
{
    return {{QStringLiteral("bootId"), bootId}, {QStringLiteral("simulated"), simulated},
            {QStringLiteral("goingDownInMs"), static_cast<double>(goingDownInMs)}};
}

Result<RebootAccepted> RebootAccepted::parse(const QJsonObject &o)
{
    Fields f(o, "system.reboot");
    RebootAccepted m;
    m.bootId = f.text("bootId", kBootIdLength);
    checkBootId(f, m.bootId);
    m.simulated = f.boolean("simulated");
    m.goingDownInMs = f.number("goingDownInMs", 0, kMaxDelayMs);
    if (!f.ok())
        return f.error();
    return m;
}

}  // namespace st::msg
