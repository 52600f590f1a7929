// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/Install.h"

#include "cli/CloneOptions.h"
#include "cli/Components.h"
#include "cli/Hardware.h"
#include "common/ConsoleProgress.h"
#include "common/PairingCodeInput.h"
#include "common/SignalWatcher.h"
#include "common/StateDir.h"
#include "job/InstallationQueue.h"
#include "net/Identity.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdio>

namespace st::cli {

namespace {

int fail(const QString &message, int code = 1)
{
    fprintf(stderr, "servertwin-cli install: error: %s\n", message.toLocal8Bit().constData());
    return code;
}

/** Reads one object of the answer file, refusing keys it does not know. */
class Answers {
public:
    Answers(QJsonObject o, QString where) : m_o(std::move(o)), m_where(std::move(where)) {}

    Status onlyKeys(const QStringList &known) const
    {
        for (auto it = m_o.begin(); it != m_o.end(); ++it)
            if (!known.contains(it.key()))
                return bad(it.key(), QStringLiteral("is not an answer this version knows (known: %1)").arg(known.join(QStringLiteral(", "))));
        return {};
    }
    Result<QString> text(const QString &key, bool required = false) const
    {
        const QJsonValue v = m_o.value(key);
        if (v.isUndefined() && !required)
            return QString();
        if (!v.isString() || (required && v.toString().isEmpty()))
            return bad(key, QStringLiteral("must be a non-empty string"));
        return v.toString();
    }
    Result<QStringList> texts(const QString &key) const
    {
        QStringList out;
        const QJsonValue v = m_o.value(key);
        if (v.isUndefined())
            return out;
        if (!v.isArray())
            return bad(key, QStringLiteral("must be a list of strings"));
        for (const QJsonValue &item : v.toArray()) {
            if (!item.isString())
                return bad(key, QStringLiteral("must be a list of strings"));
            out.append(item.toString());
        }
        return out;
    }
    Result<double> number(const QString &key, double fallback, double min, double max) const
    {
        const QJsonValue v = m_o.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isDouble() || v.toDouble() < min || v.toDouble() > max)
            return bad(key, QStringLiteral("must be a number from %1 to %2").arg(min).arg(max));
        return v.toDouble();
    }
    Result<bool> flag(const QString &key, bool fallback) const
    {
        const QJsonValue v = m_o.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isBool())
            return bad(key, QStringLiteral("must be true or false"));
        return v.toBool();
    }
    QJsonArray array(const QString &key) const { return m_o.value(key).toArray(); }
    Result<Answers> object(const QString &key) const
    {
        const QJsonValue v = m_o.value(key);
        if (v.isUndefined())
            return Answers({}, m_where + QLatin1Char('.') + key);
        if (!v.isObject())
            return bad(key, QStringLiteral("must be an object"));
        return Answers(v.toObject(), m_where + QLatin1Char('.') + key);
    }

private:
    Error bad(const QString &key, const QString &what) const
    {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("answer %1.%2 %3").arg(m_where, key, what));
    }
    QJsonObject m_o;
    QString m_where;
};

#define TRY(var, expr)            \
    auto var = (expr);            \
    if (!var)                     \
        return var.error();

struct Plan {
    CloneSettings clone;
    RebootSettings reboot;
    HardwareCheckSettings hardware;
    std::optional<ComponentsSettings> components;
    QString report;
};

Result<Plan> readAnswers(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("cannot read the answer file %1: %2").arg(file, f.errorString()));
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.read(1 << 20), &parseError);
    if (!doc.isObject())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the answer file %1 is not a JSON object: %2").arg(file, parseError.errorString()));
    const Answers top(doc.object(), QStringLiteral("file"));
    if (Status s = top.onlyKeys({QStringLiteral("version"), QStringLiteral("secondary"), QStringLiteral("clone"), QStringLiteral("reboot"),
                                 QStringLiteral("hardware"), QStringLiteral("components"), QStringLiteral("stateDir"), QStringLiteral("report")});
        !s)
        return s.error();
    TRY(version, top.number(QStringLiteral("version"), 1, 1, 1));
    TRY(secondary, top.object(QStringLiteral("secondary")));
    TRY(clone, top.object(QStringLiteral("clone")));
    TRY(reboot, top.object(QStringLiteral("reboot")));
    TRY(hardware, top.object(QStringLiteral("hardware")));
    if (Status s = hardware->onlyKeys({QStringLiteral("confirmations")}); !s)
        return s.error();
    if (Status s = secondary->onlyKeys({QStringLiteral("address"), QStringLiteral("pairingCodeFile")}); !s)
        return s.error();
    if (Status s = clone->onlyKeys({QStringLiteral("profile"), QStringLiteral("include"), QStringLiteral("exclude"), QStringLiteral("sourceRoot"),
                                    QStringLiteral("snapshot"), QStringLiteral("timeoutSeconds")});
        !s)
        return s.error();
    if (Status s = reboot->onlyKeys({QStringLiteral("timeoutSeconds"), QStringLiteral("expectHost"), QStringLiteral("confirm"),
                                     QStringLiteral("rollbackOnUnhealthy")});
        !s)
        return s.error();

    Plan plan;
    TRY(address, secondary->text(QStringLiteral("address"), true));
    auto parsed = parseAddress(*address);
    if (!parsed)
        return parsed.error().withContext(QStringLiteral("answer file.secondary.address"));
    LinkOptions &link = plan.clone.link;
    link.host = parsed->first;
    link.port = parsed->second;
    TRY(codeFile, secondary->text(QStringLiteral("pairingCodeFile")));
    if (!codeFile->isEmpty()) {
        auto code = readPairingCode(*codeFile);
        if (!code)
            return code.error();
        link.pairingCode = *code;
    }
    TRY(stateDir, top.text(QStringLiteral("stateDir")));
    const QString state = stateDir->isEmpty() ? defaultPrimaryStateDir() : *stateDir;
    auto identity = Identity::loadOrCreate(state, QHostInfo::localHostName().left(64));
    if (!identity)
        return identity.error();
    link.identity = *identity;
    link.pinFile = QDir(state).filePath(QStringLiteral("secondaries.json"));
    TRY(cloneTimeout, clone->number(QStringLiteral("timeoutSeconds"), 120, 1, 86400));
    link.idleTimeoutMs = static_cast<int>(*cloneTimeout * 1000);
    plan.clone.stateDir = state;

    TRY(profileFile, clone->text(QStringLiteral("profile")));
    std::optional<ProtectionProfile> profile;
    if (!profileFile->isEmpty()) {
        auto loaded = ProtectionProfile::load(*profileFile);
        if (!loaded)
            return loaded.error();
        profile = *loaded;
    }
    SelectionOverrides overrides;
    TRY(includes, clone->texts(QStringLiteral("include")));
    TRY(excludes, clone->texts(QStringLiteral("exclude")));
    for (const QString &inc : *includes)
        overrides.includes.append(QFile::encodeName(inc));
    for (const QString &exc : *excludes)
        overrides.excludes.append(QFile::encodeName(exc));
    TRY(sourceRoot, clone->text(QStringLiteral("sourceRoot")));
    if (!sourceRoot->isEmpty())
        overrides.sourceRoot = QFile::encodeName(*sourceRoot);
    auto selection = SelectionPlan::build(profile ? &*profile : nullptr, overrides);
    if (!selection)
        return selection.error();
    plan.clone.plan = *selection;
    TRY(snapshot, clone->text(QStringLiteral("snapshot")));
    const auto mode = parseSnapshotMode(snapshot->isEmpty() ? QStringLiteral("auto") : *snapshot);
    if (!mode)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("answer file.clone.snapshot must be auto, btrfs, lvm, vss or none"));
    plan.clone.snapshot = *mode;

    TRY(rebootTimeout, reboot->number(QStringLiteral("timeoutSeconds"), 1200, 1, 86400));
    plan.reboot.timeoutMs = static_cast<int>(*rebootTimeout * 1000);
    TRY(expectHost, reboot->text(QStringLiteral("expectHost")));
    plan.reboot.expectedHost = *expectHost;
    TRY(confirm, reboot->flag(QStringLiteral("confirm"), true));
    plan.reboot.confirmClones = *confirm;
    TRY(rollback, reboot->flag(QStringLiteral("rollbackOnUnhealthy"), true));
    plan.reboot.rollbackOnUnhealthy = *rollback;
    plan.reboot.reason = QStringLiteral("unattended installation: apply the staged clone");
    // Unattended, every item of the checklist must be confirmed by name in the answers.
    auto items = checklistFor(profile ? profile->checklist : QList<ChecklistItem>{});
    if (!items)
        return items.error();
    auto confirmations = confirmationsFromAnswers(hardware->array(QStringLiteral("confirmations")), *items, QStringLiteral("answer file.hardware.confirmations"));
    if (!confirmations)
        return confirmations.error();
    if (!confirmations->allConfirmed())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("answer file.hardware.confirmations does not confirm: %1 (each needs {\"id\", \"by\", \"note\"})")
                                                         .arg(confirmations->missing().join(QStringLiteral("; "))));
    plan.hardware.confirmations = *confirmations;
    // "components" (optional): bundles installed after the checklist, with their trusted keys.
    if (const QJsonValue components = doc.object().value(QStringLiteral("components")); !components.isUndefined()) {
        if (!components.isObject())
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("answer file.components must be an object"));
        Result<ComponentsSettings> settings = componentsFromAnswers(components.toObject(), QFileInfo(file).absolutePath());
        if (!settings)
            return settings.error();
        settings->timeoutMs = 120000;
        plan.components = *settings;
    }
    TRY(report, top.text(QStringLiteral("report")));
    plan.report = *report;
    return plan;
}

}  // namespace

int runInstall(QCoreApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Run the installation unattended from an answer file: the clone, staged on the Secondary, "
                                               "then the reboot that applies it and confirms it. Exits 0 only when every step succeeded."));
    p.addHelpOption();
    p.addOption({QStringLiteral("answers"), QStringLiteral("The answer file (JSON; see man servertwin-cli)."), QStringLiteral("FILE")});
    if (const auto exit = parseOrExit(p, args))
        return *exit;
    if (!p.isSet(QStringLiteral("answers")))
        return fail(QStringLiteral("install needs --answers FILE"), 2);
    auto plan = readAnswers(p.value(QStringLiteral("answers")));
    if (!plan)
        return fail(plan.error().message, 2);

    InstallationSteps steps = makeInstallationQueue(plan->clone, plan->reboot, plan->hardware, plan->components);
    ConsoleProgress console;
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::interrupted, steps.queue, [&](int) {
        console.log(QStringLiteral("interrupted: cancelling (a reboot already accepted goes on)"));
        steps.queue->cancel();
    });
    QObject::connect(steps.clone, &Job::progress, steps.queue, [&](const JobProgress &pr) { console.show(pr); });
    QObject::connect(steps.clone, &CloneJob::remoteProgress, steps.queue, [&](const JobProgress &pr) { console.show(pr, QStringLiteral("secondary ")); });
    QObject::connect(steps.reboot, &Job::progress, steps.queue, [&](const JobProgress &pr) { console.show(pr); });
    for (Job *job : {static_cast<Job *>(steps.fit), static_cast<Job *>(steps.clone), static_cast<Job *>(steps.reboot), static_cast<Job *>(steps.hardware),
                     static_cast<Job *>(steps.components)})
        if (job)
            QObject::connect(job, &Job::logMessage, steps.queue, [&](const QString &l) { console.log(l); });
    QObject::connect(steps.queue, &JobQueue::jobStarted, steps.queue, [&](int index, const QString &name) {
        console.log(QStringLiteral("step %1 of %2: %3").arg(index + 1).arg(steps.queue->count()).arg(name));
    });
    QObject::connect(steps.queue, &Job::finished, steps.queue, [&](const Status &) { app.quit(); });
    steps.queue->start();
    app.exec();
    console.done();

    if (!plan->report.isEmpty()) {
        QSaveFile f(plan->report);
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(steps.reportJson()).toJson()) < 0 || !f.commit())
            fail(QStringLiteral("cannot write the report %1: %2").arg(f.fileName(), f.errorString()));
    }
    for (const QString &line : steps.reboot->report().bootLog)
        fprintf(stderr, "secondary boot log: %s\n", line.toLocal8Bit().constData());
    if (steps.hardware->report().ok)
        printHardwareReport(steps.hardware->report());
    else if (steps.fit->report().ok && !steps.fit->result())
        printHardwareReport(steps.fit->report());
    if (steps.components && steps.components->isFinished())
        fprintf(stdout, "%s\n", steps.components->report().summaryText().toLocal8Bit().constData());
    const Status result = steps.queue->result();
    const bool withComponents = steps.components != nullptr;
    delete steps.queue;
    if (!result)
        return fail(result.error().message, result.error().code == ErrorCode::Cancelled ? 130 : 1);
    fprintf(stderr, "installation finished: the Secondary runs the Primary's clone, confirmed; its hardware checklist passed and was confirmed%s\n",
            withComponents ? "; its components are installed" : "");
    return 0;
}

}  // namespace st::cli
