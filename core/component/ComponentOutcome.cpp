// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/ComponentOutcome.h"

#include "net/JsonFields.h"

#include <QJsonArray>

#include <array>
#include <optional>

namespace st {

namespace {

constexpr qsizetype kMaxLine = 2000;

template <typename E, std::size_t N>
std::optional<E> fromName(const QString &name, const std::array<E, N> &all, QString (*nameOf)(E))
{
    for (E e : all)
        if (nameOf(e) == name)
            return e;
    return std::nullopt;
}

constexpr std::array kComponentStates{ComponentOutcome::State::Installed, ComponentOutcome::State::AlreadyInstalled, ComponentOutcome::State::Failed,
                                      ComponentOutcome::State::RolledBack, ComponentOutcome::State::NotRun};
constexpr std::array kStepStates{ComponentStep::State::NotRun, ComponentStep::State::Done, ComponentStep::State::Failed, ComponentStep::State::Undone,
                                 ComponentStep::State::Skipped};

}  // namespace

QString componentStateName(ComponentOutcome::State state)
{
    switch (state) {
    case ComponentOutcome::State::Installed: return QStringLiteral("installed");
    case ComponentOutcome::State::AlreadyInstalled: return QStringLiteral("already installed");
    case ComponentOutcome::State::Failed: return QStringLiteral("failed");
    case ComponentOutcome::State::RolledBack: return QStringLiteral("rolled back");
    case ComponentOutcome::State::NotRun: return QStringLiteral("not run");
    }
    return {};  // not reached: every enumerator is handled above
}

QString stepStateName(ComponentStep::State state)
{
    switch (state) {
    case ComponentStep::State::NotRun: return QStringLiteral("not run");
    case ComponentStep::State::Done: return QStringLiteral("done");
    case ComponentStep::State::Failed: return QStringLiteral("failed");
    case ComponentStep::State::Undone: return QStringLiteral("undone");
    case ComponentStep::State::Skipped: return QStringLiteral("skipped");
    }
    return {};  // not reached: every enumerator is handled above
}

QJsonObject ComponentOutcome::toJson() const
{
    QJsonArray stepsJson;
    for (const ComponentStep &s : steps)
        stepsJson.append(QJsonObject{{QStringLiteral("what"), s.what}, {QStringLiteral("state"), stepStateName(s.state)}});
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("version"), version},
                  {QStringLiteral("description"), description},
                  {QStringLiteral("signer"), signer},
                  {QStringLiteral("state"), componentStateName(state)},
                  {QStringLiteral("steps"), stepsJson}};
    if (!previousVersion.isEmpty())
        o[QStringLiteral("previousVersion")] = previousVersion;
    if (!error.isEmpty())
        o[QStringLiteral("error")] = error;
    if (!installedAt.isEmpty())
        o[QStringLiteral("installedAt")] = installedAt;
    if (bytes > 0)
        o[QStringLiteral("bytes")] = static_cast<double>(bytes);
    return o;
}

Result<ComponentOutcome> ComponentOutcome::parse(const QJsonObject &o)
{
    msg::detail::Fields f(o, "component outcome");
    ComponentOutcome c;
    c.id = f.text("id", 64);
    c.version = f.text("version", 256);
    c.description = f.text("description", 512);
    c.signer = f.text("signer", 128);
    c.previousVersion = f.text("previousVersion", 256, false);
    c.error = f.text("error", kMaxLine, false);
    c.installedAt = f.text("installedAt", 64, false);
    if (f.has("bytes"))
        c.bytes = f.number("bytes", 0, qint64(1) << 50);
    const auto state = fromName(f.text("state", 32), kComponentStates, &componentStateName);
    if (!state)
        f.fail("state", QStringLiteral("is not a component state"));
    c.state = state.value_or(State::NotRun);
    for (const QJsonValue &v : f.array("steps", kMaxSteps)) {
        const QJsonObject step = v.toObject();  // Fields keeps a reference: the object must outlive it
        msg::detail::Fields sf(step, "component step");
        ComponentStep s;
        s.what = sf.text("what", kMaxLine);
        const auto stepState = fromName(sf.text("state", 32), kStepStates, &stepStateName);
        if (!v.isObject() || !stepState)
            sf.fail("state", QStringLiteral("is not a step state"));
        if (!sf.ok())
            return sf.error();
        s.state = *stepState;
        c.steps.append(s);
    }
    if (!f.ok())
        return f.error();
    return c;
}

QJsonArray outcomesToJson(const QList<ComponentOutcome> &outcomes)
{
    QJsonArray a;
    for (const ComponentOutcome &c : outcomes)
        a.append(c.toJson());
    return a;
}

Result<QList<ComponentOutcome>> parseOutcomes(const QJsonValue &v, const QString &what)
{
    if (!v.isArray() || v.toArray().size() > kMaxComponents)
        return makeError(ErrorCode::Protocol, QStringLiteral("peer sent a bad %1: not a list of at most %2 components").arg(what).arg(kMaxComponents));
    QList<ComponentOutcome> out;
    for (const QJsonValue &item : v.toArray()) {
        Result<ComponentOutcome> c = ComponentOutcome::parse(item.toObject());
        if (!c)
            return c.error();
        out.append(*c);
    }
    return out;
}

}  // namespace st
