// SPDX-License-Identifier: GPL-3.0-or-later
// A real clone over loopback TLS: a copy of this machine's /etc and part of /usr plus every
// special case, from a real servertwin-cli to a real servertwin-agent, compared field by field.
#include "AgentProcess.h"
#include "support/TestTree.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace st::test;

namespace {
const QString kCode = QStringLiteral("K7QF-3M9X-TR2C");


/** The tree a clone starts from: real system files and generated special cases. */
void buildSource(const QByteArray &src)
{
    copyTree("/etc", src + "/etc");
    copyTree("/usr/sbin", src + "/usr/sbin");
    copyTree("/usr/share/zoneinfo", src + "/usr/share/zoneinfo");
    QDir().mkpath(s(src + "/usr/bin"));
    for (const char *suid : {"su", "passwd", "mount"}) {
        const QByteArray from = QByteArray("/usr/bin/") + suid;
        if (QFile::exists(s(from)))
            REQUIRE(run(QStringLiteral("cp"), {QStringLiteral("-a"), s(from), s(src + "/usr/bin/")}) == 0);
    }
    SpecialCaseOptions options;
    options.hugeSparseFile = true;
    makeSpecialCases(src + "/special", options);
}


QStringList cloneArgs(const QString &address, const QByteArray &src, const QByteArray &state, const QByteArray &report)
{
    return {QStringLiteral("clone"), QStringLiteral("--secondary"), address,
            QStringLiteral("--pairing-code"), kCode,
            QStringLiteral("--source-root"), s(src),
            QStringLiteral("--include"), QStringLiteral("/etc"),
            QStringLiteral("--include"), QStringLiteral("/usr"),
            QStringLiteral("--include"), QStringLiteral("/special"),
            QStringLiteral("--exclude"), QStringLiteral("/etc/keep-me-local"),
            QStringLiteral("--exclude"), QStringLiteral("*.skip"),
            QStringLiteral("--state-dir"), s(state),
            QStringLiteral("--report"), s(report)};
}
}  // namespace

TEST_CASE("clone over TLS reproduces every file, attribute and special case on the Secondary")
{
    if (!isRoot()) {
        WARN("skipped: the clone integration test needs root (owners, devices, capabilities)");
        return;
    }
    ScratchDir dir("integration");
    const QByteArray src = dir / "primary", root = dir / "secondary-root", state = dir / "primary-state";
    buildSource(src);
    writeFile(src + "/etc/noise.skip", "excluded by glob\n");
    QDir().mkpath(s(root));

    AgentProcess agent(root, dir / "agent-state", kCode);
    REQUIRE(agent.started());

    // First clone into an empty root.
    const QByteArray report1 = dir / "report1.json";
    CliRun first = runBinary("servertwin-cli", cloneArgs(agent.address(), src, state, report1));
    INFO(first.output.toStdString());
    REQUIRE(first.exitCode == 0);
    for (const char *top : {"etc", "usr", "special"}) {
        CompareOptions options;
        QStringList diffs = compareTrees(src + '/' + top, root + '/' + top, options);
        diffs.removeAll(QStringLiteral("missing in second tree: noise.skip"));
        INFO(diffs.join(QLatin1Char('\n')).toStdString());
        CHECK(diffs.isEmpty());
    }
    CHECK_FALSE(QFile::exists(s(root + "/etc/noise.skip")));
    CHECK_FALSE(QFile::exists(s(root + "/.servertwin-staging")));
    const QJsonObject r1 = readJson(report1);
    CHECK(r1.value(QStringLiteral("ok")).toBool());
    const QJsonObject counts = r1.value(QStringLiteral("counts")).toObject();
    CHECK(counts.value(QStringLiteral("files")).toDouble() > 500);
    CHECK(counts.value(QStringLiteral("compressedBytes")).toDouble() > 0);
    CHECK(counts.value(QStringLiteral("compressedBytes")).toDouble() < counts.value(QStringLiteral("tarBytes")).toDouble());
    CHECK(r1.value(QStringLiteral("durationsMs")).toObject().contains(QStringLiteral("verify")));
    CHECK(r1.value(QStringLiteral("secondary")).toObject().value(QStringLiteral("fingerprint")).toString().size() == 64);

    // The Secondary drifts: files of its own under the include roots, an excluded file,
    // and a file outside every include root.
    writeFile(root + "/etc/only-on-secondary.conf", "stale\n");
    QDir().mkpath(s(root + "/usr/sbin/stale-dir/deeper"));
    writeFile(root + "/usr/sbin/stale-dir/deeper/file", "stale\n");
    writeFile(root + "/etc/keep-me-local", "secondary's own, excluded\n");
    writeFile(root + "/srv-outside/data", "outside every include root\n");
    // The Primary changes too.
    writeFile(src + "/etc/changed-on-primary.conf", "new\n");
    REQUIRE(QFile::remove(s(src + "/special/plain/hello.txt")));

    // Second clone: pinned now (the code was single-use, so none is needed).
    const QByteArray report2 = dir / "report2.json";
    QStringList args = cloneArgs(agent.address(), src, state, report2);
    const qsizetype codeAt = args.indexOf(QStringLiteral("--pairing-code"));
    args.remove(codeAt, 2);
    CliRun second = runBinary("servertwin-cli", args);
    INFO(second.output.toStdString());
    REQUIRE(second.exitCode == 0);
    CHECK_FALSE(QFile::exists(s(root + "/etc/only-on-secondary.conf")));
    CHECK_FALSE(QFile::exists(s(root + "/usr/sbin/stale-dir")));
    CHECK_FALSE(QFile::exists(s(root + "/special/plain/hello.txt")));
    CHECK(QFile::exists(s(root + "/etc/changed-on-primary.conf")));
    CHECK(QFile::exists(s(root + "/etc/keep-me-local")));
    CHECK(QFile::exists(s(root + "/srv-outside/data")));
    const QJsonArray removed = readJson(report2).value(QStringLiteral("removed")).toArray();
    QStringList removedPaths;
    for (const QJsonValue &v : removed) {
        removedPaths << v.toObject().value(QStringLiteral("path")).toString();
        CHECK_FALSE(v.toObject().value(QStringLiteral("reason")).toString().isEmpty());
    }
    INFO(removedPaths.join(QLatin1Char(' ')).toStdString());
    CHECK(removedPaths.contains(QStringLiteral("etc/only-on-secondary.conf")));
    CHECK(removedPaths.contains(QStringLiteral("usr/sbin/stale-dir")));
    CHECK(removedPaths.contains(QStringLiteral("special/plain/hello.txt")));
    CHECK_FALSE(removedPaths.contains(QStringLiteral("etc/keep-me-local")));
    for (const char *top : {"usr", "special"}) {
        const QStringList diffs = compareTrees(src + '/' + top, root + '/' + top);
        INFO(diffs.join(QLatin1Char('\n')).toStdString());
        CHECK(diffs.isEmpty());
    }
}
