// SPDX-License-Identifier: GPL-3.0-or-later
// ProtectionConfig: the protected applications (detection off the GUI thread, protecting one,
// its data opt-in) and their rows in ProtectionApplicationsModel.
#include "config/ProtectionConfig.h"

#include "config/ProtectionApplicationsModel.h"
#include "config/ProtectionTreeModel.h"

#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace st {

QString ProtectionConfig::detectionSummary() const
{
    if (m_detecting)
        return tr("Detecting installed applications…");
    if (!m_detectionError.isEmpty())
        return tr("Detection failed: %1").arg(m_detectionError);
    if (!m_detected)
        return tr("Applications have not been detected yet.");
    if (m_detected->isEmpty())
        return tr("No application of the catalog is installed on this system.");
    if (m_detected->size() == 1)
        return tr("1 application of the catalog detected on this system.");
    return tr("%1 applications of the catalog detected on this system.").arg(m_detected->size());
}

void ProtectionConfig::detectApplications()
{
    if (m_detecting)
        return;
    m_detecting = true;
    std::shared_ptr<const SystemFacts> facts = m_options.facts;
    m_detectionWatcher.setFuture(QtConcurrent::run([facts] {
        DetectionOutcome outcome;
        Result<ApplicationCatalog> catalog = ApplicationCatalog::builtIn();
        if (!catalog) {
            outcome.error = catalog.error().message;
            return outcome;
        }
        Result<QList<DetectedApplication>> detected = catalog->detectInstalled(*facts);
        if (detected)
            outcome.applications = *detected;
        else
            outcome.error = detected.error().message;
        return outcome;
    }));
    emit detectionChanged();
}

void ProtectionConfig::takeDetection()
{
    const DetectionOutcome outcome = m_detectionWatcher.result();
    m_detecting = false;
    m_detectionError = outcome.error;
    if (outcome.error.isEmpty())
        m_detected = outcome.applications;
    updateApplicationRows();
    emit detectionChanged();
}

void ProtectionConfig::updateApplicationRows()
{
    QList<ProtectionApplicationRow> rows;
    auto inProfile = [this](const QString &id) -> const ProtectedApplication * {
        for (const ProtectedApplication &app : m_profile.applications) {
            if (app.id == id)
                return &app;
        }
        return nullptr;
    };
    auto rowOf = [this](const ProtectedApplication &app) {
        ProtectionApplicationRow row;
        row.id = app.id;
        row.name = app.name.isEmpty() ? app.id : app.name;
        row.hasData = !app.data.isEmpty();
        row.includeData = app.includeData || m_profile.includeApplicationData;
        row.dataForAll = m_profile.includeApplicationData;
        return row;
    };
    QSet<QString> listed;
    for (const DetectedApplication &detected : detectedApplications()) {
        const CatalogApplication &app = detected.application;
        ProtectionApplicationRow row;
        if (const ProtectedApplication *own = inProfile(app.id)) {
            row = rowOf(*own);
            row.isProtected = true;
        } else if (m_removedApplications.contains(app.id)) {
            row = rowOf(m_removedApplications.value(app.id));
        } else {
            row.id = app.id;
            row.name = app.name;
            row.hasData = !app.data.isEmpty();
            row.includeData = m_profile.includeApplicationData;
            row.dataForAll = m_profile.includeApplicationData;
        }
        row.note = app.note;
        row.detected = true;
        row.evidence = detected.evidence;
        rows.append(row);
        listed.insert(app.id);
    }
    for (const ProtectedApplication &app : std::as_const(m_profile.applications)) {
        if (listed.contains(app.id))
            continue;
        ProtectionApplicationRow row = rowOf(app);
        row.isProtected = true;
        rows.append(row);
        listed.insert(app.id);
    }
    for (auto it = m_removedApplications.cbegin(); it != m_removedApplications.cend(); ++it) {
        if (!listed.contains(it.key()))
            rows.append(rowOf(it.value()));
    }
    m_applications->setRows(rows);
}

void ProtectionConfig::setApplicationProtected(const QString &id, bool isProtected)
{
    ProtectionProfile profile = m_profile;
    const auto position = std::find_if(profile.applications.begin(), profile.applications.end(),
                                       [&id](const ProtectedApplication &app) { return app.id == id; });
    const bool present = position != profile.applications.end();
    if (present == isProtected)
        return;
    if (!isProtected) {
        m_removedApplications.insert(id, *position);
        profile.applications.erase(position);
    } else if (m_removedApplications.contains(id)) {
        profile.applications.append(m_removedApplications.take(id));
    } else {
        QList<DetectedApplication> adopt;
        for (const DetectedApplication &detected : detectedApplications()) {
            if (detected.application.id == id)
                adopt.append(detected);
        }
        if (adopt.isEmpty())
            return;
        ApplicationCatalog::adoptInto(profile, adopt, AdoptOptions{false, true});
    }
    applyProfile(profile);
}

void ProtectionConfig::setApplicationData(const QString &id, bool includeData)
{
    ProtectionProfile profile = m_profile;
    for (ProtectedApplication &app : profile.applications) {
        if (app.id == id && app.includeData != includeData) {
            app.includeData = includeData;
            applyProfile(profile);
            return;
        }
    }
}

void ProtectionConfig::setIncludeApplicationData(bool include)
{
    if (m_profile.includeApplicationData == include)
        return;
    ProtectionProfile profile = m_profile;
    profile.includeApplicationData = include;
    applyProfile(profile);
}

bool ProtectionConfig::isDataIncluded() const
{
    for (const ProtectedApplication &app : m_profile.applications) {
        if (!app.data.isEmpty() && (app.includeData || m_profile.includeApplicationData))
            return true;
    }
    return false;
}

}  // namespace st
