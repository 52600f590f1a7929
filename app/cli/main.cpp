// SPDX-License-Identifier: GPL-3.0-or-later
// servertwin-cli: the headless, unattended front end on the Primary.
//   clone   stream the protection set to an agent, restored and verified there
//   reboot  reboot the Secondary (a staged clone is applied at boot) and confirm it
//   rollback roll back the clone the Secondary applied at its last boot
//   confirm keep the clone the Secondary applied at its last boot (after reboot --no-confirm)
//   install the installation unattended, from an answer file (clone, reboot, ...)
//   backup  write the protection set to a .tar.zst clone file (offline route)
//   unpin   forget a Secondary's pinned certificate
//   demo    clone the built-in demo set to a local agent with a sandbox root
#include "cli/AgentLinkOptions.h"
#include "cli/CloneOptions.h"
#include "cli/Demo.h"
#include "cli/Component.h"
#include "cli/Components.h"
#include "cli/Hardware.h"
#include "job/HardwareCheckJob.h"
#include "cli/Install.h"
#include "cli/Inspect.h"
#include "common/ConsoleProgress.h"
#include "common/PairingCodeInput.h"
#include "common/SignalWatcher.h"
#include "common/StateDir.h"
#include "job/BackupJob.h"
#include "job/CloneJob.h"
#include "job/ConfirmClonesJob.h"
#include "job/RebootJob.h"
#include "net/Identity.h"
#include "net/PinStore.h"
#include "util/Version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QHostInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include <cstdio>

using namespace st;

namespace {

int fail(const QString &message, int code = 1)
{
    fprintf(stderr, "servertwin-cli: error: %s\n", message.toLocal8Bit().constData());
    return code;
}

int exitCodeFor(const Status &s)
{
    if (s)
        return 0;
    return s.error().code == ErrorCode::Cancelled ? 130 : 1;
}

/** Runs @p job with console progress and Ctrl-C = cancel; returns when it finished. */
void runJob(QCoreApplication &app, Job &job, ConsoleProgress &console)
{
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::interrupted, &job, [&](int) {
        console.log(QStringLiteral("interrupted: cancelling (Ctrl-C again does nothing; wait for the clean-up)"));
        job.cancel();
    });
    QObject::connect(&job, &Job::progress, &job, [&](const JobProgress &p) { console.show(p); });
    QObject::connect(&job, &Job::logMessage, &job, [&](const QString &l) { console.log(l); });
    QObject::connect(&job, &Job::finished, &job, [&](const Status &) { app.quit(); });
    job.start();
    app.exec();
    console.done();
}

int finishWithReport(const CloneReport &report, const Status &result, const QCommandLineParser &p)
{
    if (p.isSet(QStringLiteral("report")))
        if (Status s = report.writeJson(p.value(QStringLiteral("report"))); !s)
            fail(s.error().message);
    if (!result)
        return fail(result.error().message, exitCodeFor(result));
    fprintf(stderr, "%s\n", report.summaryText().toLocal8Bit().constData());
    return 0;
}

int failLink(const Error &e)
{
    return fail(e.message, e.details == QLatin1String("2") ? 2 : 1);
}

/** The blocking hardware rules against the Secondary of @p clone; 0 when it is fit, else the exit code after one line. */
int checkFit(QCoreApplication &app, const CloneSettings &clone)
{
    HardwareCheckJob job(fitCheckFor(clone));
    ConsoleProgress console;
    runJob(app, job, console);
    if (!job.result())
        return fail(job.result().error().message, exitCodeFor(job.result()));
    return 0;
}

int runClone(QCoreApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Clone the protection set to the Secondary's agent; exits 0 only when it arrived and verified."));
    p.addHelpOption();
    cli::addAgentLinkOptions(p, QStringLiteral("Seconds without any answer from the agent before giving up"), 120);
    p.addOption({QStringLiteral("report"), QStringLiteral("Write the JSON report here."), QStringLiteral("FILE.json")});
    p.addOption({QStringLiteral("at-reboot"), QStringLiteral("Stage the verified clone on the Secondary and apply it at its next boot "
                                                             "(servertwin-cli reboot); an agent on a live system (--root /) always does.")});
    cli::addSelectionOptions(p);
    if (const auto exit = cli::parseOrExit(p, args))
        return *exit;
    auto link = cli::agentLinkFrom(p);
    if (!link)
        return failLink(link.error());
    auto plan = cli::selectionFrom(p);
    if (!plan)
        return fail(plan.error().message, 2);
    auto zstd = cli::zstdFrom(p);
    if (!zstd)
        return fail(zstd.error().message, 2);
    auto snapshot = cli::snapshotFrom(p);
    if (!snapshot)
        return fail(snapshot.error().message, 2);
    CloneSettings settings;
    settings.plan = *plan;
    settings.zstd = *zstd;
    settings.snapshot = *snapshot;
    settings.stateDir = cli::stateDirFrom(p);
    settings.link = *link;
    settings.applyAtReboot = p.isSet(QStringLiteral("at-reboot"));
    // The Secondary's fitness first (the blocking hardware rules): an unfit one is refused
    // before anything is sent. This pairs, when a pairing code is given.
    if (const int fit = checkFit(app, settings); fit != 0)
        return fit;
    settings.link.pairingCode.clear();
    settings.agentSeen = true;  // the fit check was answered at this address a moment ago
    CloneJob job(settings);
    ConsoleProgress console;
    QObject::connect(&job, &CloneJob::remoteProgress, &job, [&](const JobProgress &pr) { console.show(pr, QStringLiteral("secondary ")); });
    runJob(app, job, console);
    return finishWithReport(job.report(), job.result(), p);
}

int runReboot(QCoreApplication &app, const QStringList &args, bool rollback)
{
    QCommandLineParser p;
    p.setApplicationDescription(rollback ? QStringLiteral("Roll back the clone the Secondary applied at its last boot: the next boot restores what it replaced. "
                                                          "Reboots the Secondary and waits until it is back with its previous system; exits 0 only then.")
                                         : QStringLiteral("Reboot the Secondary and wait until it is back in a new boot, with the same pinned identity and a healthy system; "
                                                          "a clone staged there is applied at that boot, then confirmed when the Secondary is healthy or rolled back when not. "
                                                          "Exits 0 only when the Secondary is back, healthy, with the clone confirmed."));
    p.addHelpOption();
    cli::addAgentLinkOptions(p, QStringLiteral("Seconds from the accepted reboot to a healthy Secondary before giving up"), 1200);
    if (!rollback) {
        p.addOption({QStringLiteral("no-confirm"), QStringLiteral("Leave a clone applied at this boot unconfirmed (what it replaced stays for a later rollback).")});
        p.addOption({QStringLiteral("no-rollback"), QStringLiteral("Do not roll back a clone applied at this boot when the Secondary is not healthy.")});
    }
    p.addOption({QStringLiteral("reason"), QStringLiteral("Why, for the Secondary's log."), QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("expect-host"), QStringLiteral("The host name the Secondary must come back with."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("report"), QStringLiteral("Write the JSON report here."), QStringLiteral("FILE.json")});
    if (const auto exit = cli::parseOrExit(p, args))
        return *exit;
    auto link = cli::agentLinkFrom(p);
    if (!link)
        return failLink(link.error());
    RebootSettings settings;
    settings.timeoutMs = link->idleTimeoutMs;
    link->idleTimeoutMs = std::min(link->idleTimeoutMs, 120000);  // reaching the agent before the request
    settings.link = *link;
    if (p.isSet(QStringLiteral("reason")))
        settings.reason = p.value(QStringLiteral("reason")).left(512);
    settings.expectedHost = p.value(QStringLiteral("expect-host"));
    settings.rollBackClones = rollback;
    settings.confirmClones = !rollback && !p.isSet(QStringLiteral("no-confirm"));
    settings.rollbackOnUnhealthy = !rollback && !p.isSet(QStringLiteral("no-rollback"));
    if (rollback)
        settings.reason = QStringLiteral("rollback of the clone requested from the Primary");
    RebootJob job(settings);
    ConsoleProgress console;
    runJob(app, job, console);
    const RebootReport &report = job.report();
    if (p.isSet(QStringLiteral("report"))) {
        QSaveFile f(p.value(QStringLiteral("report")));
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(report.toJson()).toJson()) < 0 || !f.commit())
            fail(QStringLiteral("cannot write the report %1: %2").arg(f.fileName(), f.errorString()));
    }
    for (const QString &line : report.bootLog)
        fprintf(stderr, "secondary boot log: %s\n", line.toLocal8Bit().constData());
    if (!job.result())
        return fail(job.result().error().message, exitCodeFor(job.result()));
    fprintf(stderr, "%s\n", report.summaryText().toLocal8Bit().constData());
    return 0;
}

int runConfirm(QCoreApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Confirm the clone the Secondary applied at its last boot and left unconfirmed (reboot --no-confirm): "
                                               "what it replaced is released, and it can no longer be rolled back. Exits 0 once confirmed."));
    p.addHelpOption();
    cli::addAgentLinkOptions(p, QStringLiteral("Seconds to reach the agent before giving up"), 120);
    if (const auto exit = cli::parseOrExit(p, args))
        return *exit;
    auto link = cli::agentLinkFrom(p);
    if (!link)
        return failLink(link.error());
    ConfirmClonesJob job(*link);
    ConsoleProgress console;
    runJob(app, job, console);
    if (!job.result())
        return fail(job.result().error().message, exitCodeFor(job.result()));
    fprintf(stderr, "confirmed clone %s on %s\n", job.confirmed().join(QStringLiteral(", ")).toLocal8Bit().constData(),
            job.secondaryAddress().toLocal8Bit().constData());
    return 0;
}

int runBackup(QCoreApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Write the protection set to a clone file (.tar.zst) for the offline route."));
    p.addHelpOption();
    p.addOption({QStringLiteral("output"), QStringLiteral("The clone file to write."), QStringLiteral("FILE.tar.zst")});
    p.addOption({QStringLiteral("report"), QStringLiteral("Write the JSON report here."), QStringLiteral("FILE.json")});
    p.addOption({QStringLiteral("state-dir"), QStringLiteral("This Primary's state (snapshot journal; default %1).").arg(defaultPrimaryStateDir()), QStringLiteral("DIR")});
    cli::addSelectionOptions(p);
    if (const auto exit = cli::parseOrExit(p, args))
        return *exit;
    if (!p.isSet(QStringLiteral("output")))
        return fail(QStringLiteral("backup needs --output FILE.tar.zst"), 2);
    auto plan = cli::selectionFrom(p);
    if (!plan)
        return fail(plan.error().message, 2);
    auto zstd = cli::zstdFrom(p);
    if (!zstd)
        return fail(zstd.error().message, 2);
    auto snapshot = cli::snapshotFrom(p);
    if (!snapshot)
        return fail(snapshot.error().message, 2);
    BackupSettings settings{*plan, p.value(QStringLiteral("output")), *zstd, *snapshot,
                            p.isSet(QStringLiteral("state-dir")) ? p.value(QStringLiteral("state-dir")) : defaultPrimaryStateDir()};
    BackupJob job(settings);
    ConsoleProgress console;
    runJob(app, job, console);
    return finishWithReport(job.report(), job.result(), p);
}

int runUnpin(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Forget the pinned certificate of a Secondary (after it was reinstalled)."));
    p.addHelpOption();
    p.addOption({QStringLiteral("state-dir"), QStringLiteral("This Primary's state directory."), QStringLiteral("DIR")});
    p.addPositionalArgument(QStringLiteral("address"), QStringLiteral("The Secondary, as ADDR:PORT."));
    if (const auto exit = cli::parseOrExit(p, args))
        return *exit;
    if (p.positionalArguments().size() != 1)
        return fail(QStringLiteral("unpin needs exactly one ADDR:PORT"), 2);
    const QString stateDir = p.isSet(QStringLiteral("state-dir")) ? p.value(QStringLiteral("state-dir")) : defaultPrimaryStateDir();
    auto pins = PinStore::load(QDir(stateDir).filePath(QStringLiteral("secondaries.json")));
    if (!pins)
        return fail(pins.error().message);
    if (Status s = pins->remove(p.positionalArguments().first()); !s)
        return fail(s.error().message);
    fprintf(stderr, "forgot the pin of %s\n", p.positionalArguments().first().toLocal8Bit().constData());
    return 0;
}

void usage()
{
    fputs("usage: servertwin-cli COMMAND [options]\n"
          "  clone   --secondary ADDR:PORT [--pairing-code CODE] [--profile FILE] [--include PATH]...\n"
          "          [--exclude PATTERN]... [--source-root DIR] [--snapshot MODE] [--state-dir DIR]\n"
          "          [--at-reboot] [--report FILE.json]\n"
          "  reboot  --secondary ADDR:PORT [--timeout S] [--reason TEXT] [--expect-host NAME]\n"
          "          [--no-confirm] [--no-rollback] [--report FILE.json]\n"
          "          reboot the Secondary, wait for its new boot, confirm a clone applied there\n"
          "  rollback --secondary ADDR:PORT [--timeout S] [--report FILE.json]\n"
          "          roll back the clone the Secondary applied at its last boot\n"
          "  confirm --secondary ADDR:PORT   keep the clone the Secondary applied at its last boot\n"
          "  install --answers FILE   the installation unattended: clone, reboot, confirm\n"
          "  backup  --output FILE.tar.zst [--profile FILE] [--include PATH]... [--exclude PATTERN]...\n"
          "  detect  [--adopt PROFILE --output FILE]   protected applications installed here\n"
          "  estimate [--profile FILE] [--include PATH]...   files, bytes, compressed size, time\n"
          "  checklist --secondary ADDR:PORT [--profile FILE] [--functional] [--answers FILE] [--json]\n"
          "          compare both machines' hardware; after the reboot, the functional checks\n"
          "  inventory [--json] [--include PATH]...   this machine's hardware and system inventory\n"
          "  component keygen KEY | pack DIR --key KEY | verify DIR --trust KEY...\n"
          "          sign component bundles and check them as the agent will\n"
          "  components list|install|rollback --secondary ADDR:PORT [--trusted-keys PATH] [BUNDLE...]\n"
          "          components on the Secondary: installed, offered, installed with rollback\n"
          "  unpin   ADDR:PORT [--state-dir DIR]\n"
          "  demo    [--workdir DIR]   clone the built-in demo set to a local sandbox agent\n"
          "Run 'servertwin-cli COMMAND --help' for a command's options.\n",
          stderr);
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("servertwin-cli"));
    QCoreApplication::setApplicationVersion(productVersion());
    QStringList args = app.arguments();
    if (args.size() < 2) {
        usage();
        return 2;
    }
    const QString command = args.takeAt(1);
    if (command == QStringLiteral("clone"))
        return runClone(app, args);
    if (command == QStringLiteral("reboot"))
        return runReboot(app, args, false);
    if (command == QStringLiteral("rollback"))
        return runReboot(app, args, true);
    if (command == QStringLiteral("confirm"))
        return runConfirm(app, args);
    if (command == QStringLiteral("install"))
        return cli::runInstall(app, args);
    if (command == QStringLiteral("backup"))
        return runBackup(app, args);
    if (command == QStringLiteral("unpin"))
        return runUnpin(args);
    if (command == QStringLiteral("detect"))
        return cli::runDetect(args);
    if (command == QStringLiteral("estimate"))
        return cli::runEstimate(args);
    if (command == QStringLiteral("inventory"))
        return cli::runInventory(args);
    if (command == QStringLiteral("checklist"))
        return cli::runChecklist(app, args);
    if (command == QStringLiteral("demo"))
        return cli::runDemo(app, args);
    if (command == QStringLiteral("components"))
        return cli::runComponents(app, args);
    if (command == QStringLiteral("component"))
        return cli::runComponent(args);
    if (command == QStringLiteral("--version")) {
        fprintf(stdout, "servertwin-cli %s\n", productVersion().toLocal8Bit().constData());
        return 0;
    }
    if (command != QStringLiteral("--help") && command != QStringLiteral("-h"))
        fail(QStringLiteral("unknown command '%1'").arg(command));
    usage();
    return command == QStringLiteral("--help") || command == QStringLiteral("-h") ? 0 : 2;
}
