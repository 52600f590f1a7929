// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/ComponentManifest.h"

#include "component/DebianVersion.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace st {

namespace {

constexpr qsizetype kMaxText = 512;
constexpr qsizetype kMaxPath = 4096;

Error bad(const QString &what)
{
    return Error{ErrorCode::Verify, QStringLiteral("component manifest: %1").arg(what), {}};
}

bool matches(const char *pattern, const QString &s)
{
    return QRegularExpression(QString::fromLatin1(pattern)).match(s).hasMatch();
}

bool isComponentId(const QString &s)
{
    return matches("^[a-z0-9][a-z0-9.+-]{0,63}$", s);
}


/** An absolute destination: "/" then plain names, no ".", "..", empty parts or control characters. */
bool isTargetPath(const QString &s)
{
    if (s.size() < 2 || s.size() > kMaxPath || !s.startsWith(QLatin1Char('/')) || s.endsWith(QLatin1Char('/')))
        return false;
    for (const QChar c : s)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    for (const QString &part : s.mid(1).split(QLatin1Char('/')))
        if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
            return false;
    return true;
}

bool isUnitName(const QString &s)
{
    return matches("^[A-Za-z0-9:_.@-]{1,200}\\.(service|socket|timer|path|target|mount)$", s);
}

/** Reads the fields of one object, refusing unknown keys; the first fault wins. */
class Reader {
public:
    Reader(QJsonObject o, QString where) : m_o(std::move(o)), m_where(std::move(where)) {}

    QString text(const char *key, bool required = true, qsizetype maxLen = kMaxText)
    {
        m_known << QLatin1String(key);
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (v.isUndefined() && !required)
            return {};
        if (!v.isString() || v.toString().size() > maxLen)
            return fail(key, QStringLiteral("must be a string of at most %1 characters").arg(maxLen)), QString();
        return v.toString();
    }
    QJsonArray array(const char *key, qsizetype maxItems, bool required = true)
    {
        m_known << QLatin1String(key);
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (v.isUndefined() && !required)
            return {};
        if (!v.isArray() || v.toArray().size() > maxItems)
            return fail(key, QStringLiteral("must be an array of at most %1 items").arg(maxItems)), QJsonArray();
        return v.toArray();
    }
    qint64 number(const char *key, qint64 min, qint64 max)
    {
        m_known << QLatin1String(key);
        const QJsonValue v = m_o.value(QLatin1String(key));
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < double(min) || d > double(max) || d != double(qint64(d)))
            return fail(key, QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max)), 0;
        return qint64(d);
    }
    bool boolean(const char *key, bool fallback)
    {
        m_known << QLatin1String(key);
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (v.isUndefined())
            return fallback;
        if (!v.isBool())
            return fail(key, QStringLiteral("must be true or false")), fallback;
        return v.toBool();
    }
    bool has(const char *key) const { return m_o.contains(QLatin1String(key)); }
    void fail(const char *key, const QString &what)
    {
        if (!m_error)
            m_error = bad(QStringLiteral("%1\"%2\" %3").arg(m_where, QLatin1String(key), what));
    }
    void failWith(const QString &what)
    {
        if (!m_error)
            m_error = bad(m_where + what);
    }
    /** Unknown keys are refused (a typo must not silently drop an action's option). */
    std::optional<Error> finish()
    {
        for (auto it = m_o.constBegin(); it != m_o.constEnd() && !m_error; ++it)
            if (!m_known.contains(it.key()))
                m_error = bad(QStringLiteral("%1unknown key \"%2\"").arg(m_where, it.key().left(64)));
        return m_error;
    }

private:
    QJsonObject m_o;
    QString m_where;
    QSet<QString> m_known;
    std::optional<Error> m_error;
};

QStringList ids(Reader &r, const char *key)
{
    QStringList out;
    for (const QJsonValue &v : r.array(key, ComponentManifest::kMaxRelations, false)) {
        if (!v.isString() || !isComponentId(v.toString())) {
            r.fail(key, QStringLiteral("must hold component ids (lower-case letters, digits, '.', '+', '-')"));
            return {};
        }
        out << v.toString();
    }
    return out;
}

Result<ComponentAction> parseAction(const QJsonObject &o, int index)
{
    Reader r(o, QStringLiteral("action %1: ").arg(index + 1));
    ComponentAction a;
    const int kinds = int(r.has("deb")) + int(r.has("file")) + int(r.has("unit")) + int(r.has("script"));
    if (kinds != 1)
        return bad(QStringLiteral("action %1: must be exactly one of \"deb\", \"file\", \"unit\", \"script\"").arg(index + 1));
    if (r.has("deb")) {
        a.kind = ComponentAction::Kind::Deb;
        a.file = r.text("deb");
        if (!a.file.endsWith(QLatin1String(".deb")))
            r.fail("deb", QStringLiteral("must name a .deb of the bundle"));
    } else if (r.has("file")) {
        a.kind = ComponentAction::Kind::File;
        a.file = r.text("file");
        a.target = r.text("target", true, kMaxPath);
        if (!isTargetPath(a.target))
            r.fail("target", QStringLiteral("must be an absolute path without '.', '..' or empty parts"));
        if (r.has("owner"))
            a.owner = r.text("owner");
        if (r.has("group"))
            a.group = r.text("group");
        for (const auto &[key, name] : {std::pair{"owner", a.owner}, std::pair{"group", a.group}})
            if (!matches("^[a-z_][a-z0-9_-]{0,31}$", name))
                r.fail(key, QStringLiteral("must be a user or group name"));
        if (r.has("mode")) {
            const QString mode = r.text("mode");
            bool ok = false;
            a.mode = mode.toInt(&ok, 8);
            if (!ok || !matches("^0?[0-7]{3,4}$", mode))
                r.fail("mode", QStringLiteral("must be an octal mode such as \"0644\""));
        }
    } else if (r.has("unit")) {
        a.kind = ComponentAction::Kind::Unit;
        a.unit = r.text("unit");
        if (!isUnitName(a.unit))
            r.fail("unit", QStringLiteral("must be a systemd unit name such as \"agent.service\""));
        a.start = r.boolean("start", true);
    } else {
        a.kind = ComponentAction::Kind::Script;
        a.file = r.text("script");
        a.undo = r.text("undo");
        if (!isBundlePath(a.undo))
            r.fail("undo", QStringLiteral("must name a file of the bundle (every script has its undo script)"));
    }
    if (a.kind != ComponentAction::Kind::Unit && !isBundlePath(a.file))
        r.failWith(QStringLiteral("\"%1\" must name a file of the bundle (a relative path of plain names)").arg(actionKindName(a.kind)));
    if (std::optional<Error> e = r.finish())
        return *e;
    return a;
}

Result<ComponentCheck> parseCheck(const QJsonObject &o, int index)
{
    Reader r(o, QStringLiteral("check %1: ").arg(index + 1));
    const int kinds = int(r.has("unit-active")) + int(r.has("package")) + int(r.has("path")) + int(r.has("script"));
    if (kinds != 1)
        return bad(QStringLiteral("check %1: must be exactly one of \"unit-active\", \"package\", \"path\", \"script\"").arg(index + 1));
    ComponentCheck c;
    if (r.has("unit-active")) {
        c.kind = ComponentCheck::Kind::UnitActive;
        c.value = r.text("unit-active");
        if (!isUnitName(c.value))
            r.fail("unit-active", QStringLiteral("must be a systemd unit name such as \"agent.service\""));
    } else if (r.has("package")) {
        c.kind = ComponentCheck::Kind::Package;
        c.value = r.text("package");
        if (!matches("^[a-z0-9][a-z0-9.+-]{1,99}$", c.value))
            r.fail("package", QStringLiteral("must be a Debian package name"));
    } else if (r.has("path")) {
        c.kind = ComponentCheck::Kind::Path;
        c.value = r.text("path", true, kMaxPath);
        if (!isTargetPath(c.value))
            r.fail("path", QStringLiteral("must be an absolute path without '.', '..' or empty parts"));
    } else {
        c.kind = ComponentCheck::Kind::Script;
        c.value = r.text("script");
        if (!isBundlePath(c.value))
            r.fail("script", QStringLiteral("must name a file of the bundle (a relative path of plain names)"));
    }
    if (std::optional<Error> e = r.finish())
        return *e;
    return c;
}

}  // namespace

// A path inside the bundle: relative, plain names, no ".", "..", or the bundle's own files.
bool isBundlePath(const QString &s)
{
    if (s.size() > 255 || !matches("^[A-Za-z0-9._+-]+(/[A-Za-z0-9._+-]+)*$", s))
        return false;
    for (const QString &part : s.split(QLatin1Char('/')))
        if (part == QLatin1String(".") || part == QLatin1String(".."))
            return false;
    return s != QLatin1String("manifest.json") && s != QLatin1String("manifest.sig") && s != QLatin1String("signer.pub");
}

QString describeCheck(const ComponentCheck &c)
{
    switch (c.kind) {
    case ComponentCheck::Kind::UnitActive: return QStringLiteral("unit %1 is active").arg(c.value);
    case ComponentCheck::Kind::Package: return QStringLiteral("package %1 is installed").arg(c.value);
    case ComponentCheck::Kind::Path: return QStringLiteral("%1 exists").arg(c.value);
    case ComponentCheck::Kind::Script: return QStringLiteral("check script %1 succeeds").arg(c.value);
    }
    return {};  // not reached: every enumerator is handled above
}

QString actionKindName(ComponentAction::Kind kind)
{
    switch (kind) {
    case ComponentAction::Kind::Deb: return QStringLiteral("deb");
    case ComponentAction::Kind::File: return QStringLiteral("file");
    case ComponentAction::Kind::Unit: return QStringLiteral("unit");
    case ComponentAction::Kind::Script: return QStringLiteral("script");
    }
    return {};  // not reached: every enumerator is handled above
}

QString describeAction(const ComponentAction &a)
{
    switch (a.kind) {
    case ComponentAction::Kind::Deb: return QStringLiteral("install %1").arg(a.file.section(QLatin1Char('/'), -1));
    case ComponentAction::Kind::File:
        return QStringLiteral("place %1 (%2:%3 %4)").arg(a.target, a.owner, a.group, QStringLiteral("%1").arg(a.mode, 4, 8, QLatin1Char('0')));
    case ComponentAction::Kind::Unit: return (a.start ? QStringLiteral("enable and start %1") : QStringLiteral("enable %1")).arg(a.unit);
    case ComponentAction::Kind::Script: return QStringLiteral("run %1 (undo: %2)").arg(a.file, a.undo);
    }
    return {};  // not reached: every enumerator is handled above
}

const BundleFile *ComponentManifest::file(const QString &path) const
{
    for (const BundleFile &f : files)
        if (f.path == path)
            return &f;
    return nullptr;
}

qint64 ComponentManifest::payloadBytes() const
{
    qint64 total = 0;
    for (const BundleFile &f : files)
        total += f.size;
    return total;
}

Result<ComponentManifest> ComponentManifest::parse(const QByteArray &json)
{
    if (json.size() > kMaxBytes)
        return bad(QStringLiteral("larger than %1 bytes").arg(kMaxBytes));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject())
        return bad(QStringLiteral("not a JSON object (%1)").arg(error.errorString()));
    const QJsonObject o = doc.object();
    Reader r(o, QString());
    ComponentManifest m;
    if (r.number("format", kFormat, kFormat) != kFormat)
        return bad(QStringLiteral("\"format\" must be %1").arg(kFormat));
    m.id = r.text("id");
    if (!isComponentId(m.id))
        r.fail("id", QStringLiteral("must be lower-case letters, digits, '.', '+', '-' (at most 64)"));
    m.version = r.text("version");
    if (!isDebianVersion(m.version))
        r.fail("version", QStringLiteral("must be a Debian version such as \"1.2-1\""));
    m.description = r.text("description");
    if (m.description.contains(QLatin1Char('\n')))
        r.fail("description", QStringLiteral("must be one line"));
    m.depends = ids(r, "depends");
    m.conflicts = ids(r, "conflicts");
    if (m.depends.contains(m.id) || m.conflicts.contains(m.id))
        r.failWith(QStringLiteral("a component cannot depend on or conflict with itself"));

    const QJsonArray files = r.array("files", kMaxFiles);
    for (qsizetype i = 0; i < files.size(); ++i) {
        Reader fr(files[i].toObject(), QStringLiteral("file %1: ").arg(i + 1));
        if (!files[i].isObject())
            return bad(QStringLiteral("file %1: must be an object").arg(i + 1));
        BundleFile f;
        f.path = fr.text("path");
        if (!isBundlePath(f.path))
            fr.fail("path", QStringLiteral("must be a relative path of plain names"));
        f.size = fr.number("size", 0, kMaxFileBytes);
        const QString hex = fr.text("sha256", true, 64);
        f.sha256 = QByteArray::fromHex(hex.toLatin1());
        if (hex.size() != 64 || f.sha256.size() != 32 || !matches("^[0-9a-f]{64}$", hex))
            fr.fail("sha256", QStringLiteral("must be 64 lower-case hex digits"));
        if (std::optional<Error> e = fr.finish())
            return *e;
        if (m.file(f.path))
            return bad(QStringLiteral("file %1: \"%2\" is listed twice").arg(i + 1).arg(f.path));
        m.files.append(f);
    }
    const QJsonArray actions = r.array("actions", kMaxActions);
    if (actions.isEmpty())
        r.failWith(QStringLiteral("\"actions\" must hold at least one action"));
    for (qsizetype i = 0; i < actions.size(); ++i) {
        if (!actions[i].isObject())
            return bad(QStringLiteral("action %1: must be an object").arg(i + 1));
        Result<ComponentAction> a = parseAction(actions[i].toObject(), int(i));
        if (!a)
            return a.error();
        for (const QString &used : {a->file, a->undo})
            if (!used.isEmpty() && !m.file(used))
                return bad(QStringLiteral("action %1: \"%2\" is not among the bundle's files").arg(i + 1).arg(used));
        m.actions.append(*a);
    }
    const QJsonArray checks = r.array("checks", kMaxChecks, false);
    for (qsizetype i = 0; i < checks.size(); ++i) {
        if (!checks[i].isObject())
            return bad(QStringLiteral("check %1: must be an object").arg(i + 1));
        Result<ComponentCheck> c = parseCheck(checks[i].toObject(), int(i));
        if (!c)
            return c.error();
        if (c->kind == ComponentCheck::Kind::Script && !m.file(c->value))
            return bad(QStringLiteral("check %1: \"%2\" is not among the bundle's files").arg(i + 1).arg(c->value));
        m.checks.append(*c);
    }
    if (std::optional<Error> e = r.finish())
        return *e;
    return m;
}

QByteArray ComponentManifest::toJson() const
{
    QJsonArray actionsJson;
    for (const ComponentAction &a : actions) {
        QJsonObject j;
        switch (a.kind) {
        case ComponentAction::Kind::Deb: j[QStringLiteral("deb")] = a.file; break;
        case ComponentAction::Kind::File:
            j = QJsonObject{{QStringLiteral("file"), a.file}, {QStringLiteral("target"), a.target}, {QStringLiteral("owner"), a.owner},
                            {QStringLiteral("group"), a.group}, {QStringLiteral("mode"), QStringLiteral("%1").arg(a.mode, 4, 8, QLatin1Char('0'))}};
            break;
        case ComponentAction::Kind::Unit: j = QJsonObject{{QStringLiteral("unit"), a.unit}, {QStringLiteral("start"), a.start}}; break;
        case ComponentAction::Kind::Script: j = QJsonObject{{QStringLiteral("script"), a.file}, {QStringLiteral("undo"), a.undo}}; break;
        }
        actionsJson.append(j);
    }
    QJsonArray checksJson;
    for (const ComponentCheck &c : checks) {
        static const char *const keys[] = {"unit-active", "package", "path", "script"};
        checksJson.append(QJsonObject{{QLatin1String(keys[int(c.kind)]), c.value}});
    }
    QJsonArray filesJson;
    for (const BundleFile &f : files)
        filesJson.append(QJsonObject{{QStringLiteral("path"), f.path},
                                     {QStringLiteral("size"), static_cast<double>(f.size)},
                                     {QStringLiteral("sha256"), QString::fromLatin1(f.sha256.toHex())}});
    QJsonObject o{{QStringLiteral("format"), kFormat},
                        {QStringLiteral("id"), id},
                        {QStringLiteral("version"), version},
                        {QStringLiteral("description"), description},
                        {QStringLiteral("depends"), QJsonArray::fromStringList(depends)},
                        {QStringLiteral("conflicts"), QJsonArray::fromStringList(conflicts)},
                        {QStringLiteral("actions"), actionsJson},
                        {QStringLiteral("files"), filesJson}};
    if (!checks.isEmpty())
        o[QStringLiteral("checks")] = checksJson;
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

}  // namespace st
