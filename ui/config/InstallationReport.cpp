// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/InstallationReport.h"

#include "config/ComponentsReportHtml.h"
#include "config/HardwareReportHtml.h"
#include "config/ReportHtml.h"

#include "profile/HostSpecificFiles.h"
#include "util/RawPath.h"
#include "util/Version.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPageLayout>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

namespace st {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("st::InstallationReport", text);
}

using html::esc;
using html::row;

QString pathList(const QString &heading, const QList<ReportPath> &paths)
{
    if (paths.isEmpty())
        return {};
    QString s = QStringLiteral("<h4>%1 (%2)</h4>\n<ul>\n").arg(esc(heading)).arg(paths.size());
    for (qsizetype i = 0; i < paths.size() && i < InstallationReport::kMaxListedPaths; ++i)
        s += QStringLiteral("<li><code>%1</code> — %2</li>\n").arg(esc(displayPath(paths[i].path)), esc(paths[i].reason));
    if (paths.size() > InstallationReport::kMaxListedPaths)
        s += QStringLiteral("<li>%1</li>\n").arg(esc(tr("… and %1 more (see the JSON report)").arg(paths.size() - InstallationReport::kMaxListedPaths)));
    return s + QStringLiteral("</ul>\n");
}

QString pathsJoined(const QList<QByteArray> &paths)
{
    QStringList shown;
    for (const QByteArray &p : paths)
        shown << (p.isEmpty() ? QStringLiteral("/") : QLatin1Char('/') + displayPath(p));
    return shown.join(QStringLiteral(", "));
}

Status saveAtomically(const QString &fileName, const QByteArray &bytes)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return makeError(ErrorCode::Io, tr("cannot write %1: %2").arg(fileName, file.errorString()));
    return {};
}

}  // namespace

InstallationReport::InstallationReport(const WizardSession &session, QString primaryHost)
    : m_primaryHost(std::move(primaryHost)), m_context(session.context()), m_targets(session.targets()),
      m_protection(session.protection()), m_outcome(session.outcome()), m_rebootOutcome(session.rebootOutcome()),
      m_hardwareOutcome(session.hardwareOutcome()), m_componentsOutcome(session.componentsOutcome()), m_record(session.record())
{
}

QString InstallationReport::title() const
{
    return tr("ServerTwin installation report — %1").arg(m_primaryHost);
}

QString InstallationReport::html() const
{
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title>\n"
                        "<style>body{font-family:sans-serif} th{padding-right:1em;vertical-align:top} "
                        "table{border-collapse:collapse;margin-bottom:1em} td,th{padding:2px 6px} "
                        ".ok{color:#1b7f3a} .fail{color:#b3261e}</style></head><body>\n")
             .arg(esc(title()));
    h += QStringLiteral("<h1>%1</h1>\n").arg(esc(title()));

    const bool cloned = m_outcome && m_outcome->result;
    const bool rebooted = cloned && m_rebootOutcome && m_rebootOutcome->result;
    bool hardwareDone = m_hardwareOutcome && m_hardwareOutcome->result;
    for (const TargetRecord &t : m_record.targets())
        hardwareDone = hardwareDone && (!t.succeeded(InstallStep::Reboot) || t.succeeded(InstallStep::Hardware));
    const bool componentsFailed = m_componentsOutcome && !m_componentsOutcome->result;
    const bool ok = rebooted && hardwareDone && !componentsFailed;
    QString verdict;
    if (!m_outcome)
        verdict = tr("The clone was not run.");
    else if (!cloned)
        verdict = tr("The clone did not complete: %1").arg(m_outcome->result.error().message);
    else if (!m_rebootOutcome)
        verdict = tr("The clone is verified and staged; the reboot that applies it was not run.");
    else if (!rebooted)
        verdict = tr("The reboot did not complete: %1").arg(m_rebootOutcome->result.error().message);
    else if (!m_hardwareOutcome)
        verdict = tr("Every target rebooted into the applied clone; the hardware checklist was not done.");
    else if (!m_hardwareOutcome->result)
        verdict = tr("The hardware check did not complete: %1").arg(m_hardwareOutcome->result.error().message);
    else if (!hardwareDone)
        verdict = tr("The hardware checklist is not complete: a check blocks or an item is not confirmed.");
    else if (componentsFailed)
        verdict = tr("The components were not installed: %1").arg(m_componentsOutcome->result.error().message);
    else
        verdict = tr("Every target rebooted into the applied clone, its hardware checked and confirmed: a verified twin of the Primary.");
    h += QStringLiteral("<p class=\"%1\"><b>%2</b></p>\n").arg(ok ? QStringLiteral("ok") : QStringLiteral("fail"), esc(verdict));

    h += QStringLiteral("<h2>%1</h2>\n<table>\n").arg(esc(tr("Installation")));
    h += row(tr("Primary"), m_primaryHost);
    h += row(tr("ServerTwin version"), productVersion());
    if (m_context.demoMode)
        h += row(tr("Mode"), tr("demo (local agent with a sandbox root)"));
    if (m_outcome) {
        h += row(tr("Clone started"), m_outcome->startedAt.toString(Qt::ISODate));
        h += row(tr("Clone finished"), m_outcome->finishedAt.toString(Qt::ISODate));
        h += row(tr("Clone duration"), formatDuration(m_outcome->startedAt.msecsTo(m_outcome->finishedAt)));
        h += row(tr("Clone attempts"), QString::number(m_outcome->attempts));
    }
    if (m_rebootOutcome) {
        h += row(tr("Reboot finished"), m_rebootOutcome->finishedAt.toString(Qt::ISODate));
        h += row(tr("Reboot attempts"), QString::number(m_rebootOutcome->attempts));
    }
    if (m_hardwareOutcome) {
        h += row(tr("Hardware checked"), m_hardwareOutcome->finishedAt.toString(Qt::ISODate));
        h += row(tr("Hardware checks"), QString::number(m_hardwareOutcome->attempts));
    }
    h += QStringLiteral("</table>\n");

    h += QStringLiteral("<h2>%1</h2>\n<table>\n").arg(esc(tr("Target machines")));
    for (const TargetMachine &t : m_targets) {
        h += row(t.role, QStringLiteral("%1 — %2, %3, agent %4").arg(t.address, t.info.host, t.info.os, t.info.version));
        h += row(tr("Certificate"), formatFingerprint(t.info.fingerprint));
    }
    h += QStringLiteral("</table>\n");

    if (m_protection) {
        const SelectionPlan &plan = m_protection->plan;
        h += QStringLiteral("<h2>%1</h2>\n<table>\n").arg(esc(tr("Protection set")));
        h += row(tr("Profile"), m_protection->profile.name);
        h += row(tr("Source root"), displayPath(plan.sourceRoot));
        h += row(tr("Included"), pathsJoined(plan.includes));
        h += row(tr("Excluded"), QString::fromUtf8(QByteArrayList(plan.excludePatterns).join(", ")));
        QStringList apps;
        for (const ProtectedApplication &a : m_protection->profile.applications)
            apps << (a.includeData ? tr("%1 (with data)").arg(a.name) : a.name);
        h += row(tr("Protected applications"), apps.isEmpty() ? tr("none") : apps.join(QStringLiteral(", ")));
        h += row(tr("Snapshot"), snapshotModeName(m_protection->snapshot));
        h += QStringLiteral("</table>\n");
    }

    bool staged = false;
    for (const TargetRecord &t : m_record.targets()) {
        if (t.clone) {
            const CloneReport &r = *t.clone;
            staged = staged || r.stagedForReboot;
            h += QStringLiteral("<h2>%1</h2>\n<table>\n").arg(esc(tr("Clone to the %1").arg(t.role)));
            h += row(tr("Result"), !r.ok ? tr("failed: %1").arg(r.error.message)
                                   : r.stagedForReboot ? tr("verified and staged, applied at the next boot")
                                                       : tr("verified and applied"));
            h += row(tr("Attempts"), QString::number(t.cloneAttempts));
            h += row(tr("Read from"), r.snapshot);
            h += row(tr("Files"), QString::number(r.files));
            h += row(tr("Entries"), QString::number(r.entries));
            h += row(tr("Data"), formatBytes(r.bytes));
            h += row(tr("Sent (compressed)"), formatBytes(r.compressedBytes));
            if (r.freezeWindowMs > 0)
                h += row(tr("Applications frozen for"), formatDuration(r.freezeWindowMs));
            h += row(tr("Scan"), formatDuration(r.scanMs));
            h += row(tr("Backup and transfer"), formatDuration(r.transferMs));
            h += row(tr("Receive on the Secondary"), formatDuration(r.receiveMs));
            h += row(tr("Verify"), formatDuration(r.verifyMs));
            h += row(tr("Apply"), formatDuration(r.applyMs));
            h += row(tr("Total"), formatDuration(r.totalMs));
            h += row(r.stagedForReboot ? tr("Removed at the boot") : tr("Removed on the Secondary"), QString::number(r.removedCount));
            h += QStringLiteral("</table>\n");
            h += pathList(tr("Skipped"), r.skipped);
            QList<ReportPath> changed;
            for (const QByteArray &p : r.changedWhileRead)
                changed.append({p, tr("changed while it was read")});
            h += pathList(tr("Inconsistent"), changed);
        }
        if (t.reboot)
            h += rebootSection(t);
        if (t.hardware)
            h += hardwareReportHtml(t.role, *t.hardware, t.hardwareAttempts);
        if (!t.componentRuns.isEmpty())
            h += componentsReportHtml(t.role, t.componentRuns);
    }
    if (staged)
        h += hostSpecificSection();
    if (m_outcome) {
        if (!m_outcome->warnings.isEmpty()) {
            h += QStringLiteral("<h2>%1</h2>\n<ul>\n").arg(esc(tr("Warnings")));
            for (const QString &w : m_outcome->warnings)
                h += QStringLiteral("<li>%1</li>\n").arg(esc(w));
            h += QStringLiteral("</ul>\n");
        }
        h += logSection(tr("Clone log"), m_outcome->log);
    }
    if (m_rebootOutcome)
        h += logSection(tr("Reboot log"), m_rebootOutcome->log);
    if (m_hardwareOutcome)
        h += logSection(tr("Hardware log"), m_hardwareOutcome->log);
    if (m_componentsOutcome)
        h += logSection(tr("Components log"), m_componentsOutcome->log);
    h += QStringLiteral("</body></html>\n");
    return h;
}

QJsonObject InstallationReport::json() const
{
    QJsonObject o;
    o[QStringLiteral("version")] = 1;
    o[QStringLiteral("product")] = productVersion();
    o[QStringLiteral("primary")] = m_primaryHost;
    o[QStringLiteral("demo")] = m_context.demoMode;
    QJsonArray targets;
    for (qsizetype i = 0; i < m_targets.size(); ++i) {
        const TargetMachine &t = m_targets[i];
        QJsonObject j;
        j[QStringLiteral("role")] = t.role;
        j[QStringLiteral("address")] = t.address;
        j[QStringLiteral("host")] = t.info.host;
        j[QStringLiteral("os")] = t.info.os;
        j[QStringLiteral("agentVersion")] = t.info.version;
        j[QStringLiteral("fingerprint")] = formatFingerprint(t.info.fingerprint);
        if (const TargetRecord *r = m_record.find(t.address)) {
            const QJsonObject steps = r->toJson();
            for (auto it = steps.constBegin(); it != steps.constEnd(); ++it)
                if (it.key() != QLatin1String("role") && it.key() != QLatin1String("address"))
                    j[it.key()] = it.value();
        }
        targets.append(j);
    }
    o[QStringLiteral("targets")] = targets;
    if (m_protection) {
        QJsonObject p;
        p[QStringLiteral("profile")] = QJsonDocument::fromJson(m_protection->profile.toJson()).object();
        p[QStringLiteral("snapshot")] = snapshotModeName(m_protection->snapshot);
        o[QStringLiteral("protection")] = p;
    }
    if (m_outcome) {
        o[QStringLiteral("ok")] = bool(m_outcome->result);
        if (!m_outcome->result)
            o[QStringLiteral("error")] = m_outcome->result.error().message;
        o[QStringLiteral("startedAt")] = m_outcome->startedAt.toString(Qt::ISODate);
        o[QStringLiteral("finishedAt")] = m_outcome->finishedAt.toString(Qt::ISODate);
        o[QStringLiteral("attempts")] = m_outcome->attempts;
        o[QStringLiteral("warnings")] = QJsonArray::fromStringList(m_outcome->warnings);
        o[QStringLiteral("log")] = QJsonArray::fromStringList(m_outcome->log);
    }
    if (m_rebootOutcome) {
        QJsonObject r{{QStringLiteral("ok"), bool(m_rebootOutcome->result)},
                      {QStringLiteral("startedAt"), m_rebootOutcome->startedAt.toString(Qt::ISODate)},
                      {QStringLiteral("finishedAt"), m_rebootOutcome->finishedAt.toString(Qt::ISODate)},
                      {QStringLiteral("attempts"), m_rebootOutcome->attempts},
                      {QStringLiteral("log"), QJsonArray::fromStringList(m_rebootOutcome->log)}};
        if (!m_rebootOutcome->result)
            r[QStringLiteral("error")] = m_rebootOutcome->result.error().message;
        o[QStringLiteral("reboot")] = r;
        o[QStringLiteral("ok")] = bool(m_outcome && m_outcome->result) && bool(m_rebootOutcome->result);
    }
    if (m_hardwareOutcome) {
        QJsonObject r{{QStringLiteral("ok"), bool(m_hardwareOutcome->result)},
                      {QStringLiteral("startedAt"), m_hardwareOutcome->startedAt.toString(Qt::ISODate)},
                      {QStringLiteral("finishedAt"), m_hardwareOutcome->finishedAt.toString(Qt::ISODate)},
                      {QStringLiteral("attempts"), m_hardwareOutcome->attempts},
                      {QStringLiteral("warnings"), QJsonArray::fromStringList(m_hardwareOutcome->warnings)},
                      {QStringLiteral("log"), QJsonArray::fromStringList(m_hardwareOutcome->log)}};
        if (!m_hardwareOutcome->result)
            r[QStringLiteral("error")] = m_hardwareOutcome->result.error().message;
        o[QStringLiteral("hardware")] = r;
    }
    if (m_componentsOutcome) {
        QJsonObject r{{QStringLiteral("ok"), bool(m_componentsOutcome->result)},
                      {QStringLiteral("startedAt"), m_componentsOutcome->startedAt.toString(Qt::ISODate)},
                      {QStringLiteral("finishedAt"), m_componentsOutcome->finishedAt.toString(Qt::ISODate)},
                      {QStringLiteral("attempts"), m_componentsOutcome->attempts},
                      {QStringLiteral("log"), QJsonArray::fromStringList(m_componentsOutcome->log)}};
        if (!m_componentsOutcome->result)
            r[QStringLiteral("error")] = m_componentsOutcome->result.error().message;
        o[QStringLiteral("components")] = r;
    }
    if (m_rebootOutcome) {
        // Complete only with every twin's hardware checked, nothing blocking, every item confirmed.
        bool ok = bool(m_outcome && m_outcome->result) && bool(m_rebootOutcome->result) && m_hardwareOutcome && m_hardwareOutcome->result;
        for (const TargetRecord &t : m_record.targets())
            ok = ok && (!t.succeeded(InstallStep::Reboot) || t.succeeded(InstallStep::Hardware));
        o[QStringLiteral("ok")] = ok && !(m_componentsOutcome && !m_componentsOutcome->result);
    }
    if (m_record.ran(InstallStep::Clone) > 0) {
        QJsonArray kept, regenerated;
        for (const HostSpecificPath &k : hostSpecificPaths())
            kept.append(QJsonObject{{QStringLiteral("path"), QLatin1Char('/') + displayPath(k.path)},
                                    {QStringLiteral("group"), k.group},
                                    {QStringLiteral("reason"), k.reason}});
        for (const RegeneratedItem &g : regeneratedAtBoot())
            regenerated.append(QJsonObject{{QStringLiteral("what"), g.what}, {QStringLiteral("how"), g.how}});
        o[QStringLiteral("keptOnSecondary")] = kept;
        o[QStringLiteral("regeneratedAtBoot")] = regenerated;
    }
    return o;
}

QString InstallationReport::rebootSection(const TargetRecord &t) const
{
    const RebootReport &r = *t.reboot;
    QString h = QStringLiteral("<h2>%1</h2>\n<table>\n").arg(esc(tr("Reboot of the %1").arg(t.role)));
    h += row(tr("Result"), r.ok ? (r.simulated ? tr("back in a new boot (simulated reboot of a sandbox)") : tr("back in a new boot, healthy"))
                                : tr("failed: %1").arg(r.error.message));
    h += row(tr("Attempts"), QString::number(t.rebootAttempts));
    h += row(tr("Boot before"), r.bootIdBefore);
    h += row(tr("Boot after"), r.bootIdAfter);
    h += row(tr("Host name after"), r.hostAfter);
    h += row(tr("System state"), r.systemState);
    h += row(tr("Going down"), formatDuration(r.goingDownMs));
    h += row(tr("Away (apply at boot, booting)"), formatDuration(r.downMs));
    h += row(tr("Starting services"), formatDuration(r.startingMs));
    h += row(tr("Total"), formatDuration(r.totalMs));
    if (!r.clonesConfirmed.isEmpty())
        h += row(tr("Clone applied and confirmed"), r.clonesConfirmed.join(QStringLiteral(", ")));
    if (!r.clonesRolledBack.isEmpty())
        h += row(tr("Clone rolled back"), r.clonesRolledBack.join(QStringLiteral(", ")));
    if (!r.newlyFailed.isEmpty())
        h += row(tr("Units failed after the reboot"), r.newlyFailed.join(QStringLiteral(", ")));
    if (!r.failedBefore.isEmpty())
        h += row(tr("Units failed before the reboot"), r.failedBefore.join(QStringLiteral(", ")));
    for (const QString &w : r.warnings + r.cloneNotes)
        h += row(tr("Note"), w);
    h += QStringLiteral("</table>\n");
    return h + logSection(tr("Apply log of the boot (%1)").arg(t.role), r.bootLog);
}

QString InstallationReport::hostSpecificSection() const
{
    QString h = QStringLiteral("<h2>%1</h2>\n<p>%2</p>\n<table>\n")
                    .arg(esc(tr("Kept on the Secondary, regenerated at boot")),
                         esc(tr("A clone applied to a live Secondary leaves these of its own files in place; "
                                "everything else, host name, machine-id and SSH host keys included, comes from the Primary.")));
    for (const HostSpecificPath &k : hostSpecificPaths())
        h += row(QLatin1Char('/') + displayPath(k.path), QStringLiteral("%1: %2").arg(k.group, k.reason));
    h += QStringLiteral("</table>\n<ul>\n");
    for (const RegeneratedItem &g : regeneratedAtBoot())
        h += QStringLiteral("<li>%1 — %2</li>\n").arg(esc(g.what), esc(g.how));
    return h + QStringLiteral("</ul>\n");
}

QString InstallationReport::logSection(const QString &heading, const QStringList &lines)
{
    if (lines.isEmpty())
        return {};
    QString h = QStringLiteral("<h2>%1</h2>\n<p style=\"white-space:pre-wrap;font-family:monospace\">").arg(esc(heading));
    for (const QString &l : lines)
        h += esc(l) + QLatin1Char('\n');
    return h + QStringLiteral("</p>\n");
}

Status InstallationReport::writeHtml(const QString &fileName) const
{
    return saveAtomically(fileName, html().toUtf8());
}

Status InstallationReport::writeJson(const QString &fileName) const
{
    return saveAtomically(fileName, QJsonDocument(json()).toJson(QJsonDocument::Indented));
}

Status InstallationReport::writePdf(const QString &fileName) const
{
    // QPdfWriter writes to a device: render into a QSaveFile so a failure leaves nothing half-written.
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, tr("cannot write %1: %2").arg(fileName, file.errorString()));
    {
        QPdfWriter writer(&file);
        writer.setTitle(title());
        writer.setCreator(QStringLiteral("ServerTwin %1").arg(productVersion()));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setResolution(300);
        QTextDocument document;
        document.setHtml(html());
        document.print(&writer);
    }
    if (!file.commit())
        return makeError(ErrorCode::Io, tr("cannot write %1: %2").arg(fileName, file.errorString()));
    return {};
}

}  // namespace st
