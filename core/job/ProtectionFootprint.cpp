// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/ProtectionFootprint.h"

#include "archive/SourceWalker.h"

#include <QFile>

namespace st {

QStringList protectedPathsOf(const SelectionPlan &plan)
{
    QStringList out;
    for (const QByteArray &include : plan.includes)
        out << QLatin1Char('/') + QFile::decodeName(include);
    return out;
}

Result<ProtectionFootprint> measureFootprint(const SelectionPlan &plan, CancelToken cancel)
{
    ProtectionFootprint f;
    f.paths = protectedPathsOf(plan);
    for (qsizetype i = 0; i < plan.includes.size(); ++i) {
        SelectionPlan one = plan;
        one.includes = {plan.includes.at(i)};
        const Result<ScanTotals> totals = scanSelection(one, cancel);
        if (!totals)
            return totals.error();
        f.bytesByPath.insert(f.paths.at(i), totals->allocated);
        f.totalBytes += totals->allocated;
    }
    return f;
}

}  // namespace st
