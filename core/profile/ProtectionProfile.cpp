// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProtectionProfile.h"

#include "profile/ExcludeMatcher.h"
#include "util/RawPath.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>
#include <QStringList>

namespace st {

namespace {

QString childKey(const QString &parent, const QString &name)
{
    return parent.isEmpty() ? name : parent + QLatin1Char('.') + name;
}

QString indexKey(const QString &parent, qsizetype index)
{
    return parent + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

QString quoted(const QString &key)
{
    return QLatin1Char('"') + key + QLatin1Char('"');
}

/** Reads one profile document; every error is "<origin>: <message naming the key>". */
class ProfileParser {
public:
    explicit ProfileParser(QString origin) : m_origin(std::move(origin)) {}

    Result<ProtectionProfile> parse(const QByteArray &json)
    {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            const QByteArray before = json.left(parseError.offset);
            const qsizetype line = before.count('\n') + 1;
            const qsizetype column = parseError.offset - (before.lastIndexOf('\n') + 1) + 1;
            return fail(QStringLiteral("JSON syntax error at line %1, column %2 (offset %3): %4")
                            .arg(line)
                            .arg(column)
                            .arg(parseError.offset)
                            .arg(parseError.errorString()));
        }
        if (!doc.isObject())
            return fail(QStringLiteral("the top level must be a JSON object"));
        const QJsonObject root = doc.object();

        static const QStringList keys = {
            QStringLiteral("version"), QStringLiteral("name"), QStringLiteral("sourceRoot"),
            QStringLiteral("os"), QStringLiteral("product"), QStringLiteral("applications"),
            QStringLiteral("include"), QStringLiteral("exclude"), QStringLiteral("includeApplicationData"),
            QStringLiteral("checklist")};
        if (Status s = checkKeys(root, QString(), keys); !s)
            return s.error();

        const QJsonValue version = root.value(QStringLiteral("version"));
        if (version.isUndefined())
            return fail(QStringLiteral("missing key \"version\" (must be 1)"));
        if (!version.isDouble() || version.toDouble() != 1.0)
            return fail(QStringLiteral("\"version\" must be 1"));

        ProtectionProfile profile;
        profile.origin = m_origin;
        QString sourceRoot = QStringLiteral("/");
        Status s = readString(root, QString(), QStringLiteral("name"), profile.name);
        if (s)
            s = readString(root, QString(), QStringLiteral("sourceRoot"), sourceRoot);
        if (!s)
            return s.error();
        profile.sourceRoot = sourceRoot.toUtf8();
        if (!profile.sourceRoot.startsWith('/') || profile.sourceRoot.contains('\0'))
            return fail(QStringLiteral("\"sourceRoot\" must be an absolute directory path like \"/\""));

        if (!(s = readSection(root, QStringLiteral("os"), profile.osInclude, profile.osExclude)))
            return s.error();
        if (!(s = readSection(root, QStringLiteral("product"), profile.productInclude, profile.productExclude)))
            return s.error();
        if (!(s = readApplications(root, profile.applications)))
            return s.error();
        if (!(s = readPaths(root, QString(), QStringLiteral("include"), profile.include)))
            return s.error();
        if (!(s = readGlobs(root, QString(), QStringLiteral("exclude"), profile.exclude)))
            return s.error();
        if (!(s = readBool(root, QString(), QStringLiteral("includeApplicationData"), profile.includeApplicationData)))
            return s.error();
        if (root.contains(QStringLiteral("checklist"))) {
            const QJsonValue checklist = root.value(QStringLiteral("checklist"));
            if (!checklist.isArray())
                return fail(QStringLiteral("\"checklist\" must be a list of {\"id\", \"text\"} items"));
            Result<QList<ChecklistItem>> items = parseChecklistItems(checklist.toArray(), m_origin);
            if (!items)
                return items.error();
            profile.checklist = *items;
        }
        return profile;
    }

private:
    Error fail(const QString &message) const
    {
        return makeError(ErrorCode::Profile, m_origin + QStringLiteral(": ") + message);
    }

    Status checkKeys(const QJsonObject &object, const QString &parent, const QStringList &allowed) const
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!allowed.contains(it.key()))
                return fail(QStringLiteral("unknown key %1").arg(quoted(childKey(parent, it.key()))));
        }
        return {};
    }

    Status readString(const QJsonObject &object, const QString &parent, const QString &name, QString &out) const
    {
        const QJsonValue value = object.value(name);
        if (value.isUndefined())
            return {};
        if (!value.isString())
            return fail(QStringLiteral("%1 must be a string").arg(quoted(childKey(parent, name))));
        out = value.toString();
        return {};
    }

    Status readBool(const QJsonObject &object, const QString &parent, const QString &name, bool &out) const
    {
        const QJsonValue value = object.value(name);
        if (value.isUndefined())
            return {};
        if (!value.isBool())
            return fail(QStringLiteral("%1 must be true or false").arg(quoted(childKey(parent, name))));
        out = value.toBool();
        return {};
    }

    Result<QJsonArray> arrayAt(const QJsonObject &object, const QString &key, const QString &name) const
    {
        const QJsonValue value = object.value(name);
        if (value.isUndefined())
            return QJsonArray();
        if (!value.isArray())
            return fail(QStringLiteral("%1 must be an array").arg(quoted(key)));
        return value.toArray();
    }

    Status readPathSpec(const QJsonValue &value, const QString &key, PathSpec &out) const
    {
        const QString shapeError = QStringLiteral("%1 must be a string or an object with \"path\"").arg(quoted(key));
        QString path;
        if (value.isString()) {
            path = value.toString();
        } else if (value.isObject()) {
            const QJsonObject object = value.toObject();
            if (Status s = checkKeys(object, key, {QStringLiteral("path"), QStringLiteral("optional")}); !s)
                return s;
            const QJsonValue pathValue = object.value(QStringLiteral("path"));
            if (pathValue.isUndefined())
                return fail(shapeError);
            if (!pathValue.isString())
                return fail(QStringLiteral("%1 must be a string").arg(quoted(childKey(key, QStringLiteral("path")))));
            path = pathValue.toString();
            if (Status s = readBool(object, key, QStringLiteral("optional"), out.optional); !s)
                return s;
        } else {
            return fail(shapeError);
        }
        out.path = path.toUtf8();
        if (!out.path.startsWith('/'))
            return fail(QStringLiteral("%1: path \"%2\" must be absolute (start with '/')").arg(quoted(key), path));
        if (out.path.contains('\0'))
            return fail(QStringLiteral("%1: path \"%2\" contains a NUL byte").arg(quoted(key), displayPath(out.path)));
        if (!normaliseRelative(out.path))
            return fail(QStringLiteral("%1: path \"%2\" must not contain \"..\"").arg(quoted(key), path));
        return {};
    }

    Status readPaths(const QJsonObject &object, const QString &parent, const QString &name, QList<PathSpec> &out) const
    {
        const QString key = childKey(parent, name);
        Result<QJsonArray> array = arrayAt(object, key, name);
        if (!array)
            return array.error();
        for (qsizetype i = 0; i < array->size(); ++i) {
            PathSpec spec;
            if (Status s = readPathSpec(array->at(i), indexKey(key, i), spec); !s)
                return s;
            out.append(spec);
        }
        return {};
    }

    Status readGlobs(const QJsonObject &object, const QString &parent, const QString &name, QList<QByteArray> &out) const
    {
        const QString key = childKey(parent, name);
        Result<QJsonArray> array = arrayAt(object, key, name);
        if (!array)
            return array.error();
        for (qsizetype i = 0; i < array->size(); ++i) {
            const QString itemKey = indexKey(key, i);
            const QJsonValue value = array->at(i);
            if (!value.isString())
                return fail(QStringLiteral("%1 must be a string (a glob pattern)").arg(quoted(itemKey)));
            const QByteArray pattern = value.toString().toUtf8();
            Result<GlobPattern> glob = GlobPattern::compile(pattern);
            if (!glob)
                return fail(quoted(itemKey) + QStringLiteral(": ") + glob.error().message);
            out.append(pattern);
        }
        return {};
    }

    Status readSection(const QJsonObject &root, const QString &name, QList<PathSpec> &include,
                       QList<QByteArray> &exclude) const
    {
        const QJsonValue value = root.value(name);
        if (value.isUndefined())
            return {};
        if (!value.isObject())
            return fail(QStringLiteral("%1 must be an object").arg(quoted(name)));
        const QJsonObject object = value.toObject();
        if (Status s = checkKeys(object, name, {QStringLiteral("include"), QStringLiteral("exclude")}); !s)
            return s;
        if (Status s = readPaths(object, name, QStringLiteral("include"), include); !s)
            return s;
        return readGlobs(object, name, QStringLiteral("exclude"), exclude);
    }

    Status readHook(const QJsonObject &object, const QString &parent, const QString &name, QuiesceHook &out) const
    {
        const QJsonValue value = object.value(name);
        if (value.isUndefined())
            return {};
        Result<QuiesceHook> hook = QuiesceHook::fromJson(value, childKey(parent, name));
        if (!hook)
            return fail(hook.error().message);
        out = std::move(hook).value();
        return {};
    }

    Status readApplications(const QJsonObject &root, QList<ProtectedApplication> &out) const
    {
        const QString key = QStringLiteral("applications");
        Result<QJsonArray> array = arrayAt(root, key, key);
        if (!array)
            return array.error();
        static const QStringList keys = {
            QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("program"), QStringLiteral("config"),
            QStringLiteral("data"), QStringLiteral("includeData"), QStringLiteral("exclude"),
            QStringLiteral("freeze"), QStringLiteral("thaw")};
        QSet<QString> ids;
        for (qsizetype i = 0; i < array->size(); ++i) {
            const QString appKey = indexKey(key, i);
            if (!array->at(i).isObject())
                return fail(QStringLiteral("%1 must be an object").arg(quoted(appKey)));
            const QJsonObject object = array->at(i).toObject();
            ProtectedApplication app;
            Status s = checkKeys(object, appKey, keys);
            if (s)
                s = readString(object, appKey, QStringLiteral("id"), app.id);
            if (s)
                s = readString(object, appKey, QStringLiteral("name"), app.name);
            if (s)
                s = readPaths(object, appKey, QStringLiteral("program"), app.program);
            if (s)
                s = readPaths(object, appKey, QStringLiteral("config"), app.config);
            if (s)
                s = readPaths(object, appKey, QStringLiteral("data"), app.data);
            if (s)
                s = readBool(object, appKey, QStringLiteral("includeData"), app.includeData);
            if (s)
                s = readGlobs(object, appKey, QStringLiteral("exclude"), app.exclude);
            if (s)
                s = readHook(object, appKey, QStringLiteral("freeze"), app.freeze);
            if (s)
                s = readHook(object, appKey, QStringLiteral("thaw"), app.thaw);
            if (!s)
                return s;
            if (!app.id.isEmpty()) {
                if (ids.contains(app.id))
                    return fail(QStringLiteral("%1: duplicate application id \"%2\"")
                                    .arg(quoted(childKey(appKey, QStringLiteral("id"))), app.id));
                ids.insert(app.id);
            }
            out.append(app);
        }
        return {};
    }

    QString m_origin;
};

QJsonArray pathsToJson(const QList<PathSpec> &paths)
{
    QJsonArray array;
    for (const PathSpec &spec : paths) {
        const QString path = QString::fromUtf8(spec.path);
        if (spec.optional)
            array.append(QJsonObject{{QStringLiteral("path"), path}, {QStringLiteral("optional"), true}});
        else
            array.append(path);
    }
    return array;
}

QJsonArray globsToJson(const QList<QByteArray> &globs)
{
    QJsonArray array;
    for (const QByteArray &glob : globs)
        array.append(QString::fromUtf8(glob));
    return array;
}

}  // namespace

Result<QuiesceHook> QuiesceHook::fromJson(const QJsonValue &value, const QString &key)
{
    auto fail = [](const QString &message) { return makeError(ErrorCode::Profile, message); };
    if (!value.isObject())
        return fail(QStringLiteral("%1 must be an object with \"command\" (and optionally \"timeoutSeconds\")")
                        .arg(quoted(key)));
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != QLatin1String("command") && it.key() != QLatin1String("timeoutSeconds"))
            return fail(QStringLiteral("unknown key %1").arg(quoted(childKey(key, it.key()))));
    }
    const QString commandKey = childKey(key, QStringLiteral("command"));
    const QJsonValue command = object.value(QStringLiteral("command"));
    const QString shapeError =
        QStringLiteral("%1 must be a non-empty array of strings (program and arguments, no shell)").arg(quoted(commandKey));
    if (!command.isArray() || command.toArray().isEmpty())
        return fail(shapeError);
    QuiesceHook hook;
    const QJsonArray argv = command.toArray();
    for (qsizetype i = 0; i < argv.size(); ++i) {
        if (!argv.at(i).isString())
            return fail(shapeError);
        const QString arg = argv.at(i).toString();
        if (arg.contains(QChar(u'\0')))
            return fail(QStringLiteral("%1 contains a NUL character").arg(quoted(indexKey(commandKey, i))));
        if (i == 0 && arg.trimmed().isEmpty())
            return fail(QStringLiteral("%1 (the program) must not be empty").arg(quoted(indexKey(commandKey, i))));
        hook.command.append(arg);
    }
    const QJsonValue timeout = object.value(QStringLiteral("timeoutSeconds"));
    if (!timeout.isUndefined()) {
        const double seconds = timeout.isDouble() ? timeout.toDouble() : 0.0;
        if (!timeout.isDouble() || seconds != double(qint64(seconds)) || seconds < 1 || seconds > 3600)
            return fail(QStringLiteral("%1 must be a whole number of seconds from 1 to 3600")
                            .arg(quoted(childKey(key, QStringLiteral("timeoutSeconds")))));
        hook.timeoutSeconds = int(seconds);
    }
    return hook;
}

QJsonObject QuiesceHook::toJson() const
{
    return QJsonObject{{QStringLiteral("command"), QJsonArray::fromStringList(command)},
                       {QStringLiteral("timeoutSeconds"), timeoutSeconds}};
}

Result<ProtectionProfile> ProtectionProfile::fromJson(const QByteArray &json, const QString &origin)
{
    return ProfileParser(origin).parse(json);
}

Result<ProtectionProfile> ProtectionProfile::load(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Profile,
                         QStringLiteral("%1: cannot read profile: %2").arg(fileName, file.errorString()));
    const QByteArray json = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return makeError(ErrorCode::Profile,
                         QStringLiteral("%1: cannot read profile: %2").arg(fileName, file.errorString()));
    return fromJson(json, fileName);
}

QByteArray ProtectionProfile::toJson() const
{
    QJsonObject root;
    root.insert(QStringLiteral("version"), 1);
    root.insert(QStringLiteral("name"), name);
    root.insert(QStringLiteral("sourceRoot"), QString::fromUtf8(sourceRoot));
    root.insert(QStringLiteral("os"), QJsonObject{{QStringLiteral("include"), pathsToJson(osInclude)},
                                                  {QStringLiteral("exclude"), globsToJson(osExclude)}});
    root.insert(QStringLiteral("product"), QJsonObject{{QStringLiteral("include"), pathsToJson(productInclude)},
                                                       {QStringLiteral("exclude"), globsToJson(productExclude)}});
    QJsonArray apps;
    for (const ProtectedApplication &app : applications) {
        QJsonObject object{
            {QStringLiteral("id"), app.id},
            {QStringLiteral("name"), app.name},
            {QStringLiteral("program"), pathsToJson(app.program)},
            {QStringLiteral("config"), pathsToJson(app.config)},
            {QStringLiteral("data"), pathsToJson(app.data)},
            {QStringLiteral("includeData"), app.includeData},
            {QStringLiteral("exclude"), globsToJson(app.exclude)},
        };
        if (app.freeze.isSet())
            object.insert(QStringLiteral("freeze"), app.freeze.toJson());
        if (app.thaw.isSet())
            object.insert(QStringLiteral("thaw"), app.thaw.toJson());
        apps.append(object);
    }
    root.insert(QStringLiteral("applications"), apps);
    root.insert(QStringLiteral("include"), pathsToJson(include));
    root.insert(QStringLiteral("exclude"), globsToJson(exclude));
    root.insert(QStringLiteral("includeApplicationData"), includeApplicationData);
    if (!checklist.isEmpty())
        root.insert(QStringLiteral("checklist"), checklistToJson(checklist));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

}  // namespace st
