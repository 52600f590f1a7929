// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExcludeMatcher.h"

#include "util/RawPath.h"

#include <bitset>
#include <cctype>
#include <cstdint>
#include <optional>
#include <vector>

// A pattern is compiled into a list of components, each matched against one path component:
//  - Segment: tokens (literal byte, '?', '*', class) matched within one name;
//  - AnyComponent: exactly one component, whatever its name;
//  - DoubleStar: zero or more whole components.
// An unanchored pattern gets a leading DoubleStar ("*.pid" == "**" + "/" + "*.pid").
// A trailing "**" matches everything inside, not the directory itself (gitignore):
// "var/log/**" becomes var, log, AnyComponent, DoubleStar.
// Both levels use the same linear backtracking wildcard algorithm: a star (or DoubleStar)
// remembers where it started and is extended by one element when a later token fails.

namespace st {

namespace {

enum class TokenKind : quint8 { Literal, AnyChar, Star, Class };

struct Token {
    TokenKind kind = TokenKind::Literal;
    unsigned char ch = 0;       // Literal
    qsizetype classIndex = -1;  // Class
};

enum class ComponentKind : quint8 { Segment, AnyComponent, DoubleStar };

struct Component {
    ComponentKind kind = ComponentKind::Segment;
    std::vector<Token> tokens;  // Segment
    bool literalOnly = true;    // Segment without wildcards: compare bytes
    QByteArray literal;         // Segment, when literalOnly
};

using CharClass = std::bitset<256>;

/** "a/b/c" -> a, b, c (views into @p relPath; empty components are skipped). */
QList<QByteArrayView> splitComponents(const QByteArray &relPath)
{
    QList<QByteArrayView> parts;
    qsizetype start = 0;
    const qsizetype size = relPath.size();
    while (start < size) {
        qsizetype end = relPath.indexOf('/', start);
        if (end < 0)
            end = size;
        if (end > start)
            parts.append(QByteArrayView(relPath.constData() + start, end - start));
        start = end + 1;
    }
    return parts;
}


bool addNamedClass(const QByteArray &name, CharClass &set)
{
    int (*test)(int) = nullptr;
    if (name == "alpha")
        test = [](int c) { return std::isalpha(c); };
    else if (name == "digit")
        test = [](int c) { return std::isdigit(c); };
    else if (name == "alnum")
        test = [](int c) { return std::isalnum(c); };
    else if (name == "upper")
        test = [](int c) { return std::isupper(c); };
    else if (name == "lower")
        test = [](int c) { return std::islower(c); };
    else if (name == "space")
        test = [](int c) { return std::isspace(c); };
    else if (name == "punct")
        test = [](int c) { return std::ispunct(c); };
    else if (name == "xdigit")
        test = [](int c) { return std::isxdigit(c); };
    else if (name == "blank")
        test = [](int c) { return c == ' ' || c == '\t' ? 1 : 0; };
    else if (name == "cntrl")
        test = [](int c) { return std::iscntrl(c); };
    else if (name == "print")
        test = [](int c) { return std::isprint(c); };
    else if (name == "graph")
        test = [](int c) { return std::isgraph(c); };
    if (!test)
        return false;
    // ASCII only: the meaning of bytes >= 0x80 depends on an encoding we do not know.
    for (int c = 0; c < 128; ++c) {
        if (test(c))
            set.set(static_cast<size_t>(c));
    }
    return true;
}

bool tokenMatches(const Token &token, const std::vector<CharClass> &classes, unsigned char c)
{
    switch (token.kind) {
    case TokenKind::Literal: return token.ch == c;
    case TokenKind::AnyChar: return true;
    case TokenKind::Class: return classes[static_cast<size_t>(token.classIndex)].test(c);
    case TokenKind::Star: return false;
    }
    return false;
}

bool segmentMatches(const Component &comp, const std::vector<CharClass> &classes, QByteArrayView name)
{
    if (comp.literalOnly)
        return name == QByteArrayView(comp.literal);
    const auto &tokens = comp.tokens;
    const size_t tokenCount = tokens.size();
    const auto size = static_cast<size_t>(name.size());
    size_t ti = 0;
    size_t si = 0;
    size_t starToken = SIZE_MAX;
    size_t starName = 0;
    while (si < size) {
        const auto c = static_cast<unsigned char>(name[static_cast<qsizetype>(si)]);
        if (ti < tokenCount && tokens[ti].kind == TokenKind::Star) {
            starToken = ti++;
            starName = si;
        } else if (ti < tokenCount && tokenMatches(tokens[ti], classes, c)) {
            ++ti;
            ++si;
        } else if (starToken != SIZE_MAX) {
            ti = starToken + 1;
            si = ++starName;
        } else {
            return false;
        }
    }
    while (ti < tokenCount && tokens[ti].kind == TokenKind::Star)
        ++ti;
    return ti == tokenCount;
}

Error patternError(const QByteArray &pattern, const QString &reason)
{
    return makeError(ErrorCode::Profile,
                     QStringLiteral("bad pattern \"%1\": %2").arg(displayPath(pattern), reason));
}

}  // namespace

struct GlobPattern::Compiled {
    std::vector<Component> components;
    std::vector<CharClass> classes;
    bool directoryOnly = false;
};

namespace {

/** Parses "[...]" starting at pattern[pos] == '['; on success pos is just past ']'. */
std::optional<QString> parseClass(const QByteArray &pattern, qsizetype &pos, CharClass &set)
{
    qsizetype i = pos + 1;
    bool negate = false;
    if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
        negate = true;
        ++i;
    }
    bool first = true;
    while (true) {
        if (i >= pattern.size())
            return QStringLiteral("unterminated '['");
        char c = pattern[i];
        if (c == ']' && !first)
            break;
        first = false;
        if (c == '/')
            return QStringLiteral("'/' inside \"[...]\" (a name never contains '/')");
        if (c == '[' && i + 1 < pattern.size() && pattern[i + 1] == ':') {
            const qsizetype end = pattern.indexOf(":]", i + 2);
            if (end >= 0) {
                const QByteArray name = pattern.mid(i + 2, end - i - 2);
                if (!addNamedClass(name, set))
                    return QStringLiteral("unknown character class \"[:%1:]\"").arg(QString::fromUtf8(name));
                i = end + 2;
                continue;
            }
        }
        if (c == '\\') {
            if (i + 1 >= pattern.size())
                return QStringLiteral("unterminated '['");
            c = pattern[++i];
        }
        auto lo = static_cast<unsigned char>(c);
        ++i;
        // A range "a-z"; a '-' right before ']' is literal.
        if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
            char hiChar = pattern[i + 1];
            i += 2;
            if (hiChar == '\\') {
                if (i >= pattern.size())
                    return QStringLiteral("unterminated '['");
                hiChar = pattern[i++];
            }
            if (hiChar == '/')
                return QStringLiteral("'/' inside \"[...]\" (a name never contains '/')");
            const auto hi = static_cast<unsigned char>(hiChar);
            if (hi < lo)
                return QStringLiteral("reversed range \"%1-%2\" in \"[...]\"")
                    .arg(displayPath(QByteArray(1, static_cast<char>(lo))), displayPath(QByteArray(1, hiChar)));
            for (unsigned v = lo; v <= hi; ++v)
                set.set(v);
            continue;
        }
        set.set(lo);
    }
    if (negate)
        set.flip();
    pos = i + 1;
    return std::nullopt;
}

bool isExactly(const Component &comp, std::initializer_list<TokenKind> kinds, const char *literal = nullptr)
{
    if (comp.tokens.size() != kinds.size())
        return false;
    size_t i = 0;
    for (TokenKind kind : kinds) {
        const Token &t = comp.tokens[i];
        if (t.kind != kind || (kind == TokenKind::Literal && t.ch != static_cast<unsigned char>(literal[i])))
            return false;
        ++i;
    }
    return true;
}

}  // namespace

Result<GlobPattern> GlobPattern::compile(const QByteArray &pattern)
{
    if (pattern.isEmpty())
        return makeError(ErrorCode::Profile, QStringLiteral("bad pattern \"\": empty pattern"));
    if (pattern.contains('\0'))
        return makeError(ErrorCode::Profile, QStringLiteral("bad pattern \"%1\": NUL byte in pattern")
                                                 .arg(QString::fromLatin1(escapePath(pattern))));

    auto compiled = std::make_shared<Compiled>();
    // Raw components as written, including empty ones (leading '/', trailing '/', "a//b").
    std::vector<Component> raw(1);
    for (qsizetype i = 0; i < pattern.size();) {
        const char c = pattern[i];
        Component &cur = raw.back();
        if (c == '/') {
            raw.emplace_back();
            ++i;
        } else if (c == '\\') {
            if (i + 1 >= pattern.size())
                return patternError(pattern, QStringLiteral("trailing '\\' escapes nothing"));
            const char next = pattern[i + 1];
            if (next == '/')
                raw.emplace_back();  // an escaped separator is still a separator
            else
                cur.tokens.push_back({TokenKind::Literal, static_cast<unsigned char>(next), -1});
            i += 2;
        } else if (c == '*') {
            cur.tokens.push_back({TokenKind::Star, 0, -1});
            ++i;
        } else if (c == '?') {
            cur.tokens.push_back({TokenKind::AnyChar, 0, -1});
            ++i;
        } else if (c == '[') {
            CharClass set;
            if (auto reason = parseClass(pattern, i, set))
                return patternError(pattern, *reason);
            compiled->classes.push_back(set);
            cur.tokens.push_back({TokenKind::Class, 0, static_cast<qsizetype>(compiled->classes.size() - 1)});
        } else {
            cur.tokens.push_back({TokenKind::Literal, static_cast<unsigned char>(c), -1});
            ++i;
        }
    }

    const bool leadingSlash = raw.front().tokens.empty() && raw.size() > 1;
    compiled->directoryOnly = raw.back().tokens.empty() && raw.size() > 1;
    std::vector<Component> comps;
    for (Component &comp : raw) {
        if (!comp.tokens.empty())
            comps.push_back(std::move(comp));
    }
    const bool anchored = leadingSlash || comps.size() > 1;

    std::vector<Component> &out = compiled->components;
    if (!anchored)
        out.push_back(Component{ComponentKind::DoubleStar, {}, false, {}});
    qsizetype named = 0;
    for (Component &comp : comps) {
        if (isExactly(comp, {TokenKind::Literal, TokenKind::Literal}, ".."))
            return patternError(pattern, QStringLiteral("'..' component"));
        if (isExactly(comp, {TokenKind::Literal}, "."))
            continue;  // "./a" is "a" relative to the root; anchoring was decided above
        ++named;
        if (isExactly(comp, {TokenKind::Star, TokenKind::Star})) {
            if (out.empty() || out.back().kind != ComponentKind::DoubleStar)
                out.push_back(Component{ComponentKind::DoubleStar, {}, false, {}});
            continue;
        }
        // Runs of '*' inside a name are one '*'.
        std::vector<Token> tokens;
        bool literalOnly = true;
        QByteArray literal;
        for (const Token &t : comp.tokens) {
            if (t.kind == TokenKind::Star && !tokens.empty() && tokens.back().kind == TokenKind::Star)
                continue;
            if (t.kind != TokenKind::Literal)
                literalOnly = false;
            else
                literal.append(static_cast<char>(t.ch));
            tokens.push_back(t);
        }
        out.push_back(Component{ComponentKind::Segment, std::move(tokens), literalOnly,
                                literalOnly ? literal : QByteArray()});
    }
    if (named == 0)
        return patternError(pattern, QStringLiteral("empty pattern (it names no file)"));
    // A trailing "**" matches what is inside, not the directory itself.
    if (out.back().kind == ComponentKind::DoubleStar)
        out.insert(out.end() - 1, Component{ComponentKind::AnyComponent, {}, false, {}});

    GlobPattern glob;
    glob.m_pattern = pattern;
    glob.m_compiled = std::move(compiled);
    return glob;
}

bool GlobPattern::matchesComponents(const QList<QByteArrayView> &path, qsizetype count, bool isDirectory) const
{
    if (!m_compiled || count <= 0)
        return false;
    if (m_compiled->directoryOnly && !isDirectory)
        return false;
    const auto &comps = m_compiled->components;
    const auto &classes = m_compiled->classes;
    const size_t compCount = comps.size();
    const auto pathCount = static_cast<size_t>(count);
    size_t ci = 0;
    size_t pi = 0;
    size_t starComp = SIZE_MAX;
    size_t starPath = 0;
    while (pi < pathCount) {
        if (ci < compCount && comps[ci].kind == ComponentKind::DoubleStar) {
            starComp = ci++;
            starPath = pi;
            continue;
        }
        const bool hit = ci < compCount
            && (comps[ci].kind == ComponentKind::AnyComponent
                || segmentMatches(comps[ci], classes, path[static_cast<qsizetype>(pi)]));
        if (hit) {
            ++ci;
            ++pi;
        } else if (starComp != SIZE_MAX) {
            ci = starComp + 1;
            pi = ++starPath;
        } else {
            return false;
        }
    }
    while (ci < compCount && comps[ci].kind == ComponentKind::DoubleStar)
        ++ci;
    return ci == compCount;
}

bool GlobPattern::matchesExactly(const QByteArray &relPath, bool isDirectory) const
{
    const QList<QByteArrayView> parts = splitComponents(relPath);
    return matchesComponents(parts, parts.size(), isDirectory);
}

Result<ExcludeMatcher> ExcludeMatcher::compile(const QList<QByteArray> &patterns)
{
    ExcludeMatcher matcher;
    for (const QByteArray &pattern : patterns) {
        Result<GlobPattern> glob = GlobPattern::compile(pattern);
        if (!glob)
            return glob.error();
        matcher.m_globs.append(std::move(glob).value());
    }
    return matcher;
}

bool ExcludeMatcher::isExcluded(const QByteArray &relPath, bool isDirectory) const
{
    if (m_globs.isEmpty())
        return false;
    const QList<QByteArrayView> parts = splitComponents(relPath);
    for (qsizetype count = 1; count <= parts.size(); ++count) {
        const bool dir = count < parts.size() || isDirectory;
        for (const GlobPattern &glob : m_globs) {
            if (glob.matchesComponents(parts, count, dir))
                return true;
        }
    }
    return false;
}

bool ExcludeMatcher::matchesSelf(const QByteArray &relPath, bool isDirectory) const
{
    if (m_globs.isEmpty())
        return false;
    const QList<QByteArrayView> parts = splitComponents(relPath);
    for (const GlobPattern &glob : m_globs) {
        if (glob.matchesComponents(parts, parts.size(), isDirectory))
            return true;
    }
    return false;
}

QList<QByteArray> ExcludeMatcher::patterns() const
{
    QList<QByteArray> out;
    out.reserve(m_globs.size());
    for (const GlobPattern &glob : m_globs)
        out.append(glob.pattern());
    return out;
}

QByteArray literalPattern(const QByteArray &relPath)
{
    QByteArray out("/");
    for (const char c : relPath) {
        if (c == '\\' || c == '*' || c == '?' || c == '[')
            out.append('\\');
        out.append(c);
    }
    return out;
}

}  // namespace st
