// SPDX-License-Identifier: GPL-3.0-or-later
#include "profile/ExcludeMatcher.h"

#include <catch2/catch.hpp>

using namespace st;

namespace {

GlobPattern glob(const QByteArray &pattern)
{
    Result<GlobPattern> g = GlobPattern::compile(pattern);
    INFO(pattern.toStdString());
    REQUIRE(g.ok());
    return g.value();
}

bool file(const QByteArray &pattern, const QByteArray &path)
{
    return glob(pattern).matchesExactly(path, false);
}

bool dir(const QByteArray &pattern, const QByteArray &path)
{
    return glob(pattern).matchesExactly(path, true);
}

ExcludeMatcher matcher(const QList<QByteArray> &patterns)
{
    Result<ExcludeMatcher> m = ExcludeMatcher::compile(patterns);
    REQUIRE(m.ok());
    return m.value();
}

void requireBad(const QByteArray &pattern, const char *reason)
{
    Result<GlobPattern> g = GlobPattern::compile(pattern);
    INFO(pattern.toStdString());
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().code == ErrorCode::Profile);
    const std::string message = g.error().message.toStdString();
    CHECK_THAT(message, Catch::Contains(reason));
    // The message names the pattern in quotes. Built with QString::arg: GCC 12 at -O2/-O3 reports
    // a false -Wrestrict in libstdc++'s operator+(const char *, std::string &&) (GCC bugs 105329, 105651).
    if (!pattern.isEmpty() && !pattern.contains('\0'))
        CHECK_THAT(message, Catch::Contains(QStringLiteral("\"%1\"").arg(QString::fromUtf8(pattern)).toStdString()));
    CHECK_FALSE(message.find('\n') != std::string::npos);
}

}  // namespace

TEST_CASE("unanchored patterns match a name at any depth")
{
    CHECK(file("*.pid", "sshd.pid"));
    CHECK(file("*.pid", "run/sshd.pid"));
    CHECK(file("*.pid", "var/run/deep/x.pid"));
    CHECK_FALSE(file("*.pid", "var/run/x.pid.old"));
    CHECK(dir("lost+found", "lost+found"));
    CHECK(dir("lost+found", "boot/lost+found"));
    CHECK_FALSE(dir("lost+found", "boot/lost+found2"));
    // Only the last component is compared: a parent called "cache" is not "cache" itself.
    CHECK_FALSE(file("cache", "var/cache/x"));
}

TEST_CASE("anchored patterns match from the source root only")
{
    CHECK(dir("/var/cache", "var/cache"));
    CHECK_FALSE(dir("/var/cache", "srv/var/cache"));
    CHECK(dir("var/cache", "var/cache"));  // a '/' in the middle anchors too
    CHECK_FALSE(dir("var/cache", "x/var/cache"));
    CHECK(dir("/lost+found", "lost+found"));
    CHECK_FALSE(dir("/lost+found", "boot/lost+found"));
    CHECK(file("var/cache/*.deb", "var/cache/a.deb"));
    CHECK_FALSE(file("var/cache/*.deb", "var/cache/apt/a.deb"));
    // Exact match only: a child of the pattern is not matched by matchesExactly().
    CHECK_FALSE(file("/var/cache", "var/cache/apt"));
    CHECK(dir("/var//cache", "var/cache"));
    CHECK(dir("./etc", "etc"));
    CHECK_FALSE(dir("./etc", "x/etc"));
}

TEST_CASE("'*' and '?' never cross '/'")
{
    CHECK_FALSE(file("/var/*", "var/lib/dpkg"));
    CHECK(dir("/var/*", "var/lib"));
    CHECK_FALSE(file("/var*dpkg", "var/lib/dpkg"));
    CHECK_FALSE(file("/var?lib", "var/lib"));
    CHECK(file("/var?lib", "var.lib"));
    CHECK(file("a?c", "abc"));
    CHECK_FALSE(file("a?c", "ac"));
    CHECK(file("*", ".hidden"));  // no special case for leading dots
    CHECK(file("a*b*c", "aXXbYYbZc"));
    CHECK_FALSE(file("a*b*c", "aXXbYYbZ"));
    CHECK(file("a***b", "ab"));  // a run of '*' inside a name is one '*'
    CHECK(file("*", "x"));
}

TEST_CASE("'**' matches whole components at the start, middle and end")
{
    SECTION("start")
    {
        CHECK(file("**/foo", "foo"));
        CHECK(file("**/foo", "a/b/foo"));
        CHECK_FALSE(file("**/foo", "a/b/foobar"));
        CHECK(file("/**/foo/bar", "x/y/foo/bar"));
        CHECK(file("/**/foo/bar", "foo/bar"));
    }
    SECTION("middle")
    {
        CHECK(file("a/**/b", "a/b"));
        CHECK(file("a/**/b", "a/x/b"));
        CHECK(file("a/**/b", "a/x/y/z/b"));
        CHECK_FALSE(file("a/**/b", "a/x/y/z/c"));
        CHECK_FALSE(file("a/**/b", "x/a/b"));
        CHECK(file("a/**/b/**/c", "a/1/b/2/3/c"));
        CHECK(file("a/**/**/b", "a/b"));
        CHECK(file("a/**/x*/b", "a/1/2/xyz/b"));
        CHECK_FALSE(file("a/**/x*/b", "a/1/2/yz/b"));
    }
    SECTION("end: everything inside, not the directory itself")
    {
        CHECK(file("var/log/**", "var/log/syslog"));
        CHECK(file("var/log/**", "var/log/apt/history.log"));
        CHECK_FALSE(dir("var/log/**", "var/log"));
        CHECK_FALSE(dir("var/log/**", "var"));
    }
    SECTION("alone")
    {
        CHECK(file("**", "x"));
        CHECK(file("**", "a/b/c"));
        CHECK(file("/**", "a/b/c"));
    }
    SECTION("'**' inside a name is a plain '*'")
    {
        CHECK(file("/a**b", "aXb"));
        CHECK_FALSE(file("/a**b", "aX/b"));
    }
}

TEST_CASE("character classes, ranges, negation and named classes")
{
    CHECK(file("/file[0-9]", "file7"));
    CHECK_FALSE(file("/file[0-9]", "filex"));
    CHECK(file("/file[!0-9]", "filex"));
    CHECK_FALSE(file("/file[!0-9]", "file7"));
    CHECK(file("/file[^0-9]", "filex"));
    CHECK_FALSE(file("/file[^0-9]", "file7"));
    CHECK(file("/[abc]", "b"));
    CHECK_FALSE(file("/[abc]", "d"));
    CHECK(file("/[]]", "]"));       // ']' first is literal
    CHECK(file("/[!]]", "x"));
    CHECK_FALSE(file("/[!]]", "]"));
    CHECK(file("/[a-]", "-"));      // '-' last is literal
    CHECK(file("/[\\]x]", "]"));   // escaped ']'
    CHECK(file("/[[:digit:]]x", "5x"));
    CHECK_FALSE(file("/[[:digit:]]x", "ax"));
    CHECK(file("/[[:upper:][:digit:]]", "Q"));
    CHECK_FALSE(file("/[[:upper:][:digit:]]", "q"));
    // A class never matches '/': "a[!x]b" cannot span two components.
    CHECK_FALSE(file("a[!x]b", "a/b"));
}

TEST_CASE("backslash escapes the next character")
{
    CHECK(file("/a\\*b", "a*b"));
    CHECK_FALSE(file("/a\\*b", "aXb"));
    CHECK(file("/what\\?", "what?"));
    CHECK_FALSE(file("/what\\?", "whatx"));
    CHECK(file("/\\[x]", "[x]"));
    CHECK_FALSE(file("/\\[x]", "x"));
    CHECK(file("/back\\\\slash", "back\\slash"));
    // An escaped "**" is two literal stars, not a component wildcard.
    CHECK(file("/a/\\*\\*/b", "a/**/b"));
    CHECK_FALSE(file("/a/\\*\\*/b", "a/x/b"));
}

TEST_CASE("a trailing '/' matches directories only")
{
    CHECK(dir("cache/", "var/cache"));
    CHECK_FALSE(file("cache/", "var/cache"));
    CHECK(dir("/var/cache/", "var/cache"));
    CHECK_FALSE(file("/var/cache/", "var/cache"));
    CHECK(file("cache", "var/cache"));  // without '/', files too

    // A file below a directory-only match is still excluded through its parent.
    const ExcludeMatcher m = matcher({"cache/"});
    CHECK(m.isExcluded("var/cache/apt/pkgcache.bin", false));
    CHECK_FALSE(m.isExcluded("var/cache", false));
    CHECK(m.isExcluded("var/cache", true));
}

TEST_CASE("isExcluded tests every parent, matchesSelf only the path")
{
    const ExcludeMatcher m = matcher({"/var/cache", "*.pid", "tmp/"});
    CHECK(m.isExcluded("var/cache", true));
    CHECK(m.isExcluded("var/cache/apt/archives/x.deb", false));
    CHECK_FALSE(m.matchesSelf("var/cache/apt/archives/x.deb", false));
    CHECK(m.matchesSelf("var/cache", true));
    CHECK_FALSE(m.isExcluded("var/cachet", true));
    CHECK_FALSE(m.isExcluded("var/lib/dpkg/status", false));
    CHECK(m.isExcluded("run/sshd.pid", false));
    CHECK(m.isExcluded("a/x.pid/inner", false));  // a directory named *.pid
    CHECK(m.isExcluded("srv/tmp/file", false));
    CHECK_FALSE(m.isExcluded("srv/tmp", false));  // a file called tmp
    CHECK_FALSE(m.isExcluded("", true));          // the root itself never
    CHECK(m.patterns() == QList<QByteArray>{"/var/cache", "*.pid", "tmp/"});
    CHECK_FALSE(m.isEmpty());

    const ExcludeMatcher empty;
    CHECK(empty.isEmpty());
    CHECK_FALSE(empty.isExcluded("anything", false));
    CHECK_FALSE(empty.matchesSelf("anything", false));
}

TEST_CASE("patterns and paths are raw bytes, not UTF-8")
{
    const QByteArray latin1Name("caf\xe9", 4);  // "café" in Latin-1: invalid UTF-8
    CHECK(file("/srv/caf\xe9", "srv/" + latin1Name));
    CHECK(file("/srv/caf?", "srv/" + latin1Name));
    CHECK(file("/srv/*\xe9", "srv/" + latin1Name));
    CHECK_FALSE(file("/srv/cafe", "srv/" + latin1Name));
    CHECK(file("/[\xe0-\xef]", QByteArray("\xe9", 1)));
    CHECK_FALSE(file("/[\xe0-\xef]", QByteArray("\xf0", 1)));
    CHECK(file("/[!a]", QByteArray("\xff", 1)));
    const QByteArray withNewline("bad\nname", 8);
    CHECK(file("bad?name", withNewline));
    CHECK(matcher({QByteArray("\xff\xfe", 2)}).isExcluded(QByteArray("x/\xff\xfe/y", 6), false));
    // ASCII named classes do not claim bytes >= 0x80.
    CHECK_FALSE(file("/[[:alpha:]]", QByteArray("\xe9", 1)));
}

TEST_CASE("bad patterns are errors that name the pattern")
{
    requireBad("", "empty pattern");
    requireBad("/", "empty pattern");
    requireBad("//", "empty pattern");
    requireBad("./", "empty pattern");
    requireBad("/var/[abc", "unterminated '['");
    requireBad("[", "unterminated '['");
    requireBad("[]", "unterminated '['");
    requireBad("[!]", "unterminated '['");
    requireBad("[a\\", "unterminated '['");
    requireBad("/var/../etc", "'..' component");
    requireBad("..", "'..' component");
    requireBad("a/..", "'..' component");
    requireBad("a\\", "trailing '\\'");
    requireBad("[a/b]", "'/' inside");
    requireBad("[z-a]", "reversed range");
    requireBad("[[:nonsense:]]", "unknown character class");
    requireBad(QByteArray("a\0b", 3), "NUL byte");
    CHECK_THAT(GlobPattern::compile(QByteArray("a\0b", 3)).error().message.toStdString(),
               Catch::Contains("\"a\\x00b\""));

    Result<ExcludeMatcher> m = ExcludeMatcher::compile({"*.pid", "/var/[cache"});
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == ErrorCode::Profile);
    CHECK_THAT(m.error().message.toStdString(), Catch::Contains("\"/var/[cache\""));
}

TEST_CASE("a default-constructed pattern matches nothing")
{
    const GlobPattern none;
    CHECK_FALSE(none.matchesExactly("a", false));
    CHECK(none.pattern().isEmpty());
    CHECK(glob("*.pid").pattern() == "*.pid");
}
