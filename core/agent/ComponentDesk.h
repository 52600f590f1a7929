// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The agent's side of step 5 (components): the uploads of bundles into
 * STATE/component-uploads/TOKEN, one install or rollback at a time on a worker thread
 * (ComponentInstaller over the agent's root and state), the installed list, the outcome of
 * the last install, and recover() at start so an install the agent was killed in is rolled
 * back before anything else is asked.
 *
 * Each bundle is verified again here before anything is touched (openBundle() with the keys
 * the Primary trusts, sent with the install, plus, for the Secondary's own hardware-support
 * component only, the agent's own component key), whatever the Primary checked. Uploads are
 * bounded: at most kMaxUploads bundles at a time, kMaxUploadFiles files each, and chunks are
 * refused while the disk would keep less than kReserveBytes free. Upload paths are opened
 * beneath the bundle's directory with O_NOFOLLOW; a chunk must start where the file ends.
 *
 * Events of a running install (progress, log lines) reach the call that asked, if it is still
 * there; a Primary that lost its link finds the outcome in components.list (`last`).
 * Lives in the agent's main thread; the install runs on its WorkerThread and only touches
 * what it was given.
 */
#include "agent/service/OperationCall.h"
#include "component/ComponentMessages.h"
#include "job/WorkerThread.h"
#include "util/CancelToken.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <optional>

namespace st {

class ComponentDesk : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxUploads = 16;
    static constexpr int kMaxUploadFiles = 2003;  // a manifest's files, and its three own
    static constexpr qint64 kReserveBytes = qint64(256) << 20;

    /** @p setOwners: files placed get the manifest's owners (off with the agent's --no-owner). */
    ComponentDesk(QString root, QString stateDir, bool setOwners, QObject *parent = nullptr);
    ~ComponentDesk() override;

    /** Rolls back an interrupted install (on the worker thread); calls wait until it is done. */
    void start();
    bool busy() const { return m_busy; }

    void list(OperationCall *call);
    void upload(OperationCall *call);
    void install(OperationCall *call);
    void rollback(OperationCall *call);
    void cancel(OperationCall *call);

Q_SIGNALS:
    void logLine(const QString &line);

private:
    Result<comp::ListReply> listNow();
    void runExclusive(OperationCall *call, bool keepAsLast, std::function<comp::InstallReply(const CancelToken &, const std::function<void(const QString &, const QJsonObject &)> &)> work);
    QString uploadsDir() const;
    ComponentInstallerOptions installerOptions() const { return {m_root, m_stateDir, 600'000, m_setOwners}; }

    QString m_root;
    QString m_stateDir;
    bool m_setOwners;
    WorkerThread m_worker;
    CancelToken m_cancel;
    bool m_busy = false;
    std::optional<comp::InstallReply> m_last;
    struct Upload {
        int files = 0;
    };
    QHash<QString, Upload> m_uploads;
};

}  // namespace st
