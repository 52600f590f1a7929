// SPDX-License-Identifier: GPL-3.0-or-later
// The installation record: each step's last report per target, keyed by address. A retry
// replaces the failed attempt's report and counts the attempt; a new run of a step forgets
// that step's reports; the JSON has one object per target with each step under its key.
#include "report/InstallationRecord.h"

#include <catch2/catch.hpp>

using namespace st;

namespace {

CloneReport cloneReport(bool ok, qint64 files)
{
    CloneReport r;
    r.kind = QStringLiteral("clone");
    r.files = files;
    r.setOutcome(ok ? Status() : Status(makeError(ErrorCode::Network, QStringLiteral("link lost"))), 10);
    return r;
}

RebootReport rebootReport(bool ok)
{
    RebootReport r;
    r.ok = ok;
    r.bootIdAfter = QStringLiteral("boot-2");
    if (!ok)
        r.error = makeError(ErrorCode::Verify, QStringLiteral("db.service failed"));
    return r;
}

}  // namespace

TEST_CASE("installation record: a retry to the same target replaces its report, it never adds a target", "[report][record]")
{
    InstallationRecord record;
    CHECK(record.isEmpty());
    record.recordClone(QStringLiteral("Secondary"), QStringLiteral("198.18.0.2:7443"), cloneReport(false, 3));
    record.recordClone(QStringLiteral("Secondary"), QStringLiteral("198.18.0.2:7443"), cloneReport(true, 26));
    REQUIRE(record.targets().size() == 1);
    const TargetRecord &t = record.targets()[0];
    CHECK(t.cloneAttempts == 2);
    CHECK(t.clone->files == 26);
    CHECK(t.succeeded(InstallStep::Clone));
    CHECK_FALSE(t.ran(InstallStep::Reboot));
    CHECK(record.succeeded(InstallStep::Clone) == 1);
    CHECK(record.ran(InstallStep::Reboot) == 0);

    record.recordClone(QStringLiteral("Tertiary"), QStringLiteral("198.18.0.3:7443"), cloneReport(true, 26));
    record.recordReboot(QStringLiteral("Secondary"), QStringLiteral("198.18.0.2:7443"), rebootReport(false));
    record.recordReboot(QStringLiteral("Secondary"), QStringLiteral("198.18.0.2:7443"), rebootReport(true));
    REQUIRE(record.targets().size() == 2);
    CHECK(record.targets()[1].role == QStringLiteral("Tertiary"));  // in the order first recorded
    CHECK(record.find(QStringLiteral("198.18.0.2:7443"))->rebootAttempts == 2);
    CHECK(record.find(QStringLiteral("198.18.0.2:7443"))->succeeded(InstallStep::Reboot));
    CHECK(record.find(QStringLiteral("198.18.0.9:7443")) == nullptr);
    CHECK(record.succeeded(InstallStep::Clone) == 2);
    CHECK(record.succeeded(InstallStep::Reboot) == 1);

    const QJsonArray json = record.toJson();
    REQUIRE(json.size() == 2);
    CHECK(json[0][QStringLiteral("address")].toString() == QStringLiteral("198.18.0.2:7443"));
    CHECK(json[0][QStringLiteral("clone")][QStringLiteral("attempts")].toInt() == 2);
    CHECK(json[0][QStringLiteral("reboot")][QStringLiteral("bootIdAfter")].toString() == QStringLiteral("boot-2"));
    CHECK_FALSE(json[1].toObject().contains(QStringLiteral("reboot")));
}

TEST_CASE("installation record: a new run of a step forgets its reports, and targets left with none", "[report][record]")
{
    InstallationRecord record;
    record.recordClone(QStringLiteral("Secondary"), QStringLiteral("a:1"), cloneReport(true, 1));
    record.recordReboot(QStringLiteral("Secondary"), QStringLiteral("a:1"), rebootReport(true));
    record.recordClone(QStringLiteral("Tertiary"), QStringLiteral("b:1"), cloneReport(true, 1));
    record.clearStep(InstallStep::Reboot);
    REQUIRE(record.targets().size() == 2);
    CHECK_FALSE(record.targets()[0].reboot);
    CHECK(record.targets()[0].rebootAttempts == 0);
    record.clearStep(InstallStep::Clone);
    CHECK(record.isEmpty());
    CHECK(installStepKey(InstallStep::Clone) == QStringLiteral("clone"));
    CHECK(installStepKey(InstallStep::Reboot) == QStringLiteral("reboot"));
}

TEST_CASE("installation record: the hardware checklist succeeds only when nothing blocks and every item is confirmed", "[report][record]")
{
    InstallationRecord record;
    HardwareReport hardware;
    hardware.ok = true;
    hardware.rules << inv::RuleOutcome{QStringLiteral("os"), QStringLiteral("OS release"), inv::RuleLevel::Pass, QStringLiteral("debian 12"), QStringLiteral("debian 12"), {}};
    inv::ConfirmationSet items({{QStringLiteral("nic-cabling"), QStringLiteral("Cabling of each NIC matches its role")}});
    hardware.setConfirmations(items);
    record.recordHardware(QStringLiteral("Secondary"), QStringLiteral("a:1"), hardware);
    const TargetRecord *t = record.find(QStringLiteral("a:1"));
    REQUIRE(t);
    CHECK(t->ran(InstallStep::Hardware));
    CHECK_FALSE(t->succeeded(InstallStep::Hardware));  // an item is open

    REQUIRE(items.confirm(QStringLiteral("nic-cabling"), QStringLiteral("Ada Lovelace"), QDateTime::currentDateTimeUtc(), QStringLiteral("rack 4")));
    hardware.setConfirmations(items);
    record.recordHardware(QStringLiteral("Secondary"), QStringLiteral("a:1"), hardware);
    CHECK(record.succeeded(InstallStep::Hardware) == 1);
    CHECK(record.find(QStringLiteral("a:1"))->attempts(InstallStep::Hardware) == 2);
    const QJsonObject json = record.toJson()[0].toObject()[QStringLiteral("hardware")].toObject();
    CHECK(json[QStringLiteral("attempts")].toInt() == 2);
    CHECK(json[QStringLiteral("confirmations")].toArray()[0].toObject()[QStringLiteral("by")].toString() == QStringLiteral("Ada Lovelace"));

    hardware.functional << inv::RuleOutcome{QStringLiteral("nic-link ens4"), QStringLiteral("NIC ens4"), inv::RuleLevel::Block, {}, QStringLiteral("down"), QStringLiteral("no carrier")};
    record.recordHardware(QStringLiteral("Secondary"), QStringLiteral("a:1"), hardware);
    CHECK_FALSE(record.find(QStringLiteral("a:1"))->succeeded(InstallStep::Hardware));  // a functional check blocks

    record.clearStep(InstallStep::Hardware);
    CHECK(record.isEmpty());
    CHECK(installStepKey(InstallStep::Hardware) == QStringLiteral("hardware"));
}
