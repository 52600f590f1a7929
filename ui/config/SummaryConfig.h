// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Logic of the Summary step: the outcome of the installation (from the WizardSession)
 * as a headline, the installation report's HTML for the page to show, and its export as HTML,
 * PDF and JSON into a folder the engineer picks (remembered in QSettings).
 *
 * refresh() rebuilds the report from the session (on entering the step). Export errors are
 * kept per format for the page to show next to its button. GUI thread only (the PDF layout
 * of a few pages takes milliseconds).
 */
#include "config/InstallationReport.h"
#include "session/WizardSession.h"

#include <QObject>

#include <memory>
#include <optional>

namespace st {

class SummaryConfig : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool succeeded READ succeeded NOTIFY reportChanged)
    Q_PROPERTY(QString headline READ headline NOTIFY reportChanged)
    Q_PROPERTY(QString reportHtml READ reportHtml NOTIFY reportChanged)
    Q_PROPERTY(QString exportDir READ exportDir WRITE setExportDir NOTIFY exportChanged)
    Q_PROPERTY(QString exportStatus READ exportStatus NOTIFY exportChanged)
    Q_PROPERTY(QString exportError READ exportError NOTIFY exportChanged)

public:
    enum class Format { Html, Pdf, Json };
    Q_ENUM(Format)

    SummaryConfig(std::shared_ptr<WizardSession> session, QString primaryHost, QObject *parent = nullptr);

    void refresh();
    bool succeeded() const;
    QString headline() const;
    QString reportHtml() const { return m_html; }

    QString exportDir() const { return m_exportDir; }
    void setExportDir(const QString &dir);
    /** The file an export of @p format writes into exportDir(). */
    QString exportFileName(Format format) const;
    /** Writes the report; on failure exportError() names the file and why. */
    Status exportReport(Format format);
    /** Writes all three formats; stops at the first error. */
    Status exportAll();
    /** "Saved report.html" etc. after an export. */
    QString exportStatus() const { return m_exportStatus; }
    QString exportError() const { return m_exportError; }

Q_SIGNALS:
    void reportChanged();
    void exportChanged();

private:
    std::shared_ptr<WizardSession> m_session;
    QString m_primaryHost;
    std::optional<InstallationReport> m_report;
    QString m_html;
    QString m_exportDir;
    QString m_exportStatus;
    QString m_exportError;
};

}  // namespace st
