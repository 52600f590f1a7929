// SPDX-License-Identifier: GPL-3.0-or-later
// The Reboot step's logic without widgets, against a real demo agent process: a clone staged
// by the Clone step is applied at the agent's (simulated) boot, the phases pass in order with
// their times, the boot's apply log arrives, the clone is confirmed and the step becomes a
// point of no return; a cancel before the request leaves everything staged; a dead Secondary
// fails with one line and can be retried.
#include "UiTestSupport.h"

#include "config/CloneConfig.h"
#include "config/RebootConfig.h"
#include "restore/StagingArea.h"
#include "support/CatchQt.h"
#include "support/TestTree.h"

#include <QFile>

#include <algorithm>

using namespace st;
using namespace st::test;

namespace {

QByteArray readFile(const QByteArray &path)
{
    QFile f(QString::fromLocal8Bit(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct Fixture {
    ScratchDir dir{"reboot-config"};
    std::unique_ptr<DemoSecondary> agent;
    std::shared_ptr<WizardSession> session;

    Fixture()
    {
        writeFile(dir / "source/etc/hostname", "primary\n");
        writeFile(dir / "source/etc/app.conf", "port = 5432\n", 0640);
        writeFile(dir / "source/usr/bin/tool", "#!/bin/sh\necho tool\n", 0755);
        writeFile(dir / "demo/secondary-root/etc/hostname", "secondary\n");
        writeFile(dir / "demo/secondary-root/etc/only-on-the-secondary", "removed by the clone\n");
        agent = startAgent(QString::fromLocal8Bit(dir / "demo"));
        session = makeSession(QString::fromLocal8Bit(dir / "primary"));
        pairWith(*session, *agent);
        session->setProtection(protectionOf(dir / "source"));
    }
    QByteArray secondaryRoot() const { return QFile::encodeName(agent->secondaryRoot()); }
    void stageClone()
    {
        CloneConfig clone(session);
        clone.start();
        REQUIRE(waitUntil([&] { return !clone.isRunning(); }, 120000));
        INFO(clone.statusText().toStdString());
        REQUIRE(clone.state() == CloneConfig::State::Succeeded);
    }
};

/** Reboots with "confirm at once" off: the twin comes back healthy and waits for the engineer. */
void rebootLeavingUnconfirmed(Fixture &f, RebootConfig &config)
{
    f.stageClone();
    config.setConfirmAutomatically(false);
    config.start();
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 120000));
    INFO(config.statusText().toStdString());
    REQUIRE(config.state() == RebootConfig::State::AwaitingDecision);
    CHECK_FALSE(config.canStart());
    CHECK(readFile(f.secondaryRoot() + "/etc/hostname") == "primary\n");  // applied at boot
    CHECK_FALSE(QFile::exists(QString::fromLocal8Bit(f.secondaryRoot() + "/etc/only-on-the-secondary")));
}

bool allDone(const QList<RebootPhaseRow> &rows)
{
    return std::all_of(rows.cbegin(), rows.cend(), [](const RebootPhaseRow &r) { return r.state == RebootPhaseRow::State::Done; });
}

}  // namespace

TEST_CASE("reboot step: the staged clone is applied at the Secondary's boot, confirmed, and Back is closed", "[ui][reboot]")
{
    Fixture f;
    RebootConfig idle(f.session);
    CHECK_FALSE(idle.canStart());  // nothing staged yet
    CHECK(idle.startBlocker().contains(QStringLiteral("Clone step")));

    f.stageClone();
    CHECK(readFile(f.secondaryRoot() + "/etc/hostname") == "secondary\n");  // staged, not applied

    RebootConfig config(f.session);
    REQUIRE(config.canStart());
    CHECK(config.targetLabel().contains(f.agent->address()));
    QStringList seen;  // the running row at each change, in order
    QObject::connect(&config, &RebootConfig::phasesChanged, &config, [&] {
        for (const RebootPhaseRow &r : config.phases())
            if (r.state == RebootPhaseRow::State::Running && (seen.isEmpty() || seen.last() != r.id))
                seen << r.id;
    });
    int applyLogSignals = 0;
    QObject::connect(&config, &RebootConfig::applyLogChanged, &config, [&] { ++applyLogSignals; });
    config.start();
    CHECK(config.state() == RebootConfig::State::Running);
    CHECK_FALSE(config.isIrreversible());
    REQUIRE(waitUntil([&] { return config.isIrreversible() || !config.isRunning(); }, 60000));
    CHECK(config.isIrreversible());  // accepted: from here the reboot goes on
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 120000));
    INFO(config.statusText().toStdString() << "\n" << config.log().join(QLatin1Char('\n')).toStdString());
    REQUIRE(config.state() == RebootConfig::State::Succeeded);
    CHECK(config.isIrreversible());

    // The phases came in order, and every row is done with its time.
    INFO("running rows seen: " << seen.join(QStringLiteral(", ")).toStdString());
    CHECK(seen.indexOf(QStringLiteral("ask")) == 0);
    CHECK(seen.indexOf(QStringLiteral("going-down")) < seen.indexOf(QStringLiteral("away")));
    CHECK(seen.indexOf(QStringLiteral("away")) < seen.indexOf(QStringLiteral("back")));
    CHECK(allDone(config.phases()));
    const QList<RebootPhaseRow> rows = config.phases();
    const auto away = std::find_if(rows.cbegin(), rows.cend(), [](const RebootPhaseRow &r) { return r.id == QLatin1String("away"); });
    REQUIRE(away != rows.cend());
    CHECK(away->elapsedMs >= 500);  // the demo agent stays away for seconds

    // The apply log of the boot, and the twin in the Secondary's root.
    CHECK(applyLogSignals >= 1);
    CHECK(std::any_of(config.applyLog().cbegin(), config.applyLog().cend(), [](const QString &l) { return l.contains(QStringLiteral("applied")); }));
    CHECK(compareTrees(f.dir / "source", f.secondaryRoot(), {true, {stagingDirectoryName()}, {}}) == QStringList());

    // The session: the reboot's report for the one target, confirmed; the outcome for the summary.
    REQUIRE(f.session->record().targets().size() == 1);
    const TargetRecord &t = f.session->record().targets()[0];
    REQUIRE(t.reboot);
    CHECK(t.reboot->ok);
    CHECK(t.reboot->simulated);
    CHECK(t.reboot->clonesConfirmed.size() == 1);
    CHECK(t.reboot->bootIdAfter != t.reboot->bootIdBefore);
    REQUIRE(f.session->rebootOutcome());
    CHECK(f.session->rebootOutcome()->result);
    CHECK(f.session->rebootOutcome()->log == config.log());
    CHECK_FALSE(config.canStart());  // done
}

TEST_CASE("reboot step: cancel before the request leaves the clone staged, and the retry applies it", "[ui][reboot]")
{
    Fixture f;
    f.stageClone();
    const QByteArray tree = stagedTreeOf(f.secondaryRoot());
    RebootConfig config(f.session);
    config.start();
    config.cancel();  // before the agent could accept
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 60000));
    CHECK(config.state() == RebootConfig::State::Cancelled);
    CHECK_FALSE(config.isIrreversible());
    CHECK(config.statusText().contains(QStringLiteral("not asked to reboot")));
    CHECK(readFile(f.secondaryRoot() + "/etc/hostname") == "secondary\n");
    CHECK(stagedTreeOf(f.secondaryRoot()) == tree);  // still staged, untouched

    REQUIRE(config.canStart());  // Retry
    config.start();
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 120000));
    INFO(config.statusText().toStdString());
    REQUIRE(config.state() == RebootConfig::State::Succeeded);
    CHECK(readFile(f.secondaryRoot() + "/etc/hostname") == "primary\n");
    CHECK_FALSE(QFile::exists(QString::fromLocal8Bit(f.secondaryRoot() + "/etc/only-on-the-secondary")));
    REQUIRE(f.session->record().targets().size() == 1);
    CHECK(f.session->record().targets()[0].rebootAttempts == 2);  // the cancelled attempt's report was replaced
    CHECK(f.session->record().targets()[0].reboot->ok);
    CHECK(f.session->rebootOutcome()->attempts == 2);
}

TEST_CASE("reboot step: a Secondary that does not answer fails with one line, and can be retried", "[ui][reboot]")
{
    Fixture f;
    f.stageClone();
    QList<TargetMachine> targets = f.session->targets();
    targets[0].link.idleTimeoutMs = 2000;  // give up soon
    targets[0].link.connectTimeoutMs = 1000;
    f.session->setTargets(targets);
    f.agent.reset();  // the agent stops: nothing answers

    RebootConfig config(f.session);
    config.start();
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 60000));
    CHECK(config.state() == RebootConfig::State::Failed);
    CHECK_FALSE(config.statusText().isEmpty());
    CHECK_FALSE(config.statusText().contains(QLatin1Char('\n')));
    CHECK_FALSE(config.isIrreversible());
    CHECK(config.canStart());
    const QList<RebootPhaseRow> rows = config.phases();
    CHECK(std::any_of(rows.cbegin(), rows.cend(), [](const RebootPhaseRow &r) { return r.state == RebootPhaseRow::State::Failed; }));
    REQUIRE(f.session->rebootOutcome());
    CHECK_FALSE(f.session->rebootOutcome()->result);
}

TEST_CASE("reboot step: a twin left unconfirmed waits for the engineer, who keeps it", "[ui][reboot]")
{
    Fixture f;
    RebootConfig config(f.session);
    rebootLeavingUnconfirmed(f, config);
    const TargetRecord *t = f.session->record().find(f.agent->address());
    REQUIRE(t);
    REQUIRE(t->reboot);
    CHECK(t->reboot->clonesUnconfirmed.size() == 1);
    CHECK(t->reboot->clonesConfirmed.isEmpty());
    REQUIRE(f.session->rebootOutcome());
    CHECK_FALSE(f.session->rebootOutcome()->result);  // not done until the engineer's word

    config.keepTwin();
    CHECK(config.isCarryingOutDecision());
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 60000));
    INFO(config.log().join(QLatin1Char('\n')).toStdString());
    REQUIRE(config.state() == RebootConfig::State::Succeeded);
    t = f.session->record().find(f.agent->address());
    CHECK(t->reboot->clonesConfirmed.size() == 1);
    CHECK(t->reboot->clonesUnconfirmed.isEmpty());
    CHECK(f.session->rebootOutcome()->result);
    CHECK(readFile(f.secondaryRoot() + "/etc/hostname") == "primary\n");
}

TEST_CASE("reboot step: the engineer rolls the unconfirmed twin back, and the Secondary is as it was", "[ui][reboot]")
{
    Fixture f;
    RebootConfig config(f.session);
    rebootLeavingUnconfirmed(f, config);

    config.rollBack();
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 120000));
    INFO(config.statusText().toStdString() << "\n" << config.log().join(QLatin1Char('\n')).toStdString());
    REQUIRE(config.state() == RebootConfig::State::RolledBack);
    CHECK(readFile(f.secondaryRoot() + "/etc/hostname") == "secondary\n");
    CHECK(readFile(f.secondaryRoot() + "/etc/only-on-the-secondary") == "removed by the clone\n");
    CHECK_FALSE(QFile::exists(QString::fromLocal8Bit(f.secondaryRoot() + "/usr/bin/tool")));
    const TargetRecord *t = f.session->record().find(f.agent->address());
    REQUIRE(t);
    CHECK(t->reboot->clonesRolledBack.size() == 1);
    REQUIRE(f.session->rebootOutcome());
    CHECK_FALSE(f.session->rebootOutcome()->result);
    CHECK(f.session->rebootOutcome()->result.error().message.contains(QStringLiteral("rolled back")));
    CHECK(config.phases().last().title == QStringLiteral("Back to its previous system"));

    // The Secondary runs its previous system: Back to the Clone step is open, and after a new
    // clone the step starts over and brings the twin.
    CHECK_FALSE(config.isIrreversible());
    config.refresh();
    CHECK(config.state() == RebootConfig::State::RolledBack);  // no new clone yet
    f.stageClone();
    config.refresh();
    REQUIRE(config.state() == RebootConfig::State::Idle);
    CHECK(config.phases().last().title == QStringLiteral("Healthy, clone confirmed"));
    REQUIRE(config.canStart());
    config.setConfirmAutomatically(true);
    config.start();
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 120000));
    INFO(config.statusText().toStdString());
    REQUIRE(config.state() == RebootConfig::State::Succeeded);
    CHECK(readFile(f.secondaryRoot() + "/etc/hostname") == "primary\n");
    REQUIRE(f.session->rebootOutcome());
    CHECK(f.session->rebootOutcome()->result);
}
