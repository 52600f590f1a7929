// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Logic of the Protection set step: the protection profile being edited (built-in for
 * the mode, /etc/servertwin/profile.json or the last one used; load and save as JSON), the
 * protected applications the catalog detects on this system (adopted into the profile on
 * request), the directory tree with include/exclude (ProtectionTreeModel), the application
 * data opt-in, the snapshot mode, the SelectionPlan built from all that and a size and time
 * estimate of it. Complete when the plan builds and selects something; commitToSession()
 * hands the ProtectionChoice to the WizardSession.
 *
 * Lives on the GUI thread. Detection and the estimate run on QtConcurrent workers with copies
 * of their inputs; the estimate restarts (debounced) after each edit and is cancelled through
 * its CancelToken when superseded, on leave() and on destruction (which waits for it to stop).
 * Building the plan stats only the include roots and stays on the GUI thread.
 */
#include "config/WizardContext.h"
#include "profile/ProtectionProfile.h"
#include "profile/SelectionPlan.h"
#include "quiesce/ApplicationCatalog.h"
#include "quiesce/Estimate.h"
#include "quiesce/SystemFacts.h"
#include "snapshot/Snapshot.h"
#include "util/CancelToken.h"

#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace st {

class ProtectionApplicationsModel;
class ProtectionTreeModel;
class WizardSession;
struct ProtectionChoice;

struct ProtectionOptions {
    /** The machine's own profile, used when present (outside demo mode). */
    QString systemProfile = QStringLiteral("/etc/servertwin/profile.json");
    /** Starts from this profile file instead of the mode's default (tests; later a command-line option). */
    QString initialProfile;
    /** What detection asks; null: this machine (HostSystemFacts on "/"). */
    std::shared_ptr<const SystemFacts> facts;
    /** zstd level the backup uses; 0: the backup's default. */
    int zstdLevel = 0;
    /** Quiet time after an edit before the estimate runs again. */
    int estimateDelayMs = 600;
};

class ProtectionConfig : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString profileName READ profileName NOTIFY profileChanged)
    Q_PROPERTY(QString profileSource READ profileSource NOTIFY profileChanged)
    Q_PROPERTY(QString profileError READ profileError NOTIFY profileErrorChanged)
    Q_PROPERTY(QString editError READ editError NOTIFY editErrorChanged)
    Q_PROPERTY(bool detecting READ isDetecting NOTIFY detectionChanged)
    Q_PROPERTY(QString detectionSummary READ detectionSummary NOTIFY detectionChanged)
    Q_PROPERTY(bool includeApplicationData READ includeApplicationData WRITE setIncludeApplicationData NOTIFY profileChanged)
    Q_PROPERTY(bool dataIncluded READ isDataIncluded NOTIFY profileChanged)
    Q_PROPERTY(QString planError READ planError NOTIFY planChanged)
    Q_PROPERTY(QString planSummary READ planSummary NOTIFY planChanged)
    Q_PROPERTY(bool estimating READ isEstimating NOTIFY estimateChanged)
    Q_PROPERTY(QString estimateText READ estimateText NOTIFY estimateChanged)
    Q_PROPERTY(bool complete READ isComplete NOTIFY completeChanged)

public:
    ProtectionConfig(std::shared_ptr<WizardSession> session, ProtectionOptions options = {}, QObject *parent = nullptr);
    ~ProtectionConfig() override;

    const WizardContext &context() const;
    ProtectionTreeModel *tree() const { return m_tree; }
    ProtectionApplicationsModel *applications() const { return m_applications; }

    // The profile
    const ProtectionProfile &profile() const { return m_profile; }
    QString profileName() const;
    /** The file the profile was last loaded from or saved to (":/profiles/..." for built-in ones). */
    QString profilePath() const { return m_profilePath; }
    /** For people: the path, or "built-in profile demo.json". */
    QString profileSource() const;
    /** The last load or save error, one line naming the file (and key); "" after a success. */
    QString profileError() const { return m_profileError; }
    /** Loads @p fileName; on error the current profile stays and profileError() says why. */
    Status loadProfile(const QString &fileName);
    /** Writes the profile to @p fileName atomically (QSaveFile); on error nothing changes but profileError(). */
    Status saveProfile(const QString &fileName);
    /** Replaces the profile (as if loaded; not remembered). */
    void setProfile(const ProtectionProfile &profile);
    /** The last profile file loaded or saved here (QSettings), for the file dialogs. */
    static QString lastProfilePath();
    /** The refused tree edit, one line; "" after a successful edit. */
    QString editError() const { return m_editError; }

    // Protected applications
    bool isDetecting() const { return m_detecting; }
    bool hasDetected() const { return m_detected.has_value(); }
    /** Detected applications (empty before detection and when it failed). */
    QList<DetectedApplication> detectedApplications() const { return m_detected.value_or(QList<DetectedApplication>()); }
    /** Why detection failed; "" otherwise. */
    QString detectionError() const { return m_detectionError; }
    QString detectionSummary() const;
    /** Starts detection on a worker (catalog built in, facts of this system); no-op while it runs. */
    Q_INVOKABLE void detectApplications();
    /** Adds a detected (or earlier removed) application to the profile, or removes it. */
    void setApplicationProtected(const QString &id, bool isProtected);
    /** Opts application @p id's data in or out. */
    void setApplicationData(const QString &id, bool includeData);
    bool includeApplicationData() const { return m_profile.includeApplicationData; }
    /** Opts the data of every protected application in or out (the profile's includeApplicationData). */
    void setIncludeApplicationData(bool include);
    /** Some application data is cloned (per application or for all). */
    bool isDataIncluded() const;

    // Snapshot
    SnapshotMode snapshotMode() const { return m_snapshotMode; }
    void setSnapshotMode(SnapshotMode mode);
    /** The modes the page offers, in order (no VSS: this is Linux). */
    static QList<SnapshotMode> snapshotModes();
    static QString snapshotModeText(SnapshotMode mode);
    static QString snapshotModeToolTip(SnapshotMode mode);

    // The plan
    const std::optional<SelectionPlan> &plan() const { return m_plan; }
    QString planError() const { return m_planError; }
    QString planSummary() const;
    /** One line per cloned root and per skipped path with the reason (tooltip of the summary). */
    QString planDetails() const;
    /** The plan builds and selects at least one path. */
    bool isComplete() const;
    /** What the session gets; only meaningful when complete. */
    ProtectionChoice choice() const;
    /** Complete: the session gets choice(); otherwise the session's protection is cleared. */
    void commitToSession();

    // The estimate
    /** Waiting for the debounce or running. */
    bool isEstimating() const { return m_estimateRunning || m_estimateTimer.isActive(); }
    const std::optional<BackupEstimate> &estimate() const { return m_estimate; }
    QString estimateError() const { return m_estimateError; }
    QString estimateText() const;
    /** Starts the estimate of the current plan now (cancelling a running one). */
    Q_INVOKABLE void startEstimate();
    /** Starts it after the quiet time; what edits do. */
    void scheduleEstimate();
    void cancelEstimate();
    /** The running (or last) estimate's token: cancelled when superseded, on leave and on destruction. */
    CancelToken estimateToken() const { return m_estimateToken; }

    /** The page became current: detection the first time, the estimate when there is none. */
    void enter();
    /** The page is left: cancels the estimate and commits to the session. */
    void leave();

Q_SIGNALS:
    void profileChanged();
    void profileErrorChanged(const QString &error);
    void editErrorChanged(const QString &error);
    void detectionChanged();
    void planChanged();
    void estimateChanged();
    void completeChanged(bool complete);

private:
    struct DetectionOutcome {
        QList<DetectedApplication> applications;
        QString error;
    };
    struct EstimateOutcome {
        quint64 generation = 0;
        std::optional<BackupEstimate> estimate;
        std::optional<Error> error;
    };

    void applyProfile(const ProtectionProfile &profile, bool relist = false);
    void takeEditedProfile(const ProtectionProfile &profile);
    void setProfileError(const QString &error);
    void rememberProfilePath(const QString &fileName);
    void updateApplicationRows();
    void rebuildPlan();
    void takeDetection();
    void takeEstimate();

    std::shared_ptr<WizardSession> m_session;
    ProtectionOptions m_options;
    ProtectionTreeModel *m_tree;
    ProtectionApplicationsModel *m_applications;

    ProtectionProfile m_profile;
    QString m_profilePath;
    QString m_profileError;
    QString m_editError;
    QHash<QString, ProtectedApplication> m_removedApplications;  // unchecked, kept to check again

    QFutureWatcher<DetectionOutcome> m_detectionWatcher;
    bool m_detecting = false;
    std::optional<QList<DetectedApplication>> m_detected;
    QString m_detectionError;

    SnapshotMode m_snapshotMode = SnapshotMode::Auto;
    std::optional<SelectionPlan> m_plan;
    QString m_planError;

    QTimer m_estimateTimer;
    QFutureWatcher<EstimateOutcome> m_estimateWatcher;
    CancelToken m_estimateToken;
    quint64 m_estimateGeneration = 0;
    bool m_estimateRunning = false;
    std::optional<BackupEstimate> m_estimate;
    QString m_estimateError;
    bool m_entered = false;
};

}  // namespace st
