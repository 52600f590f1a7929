// SPDX-License-Identifier: GPL-3.0-or-later
// Pairing and pinning across real processes: wrong codes, lockout, a changed certificate.
#include "AgentProcess.h"
#include "support/TestTree.h"

#include <QDir>
#include <QFile>

#include <catch2/catch.hpp>

using namespace st::test;

namespace {
QStringList cloneArgs(const QString &address, const QString &code, const QByteArray &src, const QByteArray &state)
{
    QStringList a{QStringLiteral("clone"), QStringLiteral("--secondary"), address,
                  QStringLiteral("--source-root"), QString::fromLocal8Bit(src),
                  QStringLiteral("--include"), QStringLiteral("/data"),
                  QStringLiteral("--state-dir"), QString::fromLocal8Bit(state)};
    if (!code.isEmpty())
        a << QStringLiteral("--pairing-code") << code;
    return a;
}
bool isEmptyDir(const QByteArray &dir)
{
    return QDir(QString::fromLocal8Bit(dir)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty();
}
}  // namespace

TEST_CASE("a wrong pairing code fails clearly, restores nothing, and repeated failures lock out")
{
    ScratchDir dir("pairing");
    const QByteArray src = dir / "src", root = dir / "root";
    writeFile(src + "/data/file", "payload\n");
    QDir().mkpath(QString::fromLocal8Bit(root));
    AgentProcess agent(root, dir / "agent-state", QStringLiteral("AAAA-BBBB-CCCC"), {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());

    CliRun wrong = runBinary("servertwin-cli", cloneArgs(agent.address(), QStringLiteral("AAAA-BBBB-CCCD"), src, dir / "p1"));
    INFO(wrong.output.toStdString());
    CHECK(wrong.exitCode == 1);
    CHECK(wrong.output.contains("wrong pairing code"));
    CHECK(wrong.output.count("error") == 1);
    CHECK(isEmptyDir(root));
    CHECK_FALSE(agent.output().contains("CCCD"));  // codes never reach the log

    for (int i = 0; i < 4; ++i)
        runBinary("servertwin-cli", cloneArgs(agent.address(), QStringLiteral("AAAA-BBBB-CCC%1").arg(i), src, dir / "p1"));
    CliRun locked = runBinary("servertwin-cli", cloneArgs(agent.address(), QStringLiteral("AAAA-BBBB-CCCC"), src, dir / "p1"));
    INFO(locked.output.toStdString());
    CHECK(locked.exitCode == 1);
    CHECK(locked.output.contains("locked"));
    CHECK(isEmptyDir(root));
}

TEST_CASE("the pairing code is single-use and the pin refuses a changed certificate")
{
    ScratchDir dir("pinning");
    const QByteArray src = dir / "src", root = dir / "root";
    writeFile(src + "/data/file", "payload\n");
    QDir().mkpath(QString::fromLocal8Bit(root));
    const QString code = QStringLiteral("DDDD-EEEE-FFFF");
    quint16 port = 0;
    {
        AgentProcess agent(root, dir / "agent-state", code, {QStringLiteral("--no-owner")});
        REQUIRE(agent.started());
        port = agent.port();
        CliRun ok = runBinary("servertwin-cli", cloneArgs(agent.address(), code, src, dir / "primary"));
        INFO(ok.output.toStdString());
        REQUIRE(ok.exitCode == 0);
        CHECK(QFile::exists(QString::fromLocal8Bit(root + "/data/file")));
        // Another Primary cannot reuse the same code.
        CliRun reuse = runBinary("servertwin-cli", cloneArgs(agent.address(), code, src, dir / "other-primary"));
        INFO(reuse.output.toStdString());
        CHECK(reuse.exitCode == 1);
        CHECK(reuse.output.contains("pairing"));
    }
    // The Secondary is "reinstalled": new identity, same address (port pinned by address).
    REQUIRE(QDir(QString::fromLocal8Bit(dir / "agent-state")).removeRecursively());
    AgentProcess again(root, dir / "agent-state", code, {QStringLiteral("--no-owner"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)});
    REQUIRE(again.started());
    REQUIRE(again.port() == port);
    CliRun changed = runBinary("servertwin-cli", cloneArgs(again.address(), code, src, dir / "primary"));
    INFO(changed.output.toStdString());
    CHECK(changed.exitCode == 1);
    CHECK(changed.output.contains("certificate of 127.0.0.1"));
    CHECK(changed.output.contains("changed"));
    // Refused before any payload: the agent never saw a pairing attempt or a Hello-to-clone.
    CHECK_FALSE(again.output().contains("pairing refused"));
    CHECK_FALSE(again.output().contains("paired with"));
}
