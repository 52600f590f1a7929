// SPDX-License-Identifier: GPL-3.0-or-later
// The Summary step's logic without widgets: headline, the installation report and its export
// as HTML, PDF and JSON, and export errors that lose nothing.
#include "config/SummaryConfig.h"
#include "support/CatchQt.h"
#include "support/TestTree.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QProcess>
#include <QStandardPaths>

using namespace st;
using namespace st::test;

namespace {

enum class Ending { Twin, CloneFailed, RebootFailed, ChecklistOpen };

std::shared_ptr<WizardSession> finishedSession(Ending ending)
{
    const bool ok = ending != Ending::CloneFailed;
    WizardContext context;
    context.stateDir = QStringLiteral("/nonexistent");
    auto session = std::make_shared<WizardSession>(context);
    TargetMachine target;
    target.role = QStringLiteral("Secondary");
    target.address = QStringLiteral("198.18.0.2:7443");
    target.info.host = QStringLiteral("twin-b");
    target.info.os = QStringLiteral("Debian GNU/Linux 12 (bookworm)");
    target.info.version = QStringLiteral("0.1.0");
    target.info.fingerprint = QByteArray(32, '\x5a');
    session->setTargets({target});

    ProtectionChoice choice;
    choice.profile.name = QStringLiteral("Debian server");
    choice.plan.sourceRoot = "/";
    choice.plan.includes = {"etc", "usr/lib/postgresql"};
    choice.plan.excludePatterns = {"/var/lib/postgresql"};
    ProtectedApplication pg;
    pg.id = QStringLiteral("postgresql");
    pg.name = QStringLiteral("PostgreSQL");
    choice.profile.applications = {pg};
    session->setProtection(choice);

    StepOutcome outcome;
    outcome.startedAt = QDateTime(QDate(2026, 11, 29), QTime(10, 0, 0));
    outcome.finishedAt = outcome.startedAt.addSecs(95);
    outcome.attempts = 2;
    CloneReport r;
    r.kind = QStringLiteral("clone");
    r.files = 1234;
    r.entries = 1500;
    r.bytes = 5LL << 30;
    r.compressedBytes = 2LL << 30;
    r.transferMs = 80000;
    r.verifyMs = 5000;
    r.applyMs = 3000;
    r.totalMs = 95000;
    r.snapshot = QStringLiteral("btrfs");
    r.stagedForReboot = true;
    r.skipped = {{QByteArrayLiteral("srv/<script>"), QStringLiteral("optional path missing")}};
    r.warnings = {QStringLiteral("/boot read live")};
    if (ok)
        r.setOutcome(Status(), r.totalMs);
    else
        r.setOutcome(makeError(ErrorCode::Network, QStringLiteral("lost the connection to 198.18.0.2:7443")), r.totalMs);
    // The first attempt was lost on the way; the retry's report replaces it.
    CloneReport lost = r;
    lost.setOutcome(makeError(ErrorCode::Network, QStringLiteral("lost the connection to 198.18.0.2:7443")), 1000);
    session->record().recordClone(target.role, target.address, lost);
    session->record().recordClone(target.role, target.address, r);
    outcome.result = ok ? Status() : Status(r.error);
    outcome.warnings = {QStringLiteral("198.18.0.2:7443: /boot read live")};
    outcome.log = {QStringLiteral("10:00:00 scanning"), QStringLiteral("10:01:35 done")};
    session->setOutcome(outcome);
    if (!ok)
        return session;

    StepOutcome reboot;
    reboot.startedAt = outcome.finishedAt.addSecs(10);
    reboot.finishedAt = reboot.startedAt.addSecs(283);
    reboot.attempts = 1;
    reboot.log = {QStringLiteral("10:02:00 rebooting 198.18.0.2:7443")};
    RebootReport b;
    b.secondaryAddress = target.address;
    b.bootIdBefore = QStringLiteral("boot-1");
    b.bootIdAfter = QStringLiteral("boot-2");
    b.hostAfter = QStringLiteral("twin-a");
    b.systemState = QStringLiteral("running");
    b.bootLog = {QStringLiteral("10:03:10 applying clone c-1 from twin-a"), QStringLiteral("10:04:02 clone c-1 applied: 1500 entries")};
    b.goingDownMs = 4000;
    b.downMs = 250000;
    b.totalMs = 283000;
    if (ending == Ending::Twin || ending == Ending::ChecklistOpen) {
        b.ok = true;
        b.clonesConfirmed = {QStringLiteral("c-1")};
    } else {
        b.error = Error{ErrorCode::Verify, QStringLiteral("the Secondary is back, but these units failed after the reboot: db.service"), {}};
        b.newlyFailed = {QStringLiteral("db.service")};
        b.clonesRolledBack = {QStringLiteral("c-1")};
        reboot.result = Status(b.error);
    }
    session->record().recordReboot(target.role, target.address, b);
    session->setRebootOutcome(reboot);
    if (!b.ok)
        return session;

    // The hardware checklist: the rules, the checks after the reboot, the engineer's ticks.
    HardwareReport h;
    h.ok = true;
    h.secondaryAddress = target.address;
    h.checkedAt = reboot.finishedAt.addSecs(30).toUTC();
    h.rules << inv::RuleOutcome{QStringLiteral("cpus"), QStringLiteral("CPUs"), inv::RuleLevel::Warn, QStringLiteral("8"), QStringLiteral("4"),
                                QStringLiteral("the Secondary has 50 % of the Primary's CPUs")};
    h.functionalChecked = true;
    h.functional << inv::RuleOutcome{QStringLiteral("nic ens3"), QStringLiteral("NIC ens3"), inv::RuleLevel::Pass, {}, QStringLiteral("ens3 virtio_net, up"),
                                     QStringLiteral("driven by virtio_net, link up")};
    h.clockOffsetMs = 12;
    inv::ConfirmationSet items({{QStringLiteral("nic-cabling"), QStringLiteral("The cabling of each NIC matches its role")},
                                {QStringLiteral("oob-console"), QStringLiteral("The out-of-band console is reachable")}});
    REQUIRE(items.confirm(QStringLiteral("nic-cabling"), QStringLiteral("Grace Hopper"), h.checkedAt.addSecs(60), QStringLiteral("rack <4>")));
    if (ending == Ending::Twin)
        REQUIRE(items.confirm(QStringLiteral("oob-console"), QStringLiteral("Grace Hopper"), h.checkedAt.addSecs(90)));
    h.setConfirmations(items);
    session->record().recordHardware(target.role, target.address, h);
    StepOutcome hardware;
    hardware.startedAt = reboot.finishedAt.addSecs(20);
    hardware.finishedAt = reboot.finishedAt.addSecs(40);
    hardware.attempts = 1;
    hardware.warnings = {QStringLiteral("198.18.0.2:7443: CPUs: the Secondary has 50 % of the Primary's CPUs")};
    hardware.log = {QStringLiteral("10:07:00 checking the hardware of 198.18.0.2:7443")};
    session->setHardwareOutcome(hardware);
    return session;
}

QByteArray readAll(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

TEST_CASE("summary: headline and report of a successful installation", "[ui][summary]")
{
    SummaryConfig config(finishedSession(Ending::Twin), QStringLiteral("twin-a"));
    CHECK(config.succeeded());
    CHECK(config.headline().contains(QLocale().toString(1234) + QStringLiteral(" files")));
    CHECK(config.headline().contains(QStringLiteral("verified twin")));
    // A retry to one Secondary is still one Secondary (the report of the retry replaced the first attempt's).
    CHECK(config.headline().startsWith(QStringLiteral("The Secondary is")));
    CHECK_FALSE(config.headline().contains(QStringLiteral("Tertiary")));
    const QString html = config.reportHtml();
    for (const QString &needle : {QStringLiteral("twin-a"), QStringLiteral("twin-b"), QStringLiteral("198.18.0.2:7443"),
                                  QStringLiteral("Debian GNU/Linux 12"), QStringLiteral("SHA256:5A:5A"), QStringLiteral("PostgreSQL"),
                                  QStringLiteral("/etc"), QStringLiteral("/var/lib/postgresql"), QStringLiteral("btrfs"),
                                  QStringLiteral("5.0 GiB"), QStringLiteral("1234"), QStringLiteral("/boot read live"),
                                  QStringLiteral("10:01:35 done"), QStringLiteral("optional path missing"),
                                  // the reboot: its boot ids, the apply log of the boot, the confirmed clone
                                  QStringLiteral("Reboot of the Secondary"), QStringLiteral("boot-2"), QStringLiteral("clone c-1 applied"),
                                  QStringLiteral("c-1"), QStringLiteral("10:02:00 rebooting"),
                                  // what the Secondary kept of its own and what its boot regenerated
                                  QStringLiteral("Kept on the Secondary"), QStringLiteral("/etc/fstab"), QStringLiteral("initramfs"),
                                  // the hardware checklist: a rule with its reason, a check after the reboot, the engineer's ticks
                                  QStringLiteral("Hardware of the Secondary"), QStringLiteral("50 % of the Primary"), QStringLiteral("NIC ens3"),
                                  QStringLiteral("Grace Hopper"), QStringLiteral("rack &lt;4&gt;"), QStringLiteral("12 ms"),
                                  QStringLiteral("10:07:00 checking the hardware")})
        CHECK(html.contains(needle));
    CHECK(config.headline().contains(QStringLiteral("hardware checked and confirmed")));
    CHECK(html.count(QStringLiteral("<h2>Clone to the")) == 1);
    CHECK(html.contains(QStringLiteral("srv/&lt;script&gt;")));  // paths are escaped
    CHECK_FALSE(html.contains(QStringLiteral("<script>")));
}

TEST_CASE("summary: a failed installation says why", "[ui][summary]")
{
    SummaryConfig config(finishedSession(Ending::CloneFailed), QStringLiteral("twin-a"));
    CHECK_FALSE(config.succeeded());
    CHECK(config.headline().contains(QStringLiteral("lost the connection")));
    CHECK(config.reportHtml().contains(QStringLiteral("did not complete")));

    SummaryConfig rebootFailed(finishedSession(Ending::RebootFailed), QStringLiteral("twin-a"));
    CHECK_FALSE(rebootFailed.succeeded());
    CHECK(rebootFailed.headline().contains(QStringLiteral("db.service")));
    CHECK(rebootFailed.reportHtml().contains(QStringLiteral("The reboot did not complete")));
    CHECK(rebootFailed.reportHtml().contains(QStringLiteral("Clone rolled back")));

    SummaryConfig open(finishedSession(Ending::ChecklistOpen), QStringLiteral("twin-a"));
    CHECK_FALSE(open.succeeded());
    CHECK(open.headline().contains(QStringLiteral("not confirmed")));
    CHECK(open.headline().contains(QStringLiteral("1 item(s) open")));
    CHECK(open.reportHtml().contains(QStringLiteral("not confirmed")));
}

TEST_CASE("summary: export as HTML, PDF and JSON", "[ui][summary]")
{
    ScratchDir dir("summary-export");
    SummaryConfig config(finishedSession(Ending::Twin), QStringLiteral("twin-a"));
    config.setExportDir(QString::fromLocal8Bit(dir.path()));
    REQUIRE(config.exportAll());
    CHECK(config.exportError().isEmpty());

    const QByteArray html = readAll(config.exportFileName(SummaryConfig::Format::Html));
    CHECK(html.startsWith("<!DOCTYPE html>"));
    CHECK(html.contains("twin-b"));

    const QString pdfFile = config.exportFileName(SummaryConfig::Format::Pdf);
    const QByteArray pdf = readAll(pdfFile);
    if (const QString keep = qEnvironmentVariable("ST_UI_SCREENSHOT_DIR"); !keep.isEmpty())  // to look at it
        QFile::copy(pdfFile, keep + QStringLiteral("/installation-report.pdf"));
    CHECK(pdf.startsWith("%PDF-"));
    CHECK(pdf.size() > 2000);
    // The PDF's text is the report's (pdftotext, when poppler-utils is installed).
    if (const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext")); !pdftotext.isEmpty()) {
        QProcess p;
        p.start(pdftotext, {pdfFile, QStringLiteral("-")});
        REQUIRE(p.waitForFinished(30000));
        const QByteArray text = p.readAllStandardOutput();
        CHECK(text.contains("twin-b"));
        CHECK(text.contains("1234"));
    }

    const QJsonDocument json = QJsonDocument::fromJson(readAll(config.exportFileName(SummaryConfig::Format::Json)));
    REQUIRE(json.isObject());
    CHECK(json[QStringLiteral("ok")].toBool());
    CHECK(json[QStringLiteral("attempts")].toInt() == 2);
    const QJsonArray targets = json[QStringLiteral("targets")].toArray();
    REQUIRE(targets.size() == 1);
    CHECK(targets[0][QStringLiteral("host")].toString() == QStringLiteral("twin-b"));
    CHECK(targets[0][QStringLiteral("clone")][QStringLiteral("counts")][QStringLiteral("files")].toInt() == 1234);
    CHECK(targets[0][QStringLiteral("clone")][QStringLiteral("attempts")].toInt() == 2);
    CHECK(targets[0][QStringLiteral("reboot")][QStringLiteral("bootIdAfter")].toString() == QStringLiteral("boot-2"));
    CHECK(targets[0][QStringLiteral("reboot")][QStringLiteral("clonesConfirmed")].toArray().size() == 1);
    CHECK(json[QStringLiteral("reboot")][QStringLiteral("ok")].toBool());
    CHECK(json[QStringLiteral("hardware")][QStringLiteral("ok")].toBool());
    CHECK(targets[0][QStringLiteral("hardware")][QStringLiteral("confirmations")].toArray().size() == 2);
    CHECK(targets[0][QStringLiteral("hardware")][QStringLiteral("rules")].toArray().size() == 1);
    CHECK_FALSE(json[QStringLiteral("keptOnSecondary")].toArray().isEmpty());
    CHECK_FALSE(json[QStringLiteral("regeneratedAtBoot")].toArray().isEmpty());
    CHECK(json[QStringLiteral("protection")][QStringLiteral("profile")][QStringLiteral("name")].toString() == QStringLiteral("Debian server"));
    CHECK(json[QStringLiteral("log")].toArray().size() == 2);
    CHECK(QDir(QString::fromLocal8Bit(dir.path())).entryList(QDir::Files).size() == 3);  // no temp files left
}

TEST_CASE("summary: an export that cannot be written says so and leaves nothing behind", "[ui][summary]")
{
    ScratchDir dir("summary-export-error");
    SummaryConfig config(finishedSession(Ending::Twin), QStringLiteral("twin-a"));
    config.setExportDir(QString::fromLocal8Bit(dir / "missing"));
    CHECK_FALSE(config.exportReport(SummaryConfig::Format::Pdf));
    CHECK(config.exportError().contains(QStringLiteral("missing")));
    CHECK_FALSE(config.exportError().contains(QLatin1Char('\n')));

    // A read-only folder (as a non-root user would see it; root is refused by a file in the way).
    writeFile(dir / "blocked", "a file, not a folder\n");
    config.setExportDir(QString::fromLocal8Bit(dir / "blocked"));
    CHECK_FALSE(config.exportReport(SummaryConfig::Format::Json));
    CHECK_FALSE(config.exportError().isEmpty());

    // The error goes away with the next successful export.
    config.setExportDir(QString::fromLocal8Bit(dir.path()));
    REQUIRE(config.exportReport(SummaryConfig::Format::Html));
    CHECK(config.exportError().isEmpty());
    CHECK(config.exportStatus().contains(QStringLiteral(".html")));
}
