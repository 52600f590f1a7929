// SPDX-License-Identifier: GPL-3.0-or-later
// The offline route: a clone file that standard tools read, restored by the agent, and
// refusals of damaged files with the root left untouched.
#include "AgentProcess.h"
#include "support/TestTree.h"

#include <QDir>
#include <QFile>

#include <catch2/catch.hpp>

using namespace st::test;

namespace {
}  // namespace

TEST_CASE("backup writes a plain .tar.zst that tar and bsdtar list and extract, and the agent restores it")
{
    if (!isRoot()) {
        WARN("skipped: needs root (owners, devices, capabilities)");
        return;
    }
    ScratchDir dir("offline");
    const QByteArray src = dir / "src";
    makeSpecialCases(src + "/special");
    copyTree("/etc/apt", src + "/etc/apt");
    const QByteArray clone = dir / "clone.tar.zst";
    CliRun backup = runBinary("servertwin-cli", {QStringLiteral("backup"), QStringLiteral("--source-root"), s(src),
                                                 QStringLiteral("--include"), QStringLiteral("/special"),
                                                 QStringLiteral("--include"), QStringLiteral("/etc"),
                                                 QStringLiteral("--output"), s(clone)});
    INFO(backup.output.toStdString());
    REQUIRE(backup.exitCode == 0);
    CHECK_FALSE(QFile::exists(s(clone + ".partial")));

    QByteArray listing;
    REQUIRE(run(QStringLiteral("tar"), {QStringLiteral("--zstd"), QStringLiteral("-tvf"), s(clone)}, &listing) == 0);
    CHECK(listing.contains("special/modes/setuid"));
    CHECK(listing.contains("special/links/absolute -> /etc/passwd"));
    // UTF-8 names travel as UTF-8; only the one name that is not valid UTF-8 is marked binary.
    CHECK(listing.count("Ignoring unknown extended header keyword 'hdrcharset'") == 1);
    CHECK(listing.contains("special/names/caf\xc3\xa9"));
    REQUIRE(run(QStringLiteral("bsdtar"), {QStringLiteral("-tvf"), s(clone)}, &listing) == 0);
    CHECK(listing.contains("special/hard/two link to special/hard/one"));

    // GNU tar extracts it with every attribute (xattrs, ACLs, caps, numeric owners, holes).
    const QByteArray byTar = dir / "by-tar";
    QDir().mkpath(s(byTar));
    QByteArray out;
    REQUIRE(run(QStringLiteral("tar"), {QStringLiteral("--zstd"), QStringLiteral("-xpf"), s(clone), QStringLiteral("-C"), s(byTar),
                                        QStringLiteral("--xattrs"), QStringLiteral("--xattrs-include=*"), QStringLiteral("--acls"),
                                        QStringLiteral("--numeric-owner")}, &out) == 0);
    CompareOptions options;
    options.ignoreTopLevel = {".servertwin"};
    QStringList diffs = compareTrees(src, byTar, options);
    INFO(diffs.join(QLatin1Char('\n')).toStdString());
    CHECK(diffs.isEmpty());
    CHECK(QFile::exists(s(byTar + "/.servertwin/manifest.v1")));

    // The agent's offline restore: staged, verified, applied.
    const QByteArray root = dir / "root";
    QDir().mkpath(s(root));
    CliRun restore = runBinary("servertwin-agent", {QStringLiteral("restore"), QStringLiteral("--input"), s(clone),
                                                    QStringLiteral("--root"), s(root), QStringLiteral("--report"), s(dir / "restore.json")});
    INFO(restore.output.toStdString());
    REQUIRE(restore.exitCode == 0);
    diffs = compareTrees(src, root);
    INFO(diffs.join(QLatin1Char('\n')).toStdString());
    CHECK(diffs.isEmpty());
    CHECK(QFile::exists(s(dir / "restore.json")));
}

TEST_CASE("a damaged clone file is refused with one clear line and the root is left untouched")
{
    ScratchDir dir("damaged");
    const QByteArray src = dir / "src";
    for (int i = 0; i < 200; ++i)
        writeFile(src + "/data/file-" + QByteArray::number(i), QByteArray(5000 + i, static_cast<char>('a' + i % 26)));
    const QByteArray clone = dir / "clone.tar.zst";
    REQUIRE(runBinary("servertwin-cli", {QStringLiteral("backup"), QStringLiteral("--source-root"), s(src),
                                         QStringLiteral("--include"), QStringLiteral("/data"), QStringLiteral("--output"), s(clone)})
                .exitCode == 0);
    QFile f(s(clone));
    REQUIRE(f.open(QIODevice::ReadOnly));
    const QByteArray good = f.readAll();
    f.close();

    const QByteArray root = dir / "root";
    writeFile(root + "/data/existing", "the Secondary's current file\n");
    auto restore = [&](const QByteArray &bytes, const char *name) {
        const QByteArray file = dir / name;
        QFile out(s(file));
        REQUIRE(out.open(QIODevice::WriteOnly));
        out.write(bytes);
        out.close();
        return runBinary("servertwin-agent", {QStringLiteral("restore"), QStringLiteral("--input"), s(file),
                                              QStringLiteral("--root"), s(root), QStringLiteral("--no-owner")});
    };
    QByteArray flipped = good;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x20);
    for (const auto &[bytes, name, expect] : {std::tuple{good.left(good.size() - 100), "truncated.tar.zst", "truncated"},
                                              std::tuple{flipped, "flipped.tar.zst", "corrupt"},
                                              std::tuple{QByteArray("not a clone at all"), "garbage.tar.zst", "clone stream"},
                                              std::tuple{good + good, "twice.tar.zst", "data after the end of the archive"}}) {
        CliRun r = restore(bytes, name);
        INFO(name << ": " << r.output.toStdString());
        CHECK(r.exitCode == 1);
        CHECK(r.output.contains("error:"));
        CHECK(r.output.contains(expect));
        CHECK(r.output.count("error") == 1);  // one clear line, progress lines aside
        const QStringList left = QDir(s(root)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
        CHECK(left == QStringList{QStringLiteral("data")});
        CHECK(QDir(s(root + "/data")).entryList(QDir::Files) == QStringList{QStringLiteral("existing")});
    }
}
