// SPDX-License-Identifier: GPL-3.0-or-later
#include "FuzzSeeds.h"

#include "ExtractTestSupport.h"

#include "archive/ZstdStream.h"
#include "net/Messages.h"
#include "net/Protocol.h"

#include <archive.h>
#include <archive_entry.h>

#include <QDir>
#include <QFile>

#include <stdexcept>

namespace st::test {

namespace {

class MemorySink final : public ByteSink {
public:
    Status write(const char *data, size_t len) override
    {
        bytes.append(data, static_cast<qsizetype>(len));
        return {};
    }
    Status finish() override { return {}; }
    QByteArray bytes;
};

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
    const QList<QPair<Type, QJsonObject>> messages{
        {Type::Hello, msg::Hello{1, QStringLiteral("ServerTwin"), QStringLiteral("0.1.0"), QStringLiteral("primary")}.toJson()},
        {Type::Welcome, msg::Welcome{1, QStringLiteral("0.1.0"), QStringLiteral("secondary"), QStringLiteral("Debian 12"), false, 1 << 30}.toJson()},
        {Type::PairRequest, msg::PairRequest{proof}.toJson()},
        {Type::PairResult, msg::PairResult{true, proof, {}, {}}.toJson()},
        {Type::BeginClone, msg::BeginClone{QStringLiteral("c0ffee"), QStringLiteral("primary"), 10, 4096}.toJson()},
        {Type::Ready, msg::Ready{1 << 30}.toJson()},
        {Type::EndData, msg::EndData{4096, QByteArray(32, 's')}.toJson()},
        {Type::Ack, msg::Ack{4096}.toJson()},
        {Type::Progress, msg::Progress{QStringLiteral("receive"), 1, 10, 100, 4096, "etc/hostname"}.toJson()},
        {Type::ReportItems, msg::ReportItems{QStringLiteral("removed"), {{"etc/old", QStringLiteral("not on the Primary")}}}.toJson()},
        {Type::Result, msg::ResultMsg{false, QStringLiteral("NoSpace"), QStringLiteral("disk full"), {}}.toJson()},
        {Type::Cancel, msg::Cancel{QStringLiteral("user")}.toJson()},
        {Type::Error, msg::ErrorMsg{QStringLiteral("Protocol"), QStringLiteral("bad")}.toJson()},
    };
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
