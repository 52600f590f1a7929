// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/ComponentJournal.h"

#include "util/DurableFile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace st {

namespace {
constexpr qint64 kMaxJournal = 4 << 20;

const char *const kPhases[] = {"installing", "installed", "rolling-back", "rolled-back"};
const char *const kActionPhases[] = {"pending", "backed-up", "performed"};

template <typename Enum, size_t N>
std::optional<Enum> phaseFrom(const QString &name, const char *const (&names)[N])
{
    for (size_t i = 0; i < N; ++i)
        if (name == QLatin1String(names[i]))
            return static_cast<Enum>(i);
    return std::nullopt;
}
}  // namespace

QString journalPhaseName(ComponentJournal::Phase phase)
{
    return QString::fromLatin1(kPhases[static_cast<int>(phase)]);
}

QByteArray ComponentJournal::toJson() const
{
    // Each action with what its undo needs, so the journal alone says how to undo it,
    // whatever became of the bundle.
    QJsonArray list;
    for (const JournalAction &a : actions)
        list.append(QJsonObject{{QStringLiteral("kind"), actionKindName(a.action.kind)},
                                {QStringLiteral("file"), a.action.file},
                                {QStringLiteral("undo"), a.action.undo},
                                {QStringLiteral("target"), a.action.target},
                                {QStringLiteral("unit"), a.action.unit},
                                {QStringLiteral("start"), a.action.start},
                                {QStringLiteral("owner"), a.action.owner},
                                {QStringLiteral("group"), a.action.group},
                                {QStringLiteral("mode"), a.action.mode},
                                {QStringLiteral("phase"), QString::fromLatin1(kActionPhases[static_cast<int>(a.phase)])},
                                {QStringLiteral("hadTarget"), a.hadTarget},
                                {QStringLiteral("backupMode"), a.backupMode},
                                {QStringLiteral("backupUid"), static_cast<double>(a.backupUid)},
                                {QStringLiteral("backupGid"), static_cast<double>(a.backupGid)},
                                {QStringLiteral("createdDirs"), QJsonArray::fromStringList(a.createdDirs)},
                                {QStringLiteral("debPackage"), a.debPackage},
                                {QStringLiteral("debWasInstalled"), a.debWasInstalled},
                                {QStringLiteral("unitWasEnabled"), a.unitWasEnabled},
                                {QStringLiteral("unitWasActive"), a.unitWasActive}});
    return QJsonDocument(QJsonObject{{QStringLiteral("phase"), journalPhaseName(phase)},
                                     {QStringLiteral("id"), id},
                                     {QStringLiteral("version"), version},
                                     {QStringLiteral("signer"), signer},
                                     {QStringLiteral("description"), description},
                                     {QStringLiteral("previousVersion"), previousVersion},
                                     {QStringLiteral("started"), started.toUTC().toString(Qt::ISODateWithMs)},
                                     {QStringLiteral("error"), error},
                                     {QStringLiteral("actions"), list}})
        .toJson(QJsonDocument::Compact);
}

Result<ComponentJournal> ComponentJournal::fromJson(const QByteArray &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    auto bad = [](const QString &what) { return makeError(ErrorCode::Io, QStringLiteral("the component journal is damaged: %1").arg(what)); };
    ComponentJournal j;
    const auto phase = phaseFrom<Phase>(o.value(QStringLiteral("phase")).toString(), kPhases);
    if (!phase)
        return bad(QStringLiteral("no phase"));
    j.phase = *phase;
    j.id = o.value(QStringLiteral("id")).toString();
    j.version = o.value(QStringLiteral("version")).toString();
    j.signer = o.value(QStringLiteral("signer")).toString();
    j.description = o.value(QStringLiteral("description")).toString();
    j.previousVersion = o.value(QStringLiteral("previousVersion")).toString();
    j.started = QDateTime::fromString(o.value(QStringLiteral("started")).toString(), Qt::ISODateWithMs);
    j.error = o.value(QStringLiteral("error")).toString();
    for (const QJsonValue &v : o.value(QStringLiteral("actions")).toArray()) {
        const QJsonObject a = v.toObject();
        JournalAction ja;
        const QString kind = a.value(QStringLiteral("kind")).toString();
        bool known = false;
        for (auto k : {ComponentAction::Kind::Deb, ComponentAction::Kind::File, ComponentAction::Kind::Unit, ComponentAction::Kind::Script})
            if (actionKindName(k) == kind) {
                ja.action.kind = k;
                known = true;
            }
        const auto actionPhase = phaseFrom<JournalAction::Phase>(a.value(QStringLiteral("phase")).toString(), kActionPhases);
        ja.action.file = a.value(QStringLiteral("file")).toString();
        ja.action.undo = a.value(QStringLiteral("undo")).toString();
        ja.action.target = a.value(QStringLiteral("target")).toString();
        ja.action.unit = a.value(QStringLiteral("unit")).toString();
        ja.action.start = a.value(QStringLiteral("start")).toBool(true);
        ja.action.owner = a.value(QStringLiteral("owner")).toString(QStringLiteral("root"));
        ja.action.group = a.value(QStringLiteral("group")).toString(QStringLiteral("root"));
        ja.action.mode = a.value(QStringLiteral("mode")).toInt(0644);
        if (!known || !actionPhase || (ja.action.kind == ComponentAction::Kind::File && !ja.action.target.startsWith(QLatin1Char('/'))))
            return bad(QStringLiteral("an action it cannot read"));
        ja.phase = *actionPhase;
        ja.hadTarget = a.value(QStringLiteral("hadTarget")).toBool();
        ja.backupMode = a.value(QStringLiteral("backupMode")).toInt();
        ja.backupUid = static_cast<uint>(a.value(QStringLiteral("backupUid")).toInteger());
        ja.backupGid = static_cast<uint>(a.value(QStringLiteral("backupGid")).toInteger());
        for (const QJsonValue &d : a.value(QStringLiteral("createdDirs")).toArray())
            ja.createdDirs << d.toString();
        ja.debPackage = a.value(QStringLiteral("debPackage")).toString();
        ja.debWasInstalled = a.value(QStringLiteral("debWasInstalled")).toBool();
        ja.unitWasEnabled = a.value(QStringLiteral("unitWasEnabled")).toBool();
        ja.unitWasActive = a.value(QStringLiteral("unitWasActive")).toBool();
        j.actions.append(ja);
    }
    return j;
}

Status ComponentJournal::save(int dirFd) const
{
    return writeFileDurably(dirFd, kFileName, toJson());
}

Result<ComponentJournal> ComponentJournal::load(int dirFd)
{
    Result<QByteArray> bytes = readSmallFile(dirFd, kFileName, kMaxJournal);
    if (!bytes)
        return bytes.error();
    return fromJson(*bytes);
}

}  // namespace st
