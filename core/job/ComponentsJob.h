// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Step 5 on the Primary: lists, installs or rolls back components on a Secondary.
 *
 * Install: the bundles (directories, or archives unpacked first) are verified here first
 * (openBundle() with the trusted keys, on the
 * worker thread: an unsigned, wrongly signed or altered bundle is refused before anything is
 * sent), then uploaded file by file in chunks (components.upload, a few in flight), then
 * installed (components.install, with the trusted keys' PEM so the agent verifies again),
 * its progress events passed on per component and step; last, the installed list is read
 * again for the report. Rollback: components.rollback, then the list. List: the installed
 * and offered components.
 *
 * A link lost mid-way is opened again (AgentConnection's backoff, until its deadline): an
 * upload starts again from the first file; an install or rollback already asked is not asked
 * again, its outcome is read from components.list once the agent is done (`last`). An agent
 * busy with an earlier install is waited for. cancel() before the install stops at once; during
 * the install it asks the agent to stop at its next step (the component is rolled back) and
 * the job finishes Cancelled with the outcomes. Lives in one thread (event loop).
 */
#include "job/Job.h"
#include "job/WorkerThread.h"
#include "net/AgentConnection.h"
#include "report/ComponentsReport.h"

#include <QFile>
#include <memory>
#include <optional>

class QTemporaryDir;

namespace st::comp {
struct ListReply;
struct InstallReply;
}  // namespace st::comp

namespace st {

struct ComponentsSettings {
    LinkOptions link;
    ComponentsReport::Mode mode = ComponentsReport::Mode::List;
    QStringList bundles;          // Install: bundle directories or archives (tar, compressed or not) on this Primary
    QString trustedKeys;          // Install: a .pub file or a directory of them
    bool hardwareSupport = true;  // Install: also the Secondary's own hardware-support component, when it offers one
    int timeoutMs = 120000;       // how long the agent may stay unreachable, or busy with an earlier install
};

class ComponentsJob : public Job {
    Q_OBJECT
public:
    explicit ComponentsJob(ComponentsSettings settings, QObject *parent = nullptr);
    ~ComponentsJob() override;

    const ComponentsReport &report() const { return m_report; }

protected:
    void doStart() override;
    void doCancel() override;

private:
    enum class Phase { Before, Upload, Install, Rollback, After };
    struct UploadFile {
        int bundle = 0;
        QString path;  // relative to the bundle
        qint64 size = 0;
    };
    struct LocalBundles {
        QStringList dirs;
        QStringList ids;  // "id version", for progress
        QList<UploadFile> files;
        QList<QByteArray> keys;
        qint64 bytes = 0;
        std::shared_ptr<QTemporaryDir> scratch;  // where bundle archives were unpacked
    };

    void onReady(const SecondaryInfo &info);
    void askList();
    void onList(const comp::ListReply &reply);
    void startUpload();
    void pumpUpload();
    void askInstall();
    void askRollback();
    void onInstallReply(const comp::InstallReply &reply);
    /** Network errors wait for the next link; anything else ends the job. */
    bool networkLoss(const Result<QJsonObject> &answer);
    void say(const QString &item);
    void finish(const Status &status);

    ComponentsSettings m_settings;
    ComponentsReport m_report;
    AgentConnection *m_connection = nullptr;
    WorkerThread m_worker;
    std::optional<Result<LocalBundles>> m_local;
    Phase m_phase = Phase::Before;
    Status m_outcome;         // what the job ends with once the installed list is read again
    bool m_haveBefore = false;
    bool m_asked = false;     // the install or rollback was sent on some link
    bool m_listing = false;
    QStringList m_tokens;
    // The upload in progress on the current link.
    int m_nextFile = 0;
    qint64 m_nextOffset = 0;
    int m_inFlight = 0;
    int m_uploadLink = 0;
    std::unique_ptr<QFile> m_file;
    qint64 m_sent = 0;
    RateMeter m_meter;
    QElapsedTimer m_busySince;
};

}  // namespace st
