// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Exclude patterns as in rsync/gitignore, matched against raw relative paths.
 *
 * Rules (documented in README "Protection set"):
 *  - paths are relative to the source root, '/'-separated, no leading slash: "var/log/syslog";
 *  - a pattern with a leading '/' or a '/' in the middle is anchored at the source root
 *    ("/var/cache", "var/cache/apt"); a pattern without a '/' matches a name at any depth
 *    ("*.pid", "lost+found");
 *  - '*' and '?' never match '/'; "**" matches any number of whole components; "[...]" is a
 *    character class ("[!...]" / "[^...]" negate); '\\' escapes the next character;
 *  - a trailing '/' matches directories only;
 *  - a pattern that matches a path excludes that path and everything below it (callers test
 *    each component prefix through isExcluded(), which does this for them).
 * Immutable after compile(): thread-safe to share.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <memory>

namespace st {

class GlobPattern {
public:
    /** Errors (ErrorCode::Profile) name the pattern: unterminated '[', empty pattern, '..' segment. */
    static Result<GlobPattern> compile(const QByteArray &pattern);

    const QByteArray &pattern() const { return m_pattern; }
    /** Whether the pattern matches exactly this path (not a parent of it). */
    bool matchesExactly(const QByteArray &relPath, bool isDirectory) const;

private:
    friend class ExcludeMatcher;
    struct Compiled;
    /** Matches the first @p count components of a split path. */
    bool matchesComponents(const QList<QByteArrayView> &components, qsizetype count, bool isDirectory) const;

    QByteArray m_pattern;
    std::shared_ptr<const Compiled> m_compiled;
};

class ExcludeMatcher {
public:
    ExcludeMatcher() = default;
    static Result<ExcludeMatcher> compile(const QList<QByteArray> &patterns);

    /**
     * True if @p relPath or any of its parent directories is matched by a pattern.
     * @p isDirectory applies to relPath itself; parents are directories.
     */
    bool isExcluded(const QByteArray &relPath, bool isDirectory) const;
    /** Like isExcluded() but only tests relPath itself (walkers that prune excluded directories use this). */
    bool matchesSelf(const QByteArray &relPath, bool isDirectory) const;

    QList<QByteArray> patterns() const;
    bool isEmpty() const { return m_globs.isEmpty(); }

private:
    QList<GlobPattern> m_globs;
};

/** An anchored pattern that matches exactly the relative path @p relPath ("/" + the path with
 *  glob metacharacters escaped), e.g. for excluding one directory picked from a tree. */
QByteArray literalPattern(const QByteArray &relPath);

}  // namespace st
