// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test fixture for the resume tests: an in-process AgentServer on loopback with its
 * scratch root and state, the Primary's clone settings and identity, random source data, a
 * raw paired protocol client (RawClient, over SecondaryLink) for hand-made frames, and
 * runToEnd() for a CloneJob. Test-only; everything lives in the test's thread.
 */
#include "agent/AgentServer.h"
#include "job/CloneJob.h"
#include "net/Identity.h"
#include "net/Messages.h"
#include "net/PairingCode.h"
#include "support/LoopbackAgent.h"
#include "support/TestTree.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <catch2/catch.hpp>

#include <memory>
#include <optional>

namespace st::test {

inline QString errorText(const Status &s)
{
    return s ? QString() : s.error().message;
}

struct Fixture {
    ScratchDir dir{"resume"};
    QString code = PairingCode::generate();
    std::unique_ptr<AgentServer> agent;
    int resumeTimeoutMs = 60000;
    bool stopBeforeResult = false;
    int simulatedDownMs = 3000;

    Fixture()
    {
        QDir().mkpath(QString::fromLocal8Bit(dir / "root"));
        startAgent();
    }

    void startAgent()
    {
        AgentConfig config = loopbackAgentConfig(dir, code);
        config.resumeTimeoutMs = resumeTimeoutMs;
        config.stopBeforeResult = stopBeforeResult;
        config.simulatedDownMs = simulatedDownMs;
        agent = startLoopbackAgent(config);
    }

    Identity primaryIdentity()
    {
        auto identity = Identity::loadOrCreate(QString::fromLocal8Bit(dir / "primary-state"), QStringLiteral("primary"));
        REQUIRE(identity.ok());
        return *identity;
    }

    CloneSettings settings(quint16 port)
    {
        SelectionOverrides o;
        o.sourceRoot = dir / "src";
        o.includes = {QByteArray("/data")};
        auto plan = SelectionPlan::build(nullptr, o);
        REQUIRE(plan.ok());
        CloneSettings s;
        s.plan = *plan;
        s.link.host = QStringLiteral("127.0.0.1");
        s.link.port = port;
        s.link.pairingCode = code;
        s.link.pinFile = QString::fromLocal8Bit(dir / "primary-state/secondaries.json");
        s.link.identity = primaryIdentity();
        s.link.keepaliveTimeoutMs = 1500;
        s.link.idleTimeoutMs = 60000;
        s.zstd.level = 1;
        s.snapshot = SnapshotMode::None;
        s.stateDir = QString::fromLocal8Bit(dir / "primary-state");
        return s;
    }

    /** @p files files of @p mib MiB of random (incompressible) bytes under src/data. */
    void makeData(int files, int mib)
    {
        QRandomGenerator rng(7);
        for (int i = 0; i < files; ++i) {
            QByteArray data(mib << 20, '\0');
            for (qsizetype j = 0; j < data.size(); j += 4)
                *reinterpret_cast<quint32 *>(data.data() + j) = rng.generate();
            writeFile(dir / "src/data/f" + QByteArray::number(i), data);
        }
        writeFile(dir / "src/data/small", "small file\n");
    }

    /** True when the agent holds nothing of an unfinished clone: no spool, no staging area. */
    bool agentHoldsNoStaging()
    {
        const bool spool = QFile::exists(QString::fromLocal8Bit(dir / "agent-state/resume/stream.zst"));
        const bool staging = QFileInfo::exists(QString::fromLocal8Bit(dir / "root/.servertwin-staging"))
                             && !QDir(QString::fromLocal8Bit(dir / "root/.servertwin-staging")).isEmpty();
        UNSCOPED_INFO("spool left: " << spool << ", staging left: " << staging);
        return !spool && !staging;
    }

    void requireIdenticalTree()
    {
        const QStringList diff = compareTrees(dir / "src/data", dir / "root/data");
        INFO(diff.join(QLatin1Char('\n')).toStdString());
        CHECK(diff.isEmpty());
    }
};

/** Runs @p job to its end and returns its result. */
inline Status runToEnd(CloneJob &job, QStringList *log = nullptr)
{
    QSignalSpy done(&job, &Job::finished);
    if (log)
        QObject::connect(&job, &Job::logMessage, &job, [log](const QString &line) { log->append(line); });
    job.start();
    if (!done.wait(180000))
        return makeError(ErrorCode::Internal, QStringLiteral("the clone did not finish in time"));
    return job.result();
}

/** The first bytes of a zstd frame: a restore worker fed only these waits for the rest. */
inline QByteArray zstdFrameStart()
{
    return QByteArray("\x28\xb5\x2f\xfd", 4);
}

/** A raw, paired protocol client over SecondaryLink (for hand-made frames). */
struct RawClient {
    SecondaryLink link;
    QList<proto::Frame> frames;
    std::optional<Error> failure;

    RawClient(Fixture &f)
        : link([&f] {
              LinkOptions o;
              o.host = QStringLiteral("127.0.0.1");
              o.port = f.agent->port();
              o.pairingCode = f.code;
              o.pinFile = QString::fromLocal8Bit(f.dir / "primary-state/secondaries.json");
              o.identity = f.primaryIdentity();
              return o;
          }())
    {
        QSignalSpy ready(&link, &SecondaryLink::ready);
        QObject::connect(&link, &SecondaryLink::frameReceived, &link, [this](const proto::Frame &fr) { frames.append(fr); });
        QObject::connect(&link, &SecondaryLink::failed, &link, [this](const Error &e) { failure = e; });
        link.open();
        REQUIRE(ready.wait(15000));
    }

    /** Waits for the first frame of @p type (other frames are skipped) and returns its JSON. */
    QJsonObject waitFor(proto::Type type)
    {
        for (int i = 0; i < 300; ++i) {
            for (qsizetype j = 0; j < frames.size(); ++j)
                if (frames[j].type == type) {
                    const proto::Frame fr = frames.takeAt(j);
                    frames.erase(frames.begin(), frames.begin() + j);
                    return *proto::parseJson(fr);
                }
            if (failure)
                FAIL(failure->message.toStdString());
            QTest::qWait(50);
        }
        FAIL("no " << proto::typeName(static_cast<quint8>(type)).toStdString() << " from the agent");
        return {};
    }

    /** Begins clone @p cloneId (from host "primary") on connection number @p attempt and waits for Ready. */
    void beginClone(const QString &cloneId, qint64 attempt = 1)
    {
        msg::BeginClone begin;
        begin.cloneId = cloneId;
        begin.sourceHost = QStringLiteral("primary");
        begin.attempt = attempt;
        link.sendJson(proto::Type::BeginClone, begin.toJson());
        waitFor(proto::Type::Ready);
    }

    /** Waits for the Ack that accepts @p bytes (earlier Acks are skipped). */
    void waitForAck(qint64 bytes)
    {
        for (;;) {
            const auto ack = msg::Ack::parse(waitFor(proto::Type::Ack));
            REQUIRE(ack.ok());
            REQUIRE(ack->accepted <= bytes);
            if (ack->accepted == bytes)
                return;
        }
    }
};

}  // namespace st::test
