// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApplicationCatalog.h"

#include "profile/ExcludeMatcher.h"
#include "util/RawPath.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSet>

#include <fnmatch.h>

namespace st {

namespace {

QString key(const QString &parent, const QString &name)
{
    return parent + QLatin1Char('.') + name;
}

QString indexed(const QString &parent, qsizetype index)
{
    return parent + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

/** Reads one catalog document; every error is "<origin>: <message naming the key>". */
class CatalogParser {
public:
    explicit CatalogParser(QString origin) : m_origin(std::move(origin)) {}

    Result<QList<CatalogApplication>> parse(const QByteArray &json) const
    {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return fail(QStringLiteral("JSON syntax error at offset %1: %2")
                            .arg(parseError.offset)
                            .arg(parseError.errorString()));
        if (!doc.isObject())
            return fail(QStringLiteral("the top level must be a JSON object"));
        const QJsonObject root = doc.object();
        if (Status s = checkKeys(root, QString(), {QStringLiteral("version"), QStringLiteral("applications")}); !s)
            return s.error();
        if (root.value(QStringLiteral("version")).toDouble() != 1.0)
            return fail(QStringLiteral("\"version\" must be 1"));
        const QJsonValue apps = root.value(QStringLiteral("applications"));
        if (!apps.isArray())
            return fail(QStringLiteral("\"applications\" must be an array"));
        QList<CatalogApplication> out;
        QSet<QString> ids;
        static const QRegularExpression idPattern(QStringLiteral("^[a-z0-9][a-z0-9._-]*$"));
        for (qsizetype i = 0; i < apps.toArray().size(); ++i) {
            const QString appKey = indexed(QStringLiteral("applications"), i);
            Result<CatalogApplication> app = parseApplication(apps.toArray().at(i), appKey);
            if (!app)
                return app.error();
            if (!idPattern.match(app->id).hasMatch())
                return fail(QStringLiteral("\"%1\" must be a lower-case id like \"postgresql\"").arg(key(appKey, QStringLiteral("id"))));
            if (ids.contains(app->id))
                return fail(QStringLiteral("\"%1\": duplicate application id \"%2\"").arg(key(appKey, QStringLiteral("id")), app->id));
            ids.insert(app->id);
            out.append(std::move(app).value());
        }
        return out;
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
                return fail(QStringLiteral("unknown key \"%1\"").arg(parent.isEmpty() ? it.key() : key(parent, it.key())));
        }
        return {};
    }

    Result<QStringList> strings(const QJsonObject &object, const QString &parent, const QString &name) const
    {
        const QJsonValue value = object.value(name);
        QStringList out;
        if (value.isUndefined())
            return out;
        const QString k = key(parent, name);
        if (!value.isArray())
            return fail(QStringLiteral("\"%1\" must be an array of strings").arg(k));
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isString() || array.at(i).toString().isEmpty())
                return fail(QStringLiteral("\"%1\" must be a non-empty string").arg(indexed(k, i)));
            out.append(array.at(i).toString());
        }
        return out;
    }

    Result<QList<QByteArray>> paths(const QJsonObject &object, const QString &parent, const QString &name) const
    {
        Result<QStringList> list = strings(object, parent, name);
        if (!list)
            return list.error();
        QList<QByteArray> out;
        for (qsizetype i = 0; i < list->size(); ++i) {
            const QByteArray path = list->at(i).toUtf8();
            const std::optional<QByteArray> rel = path.contains('\0') ? std::nullopt : normaliseRelative(path);
            if (!path.startsWith('/') || !rel || rel->isEmpty())
                return fail(QStringLiteral("\"%1\": \"%2\" must be an absolute path below / without \"..\"")
                                .arg(indexed(key(parent, name), i), list->at(i)));
            out.append('/' + *rel);
        }
        return out;
    }

    Result<CatalogApplication> parseApplication(const QJsonValue &value, const QString &appKey) const
    {
        if (!value.isObject())
            return fail(QStringLiteral("\"%1\" must be an object").arg(appKey));
        const QJsonObject object = value.toObject();
        static const QStringList keys = {
            QStringLiteral("id"),      QStringLiteral("name"),    QStringLiteral("detect"), QStringLiteral("program"),
            QStringLiteral("config"),  QStringLiteral("data"),    QStringLiteral("exclude"), QStringLiteral("freeze"),
            QStringLiteral("thaw"),    QStringLiteral("note")};
        if (Status s = checkKeys(object, appKey, keys); !s)
            return s.error();
        CatalogApplication app;
        for (const QString &field : {QStringLiteral("id"), QStringLiteral("name")}) {
            const QJsonValue v = object.value(field);
            if (!v.isString() || v.toString().trimmed().isEmpty())
                return fail(QStringLiteral("\"%1\" is required and must be a non-empty string").arg(key(appKey, field)));
        }
        app.id = object.value(QStringLiteral("id")).toString();
        app.name = object.value(QStringLiteral("name")).toString();
        const QJsonValue note = object.value(QStringLiteral("note"));
        if (!note.isUndefined() && !note.isString())
            return fail(QStringLiteral("\"%1\" must be a string").arg(key(appKey, QStringLiteral("note"))));
        app.note = note.toString();

        const QString detectKey = key(appKey, QStringLiteral("detect"));
        const QJsonObject detect = object.value(QStringLiteral("detect")).toObject();
        if (!object.value(QStringLiteral("detect")).isObject())
            return fail(QStringLiteral("\"%1\" is required and must be an object").arg(detectKey));
        if (Status s = checkKeys(detect, detectKey, {QStringLiteral("packages"), QStringLiteral("units"),
                                                     QStringLiteral("binaries")});
            !s)
            return s.error();
        Result<QStringList> packages = strings(detect, detectKey, QStringLiteral("packages"));
        Result<QStringList> units = strings(detect, detectKey, QStringLiteral("units"));
        Result<QStringList> binaries = strings(detect, detectKey, QStringLiteral("binaries"));
        for (const auto *r : {&packages, &units, &binaries}) {
            if (!*r)
                return r->error();
        }
        app.packages = *packages;
        app.units = *units;
        app.binaries = *binaries;
        if (app.packages.isEmpty() && app.units.isEmpty() && app.binaries.isEmpty())
            return fail(QStringLiteral("\"%1\" must list at least one package, unit or binary").arg(detectKey));
        for (qsizetype i = 0; i < app.binaries.size(); ++i) {
            if (app.binaries[i].contains(QLatin1Char('/')))
                return fail(QStringLiteral("\"%1\" must be a plain name, not a path")
                                .arg(indexed(key(detectKey, QStringLiteral("binaries")), i)));
        }

        Result<QList<QByteArray>> program = paths(object, appKey, QStringLiteral("program"));
        Result<QList<QByteArray>> config = paths(object, appKey, QStringLiteral("config"));
        Result<QList<QByteArray>> data = paths(object, appKey, QStringLiteral("data"));
        for (const auto *r : {&program, &config, &data}) {
            if (!*r)
                return r->error();
        }
        app.program = *program;
        app.config = *config;
        app.data = *data;

        Result<QStringList> excludes = strings(object, appKey, QStringLiteral("exclude"));
        if (!excludes)
            return excludes.error();
        for (qsizetype i = 0; i < excludes->size(); ++i) {
            const QByteArray pattern = excludes->at(i).toUtf8();
            if (Result<GlobPattern> glob = GlobPattern::compile(pattern); !glob)
                return fail(QStringLiteral("\"%1\": %2").arg(indexed(key(appKey, QStringLiteral("exclude")), i),
                                                             glob.error().message));
            app.exclude.append(pattern);
        }
        for (const QString &hookName : {QStringLiteral("freeze"), QStringLiteral("thaw")}) {
            const QJsonValue hookValue = object.value(hookName);
            if (hookValue.isUndefined())
                continue;
            Result<QuiesceHook> hook = QuiesceHook::fromJson(hookValue, key(appKey, hookName));
            if (!hook)
                return fail(hook.error().message);
            (hookName == QLatin1String("freeze") ? app.freeze : app.thaw) = std::move(hook).value();
        }
        return app;
    }

    QString m_origin;
};

bool wildcardMatch(const QString &pattern, const QString &name)
{
    return ::fnmatch(pattern.toUtf8().constData(), name.toUtf8().constData(), 0) == 0;
}

QList<PathSpec> optionalPaths(const QList<QByteArray> &paths)
{
    QList<PathSpec> out;
    for (const QByteArray &path : paths)
        out.append(PathSpec{path, true});
    return out;
}

}  // namespace

Result<ApplicationCatalog> ApplicationCatalog::fromJson(const QByteArray &json, const QString &origin)
{
    Result<QList<CatalogApplication>> apps = CatalogParser(origin).parse(json);
    if (!apps)
        return apps.error();
    ApplicationCatalog catalog;
    catalog.m_applications = std::move(apps).value();
    return catalog;
}

Result<ApplicationCatalog> ApplicationCatalog::load(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io,
                         QStringLiteral("%1: cannot read application catalog: %2").arg(fileName, file.errorString()));
    const QByteArray json = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return makeError(ErrorCode::Io,
                         QStringLiteral("%1: cannot read application catalog: %2").arg(fileName, file.errorString()));
    return fromJson(json, fileName);
}

Result<ApplicationCatalog> ApplicationCatalog::builtIn()
{
    const QString resource = QString::fromLatin1(kResourcePath);
    if (!QFile::exists(resource))
        return makeError(ErrorCode::Internal,
                         QStringLiteral("the built-in application catalog %1 is missing (resources/catalog.qrc is "
                                        "not linked into this program)")
                             .arg(resource));
    return load(resource);
}

const CatalogApplication *ApplicationCatalog::find(const QString &id) const
{
    for (const CatalogApplication &app : m_applications) {
        if (app.id == id)
            return &app;
    }
    return nullptr;
}

Result<QList<DetectedApplication>> ApplicationCatalog::detectInstalled(const SystemFacts &facts) const
{
    Result<QStringList> packages = facts.installedPackages();
    if (!packages)
        return packages.error().withContext(QStringLiteral("application detection"));
    Result<QStringList> units = facts.unitFiles();
    if (!units)
        return units.error().withContext(QStringLiteral("application detection"));

    QList<DetectedApplication> detected;
    for (const CatalogApplication &app : m_applications) {
        DetectedApplication found{app, {}};
        for (const QString &pattern : app.packages) {
            for (const QString &package : std::as_const(*packages)) {
                if (wildcardMatch(pattern, package))
                    found.evidence.append(QStringLiteral("package %1 installed").arg(package));
            }
        }
        for (const QString &pattern : app.units) {
            for (const QString &unit : std::as_const(*units)) {
                if (wildcardMatch(pattern, unit))
                    found.evidence.append(QStringLiteral("unit %1 present").arg(unit));
            }
        }
        for (const QString &binary : app.binaries) {
            const QString path = facts.findBinary(binary);
            if (!path.isEmpty())
                found.evidence.append(QStringLiteral("binary %1 found").arg(path));
        }
        found.evidence.removeDuplicates();
        if (!found.evidence.isEmpty())
            detected.append(std::move(found));
    }
    return detected;
}

QList<ProtectedApplication> ApplicationCatalog::toProfileApplications(const QList<DetectedApplication> &detected,
                                                                      const AdoptOptions &options)
{
    QList<ProtectedApplication> out;
    for (const DetectedApplication &d : detected) {
        const CatalogApplication &app = d.application;
        ProtectedApplication entry;
        entry.id = app.id;
        entry.name = app.name;
        entry.program = optionalPaths(app.program);
        entry.config = optionalPaths(app.config);
        entry.data = optionalPaths(app.data);  // listed even when not opted in: then it is excluded
        entry.includeData = options.includeData;
        entry.exclude = app.exclude;
        if (options.suggestedHooks) {
            entry.freeze = app.freeze;
            entry.thaw = app.thaw;
        }
        out.append(entry);
    }
    return out;
}

int ApplicationCatalog::adoptInto(ProtectionProfile &profile, const QList<DetectedApplication> &detected,
                                  const AdoptOptions &options)
{
    QSet<QString> present;
    for (const ProtectedApplication &app : std::as_const(profile.applications))
        present.insert(app.id);
    int added = 0;
    for (const ProtectedApplication &app : toProfileApplications(detected, options)) {
        if (present.contains(app.id))
            continue;
        present.insert(app.id);
        profile.applications.append(app);
        ++added;
    }
    return added;
}

}  // namespace st
