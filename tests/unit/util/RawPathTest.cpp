// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/RawPath.h"

#include <catch2/catch.hpp>

using namespace st;

TEST_CASE("escapePath is lossless for every byte value")
{
    QByteArray all;
    for (int i = 1; i < 256; ++i)
        all.append(static_cast<char>(i));
    const QByteArray esc = escapePath(all);
    CHECK_FALSE(esc.contains(' '));
    CHECK_FALSE(esc.contains('\n'));
    const auto back = unescapePath(esc);
    REQUIRE(back.has_value());
    CHECK(*back == all);
}

TEST_CASE("unescapePath rejects malformed escapes")
{
    CHECK_FALSE(unescapePath("a\\x4").has_value());
    CHECK_FALSE(unescapePath("a\\y41").has_value());
    CHECK_FALSE(unescapePath("a\\xzz").has_value());
    CHECK(unescapePath("a\\x41").value() == "aA");
}

TEST_CASE("unsafePathReason refuses paths that could leave the root")
{
    CHECK(unsafePathReason("etc/passwd") == std::nullopt);
    CHECK(unsafePathReason("/etc/passwd").has_value());
    CHECK(unsafePathReason("etc/../../x").has_value());
    CHECK(unsafePathReason("..").has_value());
    CHECK(unsafePathReason("a//b").has_value());
    CHECK(unsafePathReason("a/./b").has_value());
    CHECK(unsafePathReason("").has_value());
    CHECK(unsafePathReason(QByteArray("a\0b", 3)).has_value());
    CHECK(unsafePathReason(QByteArray(256, 'x')).has_value());
    CHECK(unsafePathReason(QByteArray(255, 'x')) == std::nullopt);
}

TEST_CASE("normaliseRelative folds slashes and refuses ..")
{
    CHECK(normaliseRelative("/etc//ssh/").value() == "etc/ssh");
    CHECK(normaliseRelative("/").value() == "");
    CHECK_FALSE(normaliseRelative("/etc/../root").has_value());
}

TEST_CASE("path helpers")
{
    CHECK(joinPath("", "a") == "a");
    CHECK(joinPath("a/b", "c") == "a/b/c");
    CHECK(parentPath("a/b/c") == "a/b");
    CHECK(parentPath("a") == "");
    CHECK(baseName("a/b/c") == "c");
    CHECK(isSameOrBelow("etc/ssh", "etc"));
    CHECK(isSameOrBelow("etc", "etc"));
    CHECK_FALSE(isSameOrBelow("etcetera", "etc"));
    CHECK(isSameOrBelow("anything", ""));
    CHECK(displayPath("caf\xc3\xa9") == QStringLiteral("caf\u00e9"));
    CHECK(displayPath("bad\xff") == QStringLiteral("bad\\xff"));
}
