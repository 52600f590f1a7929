// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/ComponentMessages.h"

#include "component/ComponentManifest.h"
#include "net/JsonFields.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace st::comp {

using msg::detail::Fields;

bool isUploadToken(const QString &token)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]{16,64}$"));
    return re.match(token).hasMatch();
}

QJsonObject UploadRequest::toJson() const
{
    return QJsonObject{{QStringLiteral("bundle"), bundle},
                       {QStringLiteral("path"), path},
                       {QStringLiteral("offset"), static_cast<double>(offset)},
                       {QStringLiteral("size"), static_cast<double>(size)},
                       {QStringLiteral("data"), QString::fromLatin1(data.toBase64())}};
}

Result<UploadRequest> UploadRequest::parse(const QJsonObject &o)
{
    Fields f(o, "components.upload");
    UploadRequest r;
    r.bundle = f.text("bundle", 64);
    r.path = f.text("path", 255);
    r.size = f.number("size", 0, ComponentManifest::kMaxFileBytes);
    r.offset = f.number("offset", 0, r.size);
    const QString data = f.text("data", (kMaxChunk + 2) / 3 * 4);
    if (f.ok() && !isUploadToken(r.bundle))
        f.fail("bundle", QStringLiteral("must be 16 to 64 lower-case letters and digits"));
    const auto decoded = QByteArray::fromBase64Encoding(data.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (f.ok() && !decoded)
        f.fail("data", QStringLiteral("is not base64"));
    r.data = decoded.decoded;
    if (f.ok() && r.offset + r.data.size() > r.size)
        f.fail("data", QStringLiteral("runs past the file's size"));
    if (!f.ok())
        return f.error();
    return r;
}

QJsonObject InstallRequest::toJson() const
{
    QJsonArray keys;
    for (const QByteArray &k : trustedKeys)
        keys.append(QString::fromLatin1(k));
    return QJsonObject{{QStringLiteral("bundles"), QJsonArray::fromStringList(bundles)},
                       {QStringLiteral("trustedKeys"), keys},
                       {QStringLiteral("hardwareSupport"), hardwareSupport}};
}

Result<InstallRequest> InstallRequest::parse(const QJsonObject &o)
{
    Fields f(o, "components.install");
    InstallRequest r;
    r.bundles = f.texts("bundles", kMaxBundles, 64);
    for (const QString &k : f.texts("trustedKeys", kMaxKeys, 1024))
        r.trustedKeys.append(k.toLatin1());
    r.hardwareSupport = f.boolean("hardwareSupport");
    for (const QString &b : r.bundles)
        if (f.ok() && (!isUploadToken(b) || r.bundles.count(b) > 1))
            f.fail("bundles", QStringLiteral("must hold distinct upload tokens"));
    if (!f.ok())
        return f.error();
    return r;
}

QJsonObject InstallReply::toJson() const
{
    QJsonObject o{{QStringLiteral("outcomes"), outcomesToJson(outcomes)}, {QStringLiteral("token"), token}};
    if (!error.isEmpty())
        o[QStringLiteral("error")] = error;
    return o;
}

Result<InstallReply> InstallReply::parse(const QJsonObject &o)
{
    Fields f(o, "components.install reply");
    InstallReply r;
    r.error = f.text("error", 4000, false);
    r.token = f.text("token", 64, false);
    if (!f.ok())
        return f.error();
    Result<QList<ComponentOutcome>> outcomes = parseOutcomes(o.value(QStringLiteral("outcomes")), QStringLiteral("components.install reply"));
    if (!outcomes)
        return outcomes.error();
    r.outcomes = *outcomes;
    return r;
}

QJsonObject ListReply::toJson() const
{
    QJsonObject o{{QStringLiteral("installed"), outcomesToJson(installed)},
                  {QStringLiteral("offered"), outcomesToJson(offered)},
                  {QStringLiteral("busy"), busy}};
    if (last)
        o[QStringLiteral("last")] = last->toJson();
    return o;
}

Result<ListReply> ListReply::parse(const QJsonObject &o)
{
    Fields f(o, "components.list reply");
    ListReply r;
    r.busy = f.boolean("busy");
    if (!f.ok())
        return f.error();
    for (auto [key, list] : {std::pair{"installed", &r.installed}, std::pair{"offered", &r.offered}}) {
        Result<QList<ComponentOutcome>> parsed = parseOutcomes(o.value(QLatin1String(key)), QStringLiteral("components.list reply"));
        if (!parsed)
            return parsed.error();
        *list = *parsed;
    }
    if (o.contains(QStringLiteral("last"))) {
        Result<InstallReply> last = InstallReply::parse(o.value(QStringLiteral("last")).toObject());
        if (!last)
            return last.error();
        r.last = *last;
    }
    return r;
}

QJsonObject progressEvent(const ComponentProgress &p)
{
    return QJsonObject{{QStringLiteral("component"), p.component}, {QStringLiteral("components"), p.components}, {QStringLiteral("id"), p.id},
                       {QStringLiteral("step"), p.step},           {QStringLiteral("steps"), p.steps},           {QStringLiteral("what"), p.what}};
}

Result<ComponentProgress> parseProgressEvent(const QJsonObject &o)
{
    Fields f(o, "components progress");
    ComponentProgress p;
    p.components = int(f.number("components", 0, kMaxComponents));
    p.component = int(f.number("component", 0, p.components));
    p.id = f.text("id", 64);
    p.steps = int(f.number("steps", 0, ComponentOutcome::kMaxSteps));
    p.step = int(f.number("step", 0, p.steps));
    p.what = f.text("what", 2000);
    if (!f.ok())
        return f.error();
    return p;
}

}  // namespace st::comp
