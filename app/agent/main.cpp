// SPDX-License-Identifier: GPL-3.0-or-later
// servertwin-agent: runs on the Secondary. Listens for the Primary (TLS 1.3, pairing code on
// first contact) and restores clones into --root; `restore --input FILE` is the offline route;
// `pairing-code` asks the running agent for its current pairing code (root only);
// `apply-staged` applies a staged clone as the boot does (servertwin-apply.service).
#include "ApplyStagedCommand.h"
#include "agent/AgentControl.h"
#include "agent/AgentServer.h"
#include "common/ConsoleProgress.h"
#include "common/PairingCodeInput.h"
#include "common/SignalWatcher.h"
#include "common/StateDir.h"
#include "job/RestoreFileJob.h"
#include "net/Identity.h"
#include "net/PairingCode.h"
#include "net/SecondaryLink.h"
#include "util/Version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace st;

namespace {

int fail(const QString &message, int code = 1)
{
    fprintf(stderr, "servertwin-agent: error: %s\n", message.toLocal8Bit().constData());
    return code;
}

QByteArray absoluteRoot(const QString &root)
{
    return QFile::encodeName(QDir::cleanPath(QFileInfo(root).absoluteFilePath()));
}

int runRestoreCommand(QCoreApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Restore a clone file (.tar.zst) into a root directory: staged, verified, then applied."));
    p.addHelpOption();
    p.addOption({QStringLiteral("input"), QStringLiteral("Clone file written by 'servertwin-cli backup'."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("root"), QStringLiteral("Directory to restore into (the Secondary's /)."), QStringLiteral("DIR")});
    p.addOption({QStringLiteral("report"), QStringLiteral("Write the JSON report here."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("no-owner"), QStringLiteral("Do not restore owners (test restores without root).")});
    if (!p.parse(args))
        return fail(p.errorText(), 2);
    if (p.isSet(QStringLiteral("help"))) {
        fputs(p.helpText().toLocal8Bit().constData(), stdout);
        return 0;
    }
    if (!p.isSet(QStringLiteral("input")) || !p.isSet(QStringLiteral("root")))
        return fail(QStringLiteral("restore needs --input FILE and --root DIR"), 2);
    RestoreFileSettings settings;
    settings.inputFile = p.value(QStringLiteral("input"));
    settings.root = absoluteRoot(p.value(QStringLiteral("root")));
    settings.restoreOwnership = !p.isSet(QStringLiteral("no-owner"));
    RestoreFileJob job(settings);
    ConsoleProgress console;
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::interrupted, &job, [&] { job.cancel(); });
    QObject::connect(&job, &Job::progress, &job, [&](const JobProgress &pr) { console.show(pr); });
    QObject::connect(&job, &Job::logMessage, &job, [&](const QString &l) { console.log(l); });
    QObject::connect(&job, &Job::finished, &job, [&](const Status &) { app.quit(); });
    job.start();
    app.exec();
    console.done();
    const CloneReport &report = job.report();
    if (p.isSet(QStringLiteral("report")))
        if (Status s = report.writeJson(p.value(QStringLiteral("report"))); !s)
            return fail(s.error().message);
    if (!job.result())
        return fail(job.result().error().message, job.result().error().code == ErrorCode::Cancelled ? 130 : 1);
    fprintf(stderr, "%s\n", report.summaryText().toLocal8Bit().constData());
    return 0;
}

int runPairingCodeCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Print the running agent's current pairing code and certificate fingerprint (root only)."));
    p.addHelpOption();
    p.addOption({QStringLiteral("state-dir"), QStringLiteral("The running agent's state directory (default %1).").arg(defaultAgentStateDir()), QStringLiteral("DIR")});
    if (!p.parse(args))
        return fail(p.errorText(), 2);
    if (p.isSet(QStringLiteral("help"))) {
        fputs(p.helpText().toLocal8Bit().constData(), stdout);
        return 0;
    }
    const QString stateDir = p.isSet(QStringLiteral("state-dir")) ? p.value(QStringLiteral("state-dir")) : defaultAgentStateDir();
    auto reply = requestPairingCode(stateDir);
    if (!reply)
        return fail(reply.error().message);
    const QString code = reply->value(QStringLiteral("code")).toString();
    if (!code.isEmpty())
        fprintf(stdout, "Pairing code: %s\n", code.toLocal8Bit().constData());
    fprintf(stdout, "Certificate fingerprint: %s\n", reply->value(QStringLiteral("fingerprint")).toString().toLocal8Bit().constData());
    if (code.isEmpty()) {
        fprintf(stderr, "servertwin-agent: no pairing code now: %s\n", reply->value(QStringLiteral("message")).toString().toLocal8Bit().constData());
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("servertwin-agent"));
    QCoreApplication::setApplicationVersion(productVersion());
    QStringList args = app.arguments();
    if (args.size() > 1 && args.at(1) == QStringLiteral("restore")) {
        args.removeAt(1);
        return runRestoreCommand(app, args);
    }
    if (args.size() > 1 && args.at(1) == QStringLiteral("apply-staged")) {
        args.removeAt(1);
        return runApplyStagedCommand(args);
    }
    if (args.size() > 1 && args.at(1) == QStringLiteral("pairing-code")) {
        args.removeAt(1);
        return runPairingCodeCommand(args);
    }

    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("ServerTwin agent: receives clones from the Primary and restores them into --root.\n"
                                               "Offline route: servertwin-agent restore --input FILE.tar.zst --root DIR\n"
                                               "Pairing code of the running agent: servertwin-agent pairing-code [--state-dir DIR] (root)\n"
                                               "Apply a staged clone as the boot does: servertwin-agent apply-staged [--root DIR]"));
    p.addHelpOption();
    p.addVersionOption();
    p.addOption({QStringLiteral("listen"), QStringLiteral("Address and port to listen on (default 0.0.0.0:7443; port 0 picks a free one)."), QStringLiteral("ADDR:PORT"), QStringLiteral("0.0.0.0:7443")});
    p.addOption({QStringLiteral("root"), QStringLiteral("Directory clones are applied to (the Secondary's /)."), QStringLiteral("DIR")});
    p.addOption({QStringLiteral("state-dir"), QStringLiteral("Keys, certificate and paired Primaries (default %1).").arg(defaultAgentStateDir()), QStringLiteral("DIR")});
    p.addOption({QStringLiteral("pairing-code-file"), QStringLiteral("Use the one-time pairing code in FILE (mode 0600), or on standard input for -, instead of generating one (unattended set-ups)."), QStringLiteral("FILE")});
    QCommandLineOption codeOnCommandLine(QStringLiteral("pairing-code"), QString(), QStringLiteral("CODE"));
    codeOnCommandLine.setFlags(QCommandLineOption::HiddenFromHelp);
    p.addOption(codeOnCommandLine);
    p.addOption({QStringLiteral("no-owner"), QStringLiteral("Do not restore owners (test restores without root).")});
    p.addOption({QStringLiteral("port-file"), QStringLiteral("Write the port actually listened on to FILE (for port 0)."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("resume-timeout"), QStringLiteral("How long an interrupted clone's staging waits for the Primary to resume it, in seconds (default %1).")
                                                       .arg(AgentConfig().resumeTimeoutMs / 1000),
                 QStringLiteral("SECONDS")});
    p.addOption({QStringLiteral("reboot"), QStringLiteral("How a reboot the Primary asks for is done: systemd (systemctl reboot), simulated (stop serving, come back with a new boot id) or auto (default: systemd for --root /, simulated for a sandbox root)."),
                 QStringLiteral("MODE"), QStringLiteral("auto")});
    p.addOption({QStringLiteral("simulated-down"), QStringLiteral("Seconds a simulated reboot keeps the agent away (default %1).").arg(AgentConfig().simulatedDownMs / 1000),
                 QStringLiteral("SECONDS")});
    QCommandLineOption crashBeforeResult(QStringLiteral("test-crash-before-result"), QStringLiteral("Test hook: SIGKILL this agent when a clone's Result is due."));
    crashBeforeResult.setFlags(QCommandLineOption::HiddenFromHelp);
    p.addOption(crashBeforeResult);
    p.process(app);
    if (!p.isSet(QStringLiteral("root")))
        return fail(QStringLiteral("--root DIR is required (use / on a real Secondary)"), 2);

    AgentConfig config;
    auto address = parseAddress(p.value(QStringLiteral("listen")));
    if (!address && p.value(QStringLiteral("listen")).endsWith(QStringLiteral(":0"))) {
        config.address = QHostAddress(p.value(QStringLiteral("listen")).chopped(2));
        config.port = 0;
    } else if (!address) {
        return fail(address.error().message, 2);
    } else {
        config.address = QHostAddress(address->first);
        config.port = address->second;
    }
    if (config.address.isNull())
        return fail(QStringLiteral("--listen needs a numeric IP address, e.g. 0.0.0.0:7443"), 2);
    config.root = absoluteRoot(p.value(QStringLiteral("root")));
    config.stateDir = p.isSet(QStringLiteral("state-dir")) ? p.value(QStringLiteral("state-dir")) : defaultAgentStateDir();
    config.restoreOwnership = !p.isSet(QStringLiteral("no-owner"));
    if (p.isSet(QStringLiteral("resume-timeout"))) {
        bool ok = false;
        const double seconds = p.value(QStringLiteral("resume-timeout")).toDouble(&ok);
        if (!ok || seconds < 1 || seconds > 7 * 24 * 3600)
            return fail(QStringLiteral("--resume-timeout needs a number of seconds from 1 to 604800, got \"%1\"").arg(p.value(QStringLiteral("resume-timeout"))), 2);
        config.resumeTimeoutMs = static_cast<int>(seconds * 1000);
    }
    config.stopBeforeResult = p.isSet(crashBeforeResult);
    const QString reboot = p.value(QStringLiteral("reboot"));
    if (reboot == QLatin1String("systemd"))
        config.rebootMode = RebootMode::Systemd;
    else if (reboot == QLatin1String("simulated"))
        config.rebootMode = RebootMode::Simulated;
    else if (reboot != QLatin1String("auto"))
        return fail(QStringLiteral("--reboot is systemd, simulated or auto, not \"%1\"").arg(reboot), 2);
    if (p.isSet(QStringLiteral("simulated-down"))) {
        bool ok = false;
        const double seconds = p.value(QStringLiteral("simulated-down")).toDouble(&ok);
        if (!ok || seconds < 0 || seconds > 3600)
            return fail(QStringLiteral("--simulated-down needs a number of seconds from 0 to 3600, got \"%1\"").arg(p.value(QStringLiteral("simulated-down"))), 2);
        config.simulatedDownMs = static_cast<int>(seconds * 1000);
    }
    if (p.isSet(codeOnCommandLine))
        return fail(QStringLiteral("--pairing-code is not accepted: every user of this machine could read it in ps; "
                                   "put it in a file (chmod 600) and pass --pairing-code-file FILE, or pass --pairing-code-file - and type it"), 2);
    if (p.isSet(QStringLiteral("pairing-code-file"))) {
        auto code = readPairingCode(p.value(QStringLiteral("pairing-code-file")));
        if (!code)
            return fail(code.error().message, 2);
        config.pairingCode = *code;
    }
    if (config.restoreOwnership && geteuid() != 0)
        return fail(QStringLiteral("the agent restores owners and needs root: run it as root, or pass --no-owner for a test restore"), 1);

    AgentServer server(config);
    QObject::connect(&server, &AgentServer::logLine, &server, [](const QString &line) {
        fprintf(stderr, "servertwin-agent: %s\n", line.toLocal8Bit().constData());
    });
    const bool console = ::isatty(STDOUT_FILENO) == 1;
    QObject::connect(&server, &AgentServer::pairingCodeShown, &server, [console, &config](const QString &code) {
        // On a terminal the engineer reads it here and types it on the Primary. Anywhere else
        // (the journal of a service, a file) it would be kept: the control socket gives it to root.
        if (console)
            fprintf(stdout, "Pairing code: %s\n", code.toLocal8Bit().constData());
        else
            fprintf(stdout, "Pairing code: not shown here (this output may be kept in a log); as root, run: servertwin-agent pairing-code%s\n",
                    config.stateDir == defaultAgentStateDir() ? "" : (QStringLiteral(" --state-dir ") + config.stateDir).toLocal8Bit().constData());
        fflush(stdout);
    });
    // Direct connection: the process dies before the Result leaves (the fault suite's "killed after Apply").
    QObject::connect(&server, &AgentServer::stoppedBeforeResult, &server, [] { ::raise(SIGKILL); }, Qt::DirectConnection);
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::interrupted, &app, [&](int) {
        fprintf(stderr, "servertwin-agent: stopping\n");
        app.quit();
    });
    if (Status s = server.start(); !s)
        return fail(s.error().message);
    if (p.isSet(QStringLiteral("port-file"))) {
        QSaveFile f(p.value(QStringLiteral("port-file")));
        if (!f.open(QIODevice::WriteOnly) || f.write(QByteArray::number(server.port()) + '\n') < 0 || !f.commit())
            return fail(QStringLiteral("cannot write the port file %1").arg(p.value(QStringLiteral("port-file"))));
    }
    fprintf(stdout, "Certificate fingerprint: %s\n", formatFingerprint(server.identity().fingerprint()).toLocal8Bit().constData());
    fflush(stdout);
    return app.exec();
}
