// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/SummaryConfig.h"

#include "report/CloneReport.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace st {

namespace {
const auto kExportDirKey = QStringLiteral("summary/exportDir");
}

SummaryConfig::SummaryConfig(std::shared_ptr<WizardSession> session, QString primaryHost, QObject *parent)
    : QObject(parent), m_session(std::move(session)), m_primaryHost(std::move(primaryHost))
{
    QString dir = QSettings().value(kExportDirKey).toString();
    if (dir.isEmpty() || !QFileInfo(dir).isDir())
        dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (dir.isEmpty() || !QFileInfo(dir).isDir())
        dir = QDir::homePath();
    m_exportDir = dir;
    refresh();
}

void SummaryConfig::refresh()
{
    m_report.emplace(*m_session, m_primaryHost);
    m_html = m_report->html();
    Q_EMIT reportChanged();
}

bool SummaryConfig::succeeded() const
{
    const auto &clone = m_session->outcome();
    const auto &reboot = m_session->rebootOutcome();
    const auto &hardware = m_session->hardwareOutcome();
    if (!(clone && clone->result && reboot && reboot->result && hardware && hardware->result))
        return false;
    for (const TargetRecord &t : m_session->record().targets())
        if (t.succeeded(InstallStep::Reboot) && !t.succeeded(InstallStep::Hardware))
            return false;
    return true;
}

QString SummaryConfig::headline() const
{
    const auto &clone = m_session->outcome();
    const auto &reboot = m_session->rebootOutcome();
    if (!clone)
        return tr("The clone has not run.");
    if (!clone->result)
        return tr("The installation did not complete: %1").arg(clone->result.error().message);
    if (!reboot)
        return tr("The clone is verified and staged; the reboot that applies it has not run.");
    if (!reboot->result)
        return tr("The installation did not complete: %1").arg(reboot->result.error().message);
    const auto &hardware = m_session->hardwareOutcome();
    if (!hardware)
        return tr("The Secondary rebooted into the clone; its hardware checklist has not been done.");
    if (!hardware->result)
        return tr("The hardware check did not complete: %1").arg(hardware->result.error().message);
    // One line for the targets that completed every step, counted from the record (a retry
    // replaces its target's report: two attempts to one Secondary are still one Secondary).
    qint64 files = 0, bytes = 0;
    QStringList twins;
    for (const TargetRecord &t : m_session->record().targets()) {
        if (!t.succeeded(InstallStep::Clone) || !t.succeeded(InstallStep::Reboot))
            continue;
        if (!t.succeeded(InstallStep::Hardware))
            return t.hardware && t.hardware->blocks() ? tr("The %1's hardware blocks the installation: %2").arg(t.role, t.hardware->summaryText())
                                                      : t.hardware ? tr("The %1's hardware checklist is not confirmed: %n item(s) open.", nullptr, static_cast<int>(t.hardware->unconfirmed.size())).arg(t.role)
                                                                   : tr("The %1's hardware was not checked.").arg(t.role);
        files += t.clone->files;
        bytes += t.clone->bytes;
        twins << (t.role == QLatin1String("Tertiary") ? tr("the Tertiary") : tr("the Secondary"));
    }
    if (twins.isEmpty())
        return tr("No target completed the installation.");
    QString who = twins.size() == 1 ? tr("%1 is a verified twin of this server").arg(twins[0])
                                    : tr("%1 and %2 are verified twins of this server").arg(twins[0], twins[1]);
    who[0] = who[0].toUpper();
    return tr("%1, rebooted into the clone, its hardware checked and confirmed: %L2 files, %3 in %4.")
        .arg(who)
        .arg(files)
        .arg(formatBytes(bytes), formatDuration(clone->startedAt.msecsTo(hardware->finishedAt)));
}

void SummaryConfig::setExportDir(const QString &dir)
{
    if (dir == m_exportDir)
        return;
    m_exportDir = dir;
    QSettings().setValue(kExportDirKey, dir);
    Q_EMIT exportChanged();
}

QString SummaryConfig::exportFileName(Format format) const
{
    const auto &outcome = m_session->outcome();
    const QDateTime when = outcome ? outcome->finishedAt : QDateTime::currentDateTime();
    QString host = m_primaryHost;
    host.replace(QLatin1Char('/'), QLatin1Char('_'));
    const QString base = QStringLiteral("servertwin-report-%1-%2").arg(host, when.toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const char *suffix = format == Format::Html ? ".html" : format == Format::Pdf ? ".pdf" : ".json";
    return QDir(m_exportDir).filePath(base + QString::fromLatin1(suffix));
}

Status SummaryConfig::exportReport(Format format)
{
    const QString file = exportFileName(format);
    Status status;
    if (!QFileInfo(m_exportDir).isDir())
        status = makeError(ErrorCode::Io, tr("the folder %1 does not exist").arg(m_exportDir));
    else if (format == Format::Html)
        status = m_report->writeHtml(file);
    else if (format == Format::Pdf)
        status = m_report->writePdf(file);
    else
        status = m_report->writeJson(file);
    if (status) {
        m_exportError.clear();
        m_exportStatus = tr("Saved %1").arg(file);
    } else {
        m_exportError = status.error().message;
        m_exportStatus.clear();
    }
    Q_EMIT exportChanged();
    return status;
}

Status SummaryConfig::exportAll()
{
    QStringList written;
    for (Format f : {Format::Html, Format::Pdf, Format::Json}) {
        if (Status s = exportReport(f); !s)
            return s;
        written << QFileInfo(exportFileName(f)).fileName();
    }
    m_exportStatus = tr("Saved %1 in %2").arg(written.join(QStringLiteral(", ")), m_exportDir);
    Q_EMIT exportChanged();
    return {};
}

}  // namespace st
