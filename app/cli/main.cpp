// SPDX-License-Identifier: GPL-3.0-or-later
// servertwin-cli: the headless, unattended front end on the Primary.
//   clone   stream the protection set to an agent, restored and verified there
//   backup  write the protection set to a .tar.zst clone file (offline route)
//   unpin   forget a Secondary's pinned certificate
//   demo    clone the built-in demo set to a local agent with a sandbox root
#include "cli/CloneOptions.h"
#include "cli/Demo.h"
#include "cli/Inspect.h"
#include "common/ConsoleProgress.h"
#include "common/PairingCodeInput.h"
#include "common/SignalWatcher.h"
#include "common/StateDir.h"
#include "job/BackupJob.h"
#include "job/CloneJob.h"
#include "net/Identity.h"
#include "net/PinStore.h"
#include "util/Version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QHostInfo>

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

int runClone(QCoreApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Clone the protection set to the Secondary's agent; exits 0 only when it arrived and verified."));
    p.addHelpOption();
    p.addOption({QStringLiteral("secondary"), QStringLiteral("The agent's address."), QStringLiteral("ADDR:PORT")});
    p.addOption({QStringLiteral("pairing-code"), QStringLiteral("One-time code shown on the Secondary's console (first contact); other users of this machine can see it in ps while the clone runs: prefer --pairing-code-file."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("pairing-code-file"), QStringLiteral("Read the pairing code from FILE (mode 0600), or from standard input for -."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("state-dir"), QStringLiteral("This Primary's key, certificate and pins (default %1).").arg(defaultPrimaryStateDir()), QStringLiteral("DIR")});
    p.addOption({QStringLiteral("report"), QStringLiteral("Write the JSON report here."), QStringLiteral("FILE.json")});
    p.addOption({QStringLiteral("timeout"), QStringLiteral("Seconds without any answer from the agent before giving up (default 120)."), QStringLiteral("S"), QStringLiteral("120")});
    p.addOption({QStringLiteral("keepalive"), QStringLiteral("Seconds of silence after which the link counts as lost and is resumed on a new connection (default 10)."), QStringLiteral("S"), QStringLiteral("10")});
    cli::addSelectionOptions(p);
    if (const auto exit = cli::parseOrExit(p, args))
        return *exit;
    if (!p.isSet(QStringLiteral("secondary")))
        return fail(QStringLiteral("clone needs --secondary ADDR:PORT"), 2);
    auto address = parseAddress(p.value(QStringLiteral("secondary")));
    if (!address)
        return fail(address.error().message, 2);
    auto plan = cli::selectionFrom(p);
    if (!plan)
        return fail(plan.error().message, 2);
    auto zstd = cli::zstdFrom(p);
    if (!zstd)
        return fail(zstd.error().message, 2);
    const QString stateDir = p.isSet(QStringLiteral("state-dir")) ? p.value(QStringLiteral("state-dir")) : defaultPrimaryStateDir();
    auto identity = Identity::loadOrCreate(stateDir, QHostInfo::localHostName().left(64));
    if (!identity)
        return fail(identity.error().message);

    auto snapshot = cli::snapshotFrom(p);
    if (!snapshot)
        return fail(snapshot.error().message, 2);
    CloneSettings settings;
    settings.plan = *plan;
    settings.zstd = *zstd;
    settings.snapshot = *snapshot;
    settings.stateDir = stateDir;
    settings.link.host = address->first;
    settings.link.port = address->second;
    settings.link.pairingCode = p.value(QStringLiteral("pairing-code"));
    if (p.isSet(QStringLiteral("pairing-code-file"))) {
        if (p.isSet(QStringLiteral("pairing-code")))
            return fail(QStringLiteral("give the pairing code once: --pairing-code or --pairing-code-file"), 2);
        auto code = readPairingCode(p.value(QStringLiteral("pairing-code-file")));
        if (!code)
            return fail(code.error().message, 2);
        settings.link.pairingCode = *code;
    }
    settings.link.pinFile = QDir(stateDir).filePath(QStringLiteral("secondaries.json"));
    settings.link.identity = *identity;
    settings.link.idleTimeoutMs = p.value(QStringLiteral("timeout")).toInt() * 1000;
    if (settings.link.idleTimeoutMs <= 0)
        return fail(QStringLiteral("--timeout must be a positive number of seconds"), 2);
    settings.link.keepaliveTimeoutMs = static_cast<int>(p.value(QStringLiteral("keepalive")).toDouble() * 1000);
    if (settings.link.keepaliveTimeoutMs < 300)
        return fail(QStringLiteral("--keepalive must be at least 0.3 seconds"), 2);
    CloneJob job(settings);
    ConsoleProgress console;
    QObject::connect(&job, &CloneJob::remoteProgress, &job, [&](const JobProgress &pr) { console.show(pr, QStringLiteral("secondary ")); });
    runJob(app, job, console);
    return finishWithReport(job.report(), job.result(), p);
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
          "          [--report FILE.json]\n"
          "  backup  --output FILE.tar.zst [--profile FILE] [--include PATH]... [--exclude PATTERN]...\n"
          "  detect  [--adopt PROFILE --output FILE]   protected applications installed here\n"
          "  estimate [--profile FILE] [--include PATH]...   files, bytes, compressed size, time\n"
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
    if (command == QStringLiteral("backup"))
        return runBackup(app, args);
    if (command == QStringLiteral("unpin"))
        return runUnpin(args);
    if (command == QStringLiteral("detect"))
        return cli::runDetect(args);
    if (command == QStringLiteral("estimate"))
        return cli::runEstimate(args);
    if (command == QStringLiteral("demo"))
        return cli::runDemo(app, args);
    if (command == QStringLiteral("--version")) {
        fprintf(stdout, "servertwin-cli %s\n", productVersion().toLocal8Bit().constData());
        return 0;
    }
    if (command != QStringLiteral("--help") && command != QStringLiteral("-h"))
        fail(QStringLiteral("unknown command '%1'").arg(command));
    usage();
    return command == QStringLiteral("--help") || command == QStringLiteral("-h") ? 0 : 2;
}
