// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/Hardware.h"

#include "cli/AgentLinkOptions.h"
#include "cli/CloneOptions.h"
#include "cli/CommandError.h"
#include "inventory/InventoryReader.h"
#include "inventory/InventoryRows.h"
#include "job/HardwareCheckJob.h"
#include "profile/ProtectionProfile.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdio>

namespace st::cli {

namespace {
int fail(const QString &command, const QString &message, int code = 1)
{
    return commandFailed(command, message, code);
}
}  // namespace

int runInventory(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("This machine's hardware and system inventory, as the hardware checklist compares it."));
    p.addHelpOption();
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the inventory as JSON.")});
    p.addOption({QStringLiteral("include"), QStringLiteral("A path of the protection set (marks the filesystem and disks that hold it; repeatable)."), QStringLiteral("PATH")});
    p.addOption({QStringLiteral("fixture"), QStringLiteral("Read a tree captured by scripts/capture-inventory.sh instead of this machine."), QStringLiteral("DIR")});
    if (const auto exit = parseOrExit(p, args))
        return *exit;
    inv::InventorySources sources;
    sources.protectedPaths = p.values(QStringLiteral("include"));
    if (p.isSet(QStringLiteral("fixture"))) {
        const QDir dir(p.value(QStringLiteral("fixture")));
        if (!dir.exists(QStringLiteral("sys")))
            return fail(QStringLiteral("inventory"), QStringLiteral("%1 is not a captured inventory (no sys/)").arg(dir.path()), 2);
        sources.roots = {dir.filePath(QStringLiteral("root")), dir.filePath(QStringLiteral("sys")), dir.filePath(QStringLiteral("dev")), dir.filePath(QStringLiteral("proc"))};
    } else {
        sources.live = inv::liveHostFacts();
    }
    const Result<inv::Inventory> inventory = inv::readInventory(sources);
    if (!inventory)
        return fail(QStringLiteral("inventory"), inventory.error().message);
    if (p.isSet(QStringLiteral("json"))) {
        fputs(QJsonDocument(inventory->toJson()).toJson(QJsonDocument::Indented).constData(), stdout);
        return 0;
    }
    for (const inv::InventoryRow &row : inv::inventoryRows(*inventory))
        fprintf(stdout, "%-18s %s\n", row.label.toLocal8Bit().constData(), row.value.toLocal8Bit().constData());
    for (const inv::DeviceNeed &d : inventory->devices)
        for (const inv::KernelSupport &k : d.kernels)
            if (!k.missing.isEmpty())
                fprintf(stdout, "%-18s %s (%s): kernel %s lacks %s\n", "Missing module", d.role.toLocal8Bit().constData(), d.device.toLocal8Bit().constData(),
                        k.kernel.toLocal8Bit().constData(), k.missing.join(QStringLiteral(", ")).toLocal8Bit().constData());
    for (const QString &note : inventory->notes)
        fprintf(stdout, "%-18s %s\n", "Note", note.toLocal8Bit().constData());
    return 0;
}

}  // namespace st::cli

namespace st::cli {

namespace {
const char *levelTag(inv::RuleLevel level)
{
    switch (level) {
    case inv::RuleLevel::Pass: return "ok   ";
    case inv::RuleLevel::Info: return "info ";
    case inv::RuleLevel::Warn: return "WARN ";
    case inv::RuleLevel::Block: return "BLOCK";
    }
    return "";
}

void printOutcomes(const QList<inv::RuleOutcome> &outcomes, bool sideBySide)
{
    for (const inv::RuleOutcome &o : outcomes) {
        const QString values = sideBySide ? QStringLiteral("%1 | %2").arg(o.primary, o.secondary) : o.secondary;
        fprintf(stdout, "  %s %-34s %s\n        %s\n", levelTag(o.level), o.title.toLocal8Bit().constData(), values.toLocal8Bit().constData(),
                o.reason.toLocal8Bit().constData());
    }
}
}  // namespace

void printHardwareReport(const HardwareReport &r)
{
    fprintf(stdout, "Hardware of the Primary %s and the Secondary %s (%s)\n", r.primary.host.toLocal8Bit().constData(),
            r.secondary.host.toLocal8Bit().constData(), r.secondaryAddress.toLocal8Bit().constData());
    fprintf(stdout, "Rules (Primary | Secondary):\n");
    printOutcomes(r.rules, true);
    fprintf(stdout, "Inventory (Primary | Secondary):\n");
    const QList<inv::InventoryRow> p = inv::inventoryRows(r.primary);
    const QList<inv::InventoryRow> s = inv::inventoryRows(r.secondary);
    QStringList keys;
    for (const auto *rows : {&p, &s})
        for (const inv::InventoryRow &row : *rows)
            if (!keys.contains(row.key))
                keys << row.key;
    const auto find = [](const QList<inv::InventoryRow> &rows, const QString &key) {
        for (const inv::InventoryRow &row : rows)
            if (row.key == key)
                return row;
        return inv::InventoryRow{key, QString(), QStringLiteral("-")};
    };
    for (const QString &key : keys) {
        const inv::InventoryRow a = find(p, key);
        const inv::InventoryRow b = find(s, key);
        fprintf(stdout, "  %-20s %s | %s\n", (a.label.isEmpty() ? b.label : a.label).toLocal8Bit().constData(), a.value.toLocal8Bit().constData(),
                b.value.toLocal8Bit().constData());
    }
    if (r.functionalChecked) {
        fprintf(stdout, "Functional checks on the Secondary:\n");
        printOutcomes(r.functional, false);
        for (const QString &line : r.kernelErrors)
            fprintf(stdout, "  kernel: %s\n", line.toLocal8Bit().constData());
    }
    for (const inv::Confirmation &c : r.confirmations)
        fprintf(stdout, "Confirmed by %s at %s: %s%s\n", c.by.toLocal8Bit().constData(), c.at.toString(Qt::ISODate).toLocal8Bit().constData(),
                c.text.toLocal8Bit().constData(), c.note.isEmpty() ? "" : QStringLiteral(" (%1)").arg(c.note).toLocal8Bit().constData());
}

Result<inv::ConfirmationSet> confirmationsFromAnswers(const QJsonArray &answers, const QList<ChecklistItem> &items, const QString &where)
{
    inv::ConfirmationSet set(items);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (qsizetype i = 0; i < answers.size(); ++i) {
        const QJsonObject o = answers.at(i).toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (it.key() != QLatin1String("id") && it.key() != QLatin1String("by") && it.key() != QLatin1String("note"))
                return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1 item %2: \"%3\" is not an answer this version knows (known: id, by, note)").arg(where).arg(i + 1).arg(it.key()));
        if (!answers.at(i).isObject() || !o.value(QStringLiteral("id")).isString() || !o.value(QStringLiteral("by")).isString())
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1 item %2 must be {\"id\": ..., \"by\": \"your name\", \"note\": ...}").arg(where).arg(i + 1));
        if (Status s = set.confirm(o.value(QStringLiteral("id")).toString(), o.value(QStringLiteral("by")).toString(), now, o.value(QStringLiteral("note")).toString()); !s)
            return s.error().withContext(QStringLiteral("%1 item %2").arg(where).arg(i + 1));
    }
    return set;
}

int runChecklist(QCoreApplication &app, const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Compare this Primary's hardware with the Secondary's by the compatibility rules; after the reboot "
                                               "(--functional) also check the Secondary's disks, NICs, units and kernel log. With --answers, the "
                                               "engineer's confirmations are required. Exits 0 when nothing blocks (and every item is confirmed), "
                                               "3 when a rule blocks, 4 when a confirmation is missing."));
    p.addHelpOption();
    addAgentLinkOptions(p, QStringLiteral("Seconds to reach the agent"), 60);
    addSelectionOptions(p);
    p.addOption({QStringLiteral("functional"), QStringLiteral("Also the functional checks of the system the clone produced (after the reboot).")});
    p.addOption({QStringLiteral("answers"), QStringLiteral("An answer file whose hardware.confirmations confirm the checklist's items."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the report as JSON.")});
    p.addOption({QStringLiteral("report"), QStringLiteral("Write the JSON report here."), QStringLiteral("FILE.json")});
    if (const auto exit = parseOrExit(p, args))
        return *exit;
    const QString command = QStringLiteral("checklist");
    auto link = agentLinkFrom(p);
    if (!link)
        return fail(command, link.error().message, link.error().details == QLatin1String("2") ? 2 : 1);
    auto plan = selectionFrom(p);
    if (!plan)
        return fail(command, plan.error().message, 2);
    QList<ChecklistItem> profileItems;
    if (p.isSet(QStringLiteral("profile")))
        if (auto profile = ProtectionProfile::load(p.value(QStringLiteral("profile"))))
            profileItems = profile->checklist;
    auto items = checklistFor(profileItems);
    if (!items)
        return fail(command, items.error().message);
    HardwareCheckSettings settings;
    settings.link = *link;
    settings.plan = *plan;
    settings.functional = p.isSet(QStringLiteral("functional"));
    if (p.isSet(QStringLiteral("answers"))) {
        QFile f(p.value(QStringLiteral("answers")));
        if (!f.open(QIODevice::ReadOnly))
            return fail(command, QStringLiteral("cannot read the answer file %1: %2").arg(f.fileName(), f.errorString()), 2);
        const QJsonObject hardware = QJsonDocument::fromJson(f.read(1 << 20)).object().value(QStringLiteral("hardware")).toObject();
        auto set = confirmationsFromAnswers(hardware.value(QStringLiteral("confirmations")).toArray(), *items, QStringLiteral("answer file.hardware.confirmations"));
        if (!set)
            return fail(command, set.error().message, 2);
        settings.confirmations = *set;
    }
    HardwareCheckJob job(settings);
    QObject::connect(&job, &Job::logMessage, &job, [](const QString &line) { fprintf(stderr, "%s\n", line.toLocal8Bit().constData()); });
    QObject::connect(&job, &Job::finished, &job, [&app](const Status &) { app.quit(); });
    job.start();
    app.exec();
    const HardwareReport &report = job.report();
    if (p.isSet(QStringLiteral("report"))) {
        QSaveFile out(p.value(QStringLiteral("report")));
        if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(report.toJson()).toJson()) < 0 || !out.commit())
            fail(command, QStringLiteral("cannot write the report %1: %2").arg(out.fileName(), out.errorString()));
    }
    if (!report.ok)
        return fail(command, job.result().error().message);
    if (p.isSet(QStringLiteral("json")))
        fputs(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented).constData(), stdout);
    else
        printHardwareReport(report);
    if (!settings.confirmations) {
        fprintf(stdout, "To confirm (in the answer file's hardware.confirmations, or on the wizard's Hardware page):\n");
        for (const ChecklistItem &item : *items)
            fprintf(stdout, "  %-16s %s\n", item.id.toLocal8Bit().constData(), item.text.toLocal8Bit().constData());
    }
    if (report.blocks())
        return fail(command, QStringLiteral("the Secondary is not fit: %1").arg(inv::blockSummary(report.rules + report.functional)), 3);
    if (settings.confirmations && !settings.confirmations->allConfirmed())
        return fail(command, QStringLiteral("not confirmed: %1").arg(settings.confirmations->missing().join(QStringLiteral("; "))), 4);
    fprintf(stderr, "%s\n", report.summaryText().toLocal8Bit().constData());
    return 0;
}

}  // namespace st::cli
