// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Where the protection set lands and how much of it: its include roots as absolute
 * paths on the Secondary ("/usr"; "/" for a whole root), and the bytes allocated below each
 * (holes excluded, as the staged copy allocates them), measured by the same metadata walk as
 * the clone's totals (scanSelection), so the hardware check can tell whether each of the
 * Secondary's filesystems can take its part. Free functions;
 * measureFootprint() blocks on the walk: call it on a worker thread.
 */
#include "profile/SelectionPlan.h"
#include "util/CancelToken.h"
#include "util/Result.h"

#include <QHash>
#include <QStringList>

namespace st {

struct ProtectionFootprint {
    QStringList paths;                  // as on the Secondary: "/" + include root
    QHash<QString, qint64> bytesByPath; // bytes allocated by the regular files below each
    qint64 totalBytes = 0;
};

/** The include roots as absolute paths on the Secondary. */
QStringList protectedPathsOf(const SelectionPlan &plan);

/** The bytes below each include root of @p plan (its excludes applied). */
Result<ProtectionFootprint> measureFootprint(const SelectionPlan &plan, CancelToken cancel);

}  // namespace st
