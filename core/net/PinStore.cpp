// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/PinStore.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSaveFile>

#include <algorithm>

namespace st {

namespace {

constexpr int kVersion = 1;
constexpr qsizetype kFingerprintSize = 32;
constexpr qint64 kMaxFileSize = 16 * 1024 * 1024;

Error corrupt(const QString &fileName, const QString &why)
{
    return makeError(ErrorCode::InvalidArgument, QStringLiteral("pin file %1 is corrupt: %2").arg(fileName, why));
}

bool isHexFingerprint(const QString &hex)
{
    if (hex.size() != kFingerprintSize * 2)
        return false;
    return std::all_of(hex.cbegin(), hex.cend(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
    });
}

}  // namespace

Result<PinStore> PinStore::load(const QString &fileName)
{
    PinStore store;
    store.m_fileName = fileName;

    QFile file(fileName);
    if (!file.exists())
        return store;
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read pin file %1: %2").arg(fileName, file.errorString()));
    if (file.size() > kMaxFileSize)
        return corrupt(fileName, QStringLiteral("file is too large"));
    const QByteArray data = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return makeError(ErrorCode::Io, QStringLiteral("cannot read pin file %1: %2").arg(fileName, file.errorString()));

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return corrupt(fileName, QStringLiteral("%1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return corrupt(fileName, QStringLiteral("top level is not a JSON object"));
    const QJsonObject root = doc.object();
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toDouble() != kVersion)
        return corrupt(fileName, QStringLiteral("unsupported \"version\" (expected %1)").arg(kVersion));
    const QJsonValue pins = root.value(QStringLiteral("pins"));
    if (!pins.isObject())
        return corrupt(fileName, QStringLiteral("\"pins\" is not an object"));

    const QJsonObject pinsObject = pins.toObject();
    for (auto it = pinsObject.begin(); it != pinsObject.end(); ++it) {
        const QString &peer = it.key();
        if (peer.isEmpty())
            return corrupt(fileName, QStringLiteral("empty peer name"));
        if (!it.value().isObject())
            return corrupt(fileName, QStringLiteral("pin for \"%1\" is not an object").arg(peer));
        const QJsonObject entry = it.value().toObject();
        const QJsonValue fp = entry.value(QStringLiteral("fingerprint"));
        if (!fp.isString() || !isHexFingerprint(fp.toString()))
            return corrupt(fileName, QStringLiteral("pin for \"%1\" has no valid SHA-256 \"fingerprint\"").arg(peer));
        const QJsonValue label = entry.value(QStringLiteral("label"));
        const QJsonValue pinnedAt = entry.value(QStringLiteral("pinnedAt"));
        if (!(label.isString() || label.isUndefined()) || !(pinnedAt.isString() || pinnedAt.isUndefined()))
            return corrupt(fileName, QStringLiteral("pin for \"%1\" has a non-string \"label\" or \"pinnedAt\"").arg(peer));
        store.m_pins.insert(peer, Pin{QByteArray::fromHex(fp.toString().toLatin1()), label.toString(), pinnedAt.toString()});
    }
    return store;
}

std::optional<Pin> PinStore::pinFor(const QString &peer) const
{
    const auto it = m_pins.constFind(peer);
    if (it == m_pins.cend())
        return std::nullopt;
    return *it;
}

bool PinStore::hasFingerprint(const QByteArray &fingerprint) const
{
    if (fingerprint.isEmpty())
        return false;
    return std::any_of(m_pins.cbegin(), m_pins.cend(), [&](const Pin &p) { return p.fingerprint == fingerprint; });
}

Status PinStore::pin(const QString &peer, const QByteArray &fingerprint, const QString &label)
{
    if (peer.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("cannot pin a peer without a name in %1").arg(m_fileName));
    if (fingerprint.size() != kFingerprintSize)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("fingerprint for peer %1 is not a SHA-256 digest (%2 bytes)")
                             .arg(peer)
                             .arg(fingerprint.size()));
    const QHash<QString, Pin> previous = m_pins;
    m_pins.insert(peer, Pin{fingerprint, label, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)});
    Status saved = save();
    if (!saved)
        m_pins = previous;
    return saved;
}

Status PinStore::remove(const QString &peer)
{
    if (!m_pins.contains(peer))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("no pin for peer %1 in %2").arg(peer, m_fileName));
    const QHash<QString, Pin> previous = m_pins;
    m_pins.remove(peer);
    Status saved = save();
    if (!saved)
        m_pins = previous;
    return saved;
}

Status PinStore::save() const
{
    QJsonObject pins;
    for (auto it = m_pins.cbegin(); it != m_pins.cend(); ++it) {
        pins.insert(it.key(), QJsonObject{
                                  {QStringLiteral("fingerprint"), QString::fromLatin1(it->fingerprint.toHex())},
                                  {QStringLiteral("label"), it->label},
                                  {QStringLiteral("pinnedAt"), it->pinnedAt},
                              });
    }
    const QJsonObject root{{QStringLiteral("version"), kVersion}, {QStringLiteral("pins"), pins}};
    const QByteArray data = QJsonDocument(root).toJson(QJsonDocument::Indented);

    QSaveFile file(m_fileName);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot write pin file %1: %2").arg(m_fileName, file.errorString()));
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        file.cancelWriting();
        return makeError(ErrorCode::Io,
                         QStringLiteral("cannot set permissions of pin file %1: %2").arg(m_fileName, file.errorString()));
    }
    if (file.write(data) != data.size() || !file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write pin file %1: %2").arg(m_fileName, file.errorString()));
    return {};
}

}  // namespace st
