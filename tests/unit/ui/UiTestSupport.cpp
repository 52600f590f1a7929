// SPDX-License-Identifier: GPL-3.0-or-later
#include "UiTestSupport.h"

#include "config/CloneConfig.h"
#include "config/RebootConfig.h"
#include "config/TargetConfig.h"
#include "restore/StagingArea.h"

#include <catch2/catch.hpp>

#include <QDeadlineTimer>
#include <QWidget>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QEventLoop>
#include <QTest>
#include <QTimer>

namespace st::test {

QString agentProgram()
{
    return QStringLiteral(ST_BINARY_DIR "/app/servertwin-agent");
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    // A plain event loop (QTest::qWaitFor sleeps between rounds, which would add its own
    // latency to the GUI-thread measurements).
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(2);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    loop.exec();
    return done();
}

std::unique_ptr<DemoSecondary> startAgent(const QString &workDir)
{
    auto agent = std::make_unique<DemoSecondary>(agentProgram(), workDir);
    bool failed = false;
    QString why;
    QObject::connect(agent.get(), &DemoSecondary::failed, agent.get(), [&](const Error &e) {
        failed = true;
        why = e.message;
    });
    agent->start();
    const bool ready = waitUntil([&] { return agent->isReady() || failed; }, 30000);
    INFO(why.toStdString());
    REQUIRE(ready);
    REQUIRE(agent->isReady());
    QObject::disconnect(agent.get(), &DemoSecondary::failed, agent.get(), nullptr);
    return agent;
}

std::shared_ptr<WizardSession> makeSession(const QString &stateDir, bool demoMode)
{
    WizardContext context;
    context.demoMode = demoMode;
    context.stateDir = stateDir;
    context.applicationDir = QStringLiteral(ST_BINARY_DIR "/app");
    auto session = std::make_shared<WizardSession>(context);
    auto identity = Identity::loadOrCreate(stateDir, QStringLiteral("test-primary"));
    REQUIRE(identity);
    session->setIdentity(*identity);
    return session;
}

void pairWith(WizardSession &session, const DemoSecondary &agent)
{
    if (!session.identity()) {
        auto identity = Identity::loadOrCreate(session.context().stateDir, QStringLiteral("test-primary"));
        REQUIRE(identity);
        session.setIdentity(*identity);
    }
    TargetConfig target(QStringLiteral("Secondary"), QDir(session.context().stateDir).filePath(QStringLiteral("secondaries.json")));
    target.setAddress(agent.address());
    target.setPairingCode(agent.pairingCode());
    target.testConnection(*session.identity());
    REQUIRE(waitUntil([&] { return target.state() != TargetConfig::State::Testing; }));
    INFO(target.statusText().toStdString());
    REQUIRE(target.state() == TargetConfig::State::Verified);
    session.setTargets({*target.verifiedTarget()});
}

QByteArray stagedTreeOf(const QByteArray &root)
{
    const QString staging = QString::fromLocal8Bit(root + '/' + stagingDirectoryName());
    QStringList ids;
    for (const QString &id : QDir(staging).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        if (!id.startsWith(QLatin1Char('.')) && QFileInfo::exists(staging + QLatin1Char('/') + id + QStringLiteral("/state.json")))
            ids << id;
    INFO("staged under " << staging.toStdString() << ": " << ids.join(QStringLiteral(", ")).toStdString());
    REQUIRE(ids.size() == 1);
    return QFile::encodeName(staging + QLatin1Char('/') + ids[0] + QStringLiteral("/tree"));
}

ProtectionChoice protectionOf(const QByteArray &sourceDir)
{
    SelectionOverrides overrides;
    overrides.sourceRoot = sourceDir;
    overrides.includes = {QByteArrayLiteral("/")};
    auto plan = SelectionPlan::build(nullptr, overrides);
    INFO((plan ? QString() : plan.error().message).toStdString());
    REQUIRE(plan);
    ProtectionChoice choice;
    choice.profile.name = QStringLiteral("test tree");
    choice.plan = *plan;
    choice.snapshot = SnapshotMode::None;
    return choice;
}

void saveScreenshot(QWidget &widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("ST_UI_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    CHECK(widget.grab().save(dir + QLatin1Char('/') + name, "PNG"));
}

void cloneAndReboot(const std::shared_ptr<WizardSession> &session)
{
    CloneConfig clone(session);
    clone.start();
    REQUIRE(waitUntil([&] { return !clone.isRunning(); }, 120000));
    INFO(clone.statusText().toStdString());
    REQUIRE(clone.state() == CloneConfig::State::Succeeded);
    RebootConfig reboot(session);
    reboot.start();
    REQUIRE(waitUntil([&] { return !reboot.isRunning(); }, 120000));
    INFO(reboot.statusText().toStdString());
    REQUIRE(reboot.state() == RebootConfig::State::Succeeded);
}

}  // namespace st::test
