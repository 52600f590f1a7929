// SPDX-License-Identifier: GPL-3.0-or-later
// The real SystemProbe against this machine.
#include "config/LocalSystemProbe.h"

#include "support/CatchQt.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <linux/magic.h>
#include <sys/statfs.h>
#include <unistd.h>

using namespace st;

TEST_CASE("LocalSystemProbe: effective uid and the filesystem of /", "[ui][probe]")
{
    LocalSystemProbe probe;
    CHECK(probe.effectiveUid() == ::geteuid());

    struct statfs before {}, after {};
    REQUIRE(::statfs("/", &before) == 0);
    auto fs = probe.fileSystem(QStringLiteral("/"));
    REQUIRE(::statfs("/", &after) == 0);
    REQUIRE(fs.ok());
    CHECK(fs->measuredPath == QStringLiteral("/"));
    CHECK(fs->typeMagic == static_cast<quint64>(after.f_type));
    CHECK_FALSE(fs->typeName.isEmpty());
    CHECK_FALSE(fs->typeName.startsWith(QStringLiteral("0x")));  // named by the mount table
    // Others write to this filesystem meanwhile: the value lies near the two samples around it.
    const qint64 a = static_cast<qint64>(before.f_bavail) * static_cast<qint64>(before.f_bsize);
    const qint64 b = static_cast<qint64>(after.f_bavail) * static_cast<qint64>(after.f_bsize);
    const qint64 slack = qint64(256) << 20;
    CHECK(fs->availableBytes >= qMin(a, b) - slack);
    CHECK(fs->availableBytes <= qMax(a, b) + slack);

    CHECK_FALSE(probe.fileSystem(QString()).ok());
}

TEST_CASE("LocalSystemProbe: a path that does not exist yet is measured at its nearest existing ancestor", "[ui][probe]")
{
    QTemporaryDir dir(QStringLiteral("/var/tmp/st-ui-probe-XXXXXX"));
    REQUIRE(dir.isValid());
    LocalSystemProbe probe;
    auto there = probe.fileSystem(dir.path());
    auto missing = probe.fileSystem(dir.filePath(QStringLiteral("state/servertwin")));
    REQUIRE(there.ok());
    REQUIRE(missing.ok());
    CHECK(missing->measuredPath == QDir::cleanPath(dir.path()));
    CHECK(missing->typeMagic == there->typeMagic);
    CHECK(missing->typeName == there->typeName);

    // Below a regular file nothing can exist: measured at the file's directory.
    QFile file(dir.filePath(QStringLiteral("plain")));
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.close();
    auto belowFile = probe.fileSystem(dir.filePath(QStringLiteral("plain/sub")));
    REQUIRE(belowFile.ok());
    CHECK(belowFile->measuredPath == dir.filePath(QStringLiteral("plain")));
}

TEST_CASE("LocalSystemProbe: executable files", "[ui][probe]")
{
    QTemporaryDir dir(QStringLiteral("/var/tmp/st-ui-probe-XXXXXX"));
    REQUIRE(dir.isValid());
    LocalSystemProbe probe;
    const QString path = dir.filePath(QStringLiteral("servertwin-agent"));
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write("#!/bin/sh\n");
    file.close();
    REQUIRE(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    CHECK_FALSE(probe.isExecutableFile(path));  // 0644: not even root may execute it
    REQUIRE(file.setPermissions(file.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther));
    CHECK(probe.isExecutableFile(path));
    CHECK_FALSE(probe.isExecutableFile(dir.path()));  // a directory is not a program
    CHECK_FALSE(probe.isExecutableFile(dir.filePath(QStringLiteral("missing"))));
}

TEST_CASE("fileSystemTypeName names common magics and shows unknown ones in hex", "[ui][probe]")
{
    CHECK(fileSystemTypeName(BTRFS_SUPER_MAGIC) == QStringLiteral("btrfs"));
    CHECK(fileSystemTypeName(XFS_SUPER_MAGIC) == QStringLiteral("xfs"));
    CHECK(fileSystemTypeName(TMPFS_MAGIC) == QStringLiteral("tmpfs"));
    CHECK(fileSystemTypeName(0x1234) == QStringLiteral("0x1234"));
}
