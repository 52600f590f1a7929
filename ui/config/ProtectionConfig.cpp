// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ProtectionConfig.h"

#include "archive/ZstdStream.h"
#include "config/ProtectionApplicationsModel.h"
#include "config/ProtectionTreeModel.h"
#include "session/WizardSession.h"
#include "util/RawPath.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QSet>
#include <QSaveFile>
#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

// The profiles and the catalog live in st_ui, a static library: register them explicitly.
static void initProtectionResources()
{
    Q_INIT_RESOURCE(profiles);
    Q_INIT_RESOURCE(catalog);
}

namespace st {

namespace {

const QString kDemoProfile = QStringLiteral(":/profiles/demo.json");
const QString kServerProfile = QStringLiteral(":/profiles/debian-server.json");
const QString kLastProfileKey = QStringLiteral("protection/lastProfile");
const QString kSnapshotKey = QStringLiteral("protection/snapshotMode");

QSettings wizardSettings()
{
    return QSettings(QStringLiteral("ServerTwin"), QStringLiteral("servertwin"));
}

void ensureResources()
{
    static const bool registered = (initProtectionResources(), true);
    Q_UNUSED(registered);
}

bool isBuiltIn(const QString &fileName)
{
    return fileName.startsWith(QLatin1String(":/"));
}

}  // namespace

ProtectionConfig::ProtectionConfig(std::shared_ptr<WizardSession> session, ProtectionOptions options, QObject *parent)
    : QObject(parent),
      m_session(std::move(session)),
      m_options(std::move(options)),
      m_tree(new ProtectionTreeModel(this)),
      m_applications(new ProtectionApplicationsModel(this))
{
    Q_ASSERT(m_session);
    ensureResources();
    if (!m_options.facts)
        m_options.facts = std::make_shared<HostSystemFacts>();
    if (m_options.zstdLevel <= 0)
        m_options.zstdLevel = ZstdOptions{}.level;

    m_estimateTimer.setSingleShot(true);
    m_estimateTimer.setInterval(m_options.estimateDelayMs);
    connect(&m_estimateTimer, &QTimer::timeout, this, &ProtectionConfig::startEstimate);
    connect(&m_estimateWatcher, &QFutureWatcherBase::finished, this, &ProtectionConfig::takeEstimate);
    connect(&m_detectionWatcher, &QFutureWatcherBase::finished, this, &ProtectionConfig::takeDetection);
    connect(m_tree, &ProtectionTreeModel::profileEdited, this, &ProtectionConfig::takeEditedProfile);
    connect(m_tree, &ProtectionTreeModel::editFailed, this, [this](const QString &message) {
        m_editError = message;
        emit editErrorChanged(m_editError);
    });
    connect(m_applications, &ProtectionApplicationsModel::protectRequested, this,
            &ProtectionConfig::setApplicationProtected);
    connect(m_applications, &ProtectionApplicationsModel::dataRequested, this, &ProtectionConfig::setApplicationData);

    const std::optional<SnapshotMode> mode =
        parseSnapshotMode(wizardSettings().value(kSnapshotKey).toString());
    if (mode && snapshotModes().contains(*mode))
        m_snapshotMode = *mode;

    // The profile to start from: given, the demo's, the last one used, the machine's, the shipped one.
    const QString fallback = context().demoMode ? kDemoProfile : kServerProfile;
    QString file = m_options.initialProfile;
    if (file.isEmpty() && !context().demoMode) {
        const QString last = lastProfilePath();
        if (!last.isEmpty() && QFileInfo::exists(last))
            file = last;
        else if (QFileInfo::exists(m_options.systemProfile))
            file = m_options.systemProfile;
    }
    if (file.isEmpty())
        file = fallback;
    Result<ProtectionProfile> loaded = ProtectionProfile::load(file);
    if (!loaded && file != fallback) {
        m_profileError = loaded.error().message;
        file = fallback;
        loaded = ProtectionProfile::load(file);
    }
    if (loaded) {
        m_profilePath = file;
        applyProfile(*loaded);
    } else {
        m_profileError = loaded.error().message;
        applyProfile(ProtectionProfile());
    }
}

ProtectionConfig::~ProtectionConfig()
{
    // Workers hold copies of their inputs; the estimate is stopped and waited for so nothing
    // reads the protection set after the page is gone. Detection is short and just dropped.
    m_estimateToken.cancel();
    m_estimateWatcher.disconnect(this);
    m_detectionWatcher.disconnect(this);
    m_estimateWatcher.waitForFinished();
}

const WizardContext &ProtectionConfig::context() const
{
    return m_session->context();
}

// ---- the profile ----

QString ProtectionConfig::profileName() const
{
    if (!m_profile.name.isEmpty())
        return m_profile.name;
    return m_profilePath.isEmpty() ? tr("Unnamed profile") : QFileInfo(m_profilePath).fileName();
}

QString ProtectionConfig::profileSource() const
{
    if (m_profilePath.isEmpty())
        return tr("not saved");
    if (isBuiltIn(m_profilePath))
        return tr("built-in profile %1").arg(QFileInfo(m_profilePath).fileName());
    return m_profilePath;
}

QString ProtectionConfig::lastProfilePath()
{
    return wizardSettings().value(kLastProfileKey).toString();
}

void ProtectionConfig::rememberProfilePath(const QString &fileName)
{
    if (!isBuiltIn(fileName))
        wizardSettings().setValue(kLastProfileKey, QFileInfo(fileName).absoluteFilePath());
}

void ProtectionConfig::setProfileError(const QString &error)
{
    if (error == m_profileError)
        return;
    m_profileError = error;
    emit profileErrorChanged(m_profileError);
}

Status ProtectionConfig::loadProfile(const QString &fileName)
{
    Result<ProtectionProfile> loaded = ProtectionProfile::load(fileName);
    if (!loaded) {
        setProfileError(loaded.error().message);
        return loaded.error();
    }
    m_profilePath = fileName;
    m_removedApplications.clear();
    rememberProfilePath(fileName);
    setProfileError({});
    applyProfile(*loaded, true);
    return {};
}

Status ProtectionConfig::saveProfile(const QString &fileName)
{
    auto fail = [this, &fileName](const QString &reason) -> Status {
        const Error error = makeError(ErrorCode::Io, tr("%1: cannot save the profile: %2").arg(fileName, reason));
        setProfileError(error.message);
        return error;
    };
    if (fileName.isEmpty() || isBuiltIn(fileName))
        return fail(tr("choose a file outside the built-in resources"));
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    const QByteArray json = m_profile.toJson();
    if (file.write(json) != json.size())
        return fail(file.errorString());
    if (!file.commit())
        return fail(file.errorString());
    m_profilePath = fileName;
    m_profile.origin = QFileInfo(fileName).fileName();
    rememberProfilePath(fileName);
    setProfileError({});
    m_tree->setProfile(m_profile);
    emit profileChanged();
    return {};
}

void ProtectionConfig::setProfile(const ProtectionProfile &profile)
{
    m_profilePath.clear();
    m_removedApplications.clear();
    setProfileError({});
    applyProfile(profile, true);
}

void ProtectionConfig::applyProfile(const ProtectionProfile &profile, bool relist)
{
    m_tree->setProfile(profile, relist);
    takeEditedProfile(profile);
}

void ProtectionConfig::takeEditedProfile(const ProtectionProfile &profile)
{
    m_profile = profile;
    if (!m_editError.isEmpty()) {
        m_editError.clear();
        emit editErrorChanged(m_editError);
    }
    updateApplicationRows();
    emit profileChanged();
    rebuildPlan();
}

// ---- snapshot ----

QList<SnapshotMode> ProtectionConfig::snapshotModes()
{
    return {SnapshotMode::Auto, SnapshotMode::Btrfs, SnapshotMode::Lvm, SnapshotMode::None};
}

QString ProtectionConfig::snapshotModeText(SnapshotMode mode)
{
    switch (mode) {
    case SnapshotMode::Auto: return tr("Automatic (btrfs or LVM where possible)");
    case SnapshotMode::Btrfs: return tr("btrfs snapshots");
    case SnapshotMode::Lvm: return tr("LVM snapshots");
    case SnapshotMode::Vss: return tr("Volume Shadow Copy (Windows)");
    case SnapshotMode::None: return tr("None: read the live system");
    }
    return {};
}

QString ProtectionConfig::snapshotModeToolTip(SnapshotMode mode)
{
    switch (mode) {
    case SnapshotMode::Auto:
        return tr("Each directory is read from a btrfs or LVM snapshot of its volume; volumes without snapshot "
                  "support are read live, with a warning");
    case SnapshotMode::Btrfs: return tr("Read-only btrfs snapshots; fails on volumes that are not btrfs");
    case SnapshotMode::Lvm: return tr("LVM snapshots; fails on volumes that are not logical volumes");
    case SnapshotMode::Vss: return tr("Windows only");
    case SnapshotMode::None:
        return tr("No snapshot: files are read while the system runs; files that keep changing are reported");
    }
    return {};
}

void ProtectionConfig::setSnapshotMode(SnapshotMode mode)
{
    if (mode == m_snapshotMode)
        return;
    m_snapshotMode = mode;
    wizardSettings().setValue(kSnapshotKey, snapshotModeName(mode));
}

// ---- the plan ----

void ProtectionConfig::rebuildPlan()
{
    const bool wasComplete = isComplete();
    Result<SelectionPlan> plan = SelectionPlan::build(&m_profile, SelectionOverrides{});
    if (plan && plan->includes.isEmpty()) {
        m_plan.reset();
        m_planError = tr("Nothing is selected: check at least one directory or application.");
    } else if (plan) {
        m_plan = std::move(plan).value();
        m_planError.clear();
    } else {
        m_plan.reset();
        m_planError = plan.error().message;
    }
    emit planChanged();
    if (isComplete() != wasComplete)
        emit completeChanged(isComplete());
    m_estimate.reset();
    m_estimateError.clear();
    if (m_plan && m_entered)
        scheduleEstimate();
    else
        cancelEstimate();
    emit estimateChanged();
}

QString ProtectionConfig::planSummary() const
{
    if (!m_plan)
        return {};
    // The profile's own patterns (the plan adds ServerTwin's internal ones).
    qsizetype patterns = m_profile.osExclude.size() + m_profile.productExclude.size() + m_profile.exclude.size();
    for (const ProtectedApplication &app : m_profile.applications)
        patterns += app.exclude.size();
    const qsizetype roots = m_plan->includes.size();
    const qsizetype skipped = m_plan->skipped.size();
    QString text = roots == 1 ? tr("1 directory or file to clone") : tr("%1 directories or files to clone").arg(roots);
    text += QStringLiteral(", ") + (patterns == 1 ? tr("1 exclude pattern") : tr("%1 exclude patterns").arg(patterns));
    if (skipped > 0)
        text += QStringLiteral(", ") + (skipped == 1 ? tr("1 listed path skipped") : tr("%1 listed paths skipped").arg(skipped));
    return text;
}

QString ProtectionConfig::planDetails() const
{
    if (!m_plan)
        return m_planError;
    QStringList lines;
    for (const QByteArray &include : m_plan->includes)
        lines << tr("Cloned: /%1").arg(displayPath(include));
    for (const SkippedPath &skipped : m_plan->skipped)
        lines << tr("Skipped: /%1 (%2)").arg(displayPath(skipped.path), skipped.reason);
    return lines.join(QLatin1Char('\n'));
}

bool ProtectionConfig::isComplete() const
{
    return m_plan.has_value();
}

ProtectionChoice ProtectionConfig::choice() const
{
    ProtectionChoice choice;
    choice.profile = m_profile;
    if (m_plan)
        choice.plan = *m_plan;
    choice.estimate = m_estimate;
    choice.snapshot = m_snapshotMode;
    return choice;
}

void ProtectionConfig::commitToSession()
{
    if (isComplete())
        m_session->setProtection(choice());
    else if (m_session->protection())
        m_session->clearProtection();
}

// ---- the estimate ----

QString ProtectionConfig::estimateText() const
{
    if (!m_plan)
        return tr("No estimate while the protection set has an error.");
    if (isEstimating())
        return tr("Estimating…");
    if (!m_estimateError.isEmpty())
        return tr("Estimate failed: %1").arg(m_estimateError);
    if (!m_estimate)
        return tr("Not estimated yet.");
    const QLocale locale;
    const qint64 seconds = (m_estimate->estimatedDurationMs + 999) / 1000;
    QString duration;
    if (seconds <= 1)
        duration = tr("1 second");
    else if (seconds < 60)
        duration = tr("%1 seconds").arg(seconds);
    else if (seconds < 3600)
        duration = tr("%1 minutes").arg((seconds + 59) / 60);
    else
        duration = tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600 + 59) / 60);
    const QString files = m_estimate->files == 1 ? tr("1 file") : tr("%1 files").arg(locale.toString(m_estimate->files));
    return tr("%1 · %2 · about %3 compressed · about %4 to read and compress")
        .arg(files, locale.formattedDataSize(m_estimate->bytes),
             locale.formattedDataSize(m_estimate->estimatedCompressedBytes), duration);
}

void ProtectionConfig::scheduleEstimate()
{
    if (!m_plan) {
        cancelEstimate();
        return;
    }
    const bool was = isEstimating();
    m_estimateTimer.start();
    if (!was)
        emit estimateChanged();
}

void ProtectionConfig::startEstimate()
{
    m_estimateTimer.stop();
    m_estimateToken.cancel();
    if (!m_plan) {
        m_estimateRunning = false;
        emit estimateChanged();
        return;
    }
    m_estimateToken = CancelToken();
    const quint64 generation = ++m_estimateGeneration;
    const SelectionPlan plan = *m_plan;
    const int level = m_options.zstdLevel;
    const CancelToken token = m_estimateToken;
    m_estimateRunning = true;
    m_estimateError.clear();
    m_estimateWatcher.setFuture(QtConcurrent::run([plan, level, token, generation] {
        EstimateOutcome outcome;
        outcome.generation = generation;
        Result<BackupEstimate> estimate = estimateBackup(plan, level, token);
        if (estimate)
            outcome.estimate = *estimate;
        else
            outcome.error = estimate.error();
        return outcome;
    }));
    emit estimateChanged();
}

void ProtectionConfig::cancelEstimate()
{
    const bool was = isEstimating();
    m_estimateTimer.stop();
    m_estimateToken.cancel();
    ++m_estimateGeneration;  // a result still on its way is dropped
    m_estimateRunning = false;
    if (was)
        emit estimateChanged();
}

void ProtectionConfig::takeEstimate()
{
    const EstimateOutcome outcome = m_estimateWatcher.result();
    if (outcome.generation != m_estimateGeneration)
        return;
    m_estimateRunning = false;
    if (outcome.estimate)
        m_estimate = outcome.estimate;
    else if (outcome.error && outcome.error->code != ErrorCode::Cancelled)
        m_estimateError = outcome.error->message;
    emit estimateChanged();
}

// ---- page lifecycle ----

void ProtectionConfig::enter()
{
    const bool first = !m_entered;
    m_entered = true;
    if (first && !m_detecting && !m_detected)
        detectApplications();
    if (m_plan && !m_estimate && !isEstimating())
        startEstimate();
}

void ProtectionConfig::leave()
{
    m_entered = false;
    cancelEstimate();
    commitToSession();
}

}  // namespace st
