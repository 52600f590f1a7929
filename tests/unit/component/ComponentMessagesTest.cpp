// SPDX-License-Identifier: GPL-3.0-or-later
// The components.* bodies from a peer: round trips, and every limit refused in one line.
#include "component/ComponentMessages.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

using namespace st;
using namespace st::comp;

namespace {
const QString kToken = QStringLiteral("0123456789abcdef0123456789abcdef");

template <typename T>
QString refusal(const QJsonObject &o)
{
    Result<T> r = T::parse(o);
    REQUIRE_FALSE(r);
    CHECK_FALSE(r.error().message.contains(QLatin1Char('\n')));
    return r.error().message;
}
}  // namespace

TEST_CASE("components.upload: a chunk round-trips, and a bad token, path data or range is refused")
{
    UploadRequest u;
    u.bundle = kToken;
    u.path = QStringLiteral("debs/tool_1.0_all.deb");
    u.offset = 4;
    u.size = 10;
    u.data = QByteArray("\x00\x01\xff\x10", 4);
    Result<UploadRequest> back = UploadRequest::parse(u.toJson());
    REQUIRE(back);
    CHECK(back->data == u.data);
    CHECK(back->offset == 4);
    CHECK(back->size == 10);

    QJsonObject o = u.toJson();
    o[QStringLiteral("bundle")] = QStringLiteral("../../etc");
    CHECK(refusal<UploadRequest>(o).contains(QStringLiteral("\"bundle\"")));
    o = u.toJson();
    o[QStringLiteral("data")] = QStringLiteral("not base64!");
    CHECK(refusal<UploadRequest>(o).contains(QStringLiteral("is not base64")));
    o = u.toJson();
    o[QStringLiteral("offset")] = 8;
    CHECK(refusal<UploadRequest>(o).contains(QStringLiteral("runs past the file's size")));
    o = u.toJson();
    o[QStringLiteral("data")] = QString::fromLatin1(QByteArray(UploadRequest::kMaxChunk + 3, 'x').toBase64());
    o[QStringLiteral("size")] = double(UploadRequest::kMaxChunk * 2);
    o[QStringLiteral("offset")] = 0;
    CHECK(refusal<UploadRequest>(o).contains(QStringLiteral("\"data\" is longer than")));
    o = u.toJson();
    o[QStringLiteral("size")] = double(qint64(1) << 40);
    CHECK(refusal<UploadRequest>(o).contains(QStringLiteral("\"size\" is out of range")));
}

TEST_CASE("components.install: tokens must be distinct upload tokens, keys and bundles are bounded")
{
    InstallRequest r;
    r.bundles = {kToken, QStringLiteral("fedcba9876543210fedcba9876543210")};
    r.trustedKeys = {QByteArray("-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n")};
    r.hardwareSupport = true;
    Result<InstallRequest> back = InstallRequest::parse(r.toJson());
    REQUIRE(back);
    CHECK(back->bundles == r.bundles);
    CHECK(back->trustedKeys == r.trustedKeys);
    CHECK(back->hardwareSupport);

    r.bundles = {kToken, kToken};
    CHECK(refusal<InstallRequest>(r.toJson()).contains(QStringLiteral("distinct upload tokens")));
    r.bundles = {kToken};
    for (int i = 0; i <= InstallRequest::kMaxKeys; ++i)
        r.trustedKeys.append("k");
    CHECK(refusal<InstallRequest>(r.toJson()).contains(QStringLiteral("more than 32 items")));
}

TEST_CASE("components outcomes and lists round-trip, and an unknown state or too many steps is refused")
{
    ComponentOutcome c;
    c.id = QStringLiteral("site-tools");
    c.version = QStringLiteral("1.0-1");
    c.signer = QStringLiteral("SHA256:ab");
    c.state = ComponentOutcome::State::Failed;
    c.steps = {{QStringLiteral("place /etc/x"), ComponentStep::State::Undone}, {QStringLiteral("run s.sh"), ComponentStep::State::Failed}};
    c.error = QStringLiteral("the install script of site-tools failed (exit 3)");
    c.bytes = 1234;
    ListReply list;
    list.installed = {c};
    list.busy = true;
    list.last = InstallReply{{c}, QStringLiteral("failed"), kToken};
    Result<ListReply> back = ListReply::parse(list.toJson());
    REQUIRE(back);
    REQUIRE(back->installed.size() == 1);
    CHECK(back->installed[0].steps[1].state == ComponentStep::State::Failed);
    CHECK(back->installed[0].bytes == 1234);
    CHECK(back->busy);
    REQUIRE(back->last);
    CHECK(back->last->token == kToken);

    QJsonObject o = c.toJson();
    o[QStringLiteral("state")] = QStringLiteral("half-installed");
    CHECK(refusal<ComponentOutcome>(o).contains(QStringLiteral("\"state\" is not a component state")));
    QJsonArray many;
    for (qsizetype i = 0; i <= ComponentOutcome::kMaxSteps; ++i)
        many.append(QJsonObject{{QStringLiteral("what"), QStringLiteral("x")}, {QStringLiteral("state"), QStringLiteral("done")}});
    o = c.toJson();
    o[QStringLiteral("steps")] = many;
    CHECK(refusal<ComponentOutcome>(o).contains(QStringLiteral("more than 264 items")));
}
