// SPDX-License-Identifier: GPL-3.0-or-later
// A clone applied at boot, with real agent and cli processes and the agent's simulated
// reboot (which runs the boot-time apply, BootApplier, as a real boot does): staged without
// touching the root, applied by the reboot, confirmed when healthy; rolled back on request;
// rolled back by itself when the apply fails; the host's own files kept throughout.
#include "AgentProcess.h"
#include "support/LoopExt4.h"
#include "support/TestTree.h"

#include <QDir>
#include <QElapsedTimer>
#include <QThread>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <optional>

using namespace st::test;

namespace {
const QString kCode = QStringLiteral("K7QF-3M9X-TR2C");

struct StagedFixture {
    ScratchDir dir{"staged-clone"};
    QByteArray src = dir / "primary";
    QByteArray root = dir / "secondary-root";
    QByteArray before = dir / "secondary-before";
    QByteArray state = dir / "primary-state";
    std::unique_ptr<LoopExt4> specialFs;  // the Secondary's special/ on a filesystem of its own

    /** Where the Secondary's special/ lies: on its root's filesystem, or on one of its own
     *  (as a separate /var or /srv on a real Secondary). */
    enum class Special { OnRoot, OwnFilesystem };
    explicit StagedFixture(Special special = Special::OnRoot)
    {
        if (special == Special::OwnFilesystem) {
            REQUIRE(QDir().mkpath(s(root + "/special")));
            specialFs = std::make_unique<LoopExt4>(64, 0, root + "/special");
            REQUIRE(specialFs->error().isEmpty());
            REQUIRE(QDir().mkpath(s(root + "/special/lost+found")));  // as mkfs.ext4 leaves it
        }
        copyTree("/etc", src + "/etc");
        writeFile(src + "/etc/hostname", "primary\n");
        writeFile(src + "/etc/fstab", "UUID=primary-root / ext4 defaults 0 1\n");
        writeFile(src + "/etc/only-on-primary.conf", "new\n");
        makeSpecialCases(src + "/special");
        copyTree("/etc", root + "/etc");
        writeFile(root + "/etc/hostname", "secondary\n");
        writeFile(root + "/etc/fstab", "UUID=secondary-root / ext4 defaults 0 1\n");
        writeFile(root + "/etc/only-on-secondary.conf", "old\n");
        writeFile(root + "/special/old", "the Secondary's\n");
        copyTree(root, before);
        agent.emplace(root, dir / "agent-state", kCode, QStringList{QStringLiteral("--simulated-down"), QStringLiteral("1")});
        REQUIRE(agent->started());
    }

    /** The sandbox agent, its reboot simulated (down for a second, the boot-time apply run). */
    std::optional<AgentProcess> agent;
    QString address() const { return agent->address(); }

    QStringList cloneArgs(const QString &address, bool withCode = true) const
    {
        QStringList args{QStringLiteral("clone"), QStringLiteral("--secondary"), address, QStringLiteral("--source-root"), s(src),
                         QStringLiteral("--include"), QStringLiteral("/etc"), QStringLiteral("--include"), QStringLiteral("/special"),
                         QStringLiteral("--state-dir"), s(state), QStringLiteral("--at-reboot")};
        if (withCode)
            args << QStringLiteral("--pairing-code") << kCode;
        return args;
    }
    QStringList rebootArgs(const char *command, const QString &address, const QByteArray &report) const
    {
        return {QString::fromLatin1(command), QStringLiteral("--secondary"), address, QStringLiteral("--state-dir"), s(state),
                QStringLiteral("--timeout"), QStringLiteral("120"), QStringLiteral("--report"), s(report)};
    }
    /** The root against the Secondary as it was (staging areas ignored). */
    QStringList diffFromBefore() const
    {
        CompareOptions o;
        o.ignoreTopLevel = {".servertwin-staging"};
        o.ignorePaths = {"special/.servertwin-staging"};
        return compareTrees(root, before, o);
    }
    /** The root against the Primary's trees, except what the Secondary keeps (its fstab, the
     *  lost+found of a filesystem of its own). */
    QStringList diffFromPrimary() const
    {
        QStringList diffs = compareTrees(src + "/etc", root + "/etc");
        diffs.removeIf([](const QString &d) { return d.startsWith(QStringLiteral("fstab:")); });
        CompareOptions o;
        o.ignorePaths = {"lost+found", ".servertwin-staging"};
        diffs += compareTrees(src + "/special", root + "/special", o);
        return diffs;
    }
};

/** Polls @p done every 50 ms for up to @p timeoutMs (the agent works in its own process). */
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QThread::msleep(50);
    }
    return true;
}

bool staged(const QByteArray &root)
{
    return !QDir(s(root + "/.servertwin-staging")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty();
}
}  // namespace

TEST_CASE("a clone staged for the reboot leaves the root alone, the reboot applies it and confirms it, the host keeps its own files")
{
    if (!isRoot()) {
        WARN("skipped: needs root (owners, devices)");
        return;
    }
    StagedFixture f;

    CliRun clone = runBinary("servertwin-cli", f.cloneArgs(f.address()));
    INFO(clone.output.toStdString());
    REQUIRE(clone.exitCode == 0);
    CHECK(clone.output.contains("staged on the Secondary: applied at its next boot"));
    CHECK(f.diffFromBefore() == QStringList());
    CHECK(staged(f.root));

    const QByteArray report = f.dir / "reboot.json";
    CliRun reboot = runBinary("servertwin-cli", f.rebootArgs("reboot", f.address(), report));
    INFO(reboot.output.toStdString());
    INFO(f.agent->output().toStdString());
    REQUIRE(reboot.exitCode == 0);
    CHECK(reboot.output.contains("applied at boot and confirmed"));
    CHECK(reboot.output.contains("secondary boot log:"));
    const QJsonObject r = readJson(report);
    CHECK(r.value(QStringLiteral("clonesConfirmed")).toArray().size() == 1);
    CHECK(f.diffFromPrimary() == QStringList());
    QFile fstab(s(f.root + "/etc/fstab"));
    REQUIRE(fstab.open(QIODevice::ReadOnly));
    CHECK(fstab.readAll() == "UUID=secondary-root / ext4 defaults 0 1\n");
    CHECK_FALSE(QFile::exists(s(f.root + "/etc/only-on-secondary.conf")));
    CHECK_FALSE(staged(f.root));  // confirmed: what it replaced is gone

    // A second clone is staged again (the first is confirmed, nothing blocks it).
    writeFile(f.src + "/etc/changed-later.conf", "second clone\n");
    CliRun second = runBinary("servertwin-cli", f.cloneArgs(f.address(), false));
    INFO(second.output.toStdString());
    CHECK(second.exitCode == 0);
    CHECK_FALSE(QFile::exists(s(f.root + "/etc/changed-later.conf")));
}

TEST_CASE("an applied clone is rolled back on request through the next boot, and blocks a new clone until then")
{
    if (!isRoot()) {
        WARN("skipped: needs root");
        return;
    }
    StagedFixture f;
    REQUIRE(runBinary("servertwin-cli", f.cloneArgs(f.address())).exitCode == 0);
    CliRun reboot = runBinary("servertwin-cli", f.rebootArgs("reboot", f.address(), f.dir / "reboot.json") << QStringLiteral("--no-confirm"));
    INFO(reboot.output.toStdString());
    REQUIRE(reboot.exitCode == 0);
    CHECK(f.diffFromPrimary() == QStringList());

    CliRun again = runBinary("servertwin-cli", f.cloneArgs(f.address(), false));
    CHECK(again.exitCode != 0);
    CHECK(again.output.contains("is not confirmed yet"));

    const QByteArray report = f.dir / "rollback.json";
    CliRun rollback = runBinary("servertwin-cli", f.rebootArgs("rollback", f.address(), report));
    INFO(rollback.output.toStdString());
    INFO(f.agent->output().toStdString());
    REQUIRE(rollback.exitCode == 0);
    CHECK(readJson(report).value(QStringLiteral("clonesRolledBack")).toArray().size() == 1);
    CHECK(f.diffFromBefore() == QStringList());

    CliRun none = runBinary("servertwin-cli", f.rebootArgs("rollback", f.address(), report));
    CHECK(none.exitCode != 0);
    CHECK(none.output.contains("no applied, unconfirmed clone to roll back"));
}

TEST_CASE("a clone reaching a filesystem of its own on the Secondary is staged on it, applied at the reboot and rolled back through the next one")
{
    if (!isRoot()) {
        WARN("skipped: needs root (a loop-mounted filesystem)");
        return;
    }
    StagedFixture f(StagedFixture::Special::OwnFilesystem);
    CliRun clone = runBinary("servertwin-cli", f.cloneArgs(f.address()));
    INFO(clone.output.toStdString());
    REQUIRE(clone.exitCode == 0);
    CHECK(f.diffFromBefore() == QStringList());
    // special/'s entries wait on special/'s own filesystem.
    CHECK(staged(f.root + "/special"));

    CliRun reboot = runBinary("servertwin-cli", f.rebootArgs("reboot", f.address(), f.dir / "reboot.json") << QStringLiteral("--no-confirm"));
    INFO(reboot.output.toStdString());
    INFO(f.agent->output().toStdString());
    REQUIRE(reboot.exitCode == 0);
    CHECK(f.diffFromPrimary() == QStringList());
    CHECK_FALSE(QFile::exists(s(f.root + "/special/old")));
    CHECK(QFile::exists(s(f.root + "/special/lost+found")));  // the filesystem's own, kept

    CliRun rollback = runBinary("servertwin-cli", f.rebootArgs("rollback", f.address(), f.dir / "rollback.json"));
    INFO(rollback.output.toStdString());
    REQUIRE(rollback.exitCode == 0);
    CHECK(f.diffFromBefore() == QStringList());

    // The next clone discards the rolled back one: its directories go on both filesystems.
    const QStringList first = QDir(s(f.root + "/special/.servertwin-staging")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    REQUIRE(first.size() == 1);
    CliRun next = runBinary("servertwin-cli", f.cloneArgs(f.address(), false));
    INFO(next.output.toStdString());
    REQUIRE(next.exitCode == 0);
    CHECK(waitFor([&] {
        return !QFile::exists(s(f.root + "/.servertwin-staging/" + first.first().toLatin1()))
               && !QFile::exists(s(f.root + "/special/.servertwin-staging/" + first.first().toLatin1()));
    }, 20000));
    CHECK(staged(f.root + "/special"));  // the next clone's area
}

TEST_CASE("servertwin-cli confirm keeps a clone left unconfirmed after its boot, and then there is nothing to roll back")
{
    if (!isRoot()) {
        WARN("skipped: needs root");
        return;
    }
    StagedFixture f;
    REQUIRE(runBinary("servertwin-cli", f.cloneArgs(f.address())).exitCode == 0);
    const QByteArray report = f.dir / "reboot.json";
    CliRun reboot = runBinary("servertwin-cli", f.rebootArgs("reboot", f.address(), report) << QStringLiteral("--no-confirm"));
    INFO(reboot.output.toStdString());
    REQUIRE(reboot.exitCode == 0);
    CHECK(readJson(report).value(QStringLiteral("clonesUnconfirmed")).toArray().size() == 1);
    CHECK(staged(f.root));  // what the clone replaced is kept for a rollback

    const QStringList link{QStringLiteral("--secondary"), f.address(), QStringLiteral("--state-dir"), s(f.state)};
    CliRun confirm = runBinary("servertwin-cli", QStringList{QStringLiteral("confirm")} + link);
    INFO(confirm.output.toStdString());
    REQUIRE(confirm.exitCode == 0);
    CHECK(confirm.output.contains("confirmed clone"));
    CHECK(f.diffFromPrimary() == QStringList());
    CHECK(waitFor([&] { return !staged(f.root); }, 10000));  // released (purged off the agent's event loop)

    CliRun twice = runBinary("servertwin-cli", QStringList{QStringLiteral("confirm")} + link);
    CHECK(twice.exitCode != 0);
    CHECK(twice.output.contains("no applied, unconfirmed clone to confirm"));
    CliRun rollback = runBinary("servertwin-cli", f.rebootArgs("rollback", f.address(), f.dir / "rollback.json"));
    CHECK(rollback.exitCode != 0);
    CHECK(rollback.output.contains("no applied, unconfirmed clone to roll back"));
}

TEST_CASE("an apply that fails at boot rolls back by itself and the reboot says why")
{
    if (!isRoot()) {
        WARN("skipped: needs root");
        return;
    }
    StagedFixture f;
    REQUIRE(runBinary("servertwin-cli", f.cloneArgs(f.address())).exitCode == 0);
    // Between the clone and the boot, a staged file is lost (a damaged disk, a careless admin).
    const QStringList ids = QDir(s(f.root + "/.servertwin-staging")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    REQUIRE(ids.size() == 1);
    REQUIRE(QFile::remove(s(f.root) + QStringLiteral("/.servertwin-staging/") + ids.first() + QStringLiteral("/tree/etc/only-on-primary.conf")));
    writeFile(f.root + "/etc/changed-after-staging.conf", "the Secondary moved on\n");
    copyTree(f.root, f.dir / "secondary-at-reboot");

    CliRun reboot = runBinary("servertwin-cli", f.rebootArgs("reboot", f.address(), f.dir / "reboot.json"));
    INFO(reboot.output.toStdString());
    INFO(f.agent->output().toStdString());
    CHECK(reboot.exitCode != 0);
    CHECK(reboot.output.contains("could not be applied at boot and was rolled back"));
    CompareOptions o;
    o.ignoreTopLevel = {".servertwin-staging"};
    CHECK(compareTrees(f.root, f.dir / "secondary-at-reboot", o) == QStringList());
}

TEST_CASE("servertwin-cli install --answers runs the clone and the reboot and confirms, as the wizard's steps do")
{
    if (!isRoot()) {
        WARN("skipped: needs root");
        return;
    }
    StagedFixture f;
    writeFile(f.dir / "code", kCode.toLatin1() + '\n', 0600);
    const QByteArray report = f.dir / "install.json";
    const QByteArray answers = QStringLiteral(R"({ "version": 1,
        "secondary": { "address": "%1", "pairingCodeFile": "%2" },
        "clone": { "sourceRoot": "%3", "include": ["/etc", "/special"], "snapshot": "none", "timeoutSeconds": 60 },
        "reboot": { "timeoutSeconds": 120 },
        "hardware": { "confirmations": [
            { "id": "nic-cabling", "by": "Test Engineer", "note": "one NIC, loopback" },
            { "id": "oob-console", "by": "Test Engineer" }, { "id": "storage-health", "by": "Test Engineer" },
            { "id": "power-feeds", "by": "Test Engineer" }, { "id": "firmware-level", "by": "Test Engineer" } ] },
        "stateDir": "%4", "report": "%5" })")
                                   .arg(f.address(), s(f.dir / "code"), s(f.src), s(f.state), s(report))
                                   .toUtf8();
    writeFile(f.dir / "answers.json", answers);
    CliRun install = runBinary("servertwin-cli", {QStringLiteral("install"), QStringLiteral("--answers"), s(f.dir / "answers.json")});
    INFO(install.output.toStdString());
    INFO(f.agent->output().toStdString());
    REQUIRE(install.exitCode == 0);
    CHECK(install.output.contains("step 1 of 4: fit"));
    CHECK(install.output.contains("step 2 of 4: clone"));
    CHECK(install.output.contains("step 3 of 4: reboot"));
    CHECK(install.output.contains("step 4 of 4: hardware"));
    CHECK(install.output.contains("Confirmed by Test Engineer at "));
    CHECK(f.diffFromPrimary() == QStringList());
    const QJsonObject r = readJson(report);
    CHECK(r.value(QStringLiteral("ok")).toBool());
    const QJsonArray steps = r.value(QStringLiteral("steps")).toArray();
    REQUIRE(steps.size() == 4);
    for (const QJsonValue &step : steps)
        CHECK(step.toObject().value(QStringLiteral("state")).toString() == QStringLiteral("succeeded"));
    CHECK(r.value(QStringLiteral("clone")).toObject().value(QStringLiteral("stagedForReboot")).toBool());
    CHECK(r.value(QStringLiteral("reboot")).toObject().value(QStringLiteral("clonesConfirmed")).toArray().size() == 1);
    const QJsonObject hardware = r.value(QStringLiteral("hardware")).toObject();
    CHECK(hardware.value(QStringLiteral("functionalChecked")).toBool());
    CHECK(hardware.value(QStringLiteral("confirmations")).toArray().size() == 5);
    CHECK(hardware.value(QStringLiteral("confirmations")).toArray()[0].toObject().value(QStringLiteral("note")).toString() == QStringLiteral("one NIC, loopback"));
    CHECK(hardware.value(QStringLiteral("secondaryInventory")).toObject().value(QStringLiteral("disks")).toArray().size() >= 1);
    CHECK_FALSE(hardware.value(QStringLiteral("blocks")).toBool());

    // Unattended, a checklist item nobody confirmed is refused before anything connects.
    QByteArray unconfirmed = answers;
    unconfirmed.replace(R"({ "id": "power-feeds", "by": "Test Engineer" }, )", "");
    writeFile(f.dir / "unconfirmed.json", unconfirmed);
    CliRun refused = runBinary("servertwin-cli", {QStringLiteral("install"), QStringLiteral("--answers"), s(f.dir / "unconfirmed.json")});
    CHECK(refused.exitCode == 2);
    CHECK(refused.output.contains("answer file.hardware.confirmations does not confirm: The Secondary's power supplies"));
    CHECK(refused.output.count('\n') == 1);

    // A wrong answer is refused before anything connects, naming it.
    writeFile(f.dir / "bad.json", R"({ "version": 1, "secondary": { "address": "127.0.0.1:1" }, "reboot": { "confrim": true } })");
    CliRun bad = runBinary("servertwin-cli", {QStringLiteral("install"), QStringLiteral("--answers"), s(f.dir / "bad.json")});
    CHECK(bad.exitCode == 2);
    CHECK(bad.output.contains("answer file.reboot.confrim is not an answer this version knows"));
    CHECK(bad.output.count('\n') == 1);
}
