// SPDX-License-Identifier: GPL-3.0-or-later
// The one mapping between progress stages and their machine (wire) names.
#include "util/Stage.h"

#include <QSet>

#include <catch2/catch.hpp>

using namespace st;

TEST_CASE("every stage round-trips through its machine name, and the names are the protocol's")
{
    QSet<QString> names;
    for (Stage s : kAllStages) {
        const QString name = stageName(s);
        INFO(name.toStdString());
        CHECK_FALSE(name.isEmpty());
        REQUIRE(stageFromName(name).has_value());
        CHECK(*stageFromName(name) == s);
        names.insert(name);
    }
    CHECK(names.size() == qsizetype(kAllStages.size()));  // no two stages share a name

    // Protocol version 2 carries exactly these strings: they must never change.
    CHECK(stageName(Stage::Scan) == QStringLiteral("scan"));
    CHECK(stageName(Stage::Snapshot) == QStringLiteral("snapshot"));
    CHECK(stageName(Stage::Connect) == QStringLiteral("connect"));
    CHECK(stageName(Stage::Transfer) == QStringLiteral("transfer"));
    CHECK(stageName(Stage::Backup) == QStringLiteral("backup"));
    CHECK(stageName(Stage::Remote) == QStringLiteral("remote"));
    CHECK(stageName(Stage::Prepare) == QStringLiteral("prepare"));
    CHECK(stageName(Stage::Receive) == QStringLiteral("receive"));
    CHECK(stageName(Stage::Verify) == QStringLiteral("verify"));
    CHECK(stageName(Stage::Apply) == QStringLiteral("apply"));
    CHECK(stageName(Stage::Done) == QStringLiteral("done"));
}

TEST_CASE("unknown stage names are refused")
{
    for (const QString &bad : {QString(), QStringLiteral("unknown"), QStringLiteral("Verify"), QStringLiteral("VERIFY"),
                               QStringLiteral(" verify"), QStringLiteral("verify "), QStringLiteral("verif"),
                               QStringLiteral("verifyy"), QStringLiteral("restore"), QString::fromUtf8("v\xc3\xa9rify")}) {
        INFO(bad.toStdString());
        CHECK_FALSE(stageFromName(bad).has_value());
    }
}
