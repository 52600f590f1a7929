// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What a backup will actually read: the resolved protection set.
 *
 * Built from a ProtectionProfile (optional) plus command-line additions: include roots
 * (normalised, relative to the source root, overlapping ones folded into their parent),
 * the exclude matcher (profile excludes, command-line excludes, and the data directories of
 * protected applications that did not opt in, anchored), and which optional paths were
 * missing (reported as skipped, not errors). Required paths that do not exist are errors
 * naming the path. It also carries the quiesce actions (freeze/thaw hooks) of the protected
 * applications that declare them, in profile order. Immutable after build(): thread-safe to share.
 */
#include "profile/ExcludeMatcher.h"
#include "profile/ProtectionProfile.h"
#include "profile/QuiesceAction.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace st {

struct SelectionOverrides {
    QList<QByteArray> includes;             // --include PATH (must exist)
    QList<QByteArray> excludes;             // --exclude PATTERN
    std::optional<QByteArray> sourceRoot;   // --source-root DIR
};

struct SkippedPath {
    QByteArray path;  // relative
    QString reason;
};

struct SelectionPlan {
    QByteArray sourceRoot;            // absolute, no trailing '/' except "/" itself
    QList<QByteArray> includes;       // relative, normalised, sorted, no overlaps; "" = whole root
    QList<QByteArray> excludePatterns;
    ExcludeMatcher excludes;
    QList<SkippedPath> skipped;       // optional paths that were missing
    QList<QuiesceAction> quiesce;     // applications with a freeze or thaw hook, profile order

    /** @p profile may be null: the overrides stand in for a profile (then --include is required). */
    static Result<SelectionPlan> build(const ProtectionProfile *profile, const SelectionOverrides &overrides);

    /** Absolute source path of a relative path. */
    QByteArray absolute(const QByteArray &relPath) const;
};

}  // namespace st
