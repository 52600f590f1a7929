// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/RestoreReportJson.h"

namespace st {

QJsonObject restoreReportToJson(const RestoreReport &r)
{
    return {
        {QStringLiteral("entries"), static_cast<double>(r.entries)},
        {QStringLiteral("files"), static_cast<double>(r.files)},
        {QStringLiteral("bytes"), static_cast<double>(r.bytes)},
        {QStringLiteral("compressedBytes"), static_cast<double>(r.compressedBytes)},
        {QStringLiteral("receiveMs"), static_cast<double>(r.receiveMs)},
        {QStringLiteral("verifyMs"), static_cast<double>(r.verifyMs)},
        {QStringLiteral("applyMs"), static_cast<double>(r.applyMs)},
        {QStringLiteral("entriesApplied"), static_cast<double>(r.apply.entriesApplied)},
        {QStringLiteral("renamedSubtrees"), static_cast<double>(r.apply.renamedSubtrees)},
        {QStringLiteral("copiedAcrossFilesystems"), static_cast<double>(r.apply.copiedAcrossFilesystems)},
        {QStringLiteral("removed"), static_cast<double>(r.apply.removed.size())},
        {QStringLiteral("stagedForReboot"), r.stagedForReboot ? 1.0 : 0.0},
    };
}

}  // namespace st
