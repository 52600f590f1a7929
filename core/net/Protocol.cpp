// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/Protocol.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QtEndian>

#include <algorithm>
#include <limits>

namespace st::proto {

qsizetype maxPayload(quint8 type)
{
    switch (static_cast<Type>(type)) {
    case Type::Data:
        return kMaxDataPayload;
    case Type::Hello: case Type::Welcome: case Type::PairRequest: case Type::PairResult:
    case Type::BeginClone: case Type::Ready: case Type::EndData: case Type::Progress:
    case Type::ReportItems: case Type::Result: case Type::Cancel: case Type::Error: case Type::Ack:
    case Type::Resume: case Type::Resumed: case Type::Resend: case Type::Ping: case Type::Pong:
    case Type::Request: case Type::Response: case Type::Event:
        return kMaxControlPayload;
    }
    return 0;
}

QString typeName(quint8 type)
{
    switch (static_cast<Type>(type)) {
    case Type::Hello: return QStringLiteral("Hello");
    case Type::Welcome: return QStringLiteral("Welcome");
    case Type::PairRequest: return QStringLiteral("PairRequest");
    case Type::PairResult: return QStringLiteral("PairResult");
    case Type::BeginClone: return QStringLiteral("BeginClone");
    case Type::Ready: return QStringLiteral("Ready");
    case Type::Data: return QStringLiteral("Data");
    case Type::EndData: return QStringLiteral("EndData");
    case Type::Progress: return QStringLiteral("Progress");
    case Type::ReportItems: return QStringLiteral("ReportItems");
    case Type::Result: return QStringLiteral("Result");
    case Type::Cancel: return QStringLiteral("Cancel");
    case Type::Error: return QStringLiteral("Error");
    case Type::Ack: return QStringLiteral("Ack");
    case Type::Resume: return QStringLiteral("Resume");
    case Type::Resumed: return QStringLiteral("Resumed");
    case Type::Resend: return QStringLiteral("Resend");
    case Type::Ping: return QStringLiteral("Ping");
    case Type::Pong: return QStringLiteral("Pong");
    case Type::Request: return QStringLiteral("Request");
    case Type::Response: return QStringLiteral("Response");
    case Type::Event: return QStringLiteral("Event");
    }
    return QStringLiteral("type %1").arg(type);
}

QByteArray encode(Type type, const QByteArray &payload)
{
    QByteArray out;
    out.resize(5 + payload.size());
    qToBigEndian<quint32>(static_cast<quint32>(payload.size() + 1), out.data());
    out[4] = static_cast<char>(type);
    memcpy(out.data() + 5, payload.constData(), static_cast<size_t>(payload.size()));
    return out;
}

QByteArray encodeJson(Type type, const QJsonObject &object)
{
    return encode(type, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QByteArray encodeData(qint64 offset, const QByteArray &sha256, const char *data, qsizetype size)
{
    QByteArray out;
    out.resize(kDataHeaderSize + size);
    qToBigEndian<quint64>(static_cast<quint64>(offset), out.data());
    memcpy(out.data() + 8, sha256.constData(), 32);
    memcpy(out.data() + kDataHeaderSize, data, static_cast<size_t>(size));
    return out;
}

Result<DataHeader> parseDataHeader(const QByteArray &payload)
{
    if (payload.size() < kDataHeaderSize)
        return makeError(ErrorCode::Protocol, QStringLiteral("peer sent a Data message of %1 bytes, shorter than its %2-byte header")
                                                  .arg(payload.size()).arg(kDataHeaderSize));
    DataHeader h;
    const quint64 offset = qFromBigEndian<quint64>(payload.constData());
    if (offset > static_cast<quint64>(std::numeric_limits<qint64>::max() / 2))
        return makeError(ErrorCode::Protocol, QStringLiteral("peer sent a Data message with an impossible stream offset"));
    h.offset = static_cast<qint64>(offset);
    h.sha256 = payload.mid(8, 32);
    return h;
}

Result<std::optional<Frame>> FrameReader::next(QIODevice &device)
{
    if (m_pendingLength < 0) {
        if (device.bytesAvailable() < 5)
            return std::optional<Frame>();
        char header[5];
        if (device.peek(header, 5) != 5)
            return std::optional<Frame>();
        const quint32 length = qFromBigEndian<quint32>(header);
        const auto type = static_cast<quint8>(header[4]);
        const qsizetype limit = maxPayload(type);
        if (limit == 0)
            return makeError(ErrorCode::Protocol, QStringLiteral("peer sent an unknown message type %1").arg(type));
        if (m_restricted && !m_allowed.contains(static_cast<Type>(type)))
            return makeError(ErrorCode::Auth, QStringLiteral("peer sent %1 before it was paired (only Hello and PairRequest are accepted until then)")
                                                  .arg(typeName(type)));
        const qsizetype cap = m_restricted ? std::min(limit, m_restrictedMax) : limit;
        if (length < 1 || static_cast<qint64>(length) - 1 > cap)
            return makeError(ErrorCode::Protocol, QStringLiteral("peer sent a %1 message of %2 bytes (limit %3)")
                                                      .arg(typeName(type)).arg(length).arg(cap));
        m_pendingLength = length;
        device.skip(4);
    }
    if (device.bytesAvailable() < m_pendingLength)
        return std::optional<Frame>();
    QByteArray body = device.read(m_pendingLength);
    m_pendingLength = -1;
    Frame f{static_cast<Type>(static_cast<quint8>(body.at(0))), body.mid(1)};
    return std::optional<Frame>(std::move(f));
}

void FrameReader::restrict(QList<Type> types, qsizetype maxPayload)
{
    m_restricted = true;
    m_allowed = std::move(types);
    m_restrictedMax = maxPayload;
}

Result<QJsonObject> parseJson(const Frame &frame)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(frame.payload, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(ErrorCode::Protocol, QStringLiteral("peer sent a malformed %1 message")
                                                  .arg(typeName(static_cast<quint8>(frame.type))));
    return doc.object();
}

}  // namespace st::proto
