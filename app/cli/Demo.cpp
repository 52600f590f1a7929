// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/Demo.h"

#include "cli/Hardware.h"

#include "cli/CloneOptions.h"

#include "common/ConsoleProgress.h"
#include "common/SignalWatcher.h"
#include "component/DemoBundle.h"
#include "job/CloneJob.h"
#include "job/InstallationQueue.h"
#include "net/Identity.h"
#include "net/PairingCode.h"

#include <QCommandLineParser>
#include <QDir>
#include <QProcess>
#include <QTemporaryFile>

#include <cstdio>
#include <unistd.h>

namespace st::cli {

namespace {
int fail(const QString &message)
{
    fprintf(stderr, "servertwin-cli demo: error: %s\n", message.toLocal8Bit().constData());
    return 1;
}
}  // namespace

int runDemo(QCoreApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Clone the built-in demo protection set to a local agent with a sandbox Secondary root."));
    p.addHelpOption();
    p.addOption({QStringLiteral("workdir"), QStringLiteral("Where the sandbox lives (default %1/servertwin-demo).").arg(QDir::tempPath()), QStringLiteral("DIR")});
    p.addOption({QStringLiteral("profile"), QStringLiteral("Clone this profile instead of the built-in demo profile."), QStringLiteral("FILE")});
    if (const auto exit = parseOrExit(p, args))
        return *exit;
    const QDir work(p.isSet(QStringLiteral("workdir")) ? p.value(QStringLiteral("workdir")) : QDir::tempPath() + QStringLiteral("/servertwin-demo"));
    const QString secondaryRoot = work.filePath(QStringLiteral("secondary-root"));
    if (!QDir().mkpath(secondaryRoot) || !QDir().mkpath(work.filePath(QStringLiteral("primary-state"))))
        return fail(QStringLiteral("cannot create the sandbox in %1").arg(work.path()));

    // The demo profile ships inside the binary; copy it out so errors can name a real file.
    QString profileFile = p.value(QStringLiteral("profile"));
    if (profileFile.isEmpty()) {
        profileFile = work.filePath(QStringLiteral("demo-profile.json"));
        QFile::remove(profileFile);
        if (!QFile::copy(QStringLiteral(":/profiles/demo.json"), profileFile))
            return fail(QStringLiteral("cannot write %1").arg(profileFile));
        QFile::setPermissions(profileFile, QFile::ReadOwner | QFile::WriteOwner);
    }
    auto profile = ProtectionProfile::load(profileFile);
    if (!profile)
        return fail(profile.error().message);
    auto plan = SelectionPlan::build(&*profile, {});
    if (!plan)
        return fail(plan.error().message);

    // A real agent process, as on a Secondary.
    const QString code = PairingCode::generate();
    const QString portFile = work.filePath(QStringLiteral("agent.port"));
    QFile::remove(portFile);
    QStringList agentArgs{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                          QStringLiteral("--root"), secondaryRoot,
                          QStringLiteral("--state-dir"), work.filePath(QStringLiteral("agent-state")),
                          QStringLiteral("--pairing-code-file"), QStringLiteral("-"),  // never on a command line
                          QStringLiteral("--port-file"), portFile,
                          QStringLiteral("--simulated-down"), QStringLiteral("1")};
    if (geteuid() != 0)
        agentArgs << QStringLiteral("--no-owner");
    QProcess agent;
    agent.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    agent.start(QCoreApplication::applicationDirPath() + QStringLiteral("/servertwin-agent"), agentArgs);
    if (!agent.waitForStarted(10000))
        return fail(QStringLiteral("cannot start servertwin-agent: %1").arg(agent.errorString()));
    agent.write(code.toLatin1() + '\n');
    agent.closeWriteChannel();
    QByteArray agentOut;
    while (!agentOut.contains("Certificate fingerprint:") && agent.waitForReadyRead(15000))
        agentOut += agent.readAllStandardOutput();
    QFile port(portFile);
    if (!agentOut.contains("Certificate fingerprint:") || !port.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("the demo agent did not start (see its messages above)"));
    const quint16 agentPort = static_cast<quint16>(port.readAll().trimmed().toUInt());
    fprintf(stderr, "demo: agent on 127.0.0.1:%u restoring into %s\n", agentPort, secondaryRoot.toLocal8Bit().constData());

    auto identity = Identity::loadOrCreate(work.filePath(QStringLiteral("primary-state")), QStringLiteral("servertwin-demo-primary"));
    if (!identity)
        return fail(identity.error().message);
    CloneSettings settings;
    settings.plan = *plan;
    settings.link.host = QStringLiteral("127.0.0.1");
    settings.link.port = agentPort;
    settings.link.pairingCode = code;
    settings.link.pinFile = work.filePath(QStringLiteral("primary-state/secondaries.json"));
    settings.link.identity = *identity;
    settings.stateDir = work.filePath(QStringLiteral("primary-state"));
    // The installation's steps so far, one queue: clone (staged, as onto a real Secondary),
    // reboot (applied at the simulated boot, confirmed when the Secondary is healthy).
    RebootSettings rebootSettings;
    rebootSettings.timeoutMs = 120000;
    rebootSettings.reason = QStringLiteral("demo: apply the staged clone");
    // The hardware checklist of the demo's Secondary (this machine, seen through the agent):
    // the table is printed; the confirmations are the engineer's, in the wizard or an answer file.
    const HardwareCheckSettings hardware;
    // Components: the demo's signed bundle (its key made at the first start) installed into the
    // demo Secondary's sandbox root; the wizard's demo shows its rollback too.
    Result<DemoBundle> demoBundle = prepareDemoBundle(work.path());
    if (!demoBundle)
        return fail(demoBundle.error().message);
    ComponentsSettings components;
    components.bundles = {demoBundle->bundleDir};
    components.trustedKeys = demoBundle->trustedKeys;
    InstallationSteps steps = makeInstallationQueue(settings, rebootSettings, hardware, components);
    JobQueue &queue = *steps.queue;
    CloneJob *job = steps.clone;
    RebootJob *reboot = steps.reboot;
    ConsoleProgress console;
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::interrupted, &queue, [&](int) { queue.cancel(); });
    QObject::connect(job, &Job::progress, &queue, [&](const JobProgress &pr) { console.show(pr); });
    QObject::connect(job, &CloneJob::remoteProgress, &queue, [&](const JobProgress &pr) { console.show(pr, QStringLiteral("secondary ")); });
    for (Job *j : {static_cast<Job *>(steps.fit), static_cast<Job *>(job), static_cast<Job *>(reboot), static_cast<Job *>(steps.hardware),
                   static_cast<Job *>(steps.components)})
        QObject::connect(j, &Job::logMessage, &queue, [&](const QString &l) { console.log(QStringLiteral("demo: ") + l); });
    QObject::connect(&queue, &JobQueue::jobStarted, &queue, [&](int, const QString &name) { console.log(QStringLiteral("demo: step: ") + name); });
    QObject::connect(&queue, &Job::finished, &queue, [&](const Status &) { app.quit(); });
    queue.start();
    app.exec();
    console.done();

    const QString reportFile = work.filePath(QStringLiteral("report.json"));
    (void)job->report().writeJson(reportFile);
    agent.terminate();
    agent.waitForFinished(10000);
    if (!queue.result()) {
        const QString why = queue.result().error().message;
        delete steps.queue;
        return fail(why);
    }
    fprintf(stderr, "%s\n", job->report().summaryText().toLocal8Bit().constData());
    for (const QString &line : reboot->report().bootLog)
        fprintf(stderr, "demo: secondary boot log: %s\n", line.toLocal8Bit().constData());
    fprintf(stderr, "%s\n", reboot->report().summaryText().toLocal8Bit().constData());
    printHardwareReport(steps.hardware->report());
    fprintf(stderr, "%s\n", steps.hardware->report().summaryText().toLocal8Bit().constData());
    fprintf(stdout, "%s\n", steps.components->report().summaryText().toLocal8Bit().constData());
    fprintf(stderr, "demo: the Secondary's root is %s; report: %s\n", secondaryRoot.toLocal8Bit().constData(),
            reportFile.toLocal8Bit().constData());
    delete steps.queue;
    return 0;
}

}  // namespace st::cli
