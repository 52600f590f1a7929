// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/Components.h"

#include "cli/AgentLinkOptions.h"
#include "cli/CloneOptions.h"
#include "cli/CommandError.h"
#include "component/ComponentSigning.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cstdio>

namespace st::cli {

Result<ComponentsSettings> componentsFromAnswers(const QJsonObject &answers, const QString &baseDir)
{
    const auto bad = [](const QString &what) { return makeError(ErrorCode::InvalidArgument, QStringLiteral("answer file.components: %1").arg(what)); };
    for (auto it = answers.begin(); it != answers.end(); ++it)
        if (it.key() != QLatin1String("bundles") && it.key() != QLatin1String("trustedKeys") && it.key() != QLatin1String("hardwareSupport"))
            return bad(QStringLiteral("\"%1\" is not a setting this version knows (known: bundles, trustedKeys, hardwareSupport)").arg(it.key()));
    ComponentsSettings s;
    s.mode = ComponentsReport::Mode::Install;
    const QDir base(baseDir);
    for (const QJsonValue &v : answers.value(QStringLiteral("bundles")).toArray()) {
        if (!v.isString() || v.toString().isEmpty())
            return bad(QStringLiteral("\"bundles\" must list bundle directories"));
        s.bundles << QDir::cleanPath(base.absoluteFilePath(v.toString()));
    }
    if (answers.contains(QStringLiteral("bundles")) && !answers.value(QStringLiteral("bundles")).isArray())
        return bad(QStringLiteral("\"bundles\" must list bundle directories"));
    const QJsonValue keys = answers.value(QStringLiteral("trustedKeys"));
    if (!keys.isUndefined() && !keys.isString())
        return bad(QStringLiteral("\"trustedKeys\" must be a .pub file or a directory of them"));
    s.trustedKeys = keys.isString() ? QDir::cleanPath(base.absoluteFilePath(keys.toString())) : defaultTrustedKeysDir();
    const QJsonValue hw = answers.value(QStringLiteral("hardwareSupport"));
    if (!hw.isUndefined() && !hw.isBool())
        return bad(QStringLiteral("\"hardwareSupport\" must be true or false"));
    s.hardwareSupport = hw.toBool(true);
    return s;
}

int runComponents(QCoreApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Components on the Secondary (step 5): list what is installed and what the Secondary offers (its hardware support); install "
        "signed bundles (verified here against the trusted keys, sent, verified again and installed by the agent with a journal; a "
        "failure rolls back what the install did); roll back every installed component. Exits 0 on success, 1 on failure, 2 on a usage "
        "error, 3 when a component failed and was rolled back."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, install or rollback"));
    p.addPositionalArgument(QStringLiteral("bundle"), QStringLiteral("install: bundle directories (made with 'servertwin-cli component pack')"), QStringLiteral("[BUNDLE...]"));
    addAgentLinkOptions(p, QStringLiteral("Seconds the agent may stay unreachable or busy"), 120);
    p.addOption({QStringLiteral("trusted-keys"), QStringLiteral("install: the public keys (a .pub file or a directory of them) whose bundles may be installed (default %1).")
                                                     .arg(defaultTrustedKeysDir()), QStringLiteral("PATH")});
    p.addOption({QStringLiteral("no-hardware-support"), QStringLiteral("install: leave out the Secondary's own hardware-support component.")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the report as JSON.")});
    p.addOption({QStringLiteral("report"), QStringLiteral("Write the JSON report here."), QStringLiteral("FILE.json")});
    if (const auto exit = parseOrExit(p, args))
        return *exit;
    const QString command = QStringLiteral("components");
    const QStringList positional = p.positionalArguments();
    const QString action = positional.value(0);
    ComponentsSettings settings;
    if (action == QLatin1String("list"))
        settings.mode = ComponentsReport::Mode::List;
    else if (action == QLatin1String("install"))
        settings.mode = ComponentsReport::Mode::Install;
    else if (action == QLatin1String("rollback"))
        settings.mode = ComponentsReport::Mode::Rollback;
    else
        return commandFailed(command, QStringLiteral("say list, install or rollback (servertwin-cli components --help)"), 2);
    if (settings.mode != ComponentsReport::Mode::Install && positional.size() > 1)
        return commandFailed(command, QStringLiteral("%1 takes no bundle").arg(action), 2);
    if (settings.mode == ComponentsReport::Mode::Install && positional.size() < 2)
        return commandFailed(command, QStringLiteral("install needs at least one bundle directory"), 2);
    auto link = agentLinkFrom(p);
    if (!link)
        return commandFailed(command, link.error().message, link.error().details == QLatin1String("2") ? 2 : 1);
    settings.link = *link;
    settings.timeoutMs = static_cast<int>(std::min<qint64>(link->idleTimeoutMs, 3'600'000));
    for (const QString &bundle : positional.mid(1))
        settings.bundles << QDir(bundle).absolutePath();
    settings.trustedKeys = p.isSet(QStringLiteral("trusted-keys")) ? p.value(QStringLiteral("trusted-keys")) : defaultTrustedKeysDir();
    settings.hardwareSupport = !p.isSet(QStringLiteral("no-hardware-support"));

    ComponentsJob job(settings);
    QObject::connect(&job, &Job::logMessage, &job, [](const QString &line) { fprintf(stderr, "%s\n", line.toLocal8Bit().constData()); });
    QObject::connect(&job, &Job::finished, &job, [&app](const Status &) { app.quit(); });
    job.start();
    app.exec();
    const ComponentsReport &report = job.report();
    if (p.isSet(QStringLiteral("report"))) {
        QSaveFile out(p.value(QStringLiteral("report")));
        if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(report.toJson()).toJson()) < 0 || !out.commit())
            commandFailed(command, QStringLiteral("cannot write the report %1: %2").arg(out.fileName(), out.errorString()));
    }
    if (p.isSet(QStringLiteral("json")))
        fputs(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented).constData(), stdout);
    else if (report.ok || !report.outcomes.isEmpty())  // a refusal before anything ran is its one error line
        fprintf(stdout, "%s\n", report.summaryText().toLocal8Bit().constData());
    if (!report.ok) {
        const bool rolledBack = std::any_of(report.outcomes.cbegin(), report.outcomes.cend(), [](const ComponentOutcome &c) {
            return c.state == ComponentOutcome::State::Failed;
        });
        return commandFailed(command, report.error.message, rolledBack ? 3 : 1);
    }
    return 0;
}

}  // namespace st::cli
