// SPDX-License-Identifier: GPL-3.0-or-later
#include "archive/Manifest.h"
#include "util/Sha256.h"

#include <catch2/catch.hpp>

using namespace st;

static Manifest sample()
{
    Manifest m;
    m.header.sourceHost = QStringLiteral("primary.example");
    m.header.sourceRoot = "/";
    m.header.created = QDateTime(QDate(2026, 11, 25), QTime(1, 2, 3), Qt::UTC);
    m.header.snapshot = QStringLiteral("none");
    m.header.includes = {"etc", "usr/share/zoneinfo"};
    m.header.excludes = {"*.pid", "/var/cache"};
    m.add({"etc", EntryType::Directory, 0, {}, {}});
    m.add({"etc/passwd", EntryType::File, 5, Sha256::of("hello"), {}});
    m.add({QByteArray("etc/we ird\n\xff name"), EntryType::File, 0, Sha256::of({}), {}});
    m.add({"etc/link", EntryType::HardLink, 0, {}, "etc/passwd"});
    m.add({"etc/sym", EntryType::Symlink, 0, {}, {}});
    m.add({"etc/null", EntryType::CharDevice, 0, {}, {}});
    return m;
}

TEST_CASE("manifest round-trips every field")
{
    const Manifest m = sample();
    const QByteArray text = m.serialize();
    auto parsed = Manifest::parse(text);
    REQUIRE(parsed.ok());
    CHECK(parsed->header.sourceHost == m.header.sourceHost);
    CHECK(parsed->header.created == m.header.created);
    CHECK(parsed->header.includes == m.header.includes);
    CHECK(parsed->header.excludes == m.header.excludes);
    REQUIRE(parsed->entries().size() == m.entries().size());
    for (qsizetype i = 0; i < m.entries().size(); ++i) {
        CHECK(parsed->entries()[i].path == m.entries()[i].path);
        CHECK(parsed->entries()[i].type == m.entries()[i].type);
        CHECK(parsed->entries()[i].size == m.entries()[i].size);
        CHECK(parsed->entries()[i].sha256 == m.entries()[i].sha256);
        CHECK(parsed->entries()[i].linkTarget == m.entries()[i].linkTarget);
    }
    CHECK(parsed->fileCount() == 2);
    CHECK(parsed->totalFileBytes() == 5);
    CHECK(parsed->find("etc/passwd") != nullptr);
}

TEST_CASE("manifest rejects truncation, edits and hostile paths")
{
    const QByteArray text = sample().serialize();
    CHECK_FALSE(Manifest::parse(text.left(text.size() - 20)).ok());
    QByteArray edited = text;
    edited.replace("entry f 5", "entry f 6");
    const auto r = Manifest::parse(edited);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.contains(QStringLiteral("checksum")));
    CHECK_FALSE(Manifest::parse("garbage").ok());

    Manifest hostile;
    hostile.add({"../etc/passwd", EntryType::Directory, 0, {}, {}});
    const auto h = Manifest::parse(hostile.serialize());
    REQUIRE_FALSE(h.ok());
    CHECK(h.error().message.contains(QStringLiteral("..")));
}
