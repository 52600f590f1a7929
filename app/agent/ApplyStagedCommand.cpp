// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApplyStagedCommand.h"

#include "agent/BootApplier.h"
#include "agent/SystemdProbe.h"
#include "common/StateDir.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QProcess>

#include <cstdio>

namespace st {

int runApplyStagedCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Apply the clone staged for this Secondary (or roll back the one whose rollback was requested), "
                                               "as the boot does: servertwin-apply.service runs it in system-update.target."));
    p.addHelpOption();
    p.addOption({QStringLiteral("root"), QStringLiteral("The root the clones are staged under (default /)."), QStringLiteral("DIR"), QStringLiteral("/")});
    p.addOption({QStringLiteral("state-dir"), QStringLiteral("The agent's state directory (default %1).").arg(defaultAgentStateDir()), QStringLiteral("DIR")});
    p.addOption({QStringLiteral("interrupted-only"), QStringLiteral("Only finish an apply or rollback a power cut interrupted (a normal boot).")});
    p.addOption({QStringLiteral("reboot"), QStringLiteral("Reboot afterwards: always, changed (only if the root changed) or never (default)."), QStringLiteral("WHEN"), QStringLiteral("never")});
    if (!p.parse(args)) {
        fprintf(stderr, "servertwin-agent: error: %s\n", p.errorText().toLocal8Bit().constData());
        return 2;
    }
    if (p.isSet(QStringLiteral("help"))) {
        fputs(p.helpText().toLocal8Bit().constData(), stdout);
        return 0;
    }
    const QString when = p.value(QStringLiteral("reboot"));
    if (when != QLatin1String("always") && when != QLatin1String("changed") && when != QLatin1String("never")) {
        fprintf(stderr, "servertwin-agent: error: --reboot is always, changed or never, not \"%s\"\n", when.toLocal8Bit().constData());
        return 2;
    }
    BootApplySettings settings;
    const QString root = QDir::cleanPath(QFileInfo(p.value(QStringLiteral("root"))).absoluteFilePath());
    settings.root = QFile::encodeName(root);
    settings.stateDir = p.isSet(QStringLiteral("state-dir")) ? p.value(QStringLiteral("state-dir")) : defaultAgentStateDir();
    settings.interruptedOnly = p.isSet(QStringLiteral("interrupted-only"));
    settings.liveHost = QDir(root).canonicalPath() == QLatin1String("/") && SystemdProbe::systemdRunning();
    ProcessRunner runner;
    settings.runner = &runner;
    // Each line at once, on the console the boot shows, before the step it announces.
    settings.onLine = [](const QString &line) {
        fprintf(stdout, "servertwin-agent: %s\n", line.toLocal8Bit().constData());
        fflush(stdout);
    };
    const BootApplyOutcome outcome = BootApplier(settings).run();
    // "always" only when the offline update was ours: another updater's boot is its to end.
    if ((when == QLatin1String("always") && (outcome.armedByUs || outcome.changed)) || (when == QLatin1String("changed") && outcome.changed)) {
        // Queued before this process ends (--no-block returns once systemd has the job): a
        // child left running would be killed with the unit's cgroup when this oneshot exits.
        QProcess systemctl;
        systemctl.start(QStringLiteral("systemctl"), {QStringLiteral("--no-block"), QStringLiteral("reboot")});
        if (!systemctl.waitForFinished(60000) || systemctl.exitStatus() != QProcess::NormalExit || systemctl.exitCode() != 0)
            fprintf(stderr, "servertwin-agent: error: systemctl reboot failed (%s): reboot this host from its console\n",
                    systemctl.readAllStandardError().trimmed().constData());
        else
            fprintf(stdout, "servertwin-agent: rebooting into the result\n");
    }
    return outcome.failed ? 1 : 0;
}

}  // namespace st
