// SPDX-License-Identifier: GPL-3.0-or-later
// Each compatibility rule's pass, warn and block cases, and the functional checks after the reboot.
#include "inventory/CompatibilityRules.h"
#include "inventory/FunctionalChecks.h"

#include <catch2/catch.hpp>

using namespace st;
using inv::RuleLevel;

namespace {

inv::Inventory machine()
{
    inv::Inventory m;
    m.host = QStringLiteral("primary");
    m.machine = {QStringLiteral("QEMU"), QStringLiteral("Standard PC"), QString(), QStringLiteral("bios"), QStringLiteral("qemu")};
    m.cpu = {QStringLiteral("x86_64"), QStringLiteral("QEMU Virtual CPU"), 1, 4, 4};
    m.memoryBytes = qint64(8) << 30;
    m.disks << inv::Disk{QStringLiteral("vda"), {}, {}, qint64(20) << 30, false, false, {}, QStringLiteral("virtio_blk"), {}, true};
    m.filesystems << inv::Filesystem{QStringLiteral("/"), QStringLiteral("vda1"), QStringLiteral("ext4"), {}, qint64(20) << 30, qint64(10) << 30,
                                     {QStringLiteral("vda")}, {QStringLiteral("/etc"), QStringLiteral("/usr")}};
    m.filesystems << inv::Filesystem{QStringLiteral("/srv"), QStringLiteral("vdb1"), QStringLiteral("ext4"), {}, qint64(2) << 30, qint64(1) << 30,
                                     {QStringLiteral("vdb")}, {QStringLiteral("/srv")}};
    m.nics << inv::Nic{QStringLiteral("ens3"), QStringLiteral("52:54:00:00:00:01"), QStringLiteral("virtio_net"), QStringLiteral("up"), true, -1, {}, {QStringLiteral("198.18.10.1/24")}};
    m.nics << inv::Nic{QStringLiteral("ens4"), QStringLiteral("52:54:00:00:00:02"), QStringLiteral("virtio_net"), QStringLiteral("up"), true, -1, {}, {}};
    m.os = {QStringLiteral("debian"), QStringLiteral("12"), QStringLiteral("Debian GNU/Linux 12 (bookworm)"), QStringLiteral("6.1.0-28-amd64")};
    m.clock = {QStringLiteral("Etc/UTC"), QStringLiteral("systemd-timesyncd"), 1, 0};
    return m;
}

inv::CompareContext context()
{
    inv::CompareContext c;
    c.bytesByPath = {{QStringLiteral("/etc"), qint64(10) << 20}, {QStringLiteral("/usr"), qint64(2) << 30}, {QStringLiteral("/srv"), qint64(512) << 20}};
    c.protectionSetBytes = (qint64(10) << 20) + (qint64(2) << 30) + (qint64(512) << 20);
    c.clockOffsetMs = 120;
    c.clockUncertaintyMs = 3;
    return c;
}

inv::RuleOutcome rule(const QList<inv::RuleOutcome> &outcomes, const QString &id)
{
    for (const inv::RuleOutcome &o : outcomes)
        if (o.rule == id)
            return o;
    FAIL("no rule " << id.toStdString());
    return {};
}

RuleLevel levelOf(const inv::Inventory &p, const inv::Inventory &s, const inv::CompareContext &c, const char *id)
{
    const inv::RuleOutcome o = rule(inv::compareInventories(p, s, c), QLatin1String(id));
    INFO(o.reason.toStdString());
    return o.level;
}

}  // namespace

TEST_CASE("two like machines pass every rule")
{
    const QList<inv::RuleOutcome> outcomes = inv::compareInventories(machine(), machine(), context());
    CHECK(outcomes.size() == 10);
    for (const inv::RuleOutcome &o : outcomes) {
        INFO(o.rule.toStdString() << ": " << o.reason.toStdString());
        CHECK(o.level == RuleLevel::Pass);
    }
    CHECK_FALSE(inv::anyBlock(outcomes));
    CHECK(inv::blockingRules(machine(), machine(), context()).size() == 6);
}

TEST_CASE("architecture, firmware and OS release: the same passes, different blocks, unknown warns")
{
    inv::Inventory s = machine();
    s.cpu.architecture = QStringLiteral("aarch64");
    CHECK(levelOf(machine(), s, context(), "architecture") == RuleLevel::Block);
    s.cpu.architecture.clear();
    CHECK(levelOf(machine(), s, context(), "architecture") == RuleLevel::Warn);
    s = machine();
    s.machine.firmware = QStringLiteral("uefi");
    CHECK(levelOf(machine(), s, context(), "firmware") == RuleLevel::Block);
    s = machine();
    s.os.versionId = QStringLiteral("11");
    CHECK(levelOf(machine(), s, context(), "os") == RuleLevel::Block);
    CHECK(inv::blockSummary(inv::compareInventories(machine(), s, context())).startsWith(QStringLiteral("operating system release: install the Primary's release")));
}

TEST_CASE("disk space: each filesystem must take the part of the protection set that lands on it")
{
    CHECK(levelOf(machine(), machine(), context(), "disk-space") == RuleLevel::Pass);
    inv::Inventory s = machine();
    s.filesystems[1].freeBytes = qint64(100) << 20;  // /srv: 100 MiB free for 512 MiB
    const inv::RuleOutcome o = rule(inv::compareInventories(machine(), s, context()), QStringLiteral("disk-space"));
    CHECK(o.level == RuleLevel::Block);
    CHECK(o.reason.contains(QStringLiteral("/srv needs 512.0 MiB and has 100.0 MiB free")));
    // Without the bytes per root, the whole set against all its filesystems.
    inv::CompareContext c = context();
    c.bytesByPath.clear();
    CHECK(levelOf(machine(), s, c, "disk-space") == RuleLevel::Pass);  // 10 GiB + 100 MiB free for 2.5 GiB
    c.protectionSetBytes = qint64(30) << 30;
    CHECK(levelOf(machine(), s, c, "disk-space") == RuleLevel::Block);
    c.protectionSetBytes = -1;
    CHECK(levelOf(machine(), s, c, "disk-space") == RuleLevel::Warn);
    s.filesystems[0].freeBytes = -1;  // not measured
    CHECK(levelOf(machine(), s, context(), "disk-space") == RuleLevel::Block);  // /srv still short
    s.filesystems[1].freeBytes = -1;
    CHECK(levelOf(machine(), s, context(), "disk-space") == RuleLevel::Warn);
    s.filesystems.clear();
    CHECK(levelOf(machine(), s, context(), "disk-space") == RuleLevel::Warn);
}

TEST_CASE("NICs: at least as many as the Primary's roles need, bond members count, the bond does not")
{
    CHECK(inv::defaultNicsNeeded(machine()) == 1);  // only ens3 carries an address
    inv::Inventory s = machine();
    s.nics.removeLast();
    CHECK(levelOf(machine(), s, context(), "nics") == RuleLevel::Pass);
    s.nics.clear();
    CHECK(levelOf(machine(), s, context(), "nics") == RuleLevel::Block);
    inv::CompareContext c = context();
    c.nicsNeeded = 3;
    CHECK(levelOf(machine(), machine(), c, "nics") == RuleLevel::Block);

    inv::Inventory p = machine();
    p.nics[0].addresses.clear();
    p.nics[0].master = QStringLiteral("bond0");
    p.nics[1].master = QStringLiteral("bond0");
    p.nics << inv::Nic{QStringLiteral("bond0"), {}, QStringLiteral("bonding"), QStringLiteral("up"), true, -1, {}, {QStringLiteral("198.18.0.1/24")}};
    CHECK(inv::defaultNicsNeeded(p) == 2);
    CHECK(levelOf(p, machine(), context(), "nics") == RuleLevel::Pass);
    // Addresses unknown (a fixture): the NICs with a link count.
    p = machine();
    p.nics[0].addresses.clear();
    p.nics[1].carrier = false;
    CHECK(inv::defaultNicsNeeded(p) == 1);
}

TEST_CASE("clock: offset over 60 s blocks, not measured is only said, other time zones are shown")
{
    inv::CompareContext c = context();
    CHECK(levelOf(machine(), machine(), c, "clock") == RuleLevel::Pass);
    c.clockOffsetMs = -61000;
    const inv::RuleOutcome o = rule(inv::compareInventories(machine(), machine(), c), QStringLiteral("clock"));
    CHECK(o.level == RuleLevel::Block);
    CHECK(o.reason.contains(QStringLiteral("61 s behind the Primary's")));
    c.clockOffsetMs = 59000;
    CHECK(levelOf(machine(), machine(), c, "clock") == RuleLevel::Pass);
    c.clockOffsetMs.reset();
    CHECK(levelOf(machine(), machine(), c, "clock") == RuleLevel::Info);
    inv::Inventory s = machine();
    s.clock.timeZone = QStringLiteral("Europe/Berlin");
    CHECK(levelOf(machine(), s, context(), "clock") == RuleLevel::Info);
}

TEST_CASE("CPUs and memory: within 25 % pass, beyond warn either way, unknown warns")
{
    inv::Inventory s = machine();
    s.cpu.threads = 5;  // +25 %
    CHECK(levelOf(machine(), s, context(), "cpus") == RuleLevel::Pass);
    s.cpu.threads = 6;  // +50 %
    CHECK(levelOf(machine(), s, context(), "cpus") == RuleLevel::Warn);
    s.cpu.threads = 2;  // -50 %
    const inv::RuleOutcome o = rule(inv::compareInventories(machine(), s, context()), QStringLiteral("cpus"));
    CHECK(o.level == RuleLevel::Warn);
    CHECK(o.reason.contains(QStringLiteral("50 % less")));
    s = machine();
    s.memoryBytes = qint64(6) << 30;  // -25 %
    CHECK(levelOf(machine(), s, context(), "memory") == RuleLevel::Pass);
    s.memoryBytes = qint64(5) << 30;
    CHECK(levelOf(machine(), s, context(), "memory") == RuleLevel::Warn);
    s.memoryBytes = 0;
    CHECK(levelOf(machine(), s, context(), "memory") == RuleLevel::Warn);
}

TEST_CASE("virtualisation and vendor: a difference is information")
{
    inv::Inventory s = machine();
    s.machine.virtualization = QStringLiteral("none");
    s.machine.vendor = QStringLiteral("Dell Inc.");
    CHECK(levelOf(machine(), s, context(), "virtualization") == RuleLevel::Info);
    CHECK(levelOf(machine(), s, context(), "vendor") == RuleLevel::Info);
    CHECK_FALSE(inv::anyBlock(inv::compareInventories(machine(), s, context())));
}

TEST_CASE("functional checks: drivers bound, links, failed units, kernel errors")
{
    inv::InventoryReply r;
    r.inventory = machine();
    r.functional = true;
    r.systemState = QStringLiteral("running");
    QList<inv::RuleOutcome> checks = inv::functionalChecks(r);
    CHECK(checks.size() == 5);  // vda, ens3, ens4, units, kernel
    CHECK_FALSE(inv::anyBlock(checks));
    for (const inv::RuleOutcome &o : checks)
        CHECK(o.level == RuleLevel::Pass);

    r.inventory.disks[0].driver.clear();
    r.inventory.nics[1].carrier = false;
    r.failedUnits = {QStringLiteral("foo.service")};
    r.kernelErrors = {QStringLiteral("[    2.5] kernel: ata1: SATA link down")};
    checks = inv::functionalChecks(r);
    CHECK(rule(checks, QStringLiteral("disk-driver vda")).level == RuleLevel::Block);
    CHECK(rule(checks, QStringLiteral("nic ens4")).level == RuleLevel::Warn);
    CHECK(rule(checks, QStringLiteral("nic ens4")).reason.contains(QStringLiteral("check the cabling")));
    CHECK(rule(checks, QStringLiteral("failed-units")).level == RuleLevel::Warn);
    CHECK(rule(checks, QStringLiteral("failed-units")).reason.contains(QStringLiteral("foo.service")));
    CHECK(rule(checks, QStringLiteral("kernel-errors")).level == RuleLevel::Warn);
    CHECK(rule(checks, QStringLiteral("kernel-errors")).reason.contains(QStringLiteral("SATA link down")));

    r.kernelErrors.clear();
    r.journalNote = QStringLiteral("this host does not run systemd: no kernel journal to read");
    r.systemState = QStringLiteral("offline");
    r.failedUnits.clear();
    checks = inv::functionalChecks(r);
    CHECK(rule(checks, QStringLiteral("kernel-errors")).level == RuleLevel::Info);
    CHECK(rule(checks, QStringLiteral("failed-units")).level == RuleLevel::Info);
}

TEST_CASE("an outcome crosses JSON unchanged, an unknown level is refused")
{
    const inv::RuleOutcome o{QStringLiteral("clock"), QStringLiteral("Clock"), RuleLevel::Block, QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("why")};
    const Result<inv::RuleOutcome> back = inv::outcomeFromJson(inv::outcomeToJson(o));
    REQUIRE(back);
    CHECK(inv::outcomeToJson(*back) == inv::outcomeToJson(o));
    QJsonObject bad = inv::outcomeToJson(o);
    bad.insert(QStringLiteral("level"), QStringLiteral("fatal"));
    CHECK_FALSE(inv::outcomeFromJson(bad));
}
