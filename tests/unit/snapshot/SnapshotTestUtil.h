// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Small helpers shared by the snapshot tests: plans over a directory, file reads, the
 * skip/fail prologue of loop-device tests. Test-only.
 */
#include "LoopBtrfs.h"
#include "profile/SelectionPlan.h"

#include <catch2/catch.hpp>

#include <QFile>

/** WARN("skipped: ...") and return when the fixture cannot run here; fail when its setup broke. */
#define SNAPSHOT_REQUIRE_FIXTURE(fs)                                                  \
    do {                                                                              \
        if (!(fs).skipReason().isEmpty()) {                                           \
            WARN("skipped: " << (fs).skipReason().toStdString());                     \
            return;                                                                   \
        }                                                                             \
        INFO("fixture setup: " << (fs).setupError().toStdString());                   \
        REQUIRE((fs).setupError().isEmpty());                                         \
    } while (false)

namespace st::test {

inline SelectionPlan planOf(const QByteArray &sourceRoot, const QList<QByteArray> &includes)
{
    SelectionPlan plan;
    plan.sourceRoot = sourceRoot;
    plan.includes = includes;
    return plan;
}

inline QByteArray readAll(const QByteArray &path)
{
    QFile file(QFile::decodeName(path));
    if (!file.open(QIODevice::ReadOnly))
        return QByteArrayLiteral("<unreadable>");
    return file.readAll();
}

}  // namespace st::test
