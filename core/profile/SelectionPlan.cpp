// SPDX-License-Identifier: GPL-3.0-or-later
#include "SelectionPlan.h"

#include "util/RawPath.h"

#include <QSet>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace st {

namespace {

// The reserved top-level directory of the clone stream (Manifest::reservedDirectory(); the
// archive module depends on this one, so the name is repeated here).
const QByteArray kReservedPattern = QByteArrayLiteral("/.servertwin");
// btrfs snapshots live in <subvolume>/.servertwin-snapshots at any depth: never clone them,
// and never let mirroring remove the Secondary's own.
const QByteArray kSnapshotDirPattern = QByteArrayLiteral(".servertwin-snapshots/");

/** One include candidate and where it came from. */
struct Candidate {
    PathSpec spec;
    bool fromProfile = true;  // false: --include
};

enum class Presence { Present, Missing, ThroughSymlink };

struct Probe {
    Presence presence = Presence::Missing;
    bool isDirectory = false;
    QByteArray symlink;  // relative path of the symlink on the way (ThroughSymlink)
};

/** lstat of every component: an include must not go through a symlink (the walker will not follow it). */
Result<Probe> probe(const SelectionPlan &plan, const QByteArray &rel)
{
    Probe result;
    const QList<QByteArray> parts = rel.isEmpty() ? QList<QByteArray>() : rel.split('/');
    QByteArray prefix;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        prefix = joinPath(prefix, parts[i]);
        const QByteArray abs = plan.absolute(prefix);
        struct stat st {};
        if (::lstat(abs.constData(), &st) != 0) {
            if (errno == ENOENT || errno == ENOTDIR)
                return result;
            return errnoError(errno, QStringLiteral("cannot check include path \"%1\"").arg(displayPath(abs)));
        }
        const bool last = i + 1 == parts.size();
        if (last) {
            result.presence = Presence::Present;
            result.isDirectory = S_ISDIR(st.st_mode);
            return result;
        }
        if (S_ISLNK(st.st_mode)) {
            result.presence = Presence::ThroughSymlink;
            result.symlink = prefix;
            return result;
        }
        if (!S_ISDIR(st.st_mode))
            return result;  // a file where a directory should be: the path cannot exist
    }
    result.presence = Presence::Present;  // "" is the source root, checked by build()
    result.isDirectory = true;
    return result;
}

QString profileLabel(const ProtectionProfile &profile)
{
    if (!profile.origin.isEmpty())
        return QStringLiteral("profile %1").arg(profile.origin);
    if (!profile.name.isEmpty())
        return QStringLiteral("profile \"%1\"").arg(profile.name);
    return QStringLiteral("profile");
}

Result<QByteArray> resolveSourceRoot(const ProtectionProfile *profile, const SelectionOverrides &overrides)
{
    QByteArray root = QByteArrayLiteral("/");
    ErrorCode code = ErrorCode::InvalidArgument;
    QString what = QStringLiteral("--source-root");
    if (overrides.sourceRoot) {
        root = *overrides.sourceRoot;
    } else if (profile) {
        root = profile->sourceRoot;
        code = ErrorCode::Profile;
        what = profileLabel(*profile) + QStringLiteral(": \"sourceRoot\"");
    }
    if (!root.startsWith('/') || root.contains('\0'))
        return makeError(code, QStringLiteral("%1 \"%2\" must be an absolute path").arg(what, displayPath(root)));
    const std::optional<QByteArray> rel = normaliseRelative(root);
    if (!rel)
        return makeError(code, QStringLiteral("%1 \"%2\" must not contain \"..\"").arg(what, displayPath(root)));
    const QByteArray normalised = '/' + *rel;
    struct stat st {};
    if (::stat(normalised.constData(), &st) != 0) {
        const int err = errno;
        return makeError(code, QStringLiteral("%1 \"%2\" is not an existing directory: %3")
                                   .arg(what, displayPath(root), QString::fromLocal8Bit(std::strerror(err))));
    }
    if (!S_ISDIR(st.st_mode))
        return makeError(code, QStringLiteral("%1 \"%2\" is not a directory").arg(what, displayPath(root)));
    return normalised;
}

}  // namespace

QByteArray SelectionPlan::absolute(const QByteArray &relPath) const
{
    if (relPath.isEmpty())
        return sourceRoot;
    if (sourceRoot == "/")
        return '/' + relPath;
    return sourceRoot + '/' + relPath;
}

Result<SelectionPlan> SelectionPlan::build(const ProtectionProfile *profile, const SelectionOverrides &overrides)
{
    if (!profile && overrides.includes.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("nothing to clone: give --profile or --include"));

    SelectionPlan plan;
    Result<QByteArray> root = resolveSourceRoot(profile, overrides);
    if (!root)
        return root.error();
    plan.sourceRoot = *root;

    // Gather include candidates and exclude patterns in profile order, then the command line.
    QList<Candidate> candidates;
    QList<QByteArray> patterns;
    QList<QByteArray> profilePatterns;
    auto addPaths = [&candidates](const QList<PathSpec> &paths) {
        for (const PathSpec &spec : paths)
            candidates.append(Candidate{spec, true});
    };
    if (profile) {
        addPaths(profile->osInclude);
        addPaths(profile->productInclude);
        profilePatterns << profile->osExclude << profile->productExclude;
        for (const ProtectedApplication &app : profile->applications) {
            addPaths(app.program);
            addPaths(app.config);
            if (app.includeData || profile->includeApplicationData)
                addPaths(app.data);
            profilePatterns << app.exclude;
        }
        addPaths(profile->include);
        profilePatterns << profile->exclude;
    }
    for (const QByteArray &path : overrides.includes)
        candidates.append(Candidate{PathSpec{path, false}, false});
    if (candidates.isEmpty())
        return makeError(ErrorCode::Profile,
                         QStringLiteral("nothing to clone: %1 lists no include paths and no --include was given")
                             .arg(profileLabel(*profile)));

    // Compile each source of patterns separately so the error names where the bad one came from.
    if (Result<ExcludeMatcher> m = ExcludeMatcher::compile(profilePatterns); profile && !m)
        return makeError(ErrorCode::Profile, profileLabel(*profile) + QStringLiteral(": ") + m.error().message);
    if (Result<ExcludeMatcher> m = ExcludeMatcher::compile(overrides.excludes); !m)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("--exclude: ") + m.error().message);
    patterns << profilePatterns << overrides.excludes;
    if (profile && !profile->includeApplicationData) {
        for (const ProtectedApplication &app : profile->applications) {
            if (app.includeData)
                continue;
            for (const PathSpec &spec : app.data) {
                const std::optional<QByteArray> rel = normaliseRelative(spec.path);
                if (!rel || rel->isEmpty())
                    return makeError(ErrorCode::Profile,
                                     QStringLiteral("%1: application \"%2\" data path \"%3\" must name a directory "
                                                    "below the source root")
                                         .arg(profileLabel(*profile), app.id, displayPath(spec.path)));
                patterns.append(literalPattern(*rel));
            }
        }
    }
    patterns.append(kReservedPattern);
    patterns.append(kSnapshotDirPattern);
    QSet<QByteArray> seenPatterns;
    for (const QByteArray &pattern : std::as_const(patterns)) {
        if (!seenPatterns.contains(pattern)) {
            seenPatterns.insert(pattern);
            plan.excludePatterns.append(pattern);
        }
    }
    Result<ExcludeMatcher> matcher = ExcludeMatcher::compile(plan.excludePatterns);
    if (!matcher)
        return matcher.error();
    plan.excludes = std::move(matcher).value();
    QList<GlobPattern> globs;  // one by one, to name the pattern that excludes an include
    for (const QByteArray &pattern : std::as_const(plan.excludePatterns))
        globs.append(GlobPattern::compile(pattern).value());

    QList<QByteArray> present;
    QSet<QByteArray> skippedPaths;
    auto skip = [&plan, &skippedPaths](const QByteArray &rel, const QString &reason) {
        if (!skippedPaths.contains(rel)) {
            skippedPaths.insert(rel);
            plan.skipped.append(SkippedPath{rel, reason});
        }
    };
    for (const Candidate &candidate : std::as_const(candidates)) {
        const QString label = candidate.fromProfile ? profileLabel(*profile) : QStringLiteral("--include");
        const ErrorCode code = candidate.fromProfile ? ErrorCode::Profile : ErrorCode::InvalidArgument;
        const QByteArray &written = candidate.spec.path;
        const std::optional<QByteArray> rel = written.contains('\0') ? std::nullopt : normaliseRelative(written);
        if (!rel)
            return makeError(code, QStringLiteral("%1: include path \"%2\" must not contain \"..\" or NUL bytes")
                                       .arg(label, displayPath(written)));
        Result<Probe> found = probe(plan, *rel);
        if (!found)
            return found.error();
        if (found->presence == Presence::ThroughSymlink) {
            const QString reason = QStringLiteral("goes through the symlink \"/%1\"").arg(displayPath(found->symlink));
            if (candidate.spec.optional) {
                skip(*rel, reason);
                continue;
            }
            return makeError(code, QStringLiteral("%1: include path \"%2\" %3 under %4; list the real path instead")
                                       .arg(label, displayPath(written), reason, displayPath(plan.sourceRoot)));
        }
        if (found->presence == Presence::Missing) {
            if (candidate.spec.optional) {
                skip(*rel, QStringLiteral("optional path not present"));
                continue;
            }
            return makeError(code, QStringLiteral("%1: include path \"%2\" does not exist under %3")
                                       .arg(label, displayPath(written), displayPath(plan.sourceRoot)));
        }
        if (plan.excludes.isExcluded(*rel, found->isDirectory)) {
            const QList<QByteArray> parts = rel->split('/');
            QByteArray culprit;
            QByteArray prefix;
            for (qsizetype i = 0; i < parts.size() && culprit.isEmpty(); ++i) {
                prefix = joinPath(prefix, parts[i]);
                const bool dir = i + 1 < parts.size() || found->isDirectory;
                for (const GlobPattern &glob : std::as_const(globs)) {
                    if (glob.matchesExactly(prefix, dir)) {
                        culprit = glob.pattern();
                        break;
                    }
                }
            }
            skip(*rel, QStringLiteral("excluded by pattern \"%1\"").arg(displayPath(culprit)));
            continue;
        }
        present.append(*rel);
    }

    if (profile) {
        for (qsizetype i = 0; i < profile->applications.size(); ++i) {
            const ProtectedApplication &app = profile->applications.at(i);
            if (!app.freeze.isSet() && !app.thaw.isSet())
                continue;
            QuiesceAction action;
            action.application = !app.id.isEmpty()     ? app.id
                                 : !app.name.isEmpty() ? app.name
                                                       : QStringLiteral("applications[%1]").arg(i);
            action.freeze = app.freeze.command;
            action.thaw = app.thaw.command;
            action.timeoutSeconds = app.freeze.timeoutSeconds;
            action.thawTimeoutSeconds = app.thaw.timeoutSeconds;
            plan.quiesce.append(action);
        }
    }

    // Fold: drop duplicates and includes below another include ("" covers everything).
    std::sort(present.begin(), present.end());
    for (const QByteArray &rel : std::as_const(present)) {
        const bool covered = std::any_of(plan.includes.cbegin(), plan.includes.cend(),
                                         [&rel](const QByteArray &kept) { return isSameOrBelow(rel, kept); });
        if (!covered)
            plan.includes.append(rel);
    }
    return plan;
}

}  // namespace st
