// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/Messages.h"

#include <QJsonArray>

#include <catch2/catch.hpp>

using namespace st;

TEST_CASE("messages round-trip through JSON")
{
    msg::Hello h{1, QStringLiteral("servertwin"), QStringLiteral("0.1.0"), QStringLiteral("primary"), {}};
    auto h2 = msg::Hello::parse(h.toJson());
    REQUIRE(h2.ok());
    CHECK(h2->host == QStringLiteral("primary"));

    msg::Progress p;
    p.stage = Stage::Verify;
    p.filesDone = 3;
    p.filesTotal = 9;
    p.bytesDone = 1LL << 40;
    p.bytesTotal = 1LL << 41;
    p.current = QByteArray("etc/bad\xff name\n", 14);
    auto p2 = msg::Progress::parse(p.toJson());
    REQUIRE(p2.ok());
    CHECK(p2->stage == Stage::Verify);
    CHECK(p2->current == p.current);
    CHECK(p2->bytesDone == p.bytesDone);
    // The stage travels as its machine name, exactly as before the enum.
    CHECK(p.toJson().value(QStringLiteral("stage")).toString() == QStringLiteral("verify"));

    msg::ReportItems items;
    items.kind = QStringLiteral("removed");
    items.items.append({QByteArray("usr/\x01odd"), QStringLiteral("not present on the Primary")});
    auto i2 = msg::ReportItems::parse(items.toJson());
    REQUIRE(i2.ok());
    CHECK(i2->items.first().path == QByteArray("usr/\x01odd"));

    msg::EndData e{42, QByteArray(32, '\x07')};
    auto e2 = msg::EndData::parse(e.toJson());
    REQUIRE(e2.ok());
    CHECK(e2->sha256 == e.sha256);

    for (int c = 0; c <= static_cast<int>(ErrorCode::Internal); ++c)
        CHECK(msg::errorCodeFromName(errorCodeName(static_cast<ErrorCode>(c))) == static_cast<ErrorCode>(c));
}

TEST_CASE("every field is checked: missing, wrong type, out of range, too long")
{
    auto expectError = [](const Error &e, const char *field) {
        CHECK(e.code == ErrorCode::Protocol);
        INFO(e.message.toStdString());
        CHECK(e.message.contains(QLatin1String(field)));
    };
    QJsonObject hello = msg::Hello{1, QStringLiteral("servertwin"), QStringLiteral("1"), QStringLiteral("h"), {}}.toJson();
    hello.remove(QStringLiteral("host"));
    expectError(msg::Hello::parse(hello).error(), "host");
    hello.insert(QStringLiteral("host"), 5);
    expectError(msg::Hello::parse(hello).error(), "host");
    hello.insert(QStringLiteral("host"), QString(300, QLatin1Char('h')));
    expectError(msg::Hello::parse(hello).error(), "host");

    QJsonObject begin = msg::BeginClone{QStringLiteral("abc-123"), QStringLiteral("p"), 1, 2}.toJson();
    REQUIRE(msg::BeginClone::parse(begin).ok());
    begin.insert(QStringLiteral("cloneId"), QStringLiteral("../escape"));
    expectError(msg::BeginClone::parse(begin).error(), "cloneId");
    begin.insert(QStringLiteral("cloneId"), QStringLiteral("ok"));
    begin.insert(QStringLiteral("totalBytes"), -1);
    expectError(msg::BeginClone::parse(begin).error(), "totalBytes");
    begin.insert(QStringLiteral("totalBytes"), 1.5);
    expectError(msg::BeginClone::parse(begin).error(), "totalBytes");
    begin.insert(QStringLiteral("totalBytes"), 2);
    // The connection number is required and at least 1 (BeginClone and Resume alike).
    CHECK(msg::BeginClone::parse(begin)->attempt == 1);
    begin.insert(QStringLiteral("attempt"), 0);
    expectError(msg::BeginClone::parse(begin).error(), "attempt");
    begin.remove(QStringLiteral("attempt"));
    expectError(msg::BeginClone::parse(begin).error(), "attempt");
    QJsonObject resume = msg::Resume{QStringLiteral("abc-123"), QStringLiteral("p"), 7}.toJson();
    CHECK(msg::Resume::parse(resume)->attempt == 7);
    resume.insert(QStringLiteral("attempt"), -3);
    expectError(msg::Resume::parse(resume).error(), "attempt");
    resume.insert(QStringLiteral("attempt"), 1e12);
    expectError(msg::Resume::parse(resume).error(), "attempt");

    // Cancel names its clone (optional, for a Cancel on a new connection), checked like BeginClone's.
    const auto cancel = msg::Cancel::parse(msg::Cancel{QStringLiteral("why"), QStringLiteral("abc-123")}.toJson());
    REQUIRE(cancel.ok());
    CHECK(cancel->cloneId == QStringLiteral("abc-123"));
    const auto plainCancel = msg::Cancel::parse({{QStringLiteral("reason"), QStringLiteral("why")}});
    REQUIRE(plainCancel.ok());
    CHECK(plainCancel->cloneId.isEmpty());
    expectError(msg::Cancel::parse({{QStringLiteral("reason"), QStringLiteral("why")}, {QStringLiteral("cloneId"), QStringLiteral("../x")}}).error(), "cloneId");
    expectError(msg::Cancel::parse({{QStringLiteral("reason"), QStringLiteral("why")}, {QStringLiteral("cloneId"), QString()}}).error(), "cloneId");

    expectError(msg::PairRequest::parse({{QStringLiteral("proof"), QStringLiteral("abcd")}}).error(), "proof");
    expectError(msg::Ack::parse({{QStringLiteral("accepted"), -5}}).error(), "accepted");
    expectError(msg::Progress::parse({{QStringLiteral("stage"), QStringLiteral("receive")}}).error(), "filesDone");

    QJsonArray tooMany;
    for (qsizetype i = 0; i <= msg::ReportItems::kMaxItems; ++i)
        tooMany.append(QJsonObject{{QStringLiteral("path"), QStringLiteral("a")}, {QStringLiteral("reason"), QStringLiteral("r")}});
    expectError(msg::ReportItems::parse({{QStringLiteral("kind"), QStringLiteral("removed")}, {QStringLiteral("items"), tooMany}}).error(), "items");
    expectError(msg::ReportItems::parse({{QStringLiteral("kind"), QStringLiteral("removed")},
                                         {QStringLiteral("items"), QJsonArray{QJsonObject{{QStringLiteral("path"), QStringLiteral("bad\\x4")},
                                                                                          {QStringLiteral("reason"), QStringLiteral("r")}}}}})
                    .error(),
                "path");
}

TEST_CASE("a Progress with an unknown stage name is a protocol error")
{
    msg::Progress p;
    p.stage = Stage::Receive;
    QJsonObject o = p.toJson();
    REQUIRE(msg::Progress::parse(o).ok());
    for (const QString &bad : {QStringLiteral("unpack"), QStringLiteral("Receive"), QStringLiteral(""), QStringLiteral("receive ")}) {
        o.insert(QStringLiteral("stage"), bad);
        auto parsed = msg::Progress::parse(o);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == ErrorCode::Protocol);
        INFO(parsed.error().message.toStdString());
        CHECK(parsed.error().message.contains(QLatin1String("Progress")));
        CHECK(parsed.error().message.contains(QLatin1String("stage")));
        CHECK(parsed.error().message.contains(bad));
    }
    // The peer's text is named, but on one line whatever it holds.
    o.insert(QStringLiteral("stage"), QStringLiteral("re\nceive\r"));
    const QString oneLine = msg::Progress::parse(o).error().message;
    CHECK(oneLine.contains(QLatin1String("\"re?ceive?\"")));
    CHECK_FALSE(oneLine.contains(QLatin1Char('\n')));
    CHECK_FALSE(oneLine.contains(QLatin1Char('\r')));
    o.insert(QStringLiteral("stage"), 3);
    CHECK(msg::Progress::parse(o).error().message.contains(QLatin1String("must be a string")));
}
