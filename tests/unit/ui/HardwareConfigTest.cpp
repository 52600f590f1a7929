// SPDX-License-Identifier: GPL-3.0-or-later
// The Hardware step's logic without widgets, against a real demo agent process after a real
// clone and its (simulated) reboot: both machines compared, the functional checks, Next only
// once every item is confirmed with a name; a re-check keeps the confirmations; a blocking
// rule keeps Next closed; a dead Secondary fails in one line; a rolled-back twin skips the step.
// And the table's rows from a report, without an agent.
#include "UiTestSupport.h"

#include "config/CloneConfig.h"
#include "config/HardwareConfig.h"
#include "config/RebootConfig.h"
#include "support/CatchQt.h"
#include "support/TestTree.h"

#include <algorithm>

using namespace st;
using namespace st::test;

namespace {

struct Fixture {
    ScratchDir dir{"hardware-config"};
    std::unique_ptr<DemoSecondary> agent;
    std::shared_ptr<WizardSession> session;

    Fixture()
    {
        writeFile(dir / "source/etc/hostname", "primary\n");
        writeFile(dir / "source/usr/bin/tool", "#!/bin/sh\necho tool\n", 0755);
        writeFile(dir / "demo/secondary-root/etc/hostname", "secondary\n");
        agent = startAgent(QString::fromLocal8Bit(dir / "demo"));
        session = makeSession(QString::fromLocal8Bit(dir / "primary"));
        pairWith(*session, *agent);
        session->setProtection(protectionOf(dir / "source"));
    }
    /** Clone and reboot (the demo agent's simulated one); @p keep false: rolled back instead. */
    void cloneAndReboot(bool keep = true)
    {
        CloneConfig clone(session);
        clone.start();
        REQUIRE(waitUntil([&] { return !clone.isRunning(); }, 120000));
        INFO(clone.statusText().toStdString());
        REQUIRE(clone.state() == CloneConfig::State::Succeeded);
        RebootConfig reboot(session);
        reboot.setConfirmAutomatically(keep);
        reboot.start();
        REQUIRE(waitUntil([&] { return !reboot.isRunning(); }, 120000));
        INFO(reboot.statusText().toStdString());
        if (keep) {
            REQUIRE(reboot.state() == RebootConfig::State::Succeeded);
            return;
        }
        REQUIRE(reboot.state() == RebootConfig::State::AwaitingDecision);
        reboot.rollBack();
        REQUIRE(waitUntil([&] { return !reboot.isRunning(); }, 120000));
        REQUIRE(reboot.state() == RebootConfig::State::RolledBack);
    }
};

void check(HardwareConfig &config)
{
    config.start();
    CHECK(config.isRunning());
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 120000));
    INFO(config.statusText().toStdString() << "\n" << config.log().join(QLatin1Char('\n')).toStdString());
    REQUIRE(config.state() == HardwareConfig::State::Checked);
}

QStringList sections(const QList<HardwareRow> &rows)
{
    QStringList out;
    for (const HardwareRow &r : rows)
        if (r.kind == HardwareRow::Kind::Section)
            out << r.label;
    return out;
}

}  // namespace

TEST_CASE("hardware step: after the reboot both machines are compared, and Next waits for every item confirmed with a name", "[ui][hardware]")
{
    Fixture f;
    HardwareConfig early(f.session);
    CHECK_FALSE(early.canStart());
    CHECK(early.startBlocker().contains(QStringLiteral("Reboot the Secondary")));
    CHECK_FALSE(early.canProceed());

    f.cloneAndReboot();
    HardwareConfig config(f.session);
    REQUIRE(config.targets().size() == 1);
    REQUIRE(config.canStart());
    CHECK(config.report() == nullptr);
    CHECK(config.proceedBlocker().contains(QStringLiteral("Check the Secondary's hardware")));
    int reportSignals = 0;
    QObject::connect(&config, &HardwareConfig::reportChanged, &config, [&] { ++reportSignals; });
    check(config);
    CHECK(reportSignals == 1);

    const HardwareReport *r = config.report();
    REQUIRE(r);
    CHECK(r->ok);
    CHECK(r->functionalChecked);
    CHECK_FALSE(r->blocks());  // the demo Secondary is this machine
    CHECK(r->rules.size() == 10);
    CHECK(config.verdict().startsWith(QStringLiteral("Nothing blocks")));
    CHECK(config.worstLevel() != inv::RuleLevel::Block);
    CHECK(sections(config.rows()) == QStringList{QStringLiteral("Compatibility"), QStringLiteral("After the reboot"), QStringLiteral("Inventory")});
    const QList<HardwareRow> rows = config.rows();
    CHECK(std::any_of(rows.cbegin(), rows.cend(), [](const HardwareRow &row) { return row.label == QLatin1String("systemd units"); }));
    CHECK(std::any_of(rows.cbegin(), rows.cend(), [](const HardwareRow &row) { return row.kind == HardwareRow::Kind::Inventory && !row.primary.isEmpty() && row.primary == row.secondary; }));

    // The checklist: shipped items; Next waits for each, ticked with a name.
    const QList<ChecklistItem> items = config.items();
    REQUIRE(items.size() >= 3);
    CHECK(config.proceedBlocker().contains(QStringLiteral("Confirm every item")));
    config.setEngineer(QString());
    const Status nameless = config.confirm(items[0].id);
    REQUIRE_FALSE(nameless.ok());
    CHECK(nameless.error().message.contains(QStringLiteral("name")));
    CHECK_FALSE(config.confirmations().confirmation(items[0].id));
    config.setEngineer(QStringLiteral("Ada Lovelace"));
    CHECK_FALSE(config.confirm(QStringLiteral("no-such-item")).ok());
    for (const ChecklistItem &item : items)
        REQUIRE(config.confirm(item.id, QStringLiteral("seen on site")).ok());
    CHECK(config.canProceed());
    CHECK(config.proceedBlocker().isEmpty());

    // The record holds the report with every confirmation; the step's run is in the session.
    const TargetRecord *t = f.session->record().find(f.agent->address());
    REQUIRE(t);
    CHECK(t->succeeded(InstallStep::Hardware));
    REQUIRE(t->hardware);
    CHECK(t->hardware->confirmations.size() == items.size());
    CHECK(t->hardware->confirmations[0].by == QStringLiteral("Ada Lovelace"));
    CHECK(t->hardware->confirmations[0].note == QStringLiteral("seen on site"));
    REQUIRE(f.session->hardwareOutcome());
    CHECK(f.session->hardwareOutcome()->result.ok());

    // Withdrawn: Next closes again. A re-check keeps the confirmations and counts an attempt.
    config.unconfirm(items[1].id);
    CHECK_FALSE(config.canProceed());
    CHECK_FALSE(f.session->record().find(f.agent->address())->succeeded(InstallStep::Hardware));
    REQUIRE(config.confirm(items[1].id).ok());
    check(config);
    CHECK(config.canProceed());
    CHECK(f.session->record().find(f.agent->address())->hardwareAttempts == 2);
    CHECK(f.session->hardwareOutcome()->attempts == 2);
    CHECK(f.session->record().find(f.agent->address())->succeeded(InstallStep::Hardware));
}

TEST_CASE("hardware step: a blocking rule keeps Next closed, and a Secondary that is gone fails in one line", "[ui][hardware]")
{
    Fixture f;
    f.cloneAndReboot();
    HardwareConfig config(f.session);
    HardwareCheckSettings tuned;
    tuned.context.nicsNeeded = 99;  // more NICs than any machine here has
    tuned.timeoutMs = 20000;
    config.setSettingsTemplate(tuned);
    check(config);
    REQUIRE(config.report());
    CHECK(config.report()->blocks());
    CHECK(config.worstLevel() == inv::RuleLevel::Block);
    CHECK(config.verdict().contains(QStringLiteral("network interfaces")));
    config.setEngineer(QStringLiteral("Ada Lovelace"));
    for (const ChecklistItem &item : config.items())
        REQUIRE(config.confirm(item.id).ok());
    CHECK_FALSE(config.canProceed());
    CHECK(config.proceedBlocker().contains(QStringLiteral("blocks")));

    // The Secondary's agent is gone: the re-check fails with one line naming it; the
    // confirmations and the last report stay.
    f.agent.reset();
    config.start();
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 120000));
    REQUIRE(config.state() == HardwareConfig::State::Failed);
    CHECK_FALSE(config.statusText().isEmpty());
    CHECK_FALSE(config.statusText().contains(QLatin1Char('\n')));
    CHECK(config.report());
    CHECK(config.confirmations().allConfirmed());
    REQUIRE(f.session->hardwareOutcome());
    CHECK_FALSE(f.session->hardwareOutcome()->result.ok());
}

TEST_CASE("hardware step: a cancelled check finishes Cancelled and a re-check completes", "[ui][hardware]")
{
    Fixture f;
    f.cloneAndReboot();
    HardwareConfig config(f.session);
    int finished = 0;
    QObject::connect(&config, &HardwareConfig::runFinished, &config, [&](bool) { ++finished; });
    config.start();
    config.cancel();
    REQUIRE(waitUntil([&] { return !config.isRunning(); }, 60000));
    CHECK(config.state() == HardwareConfig::State::Cancelled);
    CHECK(finished == 1);
    check(config);
    CHECK(finished == 2);
}

TEST_CASE("hardware step: a twin rolled back at the reboot leaves nothing to check", "[ui][hardware]")
{
    Fixture f;
    f.cloneAndReboot(false);
    HardwareConfig config(f.session);
    CHECK(config.targets().isEmpty());
    CHECK(config.isSkipped());
    CHECK_FALSE(config.canStart());
    CHECK(config.startBlocker().contains(QStringLiteral("rolled the clone back")));
    CHECK(config.canProceed());  // on to the summary, which reports the rollback
}

TEST_CASE("hardware rows: rules, checks after the reboot and both inventories lined up by key", "[ui][hardware]")
{
    HardwareReport r;
    r.ok = true;
    r.rules << inv::RuleOutcome{QStringLiteral("cpus"), QStringLiteral("CPUs"), inv::RuleLevel::Warn, QStringLiteral("4"), QStringLiteral("2"), QStringLiteral("half the CPUs")};
    r.functionalChecked = true;
    r.functional << inv::RuleOutcome{QStringLiteral("nic-link ens4"), QStringLiteral("NIC ens4"), inv::RuleLevel::Block, {}, QStringLiteral("down"), QStringLiteral("no carrier")}
                 << inv::RuleOutcome{QStringLiteral("failed-units"), QStringLiteral("systemd units"), inv::RuleLevel::Warn, {}, QStringLiteral("degraded, 1 failed"), QStringLiteral("db.service failed")}
                 << inv::RuleOutcome{QStringLiteral("kernel-errors"), QStringLiteral("Kernel errors since boot"), inv::RuleLevel::Warn, {}, QStringLiteral("2"), QStringLiteral("2 errors")};
    r.failedUnits = {QStringLiteral("db.service")};
    r.kernelErrors = {QStringLiteral("ata1: link down"), QStringLiteral("ata2: link down")};
    r.systemState = QStringLiteral("degraded");
    r.primary.cpu.threads = 4;
    r.secondary.cpu.threads = 2;
    inv::Nic extra;
    extra.name = QStringLiteral("ens5");
    r.secondary.nics << extra;  // a NIC only the Secondary has

    const QList<HardwareRow> rows = hardwareRows(r);
    CHECK(sections(rows) == QStringList{QStringLiteral("Compatibility"), QStringLiteral("After the reboot"), QStringLiteral("Inventory")});
    REQUIRE(rows.size() > 5);
    CHECK(rows[1].label == QStringLiteral("CPUs"));
    CHECK(rows[1].level == inv::RuleLevel::Warn);
    CHECK(rows[1].reason == QStringLiteral("half the CPUs"));
    auto find = [&rows](const QString &label) {
        return std::find_if(rows.cbegin(), rows.cend(), [&](const HardwareRow &row) { return row.label == label; });
    };
    REQUIRE(find(QStringLiteral("systemd units")) != rows.cend());
    CHECK(find(QStringLiteral("systemd units"))->details == QStringList{QStringLiteral("db.service")});
    REQUIRE(find(QStringLiteral("Kernel errors since boot")) != rows.cend());
    CHECK(find(QStringLiteral("Kernel errors since boot"))->details.contains(QStringLiteral("ata2: link down")));
    CHECK(std::count_if(rows.cbegin(), rows.cend(), [](const HardwareRow &row) { return row.kind == HardwareRow::Kind::Functional; }) == 3);
    const auto nic = std::find_if(rows.cbegin(), rows.cend(), [](const HardwareRow &row) { return row.secondary.startsWith(QStringLiteral("ens5")); });
    REQUIRE(nic != rows.cend());
    CHECK(nic->primary.isEmpty());  // only the Secondary has it

    HardwareReport unread;
    CHECK(hardwareRows(unread).isEmpty());
}
