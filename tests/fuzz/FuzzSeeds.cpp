// SPDX-License-Identifier: GPL-3.0-or-later
#include "FuzzSeeds.h"

#include "ExtractTestSupport.h"

#include "archive/ZstdStream.h"
#include "component/ComponentMessages.h"
#include "inventory/InventoryMessages.h"
#include "inventory/InventoryReader.h"
#include "net/Messages.h"
#include "net/Operation.h"
#include "net/Protocol.h"

#include <archive.h>
#include <archive_entry.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <stdexcept>

namespace st::test {

namespace {

void save(const QString &dir, const QString &name, const QByteArray &data)
{
    QFile f(dir + QLatin1Char('/') + name);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size())
        throw std::runtime_error("cannot write a seed");
}

QByteArray zstd(const QByteArray &tar)
{
    MemorySink sink;
    ZstdCompressSink z(sink, ZstdOptions{3, 1});
    if (!z.write(tar.constData(), static_cast<size_t>(tar.size())) || !z.finish())
        throw std::runtime_error("zstd");
    return sink.bytes;
}

void protocolSeeds(const QString &dir)
{
    using proto::Type;
    const QByteArray proof(32, 'p');
    // Fields set by name, so messages that grow new fields keep building.
    msg::Hello hello;
    hello.protocol = 1;
    hello.product = QStringLiteral("servertwin");
    hello.version = QStringLiteral("0.1.0");
    hello.host = QStringLiteral("primary");
    msg::Welcome welcome;
    welcome.protocol = 1;
    welcome.version = QStringLiteral("0.1.0");
    welcome.host = QStringLiteral("secondary");
    welcome.os = QStringLiteral("Debian 12");
    welcome.freeBytes = 1 << 30;
    msg::PairRequest pairRequest;
    pairRequest.proof = proof;
    msg::PairResult pairResult;
    pairResult.ok = true;
    pairResult.proof = proof;
    msg::BeginClone begin;
    begin.cloneId = QStringLiteral("c0ffee");
    begin.sourceHost = QStringLiteral("primary");
    begin.totalFiles = 10;
    begin.totalBytes = 4096;
    msg::Ready ready;
    ready.freeBytes = 1 << 30;
    msg::EndData end;
    end.compressedBytes = 4096;
    end.sha256 = QByteArray(32, 's');
    msg::Ack ack;
    ack.accepted = 4096;
    msg::Progress progress;
    progress.stage = Stage::Receive;
    progress.filesDone = 1;
    progress.filesTotal = 10;
    progress.bytesDone = 100;
    progress.bytesTotal = 4096;
    progress.current = "etc/hostname";
    msg::ReportItems items;
    items.kind = QStringLiteral("removed");
    msg::ReportItem removed;
    removed.path = "etc/old";
    removed.reason = QStringLiteral("not on the Primary");
    items.items.append(removed);
    msg::ResultMsg result;
    result.code = QStringLiteral("NoSpace");
    result.message = QStringLiteral("disk full");
    msg::Cancel cancel;
    cancel.reason = QStringLiteral("user");
    msg::ErrorMsg error;
    error.code = QStringLiteral("Protocol");
    error.message = QStringLiteral("bad");
    const QList<QPair<Type, QJsonObject>> messages{
        {Type::Hello, hello.toJson()}, {Type::Welcome, welcome.toJson()}, {Type::PairRequest, pairRequest.toJson()},
        {Type::PairResult, pairResult.toJson()}, {Type::BeginClone, begin.toJson()}, {Type::Ready, ready.toJson()},
        {Type::EndData, end.toJson()}, {Type::Ack, ack.toJson()}, {Type::Progress, progress.toJson()},
        {Type::ReportItems, items.toJson()}, {Type::Result, result.toJson()}, {Type::Cancel, cancel.toJson()},
        {Type::Error, error.toJson()},
    };
    // The operation envelope with the hardware checklist's bodies: this machine's inventory.
    inv::InventorySources sources;
    sources.live = inv::liveHostFacts();
    sources.protectedPaths = {QStringLiteral("/etc"), QStringLiteral("/usr")};
    inv::InventoryReply reply;
    if (Result<inv::Inventory> here = inv::readInventory(sources))
        reply.inventory = *here;
    reply.functional = true;
    reply.systemState = QStringLiteral("degraded");
    reply.failedUnits = {QStringLiteral("foo.service")};
    reply.kernelErrors = {QStringLiteral("[    1.5] kernel: ata1: link down")};
    reply.answeredAtMs = 1765100000000;
    const QJsonObject request = msg::OperationRequest{1, QStringLiteral("hardware.inventory"), 1, inv::InventoryRequest{{QStringLiteral("/etc")}, true}.toJson()}.toJson();
    const QJsonObject response = msg::OperationResponse{1, reply.toJson()}.toJson();
    save(dir, QStringLiteral("operation-request"), QByteArray(1, '\xff') + proto::encodeJson(Type::Request, request));
    // A component manifest as a request's body.
    const QJsonObject manifest = QJsonDocument::fromJson(R"({"format": 1, "id": "site-tools", "version": "1.0-1", "description": "Site tools",
        "depends": ["base"], "conflicts": [],
        "actions": [{"deb": "debs/t.deb"}, {"file": "files/a.conf", "target": "/etc/a.conf", "owner": "root", "group": "adm", "mode": "0640"},
                    {"unit": "t.service", "start": true}, {"script": "s/run.sh", "undo": "s/undo.sh"}],
        "files": [{"path": "debs/t.deb", "size": 10, "sha256": "0000000000000000000000000000000000000000000000000000000000000000"},
                  {"path": "files/a.conf", "size": 3, "sha256": "1111111111111111111111111111111111111111111111111111111111111111"},
                  {"path": "s/run.sh", "size": 3, "sha256": "2222222222222222222222222222222222222222222222222222222222222222"},
                  {"path": "s/undo.sh", "size": 3, "sha256": "3333333333333333333333333333333333333333333333333333333333333333"}]})").object();
    save(dir, QStringLiteral("component-manifest"),
         QByteArray(1, '\xff') + proto::encodeJson(Type::Request, msg::OperationRequest{2, QStringLiteral("components.install"), 1, manifest}.toJson()));
    save(dir, QStringLiteral("operation-response"), QByteArray(1, '\xff') + proto::encodeJson(Type::Response, response));
    // The components operations: a chunk of a bundle, an install, and the agent's list with an outcome.
    comp::UploadRequest chunk{QStringLiteral("0123456789abcdef0123456789abcdef"), QStringLiteral("debs/t.deb"), 0, 10, QByteArray("0123456789")};
    save(dir, QStringLiteral("components-upload"),
         QByteArray(1, '\xff') + proto::encodeJson(Type::Request, msg::OperationRequest{3, QStringLiteral("components.upload"), 1, chunk.toJson()}.toJson()));
    comp::InstallRequest install{{chunk.bundle}, {QByteArray("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n")}, true};
    save(dir, QStringLiteral("components-install"),
         QByteArray(1, '\xff') + proto::encodeJson(Type::Request, msg::OperationRequest{4, QStringLiteral("components.install"), 1, install.toJson()}.toJson()));
    ComponentOutcome outcome;
    outcome.id = QStringLiteral("site-tools");
    outcome.version = QStringLiteral("1.0-1");
    outcome.signer = QStringLiteral("SHA256:00");
    outcome.state = ComponentOutcome::State::Failed;
    outcome.steps = {{QStringLiteral("place /etc/a.conf (root:adm 0640)"), ComponentStep::State::Undone},
                     {QStringLiteral("run s/run.sh (undo: s/undo.sh)"), ComponentStep::State::Failed}};
    outcome.error = QStringLiteral("the install script of site-tools failed (exit 3)");
    comp::ListReply list;
    list.installed = {outcome};
    list.last = comp::InstallReply{{outcome}, outcome.error, chunk.bundle};
    save(dir, QStringLiteral("components-list"),
         QByteArray(1, '\xff') + proto::encodeJson(Type::Response, msg::OperationResponse{4, list.toJson()}.toJson()));
    QByteArray conversation(1, '\x10');
    int n = 0;
    for (const auto &[type, object] : messages) {
        const QByteArray frame = proto::encodeJson(type, object);
        save(dir, QStringLiteral("frame-%1").arg(++n), QByteArray(1, '\xff') + frame);
        conversation += frame;
        if (type == Type::Ready)
            conversation += proto::encode(Type::Data, QByteArray(300, 'd'));
    }
    save(dir, QStringLiteral("conversation"), conversation);
}

void restoreSeeds(const QString &dir)
{
    int n = 0;
    auto both = [&](TarBuilder &b) {
        const QByteArray tar = b.finish();
        save(dir, QStringLiteral("tar-%1").arg(++n), tar);
        save(dir, QStringLiteral("zst-%1").arg(n), zstd(tar));
    };
    {
        TarBuilder b;
        b.addDirectory("etc");
        b.addFile("etc/hostname", "primary\n");
        b.addSymlink("etc/localtime", "/usr/share/zoneinfo/UTC");
        b.addHardLink("etc/hostname.bak", "etc/hostname");
        b.addNode("run-fifo", AE_IFIFO);
        b.addFile("sparse/zeros", QByteArray(2048, '\0'));
        b.addManifest();
        both(b);
    }
    {
        TarBuilder b;  // write through a symlink of the same stream
        b.addSymlink("d", "../../outside");
        b.addFile("d/sentinel", "overwritten\n");
        b.addManifest();
        both(b);
    }
    {
        TarBuilder b;  // the planted symlinks of the harness
        b.addFile("planted", "x\n");
        b.addFile("planteddir/sentinel", "x\n");
        b.addHardLink("h", "planted");
        b.addManifest();
        both(b);
    }
    {
        TarBuilder b;  // type change and hard links to non-files
        b.addFile("t", "file\n");
        b.addDirectory("t", 0755, false);
        b.addSymlink("s", "../../outside/sentinel");
        b.addHardLink("hs", "s");
        b.addManifest();
        both(b);
    }
    {
        TarBuilder b;  // deep implicit parents
        QByteArray deep;
        for (int i = 0; i < 100; ++i)
            deep += "d/";
        b.addFile(deep + "leaf", "deep\n");
        b.addManifest();
        both(b);
    }
    {
        TarBuilder b;  // a sparse file: GNU sparse 1.0, the map at the start of its data
        archive_entry *e = archive_entry_new();
        archive_entry_copy_pathname(e, "holes");
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, 8192);
        archive_entry_sparse_add_entry(e, 0, 3);
        archive_entry_sparse_add_entry(e, 4096, 3);
        b.addEntry(e, "abcdef");
        archive_entry_free(e);
        b.addManifest();
        both(b);
    }
    {
        TarBuilder b;  // a sparse map whose count is over the limit, then the rest of a clone
        const QByteArray pax = "22 GNU.sparse.major=1\n22 GNU.sparse.minor=0\n28 GNU.sparse.realsize=4096\n";
        b.addRaw(ustarEntry("PaxHeader/m", 'x', pax) + ustarEntry("GNUSparseFile.0/m", '0', "9999999999\n0\n1\n"));
        b.addFile("f", "x\n");
        b.addManifest();
        both(b);
    }
    {
        TarBuilder b;  // a valid clone, then a second archive after its end blocks
        b.addFile("f", "x\n");
        b.addManifest();
        TarBuilder second;
        second.addFile("g", "y\n");
        const QByteArray tar = b.finish() + second.finish();
        save(dir, QStringLiteral("tar-%1").arg(++n), tar);
        save(dir, QStringLiteral("zst-%1").arg(n), zstd(tar));
    }
}

}  // namespace

void writeFuzzSeeds(const QString &out)
{
    for (const char *sub : {"protocol", "restore"})
        if (!QDir().mkpath(out + QLatin1Char('/') + QLatin1String(sub)))
            throw std::runtime_error("cannot create the seed directory");
    protocolSeeds(out + QStringLiteral("/protocol"));
    restoreSeeds(out + QStringLiteral("/restore"));
}

}  // namespace st::test
