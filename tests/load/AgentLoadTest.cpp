// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 10's load test: hostile connections of every kind against one agent on 127.0.0.1
// while a real clone runs. The clone must succeed and arrive identical, the agent's peak RSS
// stay under 128 MiB, a paired Primary get in during the attack, and the agent accept a
// connection at once afterwards. Prints the figures the README's reliability section quotes.
#include "integration/AgentProcess.h"
#include "load/AgentProbe.h"
#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QThread>

#include <cstdio>

using namespace st;
using namespace st::test;

namespace {

const QString kCode = QStringLiteral("K7QF-3M9X-TR2C");

QStringList cloneArgs(const QString &address, const QByteArray &src, const QByteArray &state, const QByteArray &report, const QString &code = QString())
{
    QStringList a{QStringLiteral("clone"), QStringLiteral("--secondary"), address, QStringLiteral("--source-root"), s(src),
                  QStringLiteral("--include"), QStringLiteral("/data"), QStringLiteral("--state-dir"), s(state),
                  QStringLiteral("--snapshot"), QStringLiteral("none"), QStringLiteral("--report"), s(report)};
    if (!code.isEmpty())
        a << QStringLiteral("--pairing-code") << code;
    return a;
}

/** @p files files of random (incompressible) content, @p fileBytes each, in 16 directories. */
void makeTree(const QByteArray &dir, int files, int fileBytes)
{
    QRandomGenerator random(42);
    QByteArray content(fileBytes, Qt::Uninitialized);
    for (int i = 0; i < files; ++i) {
        random.fillRange(reinterpret_cast<quint32 *>(content.data()), fileBytes / 4);
        writeFile(dir + "/d" + QByteArray::number(i % 16) + "/f" + QByteArray::number(i), content);
    }
}

struct Attack {
    QProcess process;
    QJsonObject report;
    void start(const QStringList &args)
    {
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(hostilePeersBinary(), args);
        REQUIRE(process.waitForStarted(5000));
        REQUIRE(process.waitForReadyRead(10000));  // "ready"
    }
    void stop()
    {
        process.terminate();
        REQUIRE(process.waitForFinished(15000));
        const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
        report = QJsonDocument::fromJson(lines.last()).object();
    }
    qint64 get(const char *kind, const char *field) const
    {
        return report.value(QString::fromLatin1(kind)).toObject().value(QString::fromLatin1(field)).toInteger();
    }
};

}  // namespace

TEST_CASE("under hostile connections of every kind a real clone succeeds, the agent stays under 128 MiB and accepts at once afterwards", "[load]")
{
    ScratchDir dir("load");
    const QByteArray src = dir / "src", root = dir / "root";
    makeTree(src + "/data", 512, 256 << 10);  // 128 MiB
    QDir().mkpath(s(root));
    AgentProcess agent(root, dir / "agent-state", kCode, {QStringLiteral("--no-owner")});
    REQUIRE(agent.started());
    writeFile(dir / "pair-src/data/hello", "hello\n");
    CliRun pairing = runBinary("servertwin-cli", cloneArgs(agent.address(), dir / "pair-src", dir / "primary-state", dir / "pair.json", kCode));
    INFO(pairing.output.toStdString());
    REQUIRE(pairing.exitCode == 0);
    auto primary = Identity::loadOrCreate(s(dir / "primary-state"), QStringLiteral("unused"));
    REQUIRE(primary);

    // The same clone without an attack, for comparison.
    QElapsedTimer clock;
    clock.start();
    CliRun quiet = runBinary("servertwin-cli", cloneArgs(agent.address(), src, dir / "primary-state", dir / "quiet.json"));
    const qint64 quietMs = clock.elapsed();
    INFO(quiet.output.toStdString());
    REQUIRE(quiet.exitCode == 0);
    REQUIRE(QDir(s(root + "/data")).removeRecursively());
    const qint64 rssBefore = procStatusKiB(agent.pid(), "VmRSS");

    // Strangers from four other addresses, and plain connections from the Primary's own.
    Attack strangers, neighbours;
    strangers.start({QStringLiteral("--target"), agent.address(), QStringLiteral("--bind-base"), QStringLiteral("2"), QStringLiteral("--addresses"), QStringLiteral("4"),
                     QStringLiteral("--plain"), QStringLiteral("300"), QStringLiteral("--tls-silent"), QStringLiteral("50"),
                     QStringLiteral("--ping-flood"), QStringLiteral("20"), QStringLiteral("--pause"), QStringLiteral("500")});
    neighbours.start({QStringLiteral("--target"), agent.address(), QStringLiteral("--bind-base"), QStringLiteral("1"),
                      QStringLiteral("--plain"), QStringLiteral("100"), QStringLiteral("--slow-readers"), QStringLiteral("2"),
                      QStringLiteral("--identity"), s(dir / "primary-state"), QStringLiteral("--pause"), QStringLiteral("1000")});
    QThread::msleep(3000);

    const GetInResult during = primaryGetsIn(agent.port(), *primary, 15000);
    clock.restart();
    CliRun loaded = runBinary("servertwin-cli", cloneArgs(agent.address(), src, dir / "primary-state", dir / "loaded.json"));
    const qint64 loadedMs = clock.elapsed();
    // Long enough for the handshake deadline (10 s) to have dropped plain connections.
    while (clock.elapsed() < 12000)
        QThread::msleep(100);
    const qint64 rssUnderAttack = procStatusKiB(agent.pid(), "VmRSS");
    strangers.stop();
    neighbours.stop();

    clock.restart();
    const HandshakeResult after = primaryHandshake(agent.port(), *primary, 10000);
    const qint64 peak = procStatusKiB(agent.pid(), "VmHWM");

    INFO(loaded.output.toStdString());
    INFO(agent.output().right(4000).toStdString());
    CHECK(loaded.exitCode == 0);
    CHECK(compareTrees(src + "/data", root + "/data", {false, {}, {}}).isEmpty());
    INFO(during.last.error.toStdString() << " / " << after.error.toStdString());
    for (const QString &why : during.failures)
        fprintf(stderr, "load test: an attempt of the Primary to get in during the attack failed: %s\n", why.toLocal8Bit().constData());
    CHECK(during.ms >= 0);
    CHECK(during.ms < 3000 * kSlowdown);
    CHECK(during.last.paired);
    CHECK(after.ms >= 0);
    CHECK(after.ms < 1000 * kSlowdown);
    if (memoryBoundsChecked())
        CHECK(peak < 128 * 1024);
    // Every kind of attack really ran, and the agent closed them itself.
    CHECK(strangers.get("plain", "connects") >= 300);
    CHECK(strangers.get("plain", "dropped") >= 100);
    CHECK(strangers.get("tlsSilent", "handshakes") >= 50);
    CHECK(strangers.get("pingFlood", "dropped") >= 20);
    CHECK(neighbours.get("plain", "dropped") >= 68);
    CHECK(neighbours.get("slowReader", "handshakes") >= 2);

    fprintf(stderr,
            "load test: clone of 128 MiB in %.1f s quiet, %.1f s under attack; Primary in after %lld ms (%d attempts) during, %lld ms after; "
            "agent RSS %lld KiB before, %lld KiB under attack, peak %lld KiB\n"
            "  strangers (4 addresses): plain %lld connects / %lld dropped, TLS without Hello %lld handshakes / %lld dropped, "
            "unpaired Ping floods %lld connects / %lld dropped after %lld Pings; Primary's address: plain %lld connects / %lld dropped, "
            "slow readers %lld connects / %lld dropped\n",
            quietMs / 1000.0, loadedMs / 1000.0, static_cast<long long>(during.ms), during.attempts, static_cast<long long>(after.ms),
            static_cast<long long>(rssBefore), static_cast<long long>(rssUnderAttack), static_cast<long long>(peak),
            static_cast<long long>(strangers.get("plain", "connects")), static_cast<long long>(strangers.get("plain", "dropped")),
            static_cast<long long>(strangers.get("tlsSilent", "handshakes")), static_cast<long long>(strangers.get("tlsSilent", "dropped")),
            static_cast<long long>(strangers.get("pingFlood", "connects")), static_cast<long long>(strangers.get("pingFlood", "dropped")),
            static_cast<long long>(strangers.get("pingFlood", "pingsSent")),
            static_cast<long long>(neighbours.get("plain", "connects")), static_cast<long long>(neighbours.get("plain", "dropped")),
            static_cast<long long>(neighbours.get("slowReader", "connects")), static_cast<long long>(neighbours.get("slowReader", "dropped")));
}
