// SPDX-License-Identifier: GPL-3.0-or-later
// PinStore: JSON round trip, file mode, corrupt files, failed saves leave memory unchanged.
#include <catch2/catch.hpp>

#include "support/TestTree.h"
#include "net/PinStore.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <sys/stat.h>

using namespace st;

namespace {

QString qpath(const QByteArray &p)
{
    return QFile::decodeName(p);
}

QByteArray fingerprint(char fill)
{
    return QByteArray(32, fill);
}

}  // namespace

TEST_CASE("PinStore: a missing file is an empty store", "[pins]")
{
    test::ScratchDir dir("pins");
    auto store = PinStore::load(qpath(dir / "pins.json"));
    REQUIRE(store.ok());
    CHECK(!store->pinFor(QStringLiteral("198.18.0.2:7443")).has_value());
    CHECK(!store->hasFingerprint(fingerprint('a')));
    CHECK(!QFile::exists(qpath(dir / "pins.json")));  // loading does not create it
}

TEST_CASE("PinStore: pins are saved at once and reload identical", "[pins]")
{
    test::ScratchDir dir("pins");
    const QString file = qpath(dir / "pins.json");
    auto store = PinStore::load(file);
    REQUIRE(store.ok());

    REQUIRE(store->pin(QStringLiteral("198.18.0.2:7443"), fingerprint('\x01'), QStringLiteral("secondary-1")).ok());
    REQUIRE(store->pin(QStringLiteral("[2001:db8::2]:7443"), fingerprint('\xfe'), QStringLiteral("sécondaire")).ok());

    struct stat st {};
    REQUIRE(::stat((dir / "pins.json").constData(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);

    auto reloaded = PinStore::load(file);
    REQUIRE(reloaded.ok());
    const auto pin = reloaded->pinFor(QStringLiteral("198.18.0.2:7443"));
    REQUIRE(pin.has_value());
    CHECK(pin->fingerprint == fingerprint('\x01'));
    CHECK(pin->label == QStringLiteral("secondary-1"));
    const QDateTime pinnedAt = QDateTime::fromString(pin->pinnedAt, Qt::ISODate);
    CHECK(pinnedAt.isValid());
    CHECK(qAbs(pinnedAt.secsTo(QDateTime::currentDateTimeUtc())) < 120);
    const auto v6 = reloaded->pinFor(QStringLiteral("[2001:db8::2]:7443"));
    REQUIRE(v6.has_value());
    CHECK(v6->fingerprint == fingerprint('\xfe'));
    CHECK(v6->label == QStringLiteral("sécondaire"));
    CHECK(reloaded->hasFingerprint(fingerprint('\xfe')));
    CHECK(!reloaded->hasFingerprint(fingerprint('\x02')));
    CHECK(!reloaded->hasFingerprint(QByteArray()));

    // The documented on-disk format.
    QFile raw(file);
    REQUIRE(raw.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(raw.readAll()).object();
    CHECK(root.value(QStringLiteral("version")).toInt() == 1);
    const QJsonObject entry =
        root.value(QStringLiteral("pins")).toObject().value(QStringLiteral("198.18.0.2:7443")).toObject();
    CHECK(entry.value(QStringLiteral("fingerprint")).toString() == QStringLiteral("01").repeated(32));
    CHECK(entry.value(QStringLiteral("label")).toString() == QStringLiteral("secondary-1"));
}

TEST_CASE("PinStore: replace and remove", "[pins]")
{
    test::ScratchDir dir("pins");
    const QString file = qpath(dir / "pins.json");
    auto store = PinStore::load(file);
    REQUIRE(store.ok());
    const QString peer = QStringLiteral("198.18.0.2:7443");
    REQUIRE(store->pin(peer, fingerprint('a'), QStringLiteral("old")).ok());
    REQUIRE(store->pin(peer, fingerprint('b'), QStringLiteral("new")).ok());
    CHECK(!store->hasFingerprint(fingerprint('a')));

    auto reloaded = PinStore::load(file);
    REQUIRE(reloaded.ok());
    CHECK(reloaded->pinFor(peer)->fingerprint == fingerprint('b'));
    CHECK(reloaded->pinFor(peer)->label == QStringLiteral("new"));

    REQUIRE(reloaded->remove(peer).ok());
    CHECK(!reloaded->pinFor(peer).has_value());
    auto removed = reloaded->remove(peer);
    REQUIRE(!removed.ok());
    CHECK(removed.error().message.contains(peer));

    auto again = PinStore::load(file);
    REQUIRE(again.ok());
    CHECK(!again->pinFor(peer).has_value());
}

TEST_CASE("PinStore: invalid pins are refused", "[pins]")
{
    test::ScratchDir dir("pins");
    auto store = PinStore::load(qpath(dir / "pins.json"));
    REQUIRE(store.ok());
    CHECK(!store->pin(QString(), fingerprint('a'), QString()).ok());
    CHECK(!store->pin(QStringLiteral("peer"), QByteArray(20, 'a'), QString()).ok());
    CHECK(!QFile::exists(qpath(dir / "pins.json")));
}

TEST_CASE("PinStore: a failed save leaves the store unchanged", "[pins]")
{
    test::ScratchDir dir("pins");
    // The parent directory does not exist, so the save cannot succeed.
    const QString file = qpath(dir / "missing-dir/pins.json");
    auto store = PinStore::load(file);
    REQUIRE(store.ok());
    auto saved = store->pin(QStringLiteral("peer"), fingerprint('a'), QStringLiteral("x"));
    REQUIRE(!saved.ok());
    CHECK(saved.error().code == ErrorCode::Io);
    CHECK(saved.error().message.contains(file));
    CHECK(!store->pinFor(QStringLiteral("peer")).has_value());
    CHECK(!store->hasFingerprint(fingerprint('a')));
}

TEST_CASE("PinStore: corrupt files are errors naming the file", "[pins]")
{
    test::ScratchDir dir("pins");
    const QByteArray path = dir / "pins.json";
    const QByteArray goodFp = QByteArray(32, 'a').toHex();

    const QList<QByteArray> corrupt{
        QByteArrayLiteral("{not json"),
        QByteArrayLiteral("[]"),
        QByteArrayLiteral("{\"pins\":{}}"),
        QByteArrayLiteral("{\"version\":2,\"pins\":{}}"),
        QByteArrayLiteral("{\"version\":1,\"pins\":[]}"),
        QByteArrayLiteral("{\"version\":1,\"pins\":{\"p\":\"abc\"}}"),
        QByteArrayLiteral("{\"version\":1,\"pins\":{\"p\":{\"label\":\"x\"}}}"),
        QByteArrayLiteral("{\"version\":1,\"pins\":{\"p\":{\"fingerprint\":\"abcd\"}}}"),
        "{\"version\":1,\"pins\":{\"p\":{\"fingerprint\":\"" + goodFp.left(63) + "g\"}}}",
        "{\"version\":1,\"pins\":{\"p\":{\"fingerprint\":\"" + goodFp + "\",\"label\":7}}}",
        "{\"version\":1,\"pins\":{\"\":{\"fingerprint\":\"" + goodFp + "\"}}}",
    };
    for (const QByteArray &content : corrupt) {
        INFO(content.toStdString());
        test::writeFile(path, content, 0600);
        auto store = PinStore::load(qpath(path));
        REQUIRE(!store.ok());
        INFO(store.error().message.toStdString());
        CHECK(store.error().code == ErrorCode::InvalidArgument);
        CHECK(store.error().message.contains(qpath(path)));
    }

    // The smallest valid file loads.
    test::writeFile(path, "{\"version\":1,\"pins\":{\"p\":{\"fingerprint\":\"" + goodFp + "\"}}}", 0600);
    auto store = PinStore::load(qpath(path));
    REQUIRE(store.ok());
    CHECK(store->pinFor(QStringLiteral("p"))->fingerprint == QByteArray(32, 'a'));
}

TEST_CASE("PinStore: an unreadable path is an Io error", "[pins]")
{
    test::ScratchDir dir("pins");
    REQUIRE(::mkdir((dir / "pins.json").constData(), 0700) == 0);  // a directory, not a file
    auto store = PinStore::load(qpath(dir / "pins.json"));
    REQUIRE(!store.ok());
    CHECK(store.error().code == ErrorCode::Io);
    CHECK(store.error().message.contains(qpath(dir / "pins.json")));
}
