// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/ComponentsJob.h"

#include "component/BundleArchive.h"
#include "component/ComponentMessages.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

namespace st {

namespace {

constexpr int kUploadsInFlight = 4;

QString newToken()
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    return QString::fromLatin1(bytes.toHex());
}

}  // namespace

ComponentsJob::ComponentsJob(ComponentsSettings settings, QObject *parent) : Job(parent), m_settings(std::move(settings))
{
    m_report.mode = m_settings.mode;
    m_report.secondaryAddress = QStringLiteral("%1:%2").arg(m_settings.link.host).arg(m_settings.link.port);
}

ComponentsJob::~ComponentsJob() = default;

void ComponentsJob::say(const QString &item)
{
    JobProgress p;
    p.stage = Stage::Components;
    p.currentItem = item;
    Q_EMIT progress(p);
    Q_EMIT logMessage(QStringLiteral("components: %1").arg(item));
}

void ComponentsJob::doStart()
{
    if (m_settings.mode == ComponentsReport::Mode::Install) {
        if (m_settings.bundles.isEmpty() && !m_settings.hardwareSupport) {
            finish(makeError(ErrorCode::InvalidArgument, QStringLiteral("no component bundle to install")));
            return;
        }
        if (m_settings.bundles.isEmpty()) {
            m_local = LocalBundles{};  // only what the Secondary offers itself: nothing to send
        } else if (m_settings.trustedKeys.isEmpty()) {
            finish(makeError(ErrorCode::InvalidArgument, QStringLiteral("no trusted signing keys: name the public keys whose bundles may be installed")));
            return;
        }
        if (!m_local) {
            say(QStringLiteral("verifying %1 bundle(s) against the trusted keys").arg(m_settings.bundles.size()));
            const QStringList dirs = m_settings.bundles;
            const QString keysPath = m_settings.trustedKeys;
            m_worker.run<Result<LocalBundles>>(this, [dirs, keysPath]() -> Result<LocalBundles> {
                TrustedKeys trusted;
                if (Status s = trusted.load(keysPath); !s)
                    return s.error();
                if (trusted.isEmpty())
                    return makeError(ErrorCode::InvalidArgument, QStringLiteral("no public key (*.pub) in %1").arg(keysPath));
                LocalBundles local;
                for (const PublicKey &k : trusted.keys())
                    local.keys.append(k.pem());
                local.scratch = std::make_shared<QTemporaryDir>();  // archives are unpacked here, for as long as the job runs
                for (qsizetype i = 0; i < dirs.size(); ++i) {
                    Result<VerifiedBundle> b = openBundlePath(dirs[i], trusted, *local.scratch);
                    if (!b)
                        return b.error();  // names the bundle
                    local.dirs.append(b->dir);
                    local.ids.append(QStringLiteral("%1 %2").arg(b->manifest.id, b->manifest.version));
                    for (const QString &own : {QStringLiteral("manifest.json"), QStringLiteral("manifest.sig"), QStringLiteral("signer.pub")})
                        local.files.append(UploadFile{int(i), own, QFileInfo(QDir(b->dir).filePath(own)).size()});
                    for (const BundleFile &f : b->manifest.files)
                        local.files.append(UploadFile{int(i), f.path, f.size});
                }
                for (const UploadFile &f : local.files)
                    local.bytes += f.size;
                return local;
            }, [this](Result<LocalBundles> local) {
                if (isFinished())
                    return;
                if (!local) {
                    finish(local.error());
                    return;
                }
                m_local = std::move(local);
                say(QStringLiteral("%1 verified here (%2 bytes)").arg(m_local->value().ids.join(QStringLiteral(", "))).arg(m_local->value().bytes));
                if (m_haveBefore && m_phase == Phase::Before)
                    startUpload();
            });
        }
    }
    ReconnectPolicy policy;
    policy.giveUpAfterMs = std::max(1000, m_settings.timeoutMs);
    m_connection = new AgentConnection(m_settings.link, policy, this);
    connect(m_connection, &AgentConnection::ready, this, &ComponentsJob::onReady);
    connect(m_connection, &AgentConnection::failed, this, [this](const Error &e) { finish(e); });
    connect(m_connection, &AgentConnection::logMessage, this, &Job::logMessage);
    m_connection->open();
}

void ComponentsJob::doCancel()
{
    if (m_phase == Phase::Install && m_asked && m_connection && m_connection->isReady()) {
        say(QStringLiteral("asking the Secondary to stop the install at its next step (what it did is rolled back)"));
        m_connection->request(Operation::ComponentsCancel, 1, {});
        return;  // the install's answer finishes the job, Cancelled
    }
    if (m_phase == Phase::Rollback && m_asked) {
        say(QStringLiteral("a rollback runs to its end: it is not stopped half-way"));
        return;
    }
    finish(makeError(ErrorCode::Cancelled, QStringLiteral("components step cancelled")));
}

void ComponentsJob::onReady(const SecondaryInfo &info)
{
    if (isFinished())
        return;
    const Operation needed = m_settings.mode == ComponentsReport::Mode::Install    ? Operation::ComponentsInstall
                             : m_settings.mode == ComponentsReport::Mode::Rollback ? Operation::ComponentsRollback
                                                                                   : Operation::ComponentsList;
    if (!info.operations.offers(needed) || !info.operations.offers(Operation::ComponentsList)) {
        finish(makeError(ErrorCode::Unsupported, QStringLiteral("the agent at %1 (version %2) cannot install components: install this version of servertwin-agent there")
                                                     .arg(m_report.secondaryAddress, info.version)));
        return;
    }
    switch (m_phase) {
    case Phase::Before:
    case Phase::After: askList(); break;
    case Phase::Upload: startUpload(); break;  // the upload starts again on the new link
    case Phase::Install:
    case Phase::Rollback:
        if (m_asked)
            askList();  // asked on a link that was lost: the outcome is in the agent's list
        else if (m_phase == Phase::Install)
            askInstall();
        else
            askRollback();
        break;
    }
}

bool ComponentsJob::networkLoss(const Result<QJsonObject> &answer)
{
    if (answer || answer.error().code != ErrorCode::Network)
        return false;
    say(QStringLiteral("the link to %1 was lost (%2); going on once it is back").arg(m_report.secondaryAddress, answer.error().message));
    return true;
}

void ComponentsJob::askList()
{
    if (m_listing)
        return;
    m_listing = true;
    PendingRequest *r = m_connection->request(Operation::ComponentsList, 1, {});
    connect(r, &PendingRequest::finished, this, [this](const Result<QJsonObject> &answer) {
        m_listing = false;
        if (isFinished() || networkLoss(answer))
            return;
        if (!answer) {
            finish(answer.error().withContext(QStringLiteral("components of %1").arg(m_report.secondaryAddress)));
            return;
        }
        Result<comp::ListReply> reply = comp::ListReply::parse(*answer);
        if (!reply) {
            finish(reply.error());
            return;
        }
        m_connection->endOutage();
        onList(*reply);
    });
}

void ComponentsJob::onList(const comp::ListReply &reply)
{
    const bool waitingForOutcome = (m_phase == Phase::Install || m_phase == Phase::Rollback) && m_asked;
    if (reply.busy && (m_phase == Phase::Before || waitingForOutcome)) {
        if (!m_busySince.isValid())
            m_busySince.start();
        if (m_busySince.elapsed() > m_settings.timeoutMs) {
            finish(makeError(ErrorCode::Refused, QStringLiteral("the Secondary at %1 stayed busy with components for %2 s")
                                                     .arg(m_report.secondaryAddress).arg(m_settings.timeoutMs / 1000)));
            return;
        }
        say(QStringLiteral("the Secondary is busy with components; asking again in a second"));
        QTimer::singleShot(1000, this, [this] {
            if (!isFinished() && m_connection->isReady())
                askList();
        });
        return;
    }
    m_busySince.invalidate();
    switch (m_phase) {
    case Phase::Before:
        m_report.installedBefore = reply.installed;
        m_report.offered = reply.offered;
        m_haveBefore = true;
        if (m_settings.mode == ComponentsReport::Mode::List) {
            m_report.installedAfter = reply.installed;
            finish({});
        } else if (m_settings.mode == ComponentsReport::Mode::Rollback) {
            askRollback();
        } else if (m_local) {
            startUpload();
        }
        break;
    case Phase::Install:
        if (reply.last && !m_tokens.isEmpty() && reply.last->token == m_tokens.first()) {
            onInstallReply(*reply.last);
        } else {
            finish(makeError(ErrorCode::Network, QStringLiteral("the link to %1 was lost after the install was asked, and the agent has no outcome of it (it was restarted): "
                                                                "list the components to see what is installed")
                                                     .arg(m_report.secondaryAddress)));
        }
        break;
    case Phase::Rollback:
        // The rollback's answer was lost with the link: the list says what is left.
        m_report.installedAfter = reply.installed;
        finish(reply.installed.isEmpty() ? Status()
                                         : Status(makeError(ErrorCode::Io, QStringLiteral("the link was lost during the rollback and %1 component(s) are still installed on %2")
                                                                               .arg(reply.installed.size()).arg(m_report.secondaryAddress))));
        break;
    case Phase::After:
        m_report.installedAfter = reply.installed;
        m_report.offered = reply.offered;
        finish(m_outcome);
        break;
    case Phase::Upload: break;  // not asked during an upload
    }
}

void ComponentsJob::startUpload()
{
    m_phase = Phase::Upload;
    const LocalBundles &local = m_local->value();
    if (m_tokens.isEmpty())
        for (qsizetype i = 0; i < local.dirs.size(); ++i)
            m_tokens.append(newToken());
    m_nextFile = 0;
    m_nextOffset = 0;
    m_inFlight = 0;
    m_sent = 0;
    m_file.reset();
    m_meter.reset();
    m_uploadLink = m_connection->connection();
    if (local.files.isEmpty()) {
        askInstall();
        return;
    }
    say(QStringLiteral("sending %1 bundle(s), %2 files, %3 bytes").arg(local.dirs.size()).arg(local.files.size()).arg(local.bytes));
    pumpUpload();
}

void ComponentsJob::pumpUpload()
{
    const LocalBundles &local = m_local->value();
    while (m_inFlight < kUploadsInFlight && m_nextFile < local.files.size()) {
        const UploadFile &f = local.files[m_nextFile];
        if (!m_file) {
            m_file = std::make_unique<QFile>(QDir(local.dirs[f.bundle]).filePath(f.path));
            if (!m_file->open(QIODevice::ReadOnly)) {
                finish(makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(m_file->fileName(), m_file->errorString())));
                return;
            }
        }
        comp::UploadRequest chunk;
        chunk.bundle = m_tokens[f.bundle];
        chunk.path = f.path;
        chunk.offset = m_nextOffset;
        chunk.size = f.size;
        chunk.data = m_file->read(std::min<qint64>(comp::UploadRequest::kMaxChunk, f.size - m_nextOffset));
        if (chunk.data.size() != std::min<qint64>(comp::UploadRequest::kMaxChunk, f.size - m_nextOffset)) {
            finish(makeError(ErrorCode::Io, QStringLiteral("%1 changed while it was sent (it was verified at %2 bytes)").arg(m_file->fileName()).arg(f.size)));
            return;
        }
        m_nextOffset += chunk.data.size();
        if (m_nextOffset >= f.size) {
            ++m_nextFile;
            m_nextOffset = 0;
            m_file.reset();
        }
        ++m_inFlight;
        const qint64 bytes = chunk.data.size();
        const int link = m_uploadLink;
        const QString item = QStringLiteral("sending %1: %2").arg(local.ids[f.bundle], f.path);
        PendingRequest *r = m_connection->request(Operation::ComponentsUpload, 1, chunk.toJson());
        connect(r, &PendingRequest::finished, this, [this, bytes, link, item](const Result<QJsonObject> &answer) {
            if (isFinished() || link != m_uploadLink || m_phase != Phase::Upload)
                return;  // a chunk of a lost link: the upload started again
            if (networkLoss(answer))
                return;
            if (!answer) {
                finish(answer.error().withContext(QStringLiteral("sending the bundles to %1").arg(m_report.secondaryAddress)));
                return;
            }
            --m_inFlight;
            m_sent += bytes;
            m_report.uploadedBytes += bytes;
            const LocalBundles &local = m_local->value();
            JobProgress p;
            p.stage = Stage::Components;
            p.bytesDone = m_sent;
            p.bytesTotal = local.bytes;
            p.filesDone = m_nextFile;
            p.filesTotal = local.files.size();
            p.currentItem = item;
            p.bytesPerSecond = m_meter.sample(m_sent);
            p.etaSeconds = RateMeter::eta(m_sent, local.bytes, p.bytesPerSecond);
            Q_EMIT progress(p);
            if (m_nextFile >= local.files.size() && m_inFlight == 0)
                askInstall();
            else
                pumpUpload();
        });
    }
}

void ComponentsJob::askInstall()
{
    m_phase = Phase::Install;
    if (isCancelRequested()) {
        finish(makeError(ErrorCode::Cancelled, QStringLiteral("components step cancelled")));
        return;
    }
    m_asked = true;
    comp::InstallRequest request;
    request.bundles = m_tokens;
    request.trustedKeys = m_local->value().keys;
    request.hardwareSupport = m_settings.hardwareSupport;
    say(QStringLiteral("installing %1 on %2").arg(m_local->value().ids.join(QStringLiteral(", ")), m_report.secondaryAddress));
    PendingRequest *r = m_connection->request(Operation::ComponentsInstall, 1, request.toJson());
    connect(r, &PendingRequest::eventReceived, this, [this](const QString &name, const QJsonObject &body) {
        if (name == QLatin1String("log")) {
            Q_EMIT logMessage(QStringLiteral("components: Secondary: %1").arg(body.value(QStringLiteral("line")).toString().left(2000)));
            return;
        }
        Result<ComponentProgress> p = comp::parseProgressEvent(body);
        if (name != QLatin1String("progress") || !p)
            return;
        JobProgress jp;
        jp.stage = Stage::Components;
        jp.filesDone = p->component - 1;
        jp.filesTotal = p->components;
        jp.currentItem = QStringLiteral("%1 (%2 of %3), step %4 of %5: %6").arg(p->id).arg(p->component).arg(p->components).arg(p->step).arg(p->steps).arg(p->what);
        Q_EMIT progress(jp);
    });
    connect(r, &PendingRequest::finished, this, [this](const Result<QJsonObject> &answer) {
        if (isFinished() || networkLoss(answer))
            return;
        if (!answer) {
            finish(answer.error().withContext(QStringLiteral("installing on %1").arg(m_report.secondaryAddress)));
            return;
        }
        Result<comp::InstallReply> reply = comp::InstallReply::parse(*answer);
        if (!reply) {
            finish(reply.error());
            return;
        }
        onInstallReply(*reply);
    });
}

void ComponentsJob::onInstallReply(const comp::InstallReply &reply)
{
    m_report.outcomes = reply.outcomes;
    if (reply.error.isEmpty())
        m_outcome = {};
    else if (isCancelRequested())
        m_outcome = makeError(ErrorCode::Cancelled, QStringLiteral("components step cancelled: %1").arg(reply.error));
    else
        m_outcome = makeError(ErrorCode::Refused, reply.error);
    m_phase = Phase::After;
    askList();
}

void ComponentsJob::askRollback()
{
    m_phase = Phase::Rollback;
    m_asked = true;
    say(QStringLiteral("rolling back the components installed on %1").arg(m_report.secondaryAddress));
    PendingRequest *r = m_connection->request(Operation::ComponentsRollback, 1, {});
    connect(r, &PendingRequest::eventReceived, this, [this](const QString &name, const QJsonObject &body) {
        if (name == QLatin1String("log"))
            say(QStringLiteral("Secondary: %1").arg(body.value(QStringLiteral("line")).toString().left(2000)));
    });
    connect(r, &PendingRequest::finished, this, [this](const Result<QJsonObject> &answer) {
        if (isFinished() || networkLoss(answer))
            return;
        Result<comp::InstallReply> reply = answer ? comp::InstallReply::parse(*answer) : Result<comp::InstallReply>(answer.error());
        if (!reply) {
            finish(reply.error().withContext(QStringLiteral("rolling back on %1").arg(m_report.secondaryAddress)));
            return;
        }
        m_report.outcomes = reply->outcomes;
        m_outcome = reply->error.isEmpty() ? Status() : Status(makeError(ErrorCode::Io, reply->error));
        m_phase = Phase::After;
        askList();
    });
}

void ComponentsJob::finish(const Status &status)
{
    if (isFinished())
        return;
    m_report.ok = bool(status);
    if (!status)
        m_report.error = status.error();
    m_report.at = QDateTime::currentDateTimeUtc();
    if (m_connection)
        m_connection->close();
    emitResult(status);
}

}  // namespace st
