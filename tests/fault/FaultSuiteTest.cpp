// SPDX-License-Identifier: GPL-3.0-or-later
// The network fault suite: the real servertwin-cli (Primary namespace, 198.18.0.1) clones to
// the real servertwin-agent (Secondary namespace, 198.18.0.2) over a veth pair while faults
// are injected. After each fault the Secondary's tree must be byte-identical to the source
// (or the clone must fail with a clear error and leave the Secondary untouched: never a wrong
// tree). Each test writes one row of the fault report (fault, count, outcome, bytes re-sent)
// to ST_BINARY_DIR/fault-report/; scripts/fault/run-fault-suite.sh prints the table.
// Root only: every test prints why it is skipped elsewhere (but the agent's --help check).
#include "NetLab.h"
#include "net/Protocol.h"
#include "support/LoopExt4.h"
#include "support/TestTree.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QThread>

#include <catch2/catch.hpp>

#include <functional>

using namespace st::test;

namespace {

constexpr qint64 MiB = 1 << 20;

/** Lets the event loop read the processes' output while waiting. */
void pause(int ms)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(10);
    }
}

bool skipped()
{
    const QString why = NetLab::unavailableReason();
    if (why.isEmpty())
        return false;
    WARN("fault suite skipped: " << why.toStdString());
    return true;
}

/** "identical tree", "clear failure: <the one-line error>" (the Secondary untouched), or what went wrong. */
QString judge(NetLab &lab, const CloneOutcome &clone)
{
    if (clone.exitCode == 0) {
        const QStringList diff = lab.compare();
        return diff.isEmpty() ? QStringLiteral("identical tree") : QStringLiteral("WRONG TREE: ") + diff.first();
    }
    const QString message = clone.report.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    const bool clear = !message.isEmpty() && !message.contains(QLatin1Char('\n')) && lab.secondaryUntouched();
    return clear ? QStringLiteral("clear failure: ") + message : QStringLiteral("UNCLEAR FAILURE (exit %1)").arg(clone.exitCode);
}

/**
 * Runs one clone with @p inject called while it runs (it returns false when it is done
 * injecting); records and checks the outcome. Returns the outcome text.
 */
QString runFault(NetLab &lab, const QString &fault, const QStringList &cliArgs, const std::function<bool()> &inject,
                 int *count, const QString &secondary = {})
{
    lab.startClone(cliArgs, secondary);
    while (lab.cloneRunning()) {
        if (!inject())
            break;
    }
    const CloneOutcome clone = lab.finishClone();
    const QString outcome = judge(lab, clone);
    recordFault(fault, *count, outcome, clone);
    INFO("cli output:\n" << clone.output.right(6000).toStdString());
    INFO("agent output:\n" << lab.agentOutput().right(6000).toStdString());
    INFO("fault " << fault.toStdString() << " x" << *count << ": " << outcome.toStdString() << ", re-sent " << clone.resentBytes
                  << " bytes, " << clone.reconnects << " reconnects");
    CHECK_FALSE(outcome.startsWith(QStringLiteral("WRONG TREE")));
    CHECK_FALSE(outcome.startsWith(QStringLiteral("UNCLEAR")));
    CHECK(outcome == QStringLiteral("identical tree"));
    // Each interruption makes the Primary send again at most the send window (8 MiB): only what
    // had left it and had not reached the agent's disk (Resumed carries the durable offset).
    CHECK(clone.resentBytes <= clone.reconnects * st::proto::kSendWindow);
    return outcome;
}

struct Lab {
    NetLab lab;
    explicit Lab(qint64 bytes, int files)
    {
        REQUIRE(lab.error().isEmpty());
        lab.makeTree(bytes, files);
        lab.startAgent();
        REQUIRE(lab.agentRunning());
    }
};

}  // namespace

TEST_CASE("fault: at least 20 link cuts at random points during a 512 MiB clone")
{
    if (skipped())
        return;
    Lab l(512 * MiB, 32);
    QRandomGenerator rng(1);
    int cuts = 0;
    const QString dev = l.lab.primaryDevice();
    auto link = [&](const char *state) {
        return l.lab.inNs(l.lab.primaryNs(), {QStringLiteral("ip"), QStringLiteral("link"), QStringLiteral("set"), dev, QLatin1String(state)});
    };
    // Shaped to 300 Mbit/s so that the clone lasts long enough for 20 cuts on a fast machine.
    l.lab.inNs(l.lab.primaryNs(), QStringLiteral("tc qdisc add dev %1 root tbf rate 300mbit burst 512kb latency 50ms").arg(dev).split(QLatin1Char(' ')));
    runFault(l.lab, QStringLiteral("link cut (ip link down/up)"), {QStringLiteral("--keepalive"), QStringLiteral("1")}, [&] {
        pause(300 + static_cast<int>(rng.bounded(700)));
        if (!l.lab.cloneRunning() || cuts >= 24)
            return cuts < 24;
        link("down");
        ++cuts;
        pause(1200 + static_cast<int>(rng.bounded(800)));
        link("up");
        return true;
    }, &cuts);
    CHECK(cuts >= 20);
}

TEST_CASE("fault: 5% packet loss (nftables numgen)")
{
    if (skipped())
        return;
    Lab l(96 * MiB, 8);
    int count = 1;
    REQUIRE(l.lab.nft(l.lab.secondaryNs(), QStringLiteral("add table inet stfault")));
    REQUIRE(l.lab.nft(l.lab.secondaryNs(), QStringLiteral("add chain inet stfault in { type filter hook input priority 0 ; }")));
    REQUIRE(l.lab.nft(l.lab.secondaryNs(), QStringLiteral("add chain inet stfault out { type filter hook output priority 0 ; }")));
    REQUIRE(l.lab.nft(l.lab.secondaryNs(), QStringLiteral("add rule inet stfault in numgen random mod 100 < 5 drop")));
    REQUIRE(l.lab.nft(l.lab.secondaryNs(), QStringLiteral("add rule inet stfault out numgen random mod 100 < 5 drop")));
    runFault(l.lab, QStringLiteral("5% loss both ways"), {QStringLiteral("--keepalive"), QStringLiteral("4")}, [&] {
        pause(200);
        return true;
    }, &count);
}

TEST_CASE("fault: silent hangs (nftables drop-all) are noticed by the keepalive")
{
    if (skipped())
        return;
    Lab l(128 * MiB, 8);
    int hangs = 0;
    REQUIRE(l.lab.nft(l.lab.secondaryNs(), QStringLiteral("add table inet stfault")));
    REQUIRE(l.lab.nft(l.lab.secondaryNs(), QStringLiteral("add chain inet stfault in { type filter hook input priority 0 ; }")));
    l.lab.inNs(l.lab.primaryNs(), QStringLiteral("tc qdisc add dev %1 root tbf rate 200mbit burst 256kb latency 50ms").arg(l.lab.primaryDevice()).split(QLatin1Char(' ')));
    runFault(l.lab, QStringLiteral("silent hang 4 s (drop all)"), {QStringLiteral("--keepalive"), QStringLiteral("1.5")}, [&] {
        pause(1000);
        if (!l.lab.cloneRunning() || hangs >= 2)
            return hangs < 2;
        l.lab.nft(l.lab.secondaryNs(), QStringLiteral("add rule inet stfault in drop"));
        ++hangs;
        pause(4000);
        l.lab.nft(l.lab.secondaryNs(), QStringLiteral("flush chain inet stfault in"));
        return true;
    }, &hangs);
    CHECK(hangs == 2);
}

TEST_CASE("fault: TCP resets (nftables reject with tcp reset)")
{
    if (skipped())
        return;
    Lab l(128 * MiB, 8);
    int resets = 0;
    REQUIRE(l.lab.nft(l.lab.secondaryNs(), QStringLiteral("add table inet stfault")));
    REQUIRE(l.lab.nft(l.lab.secondaryNs(), QStringLiteral("add chain inet stfault in { type filter hook input priority 0 ; }")));
    l.lab.inNs(l.lab.primaryNs(), QStringLiteral("tc qdisc add dev %1 root tbf rate 200mbit burst 256kb latency 50ms").arg(l.lab.primaryDevice()).split(QLatin1Char(' ')));
    runFault(l.lab, QStringLiteral("TCP reset"), {QStringLiteral("--keepalive"), QStringLiteral("3")}, [&] {
        pause(700);
        if (!l.lab.cloneRunning() || resets >= 5)
            return resets < 5;
        l.lab.nft(l.lab.secondaryNs(), QStringLiteral("add rule inet stfault in tcp dport 7443 reject with tcp reset"));
        ++resets;
        pause(300);
        l.lab.nft(l.lab.secondaryNs(), QStringLiteral("flush chain inet stfault in"));
        return true;
    }, &resets);
    CHECK(resets == 5);
}

TEST_CASE("fault: rate shaping (tc tbf 100 Mbit/s)")
{
    if (skipped())
        return;
    Lab l(64 * MiB, 8);
    int count = 1;
    REQUIRE(l.lab.inNs(l.lab.primaryNs(), QStringLiteral("tc qdisc add dev %1 root tbf rate 100mbit burst 128kb latency 100ms")
                                              .arg(l.lab.primaryDevice()).split(QLatin1Char(' '))) == 0);
    runFault(l.lab, QStringLiteral("rate 100 Mbit/s (tc tbf)"), {}, [&] {
        pause(200);
        return true;
    }, &count);
}

TEST_CASE("fault: byte corruption on the wire (fault proxy)")
{
    if (skipped())
        return;
    Lab l(128 * MiB, 8);
    l.lab.startProxy(7500, {QStringLiteral("--corrupt-every"), QString::number(24 * MiB), QStringLiteral("--seed"), QStringLiteral("5")});
    int corrupted = 0;
    runFault(l.lab, QStringLiteral("byte corruption (proxy)"), {QStringLiteral("--keepalive"), QStringLiteral("3")}, [&] {
        pause(200);
        corrupted += static_cast<int>(l.lab.proxyOutput().count("corrupted"));
        return true;
    }, &corrupted, QStringLiteral("127.0.0.1:7500"));
    CHECK(corrupted >= 3);
}

TEST_CASE("fault: delay on every read (fault proxy)")
{
    if (skipped())
        return;
    Lab l(64 * MiB, 4);
    l.lab.startProxy(7501, {QStringLiteral("--delay-ms"), QStringLiteral("3")});
    int count = 1;
    runFault(l.lab, QStringLiteral("delay 3 ms per read (proxy)"), {}, [&] {
        pause(200);
        return true;
    }, &count, QStringLiteral("127.0.0.1:7501"));
}

TEST_CASE("fault: the agent is killed with SIGKILL at random points and restarted")
{
    if (skipped())
        return;
    Lab l(256 * MiB, 16);
    l.lab.inNs(l.lab.primaryNs(), QStringLiteral("tc qdisc add dev %1 root tbf rate 400mbit burst 512kb latency 50ms").arg(l.lab.primaryDevice()).split(QLatin1Char(' ')));
    QRandomGenerator rng(3);
    // At random points (the handshake, the transfer, the restore), at least three times and at
    // least once while the agent holds part of the stream (how soon that is depends on the machine).
    int kills = 0;
    int midTransfer = 0;
    const QString spool = QString::fromLocal8Bit(l.lab.work("agent-state/resume/stream.zst"));
    runFault(l.lab, QStringLiteral("agent SIGKILL + restart"), {QStringLiteral("--keepalive"), QStringLiteral("1")}, [&] {
        pause(500 + static_cast<int>(rng.bounded(1000)));
        if (!l.lab.cloneRunning() || (kills >= 3 && midTransfer >= 1) || kills >= 8)
            return false;
        if (QFileInfo(spool).size() > 0)
            ++midTransfer;
        l.lab.killAgent();
        ++kills;
        pause(300 + static_cast<int>(rng.bounded(400)));
        l.lab.startAgent();
        return true;
    }, &kills);
    CHECK(kills >= 3);
    CHECK(midTransfer >= 1);
    CHECK(l.lab.agentOutput().contains("was interrupted at"));
}

TEST_CASE("fault: the agent is killed with SIGKILL right after Apply, before the Result leaves")
{
    if (skipped())
        return;
    Lab l(32 * MiB, 4);
    writeFile(l.lab.work("secondary-root/data/stale"), "only on the Secondary: removed by the mirror\n");
    l.lab.killAgent();
    l.lab.startAgent({QStringLiteral("--test-crash-before-result")});  // SIGKILLs itself when the Result is due
    REQUIRE(l.lab.agentRunning());
    int kills = 0;
    const QString outcome = runFault(l.lab, QStringLiteral("agent SIGKILL after Apply"), {QStringLiteral("--keepalive"), QStringLiteral("1")}, [&] {
        pause(100);
        if (kills == 0 && !l.lab.agentRunning()) {
            ++kills;
            l.lab.startAgent();  // the same state directory: the recorded outcome answers the Resume
        }
        return true;
    }, &kills);
    CHECK(kills == 1);
    CHECK(outcome == QStringLiteral("identical tree"));
    CHECK(l.lab.agentOutput().contains("sending its outcome again"));
    const QJsonObject report = QJsonDocument::fromJson([&] {
        QFile f(QString::fromLocal8Bit(l.lab.work("report.json")));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }()).object();
    INFO(QJsonDocument(report).toJson().toStdString());
    CHECK(report.value(QStringLiteral("counts")).toObject().value(QStringLiteral("files")).toInt() == 5);  // 4 data files and etc/config
    CHECK(report.value(QStringLiteral("counts")).toObject().value(QStringLiteral("removed")).toInt() == 1);
    const QJsonArray removed = report.value(QStringLiteral("removed")).toArray();
    REQUIRE(removed.size() == 1);
    CHECK(QJsonDocument(removed).toJson().contains("data/stale"));
    CHECK(report.value(QStringLiteral("resume")).toObject().value(QStringLiteral("reconnects")).toInt() >= 1);
}

TEST_CASE("fault: the Secondary's disk fills up while staging (ENOSPC on a loop ext4), and a retry after freeing space completes")
{
    if (skipped())
        return;
    NetLab lab;
    REQUIRE(lab.error().isEmpty());
    lab.makeTree(96 * MiB, 8);
    LoopExt4 disk(256, 0, lab.work("secondary-root"));  // the Secondary's root on a small filesystem
    INFO(disk.error().toStdString());
    REQUIRE(disk.error().isEmpty());
    lab.startAgent();
    REQUIRE(lab.agentRunning());
    lab.inNs(lab.primaryNs(), QStringLiteral("tc qdisc add dev %1 root tbf rate 200mbit burst 512kb latency 50ms").arg(lab.primaryDevice()).split(QLatin1Char(' ')));

    // The pre-flight check passes; then another writer takes the space away mid-transfer.
    lab.startClone({QStringLiteral("--keepalive"), QStringLiteral("4")});
    pause(1500);
    REQUIRE(lab.cloneRunning());
    disk.fillLeaving(16 * MiB);
    const CloneOutcome full = lab.finishClone();
    const QString fullOutcome = judge(lab, full);
    recordFault(QStringLiteral("ENOSPC while staging (loop ext4)"), 1, fullOutcome, full);
    INFO("cli output:\n" << full.output.right(4000).toStdString());
    INFO("agent output:\n" << lab.agentOutput().right(4000).toStdString());
    CHECK(fullOutcome.startsWith(QStringLiteral("clear failure: ")));
    CHECK(fullOutcome.contains(QStringLiteral("space")));
    CHECK_FALSE(QFileInfo::exists(QString::fromLocal8Bit(lab.work("secondary-root/.servertwin-staging"))));

    disk.removeFiller();
    int retries = 1;
    runFault(lab, QStringLiteral("retry after ENOSPC, space freed"), {QStringLiteral("--keepalive"), QStringLiteral("4")}, [] {
        pause(200);
        return true;
    }, &retries);
    lab.killAgent();  // before the filesystem is unmounted
}

TEST_CASE("the agent's --help documents --resume-timeout, and a bad value is a usage error")
{
    QProcess help;
    help.start(QStringLiteral(ST_BINARY_DIR "/app/servertwin-agent"), {QStringLiteral("--help")});
    REQUIRE(help.waitForFinished(10000));
    const QByteArray text = help.readAllStandardOutput();
    INFO(text.toStdString());
    CHECK(text.contains("--resume-timeout <SECONDS>"));
    CHECK_FALSE(text.contains("test-crash-before-result"));
    QProcess bad;
    bad.start(QStringLiteral(ST_BINARY_DIR "/app/servertwin-agent"), {QStringLiteral("--root"), QStringLiteral("/"), QStringLiteral("--resume-timeout"), QStringLiteral("soon")});
    REQUIRE(bad.waitForFinished(10000));
    CHECK(bad.exitCode() == 2);
    CHECK(bad.readAllStandardError().contains("--resume-timeout needs a number of seconds"));
}
