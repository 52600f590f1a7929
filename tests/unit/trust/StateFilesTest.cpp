// SPDX-License-Identifier: GPL-3.0-or-later
// The agent's private state on disk: the pairing lockout file and the state directory's mode.
#include <catch2/catch.hpp>

#include "net/PairingLockoutFile.h"
#include "net/StateDirectory.h"

#include <QFile>
#include <QTemporaryDir>

#include <sys/stat.h>

using namespace st;

namespace {
mode_t modeOf(const QString &path)
{
    struct stat st{};
    REQUIRE(::stat(QFile::encodeName(path).constData(), &st) == 0);
    return st.st_mode & 07777;
}
}  // namespace

TEST_CASE("the pairing lockout file round-trips, is owner-only, and a damaged one is an error naming it", "[persist]")
{
    QTemporaryDir dir;
    const QString file = PairingLockoutFile::path(dir.path());
    auto none = PairingLockoutFile::load(file);
    REQUIRE(none);
    CHECK(none->failures == 0);
    CHECK_FALSE(none->lockedUntil.isValid());

    PairingGuard::Lockout state{5, QDateTime(QDate(2026, 12, 3), QTime(9, 30), Qt::UTC)};
    REQUIRE(PairingLockoutFile::save(file, state));
    CHECK(modeOf(file) == 0600);
    auto back = PairingLockoutFile::load(file);
    REQUIRE(back);
    CHECK(*back == state);

    QFile damaged(file);
    REQUIRE(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
    damaged.write("{\"failures\": \"many\"}");
    damaged.close();
    auto bad = PairingLockoutFile::load(file);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.contains(file));
}

TEST_CASE("a state directory is created 0700, an open one is tightened with a note, a private one is left alone", "[state]")
{
    QTemporaryDir base;
    const QString fresh = base.path() + QStringLiteral("/a/b/state");
    auto created = securePrivateDirectory(fresh);
    REQUIRE(created);
    CHECK(created->isEmpty());
    CHECK(modeOf(fresh) == 0700);

    REQUIRE(::chmod(QFile::encodeName(fresh).constData(), 0755) == 0);
    auto tightened = securePrivateDirectory(fresh);
    REQUIRE(tightened);
    CHECK(tightened->contains(QStringLiteral("was mode 0755; made it 0700")));
    CHECK(modeOf(fresh) == 0700);

    auto again = securePrivateDirectory(fresh);
    REQUIRE(again);
    CHECK(again->isEmpty());

    QFile file(base.path() + QStringLiteral("/file"));
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.close();
    CHECK_FALSE(securePrivateDirectory(file.fileName()));
}
