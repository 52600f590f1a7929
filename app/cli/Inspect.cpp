// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/Inspect.h"

#include "cli/CloneOptions.h"
#include "quiesce/ApplicationCatalog.h"
#include "quiesce/Estimate.h"
#include "quiesce/SystemFacts.h"
#include "report/CloneReport.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSaveFile>

#include <cstdio>

namespace st::cli {

namespace {
int fail(const QString &message, int code = 1)
{
    fprintf(stderr, "servertwin-cli: error: %s\n", message.toLocal8Bit().constData());
    return code;
}
void out(const QString &line)
{
    fprintf(stdout, "%s\n", line.toLocal8Bit().constData());
}
}  // namespace

int runDetect(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("List the protected applications installed on this Primary (from the built-in catalog)."));
    p.addHelpOption();
    p.addOption({QStringLiteral("adopt"), QStringLiteral("Add the detected applications to this profile..."), QStringLiteral("PROFILE")});
    p.addOption({QStringLiteral("output"), QStringLiteral("...and write the result here."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("include-data"), QStringLiteral("Opt the adopted applications' data directories in.")});
    p.addOption({QStringLiteral("root"), QStringLiteral("Inspect the system below this directory (default /)."), QStringLiteral("DIR"), QStringLiteral("/")});
    if (const auto exit = parseOrExit(p, args))
        return *exit;
    if (p.isSet(QStringLiteral("adopt")) != p.isSet(QStringLiteral("output")))
        return fail(QStringLiteral("--adopt PROFILE and --output FILE go together"), 2);
    auto catalog = ApplicationCatalog::builtIn();
    if (!catalog)
        return fail(catalog.error().message);
    HostSystemFacts facts(QFile::encodeName(p.value(QStringLiteral("root"))));
    auto detected = catalog->detectInstalled(facts);
    if (!detected)
        return fail(detected.error().message);
    if (detected->isEmpty())
        out(QStringLiteral("no protected application of the catalog is installed"));
    for (const DetectedApplication &d : *detected)
        out(QStringLiteral("%1 (%2): %3").arg(d.application.name, d.application.id, d.evidence.join(QStringLiteral("; "))));
    if (!p.isSet(QStringLiteral("adopt")))
        return 0;
    auto profile = ProtectionProfile::load(p.value(QStringLiteral("adopt")));
    if (!profile)
        return fail(profile.error().message);
    AdoptOptions options;
    options.includeData = p.isSet(QStringLiteral("include-data"));
    const int added = ApplicationCatalog::adoptInto(*profile, *detected, options);
    QSaveFile file(p.value(QStringLiteral("output")));
    if (!file.open(QIODevice::WriteOnly) || file.write(profile->toJson()) < 0 || !file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(p.value(QStringLiteral("output")), file.errorString()));
    out(QStringLiteral("adopted %1 application(s) into %2").arg(added).arg(p.value(QStringLiteral("output"))));
    return 0;
}

int runEstimate(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Scan a protection set: files, bytes, estimated compressed size and duration."));
    p.addHelpOption();
    addSelectionOptions(p);
    if (const auto exit = parseOrExit(p, args))
        return *exit;
    auto plan = selectionFrom(p);
    if (!plan)
        return fail(plan.error().message, 2);
    auto zstd = zstdFrom(p);
    if (!zstd)
        return fail(zstd.error().message, 2);
    auto estimate = estimateBackup(*plan, zstd->level, CancelToken());
    if (!estimate)
        return fail(estimate.error().message);
    out(QStringLiteral("files: %1 (%2 entries)").arg(estimate->files).arg(estimate->entries));
    out(QStringLiteral("size: %1").arg(formatBytes(estimate->bytes)));
    out(QStringLiteral("estimated compressed size: %1 (ratio %2 at zstd level %3, from a %4 sample of %5 files)")
            .arg(formatBytes(estimate->estimatedCompressedBytes))
            .arg(estimate->compressionRatio, 0, 'f', 2)
            .arg(estimate->zstdLevel)
            .arg(formatBytes(estimate->sampleBytes))
            .arg(estimate->sampleFiles));
    out(QStringLiteral("estimated backup time on this machine: %1").arg(formatDuration(estimate->estimatedDurationMs)));
    for (const SkippedPath &s : plan->skipped)
        out(QStringLiteral("skipped: /%1: %2").arg(QString::fromLocal8Bit(s.path), s.reason));
    return 0;
}

}  // namespace st::cli
