// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/Operation.h"

#include "net/JsonFields.h"
#include "net/Messages.h"

#include <QRegularExpression>

namespace st {

QString operationName(Operation op)
{
    switch (op) {
    case Operation::SystemStatus: return QStringLiteral("system.status");
    case Operation::Reboot: return QStringLiteral("system.reboot");
    case Operation::CloneConfirm: return QStringLiteral("clone.confirm");
    case Operation::CloneRollback: return QStringLiteral("clone.rollback");
    case Operation::HardwareInventory: return QStringLiteral("hardware.inventory");
    case Operation::ComponentsList: return QStringLiteral("components.list");
    case Operation::ComponentsUpload: return QStringLiteral("components.upload");
    case Operation::ComponentsInstall: return QStringLiteral("components.install");
    case Operation::ComponentsRollback: return QStringLiteral("components.rollback");
    case Operation::ComponentsCancel: return QStringLiteral("components.cancel");
    }
    return QString();  // not reached: every enumerator is handled above
}

std::optional<Operation> operationFromName(QStringView name)
{
    for (Operation op : kAllOperations)
        if (name == operationName(op))
            return op;
    return std::nullopt;
}

namespace msg {

namespace {
using detail::Fields;
constexpr qsizetype kMaxName = 64;
constexpr int kMaxVersion = 1000;

/** Operation and event names: lower-case words joined by dots or dashes. */
bool isName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[a-z][a-z0-9]*([.-][a-z0-9]+)*$"));
    return !name.isEmpty() && name.size() <= kMaxName && re.match(name).hasMatch();
}
}  // namespace

QString OperationSet::describe() const
{
    QStringList parts;
    for (auto it = m_versions.cbegin(); it != m_versions.cend(); ++it)
        parts.append(QStringLiteral("%1/%2").arg(it.key()).arg(it.value()));
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", "));
}

QJsonObject OperationSet::toJson() const
{
    QJsonObject o;
    for (auto it = m_versions.cbegin(); it != m_versions.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

Result<OperationSet> OperationSet::parse(const QJsonObject &o)
{
    if (o.size() > kMaxOperations)
        return makeError(ErrorCode::Protocol, QStringLiteral("peer sent a bad operation list: more than %1 operations").arg(kMaxOperations));
    OperationSet set;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        const double v = it.value().toDouble(-1);
        if (!isName(it.key()) || !it.value().isDouble() || v < 1 || v > kMaxVersion || v != static_cast<int>(v))
            return makeError(ErrorCode::Protocol, QStringLiteral("peer sent a bad operation list: \"%1\" needs a name and a version 1-%2")
                                                      .arg(it.key().left(kMaxName)).arg(kMaxVersion));
        set.m_versions.insert(it.key(), static_cast<int>(v));
    }
    return set;
}

QJsonObject OperationRequest::toJson() const
{
    return {{QStringLiteral("id"), static_cast<double>(id)}, {QStringLiteral("operation"), operation},
            {QStringLiteral("version"), version}, {QStringLiteral("body"), body}};
}

Result<OperationRequest> OperationRequest::parse(const QJsonObject &o)
{
    Fields f(o, "Request");
    OperationRequest m;
    m.id = f.number("id", 1, kMaxId);
    m.operation = f.text("operation", kMaxName);
    m.version = static_cast<int>(f.number("version", 1, kMaxVersion));
    m.body = f.object("body");
    if (f.ok() && !isName(m.operation))
        f.fail("operation", QStringLiteral("is not an operation name"));
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject OperationResponse::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), static_cast<double>(id)}, {QStringLiteral("ok"), result.ok()}};
    if (result)
        o.insert(QStringLiteral("body"), *result);
    else
        o.insert(QStringLiteral("error"), ErrorMsg{errorCodeName(result.error().code), result.error().message}.toJson());
    return o;
}

Result<OperationResponse> OperationResponse::parse(const QJsonObject &o)
{
    Fields f(o, "Response");
    OperationResponse m;
    m.id = f.number("id", 1, OperationRequest::kMaxId);
    if (f.boolean("ok")) {
        m.result = f.object("body");
    } else {
        const QJsonObject e = f.object("error");
        if (f.ok()) {
            auto error = ErrorMsg::parse(e);
            if (!error)
                return error.error();
            m.result = error->toError();
        }
    }
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject OperationEvent::toJson() const
{
    return {{QStringLiteral("id"), static_cast<double>(id)}, {QStringLiteral("event"), event}, {QStringLiteral("body"), body}};
}

Result<OperationEvent> OperationEvent::parse(const QJsonObject &o)
{
    Fields f(o, "Event");
    OperationEvent m;
    m.id = f.number("id", 1, OperationRequest::kMaxId);
    m.event = f.text("event", kMaxName);
    m.body = f.object("body");
    if (f.ok() && !isName(m.event))
        f.fail("event", QStringLiteral("is not an event name"));
    if (!f.ok())
        return f.error();
    return m;
}

}  // namespace msg
}  // namespace st
