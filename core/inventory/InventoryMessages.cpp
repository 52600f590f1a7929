// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/InventoryMessages.h"

#include "net/JsonFields.h"

#include <QJsonArray>

namespace st::inv {

namespace {
using msg::detail::Fields;
}  // namespace

QJsonObject InventoryRequest::toJson() const
{
    return {{QStringLiteral("protectedPaths"), QJsonArray::fromStringList(protectedPaths)}, {QStringLiteral("functional"), functional}};
}

Result<InventoryRequest> InventoryRequest::parse(const QJsonObject &o)
{
    Fields f(o, "hardware.inventory");
    InventoryRequest r;
    r.protectedPaths = f.texts("protectedPaths", Inventory::kMaxPaths, msg::detail::kMaxPath);
    r.functional = f.boolean("functional");
    if (!f.ok())
        return f.error();
    for (const QString &path : r.protectedPaths)
        if (!path.startsWith(QLatin1Char('/')) || path.contains(QLatin1String("/../")) || path.endsWith(QLatin1String("/..")))
            return makeError(ErrorCode::Protocol, QStringLiteral("peer sent a bad hardware.inventory message: \"protectedPaths\" holds %1, not an absolute path").arg(path));
    return r;
}

QJsonObject InventoryReply::toJson() const
{
    return {{QStringLiteral("inventory"), inventory.toJson()},
            {QStringLiteral("functional"), functional},
            {QStringLiteral("systemState"), systemState},
            {QStringLiteral("failedUnits"), QJsonArray::fromStringList(failedUnits)},
            {QStringLiteral("kernelErrors"), QJsonArray::fromStringList(kernelErrors)},
            {QStringLiteral("journalNote"), journalNote},
            {QStringLiteral("answeredAtMs"), static_cast<double>(answeredAtMs)}};
}

Result<InventoryReply> InventoryReply::parse(const QJsonObject &o)
{
    Fields f(o, "hardware.inventory");
    InventoryReply r;
    const QJsonObject inventory = f.object("inventory");
    r.functional = f.boolean("functional");
    r.systemState = f.text("systemState", 32);
    r.failedUnits = f.texts("failedUnits", kMaxFailedUnits, 256);
    r.kernelErrors = f.texts("kernelErrors", kMaxKernelErrors, 1024);
    r.journalNote = f.text("journalNote");
    r.answeredAtMs = f.number("answeredAtMs");
    if (!f.ok())
        return f.error();
    Result<Inventory> parsed = Inventory::parse(inventory);
    if (!parsed)
        return parsed.error();
    r.inventory = std::move(*parsed);
    return r;
}

}  // namespace st::inv
