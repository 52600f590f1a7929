// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/ComponentDesk.h"

#include "component/ComponentBundle.h"
#include "component/HardwareSupport.h"
#include "util/SafeFs.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>

#include <algorithm>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace st {

namespace {

Error ioError(const QString &what)
{
    return makeError(ErrorCode::Io, QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(strerror(errno))));
}

/** Opens (creating) the directory @p name in @p dirFd, never through a symlink. */
Result<UniqueFd> subdirectory(int dirFd, const QByteArray &name)
{
    if (::mkdirat(dirFd, name.constData(), 0700) != 0 && errno != EEXIST)
        return ioError(QStringLiteral("cannot create %1").arg(QString::fromLocal8Bit(name)));
    const int fd = ::openat(dirFd, name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return ioError(QStringLiteral("cannot open %1").arg(QString::fromLocal8Bit(name)));
    return UniqueFd(fd);
}

/** Writes @p r's chunk into its file beneath @p bundleFd; the chunk must start where the file ends. */
Status writeChunk(int bundleFd, const comp::UploadRequest &r, bool *created)
{
    const QList<QByteArray> parts = QFile::encodeName(r.path).split('/');
    UniqueFd dir(::dup(bundleFd));
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        Result<UniqueFd> sub = subdirectory(dir.get(), parts[i]);
        if (!sub)
            return sub.error();
        dir = std::move(*sub);
    }
    const QByteArray &name = parts.last();
    const int flags = O_WRONLY | O_NOFOLLOW | O_CLOEXEC | (r.offset == 0 ? O_CREAT | O_TRUNC : O_APPEND);
    const int fd = ::openat(dir.get(), name.constData(), flags, 0600);
    if (fd < 0)
        return ioError(QStringLiteral("cannot write %1 of the bundle").arg(r.path));
    const UniqueFd out(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return makeError(ErrorCode::Protocol, QStringLiteral("%1 of the bundle is not a plain file").arg(r.path));
    if (st.st_size != r.offset)
        return makeError(ErrorCode::Protocol, QStringLiteral("a chunk of %1 starts at %2 but the agent has %3 bytes of it").arg(r.path).arg(r.offset).arg(st.st_size));
    *created = r.offset == 0;
    for (qsizetype done = 0; done < r.data.size();) {
        const ssize_t n = ::write(fd, r.data.constData() + done, static_cast<size_t>(r.data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return ioError(QStringLiteral("cannot write %1 of the bundle").arg(r.path));
        done += n;
    }
    if (r.offset + r.data.size() == r.size && ::fsync(fd) != 0)
        return ioError(QStringLiteral("cannot write %1 of the bundle").arg(r.path));
    return {};
}

bool isUploadPath(const QString &path)
{
    static const QStringList own{QStringLiteral("manifest.json"), QStringLiteral("manifest.sig"), QStringLiteral("signer.pub")};
    return own.contains(path) || isBundlePath(path);
}

}  // namespace

ComponentDesk::ComponentDesk(QString root, QString stateDir, bool setOwners, QObject *parent)
    : QObject(parent), m_root(std::move(root)), m_stateDir(std::move(stateDir)), m_setOwners(setOwners)
{
}

ComponentDesk::~ComponentDesk()
{
    m_cancel.cancel();
    m_worker.wait();
}

QString ComponentDesk::uploadsDir() const
{
    return QDir(m_stateDir).filePath(QStringLiteral("component-uploads"));
}

void ComponentDesk::start()
{
    // Uploads do not outlive the agent: the Primary sends a bundle again with its next install.
    QDir(uploadsDir()).removeRecursively();
    m_busy = true;
    const ComponentInstallerOptions options = installerOptions();
    auto log = [this](const QString &line) { QMetaObject::invokeMethod(this, [this, line] { Q_EMIT logLine(QStringLiteral("components: ") + line); }, Qt::QueuedConnection); };
    m_worker.run<Status>(this, [options, log] { return ComponentInstaller(options).recover(log); }, [this](Status s) {
        m_busy = false;
        if (!s)
            Q_EMIT logLine(QStringLiteral("components: cannot recover an interrupted install: %1").arg(s.error().message));
    });
}

Result<comp::ListReply> ComponentDesk::listNow()
{
    comp::ListReply reply;
    reply.busy = m_busy;
    reply.last = m_last;
    if (m_busy)
        return reply;  // the installer's files are being changed: the list follows when it is done
    Result<QList<ComponentOutcome>> installed = ComponentInstaller(installerOptions()).installedDetails();
    if (!installed)
        return installed.error();
    reply.installed = *installed;
    // This Secondary's own hardware support, kept before the clone, unless installed at that version.
    Result<std::optional<ComponentManifest>> own = hardwareSupportManifest(m_stateDir);
    if (own && *own && std::none_of(installed->cbegin(), installed->cend(), [&](const ComponentOutcome &c) {
            return c.id == (*own)->id && c.version == (*own)->version;
        })) {
        const ComponentManifest &m = **own;
        ComponentOutcome offer;
        offer.id = m.id;
        offer.version = m.version;
        offer.description = m.description;
        offer.signer = QStringLiteral("this Secondary");
        offer.bytes = m.payloadBytes();
        for (const ComponentAction &a : m.actions)
            offer.steps.append(ComponentStep{describeAction(a), ComponentStep::State::NotRun});
        for (const ComponentCheck &c : m.checks)
            offer.steps.append(ComponentStep{QStringLiteral("check: ") + describeCheck(c), ComponentStep::State::NotRun});
        reply.offered.append(offer);
    } else if (!own) {
        Q_EMIT logLine(QStringLiteral("components: the kept hardware support is unusable: %1").arg(own.error().message));
    }
    return reply;
}

void ComponentDesk::list(OperationCall *call)
{
    Result<comp::ListReply> reply = listNow();
    call->finish(reply ? Result<QJsonObject>(reply->toJson()) : Result<QJsonObject>(reply.error()));
}

void ComponentDesk::upload(OperationCall *call)
{
    Result<comp::UploadRequest> r = comp::UploadRequest::parse(call->body());
    if (!r) {
        call->finish(r.error());
        return;
    }
    if (!isUploadPath(r->path)) {
        call->finish(makeError(ErrorCode::Protocol, QStringLiteral("a bundle upload names a bad path: %1").arg(r->path.left(100))));
        return;
    }
    if (m_busy) {
        call->finish(makeError(ErrorCode::Refused, QStringLiteral("components are being installed or rolled back on this Secondary: upload again when it is done")));
        return;
    }
    if (!m_uploads.contains(r->bundle) && m_uploads.size() >= kMaxUploads) {
        call->finish(makeError(ErrorCode::Refused, QStringLiteral("more than %1 bundles are being uploaded to this Secondary").arg(kMaxUploads)));
        return;
    }
    Upload &upload = m_uploads[r->bundle];
    if (r->offset == 0 && upload.files >= kMaxUploadFiles) {
        call->finish(makeError(ErrorCode::Refused, QStringLiteral("a bundle holds at most %1 files").arg(kMaxUploadFiles)));
        return;
    }
    Result<UniqueFd> uploads = [&]() -> Result<UniqueFd> {
        if (!QDir().mkpath(uploadsDir()))
            return ioError(QStringLiteral("cannot create %1").arg(uploadsDir()));
        const int fd = ::open(QFile::encodeName(uploadsDir()).constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        return fd < 0 ? Result<UniqueFd>(ioError(QStringLiteral("cannot open %1").arg(uploadsDir()))) : Result<UniqueFd>(UniqueFd(fd));
    }();
    struct statvfs vfs {};
    if (uploads && ::fstatvfs(uploads->get(), &vfs) == 0
        && qint64(vfs.f_bavail) * qint64(vfs.f_frsize) - (r->size - r->offset) < kReserveBytes) {
        call->finish(makeError(ErrorCode::NoSpace, QStringLiteral("the Secondary's disk is full: %1 of the bundle (%2 bytes) would leave less than %3 MiB free in %4")
                                                       .arg(r->path).arg(r->size).arg(kReserveBytes >> 20).arg(uploadsDir())));
        return;
    }
    Result<UniqueFd> bundle = uploads ? subdirectory(uploads->get(), r->bundle.toLatin1()) : Result<UniqueFd>(uploads.error());
    bool created = false;
    const Status written = bundle ? writeChunk(bundle->get(), *r, &created) : Status(bundle.error());
    if (!written) {
        call->finish(written.error());
        return;
    }
    if (created)
        ++upload.files;
    call->finish(QJsonObject{{QStringLiteral("received"), static_cast<double>(r->offset + r->data.size())}});
}

void ComponentDesk::runExclusive(OperationCall *call, bool keepAsLast,
                                 std::function<comp::InstallReply(const CancelToken &, const std::function<void(const QString &, const QJsonObject &)> &)> work)
{
    if (m_busy) {
        call->finish(makeError(ErrorCode::Refused, QStringLiteral("components are being installed or rolled back on this Secondary already")));
        return;
    }
    m_busy = true;
    m_cancel = CancelToken();
    const QPointer<OperationCall> asker(call);
    // Events of the worker reach the asker, if it is still connected, and the agent's log.
    auto event = [this, asker](const QString &name, const QJsonObject &body) {
        QMetaObject::invokeMethod(this, [this, asker, name, body] {
            if (name == QLatin1String("log"))
                Q_EMIT logLine(QStringLiteral("components: ") + body.value(QStringLiteral("line")).toString());
            if (asker && !asker->isFinished())
                asker->sendEvent(name, body);
        }, Qt::QueuedConnection);
    };
    const CancelToken cancel = m_cancel;
    m_worker.run<comp::InstallReply>(this, [work, cancel, event] { return work(cancel, event); }, [this, asker, keepAsLast](comp::InstallReply reply) {
        m_busy = false;
        if (keepAsLast)  // for a Primary that lost its link meanwhile (components.list)
            m_last = reply;
        m_uploads.clear();
        QDir(uploadsDir()).removeRecursively();
        if (asker)
            asker->finish(reply.toJson());
    });
}

void ComponentDesk::install(OperationCall *call)
{
    Result<comp::InstallRequest> r = comp::InstallRequest::parse(call->body());
    if (!r) {
        call->finish(r.error());
        return;
    }
    const ComponentInstallerOptions options = installerOptions();
    const QString uploads = uploadsDir();
    const QString stateDir = m_stateDir;
    const comp::InstallRequest request = *r;
    runExclusive(call, true, [options, uploads, stateDir, request](const CancelToken &cancel, const auto &event) {
        comp::InstallReply reply;
        reply.token = request.bundles.value(0);
        const auto log = [&event](const QString &line) { event(QStringLiteral("log"), QJsonObject{{QStringLiteral("line"), line}}); };
        TrustedKeys trusted;
        for (const QByteArray &pem : request.trustedKeys) {
            Result<PublicKey> key = parsePublicKey(pem);
            if (!key) {
                reply.error = QStringLiteral("a signing key the Primary trusts is unusable here: %1").arg(key.error().message);
                return reply;
            }
            trusted.add(*key);
        }
        // Verified again here, all of them, before anything is touched.
        QList<VerifiedBundle> bundles;
        for (const QString &token : request.bundles) {
            Result<VerifiedBundle> b = openBundle(QDir(uploads).filePath(token), trusted);
            if (!b) {
                reply.error = QStringLiteral("refused before anything was changed: %1").arg(b.error().message);
                return reply;
            }
            bundles.append(*b);
        }
        if (request.hardwareSupport) {  // this Secondary's own, signed with its own key
            Result<std::optional<VerifiedBundle>> own = openHardwareSupport(stateDir);
            if (!own) {
                reply.error = QStringLiteral("refused before anything was changed: this Secondary's hardware support: %1").arg(own.error().message);
                return reply;
            }
            if (*own) {
                (*own)->signer = QStringLiteral("this Secondary (%1)").arg((*own)->signer);
                bundles.prepend(**own);
            }
        }
        const InstallSetResult result = ComponentInstaller(options).installSet(bundles, cancel,
            [&event](const ComponentProgress &p) { event(QStringLiteral("progress"), comp::progressEvent(p)); }, log);
        reply.outcomes = result.outcomes;
        if (!result.status)
            reply.error = result.status.error().message;
        return reply;
    });
}

void ComponentDesk::rollback(OperationCall *call)
{
    const ComponentInstallerOptions options = installerOptions();
    runExclusive(call, false, [options](const CancelToken &, const auto &event) {
        comp::InstallReply reply;
        Result<QList<ComponentOutcome>> undone = ComponentInstaller(options).rollBackAll(
            [&event](const QString &line) { event(QStringLiteral("log"), QJsonObject{{QStringLiteral("line"), line}}); });
        if (undone)
            reply.outcomes = *undone;
        else
            reply.error = undone.error().message;
        return reply;
    });
}

void ComponentDesk::cancel(OperationCall *call)
{
    const bool running = m_busy;
    if (running)
        m_cancel.cancel();
    call->finish(QJsonObject{{QStringLiteral("cancelled"), running}});
}

}  // namespace st
