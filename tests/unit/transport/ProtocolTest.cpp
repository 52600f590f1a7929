// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/Protocol.h"

#include <QBuffer>
#include <QJsonObject>
#include <QtEndian>

#include <catch2/catch.hpp>

using namespace st;

namespace {
/** A QIODevice fed piece by piece, like a socket's read buffer. */
struct Feed {
    QByteArray data;
    QBuffer buffer{&data};
    Feed() { buffer.open(QIODevice::ReadOnly); }
    void append(const QByteArray &bytes)
    {
        const qint64 pos = buffer.pos();
        buffer.close();
        data.append(bytes);
        buffer.open(QIODevice::ReadOnly);
        buffer.seek(pos);
    }
};
QByteArray header(quint32 length, quint8 type)
{
    QByteArray h(5, '\0');
    qToBigEndian<quint32>(length, h.data());
    h[4] = static_cast<char>(type);
    return h;
}
}  // namespace

TEST_CASE("frames round-trip even when they arrive one byte at a time")
{
    const QByteArray wire = proto::encodeJson(proto::Type::Hello, QJsonObject{{QStringLiteral("x"), 1}})
        + proto::encode(proto::Type::Data, QByteArray(70000, 'z'));
    Feed feed;
    proto::FrameReader reader;
    QList<proto::Frame> frames;
    for (const char c : wire) {
        feed.append(QByteArray(1, c));
        for (;;) {
            auto f = reader.next(feed.buffer);
            REQUIRE(f.ok());
            if (!f->has_value())
                break;
            frames.append(**f);
        }
    }
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].type == proto::Type::Hello);
    CHECK(proto::parseJson(frames[0])->value(QStringLiteral("x")).toInt() == 1);
    CHECK(frames[1].type == proto::Type::Data);
    CHECK(frames[1].payload == QByteArray(70000, 'z'));
}

TEST_CASE("oversized, empty and unknown frames are refused from the header alone")
{
    struct Case {
        QByteArray bytes;
        const char *expect;
    };
    const Case cases[] = {
        {header(static_cast<quint32>(proto::kMaxDataPayload) + 2, static_cast<quint8>(proto::Type::Data)), "limit"},
        {header(static_cast<quint32>(proto::kMaxControlPayload) + 2, static_cast<quint8>(proto::Type::Hello)), "limit"},
        {header(0xffffffffu, static_cast<quint8>(proto::Type::Result)), "limit"},
        {header(0, static_cast<quint8>(proto::Type::Hello)), "Hello"},
        {header(10, 0), "unknown message type"},
        {header(10, 200), "unknown message type"},
    };
    for (const Case &c : cases) {
        Feed feed;
        feed.append(c.bytes);
        proto::FrameReader reader;
        auto f = reader.next(feed.buffer);
        REQUIRE_FALSE(f.ok());
        CHECK(f.error().code == ErrorCode::Protocol);
        INFO(f.error().message.toStdString());
        CHECK(f.error().message.contains(QLatin1String(c.expect)));
    }
}

TEST_CASE("a control payload that is not a JSON object is a protocol error naming the message")
{
    for (const QByteArray &payload : {QByteArray("not json"), QByteArray("[1,2]"), QByteArray("{\"a\":")}) {
        const proto::Frame f{proto::Type::Welcome, payload};
        auto r = proto::parseJson(f);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Protocol);
        CHECK(r.error().message.contains(QStringLiteral("Welcome")));
    }
}

TEST_CASE("before pairing only small Hello and PairRequest frames are taken, refused from the header alone")
{
    proto::FrameReader reader;
    reader.restrict({proto::Type::Hello, proto::Type::PairRequest}, 16 << 10);
    {
        Feed feed;
        feed.append(header(1 + 2, static_cast<quint8>(proto::Type::Ping)));  // no body needed to refuse it
        auto f = reader.next(feed.buffer);
        REQUIRE_FALSE(f.ok());
        CHECK(f.error().code == ErrorCode::Auth);
        CHECK(f.error().message.contains(QLatin1String("before it was paired")));
    }
    {
        Feed feed;
        feed.append(header((16 << 10) + 2, static_cast<quint8>(proto::Type::Hello)));  // allowed type, over the small cap
        proto::FrameReader small;
        small.restrict({proto::Type::Hello}, 16 << 10);
        auto f = small.next(feed.buffer);
        REQUIRE_FALSE(f.ok());
        CHECK(f.error().message.contains(QLatin1String("limit 16384")));
    }
    {
        Feed feed;
        feed.append(proto::encodeJson(proto::Type::Hello, QJsonObject()));
        auto f = reader.next(feed.buffer);
        REQUIRE(f.ok());
        REQUIRE(f->has_value());
        CHECK((*f)->type == proto::Type::Hello);
    }
    reader.lift();  // paired: every type again, at its own limit
    Feed feed;
    feed.append(proto::encodeJson(proto::Type::Ping, QJsonObject()));
    auto f = reader.next(feed.buffer);
    REQUIRE(f.ok());
    CHECK(f->has_value());
}
