// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/txn/ApplyStep.h"

#include "util/RawPath.h"

#include <QList>

namespace st::txn {

namespace {

// No '=' padding and no '/' or '+': a field never holds the separators ':', '=' or ' '.
constexpr auto kBase64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray encodeTime(const struct timespec &t)
{
    return QByteArray::number(static_cast<qint64>(t.tv_sec)) + '.' + QByteArray::number(static_cast<qint64>(t.tv_nsec));
}

std::optional<struct timespec> decodeTime(const QByteArray &text)
{
    const QList<QByteArray> parts = text.split('.');
    if (parts.size() != 2)
        return std::nullopt;
    bool okSec = false;
    bool okNsec = false;
    struct timespec t {};
    t.tv_sec = static_cast<time_t>(parts[0].toLongLong(&okSec));
    t.tv_nsec = parts[1].toLong(&okNsec);
    if (!okSec || !okNsec || t.tv_nsec < 0 || t.tv_nsec >= 1000000000L)
        return std::nullopt;
    return t;
}

Error badLine(const QString &why)
{
    return makeError(ErrorCode::Io, QStringLiteral("damaged apply plan: %1").arg(why));
}

}  // namespace

QByteArray encodeMetadata(const apply::NodeMetadata &meta)
{
    QByteArray out = QByteArray::number(static_cast<quint32>(meta.st.st_mode), 8) + ':' + QByteArray::number(meta.st.st_uid) + ':'
                     + QByteArray::number(meta.st.st_gid) + ':' + encodeTime(meta.st.st_atim) + ':' + encodeTime(meta.st.st_mtim);
    for (const apply::Xattr &x : meta.xattrs)
        out += ':' + x.name.toBase64(kBase64) + '=' + x.value.toBase64(kBase64);
    return out;
}

std::optional<apply::NodeMetadata> decodeMetadata(const QByteArray &text)
{
    const QList<QByteArray> fields = text.split(':');
    if (fields.size() < 5)
        return std::nullopt;
    apply::NodeMetadata meta;
    bool okMode = false;
    bool okUid = false;
    bool okGid = false;
    meta.st.st_mode = static_cast<mode_t>(fields[0].toUInt(&okMode, 8));
    meta.st.st_uid = static_cast<uid_t>(fields[1].toUInt(&okUid));
    meta.st.st_gid = static_cast<gid_t>(fields[2].toUInt(&okGid));
    const auto atime = decodeTime(fields[3]);
    const auto mtime = decodeTime(fields[4]);
    if (!okMode || !okUid || !okGid || !atime || !mtime)
        return std::nullopt;
    meta.st.st_atim = *atime;
    meta.st.st_mtim = *mtime;
    for (qsizetype i = 5; i < fields.size(); ++i) {
        const qsizetype eq = fields[i].indexOf('=');
        if (eq <= 0)
            return std::nullopt;
        const auto name = QByteArray::fromBase64Encoding(fields[i].left(eq), kBase64 | QByteArray::AbortOnBase64DecodingErrors);
        const auto value = QByteArray::fromBase64Encoding(fields[i].mid(eq + 1), kBase64 | QByteArray::AbortOnBase64DecodingErrors);
        if (!name || !value || name.decoded.isEmpty())
            return std::nullopt;
        meta.xattrs.append(apply::Xattr{name.decoded, value.decoded});
    }
    return meta;
}

QByteArray ApplyStep::toLine() const
{
    switch (kind) {
    case StepKind::Aside:
        return QByteArrayLiteral("A ") + (mirrored ? 'm' : 'r') + ' ' + escapePath(path);
    case StepKind::Place:
        return QByteArrayLiteral("P ") + escapePath(path);
    case StepKind::Meta:
        return QByteArrayLiteral("M ") + QByteArray::number(parts) + ' ' + escapePath(path) + ' ' + encodeMetadata(next) + ' '
               + encodeMetadata(previous);
    }
    return {};
}

Result<ApplyStep> ApplyStep::fromLine(const QByteArray &line)
{
    const QList<QByteArray> f = line.split(' ');
    auto pathOf = [](const QByteArray &escaped) -> std::optional<QByteArray> {
        auto p = unescapePath(escaped);
        if (!p || unsafePathReason(*p))
            return std::nullopt;
        return p;
    };
    if (f.size() == 3 && f[0] == "A" && (f[1] == "r" || f[1] == "m")) {
        const auto path = pathOf(f[2]);
        if (!path)
            return badLine(QStringLiteral("an unsafe path in an Aside step"));
        return aside(*path, f[1] == "m");
    }
    if (f.size() == 2 && f[0] == "P") {
        const auto path = pathOf(f[1]);
        if (!path)
            return badLine(QStringLiteral("an unsafe path in a Place step"));
        return place(*path);
    }
    if (f.size() == 5 && f[0] == "M") {
        bool okParts = false;
        const int parts = f[1].toInt(&okParts);
        const auto path = pathOf(f[2]);
        const auto next = decodeMetadata(f[3]);
        const auto previous = decodeMetadata(f[4]);
        if (!okParts || parts <= 0 || parts > apply::MetaAll || !path || !next || !previous)
            return badLine(QStringLiteral("a malformed Meta step"));
        return meta(*path, parts, *next, *previous);
    }
    return badLine(QStringLiteral("an unknown step \"%1\"").arg(QString::fromLatin1(line.left(40))));
}

}  // namespace st::txn
