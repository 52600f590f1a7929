// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer harness for the wire protocol: the bytes a peer sends go through FrameReader
// (arriving in pieces of a fuzzed size, as from a socket) and every complete frame through
// parseJson() and the checked parse() of its message type (for operation requests and
// responses, also the bodies a hostile agent or Primary could send: system.status,
// hardware.inventory; a component manifest, which will travel in a request's body). Oracle
// besides the sanitizers:
// a frame over its type's limit is never returned, and a message that parses re-encodes
// (toJson) into one that parses again.
#include "component/ComponentManifest.h"
#include "component/ComponentMessages.h"
#include "inventory/InventoryMessages.h"
#include "net/Messages.h"
#include "net/Operation.h"
#include "net/Protocol.h"
#include "net/SystemMessages.h"

#include <QBuffer>
#include <QByteArray>
#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace st;

namespace {

void check(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "protocol fuzzer: oracle failed: %s\n", what);
        abort();
    }
}

template <typename M>
void roundTrip(const QJsonObject &object)
{
    Result<M> parsed = M::parse(object);
    if (!parsed)
        return;
    Result<M> again = M::parse(parsed->toJson());
    check(again.ok(), "a parsed message does not parse again after toJson()");
}

void parseMessage(const proto::Frame &frame)
{
    check(frame.payload.size() <= proto::maxPayload(static_cast<quint8>(frame.type)), "frame over its type's limit");
    if (frame.type == proto::Type::Data) {
        // The chunk header (stream offset, SHA-256) is parsed; the bytes after it are the clone
        // stream, which the restore fuzzer covers.
        (void)proto::parseDataHeader(frame.payload);
        return;
    }
    Result<QJsonObject> object = proto::parseJson(frame);
    if (!object)
        return;
    switch (frame.type) {
    case proto::Type::Hello: roundTrip<msg::Hello>(*object); break;
    case proto::Type::Welcome: roundTrip<msg::Welcome>(*object); break;
    case proto::Type::PairRequest: roundTrip<msg::PairRequest>(*object); break;
    case proto::Type::PairResult: roundTrip<msg::PairResult>(*object); break;
    case proto::Type::BeginClone: roundTrip<msg::BeginClone>(*object); break;
    case proto::Type::Ready: roundTrip<msg::Ready>(*object); break;
    case proto::Type::EndData: roundTrip<msg::EndData>(*object); break;
    case proto::Type::Ack: roundTrip<msg::Ack>(*object); break;
    case proto::Type::Progress: roundTrip<msg::Progress>(*object); break;
    case proto::Type::ReportItems: roundTrip<msg::ReportItems>(*object); break;
    case proto::Type::Result: roundTrip<msg::ResultMsg>(*object); break;
    case proto::Type::Cancel: roundTrip<msg::Cancel>(*object); break;
    case proto::Type::Resume: roundTrip<msg::Resume>(*object); break;
    case proto::Type::Resumed: roundTrip<msg::Resumed>(*object); break;
    case proto::Type::Resend: roundTrip<msg::Resend>(*object); break;
    case proto::Type::Request: {
        Result<msg::OperationRequest> r = msg::OperationRequest::parse(*object);
        if (r) {
            roundTrip<inv::InventoryRequest>(r->body);
            roundTrip<msg::RebootRequest>(r->body);
            roundTrip<comp::UploadRequest>(r->body);
            roundTrip<comp::InstallRequest>(r->body);
            Result<ComponentManifest> manifest = ComponentManifest::parse(QJsonDocument(r->body).toJson(QJsonDocument::Compact));
            if (manifest) {
                Result<ComponentManifest> again = ComponentManifest::parse(manifest->toJson());
                check(again.ok() && again->toJson() == manifest->toJson(), "a parsed component manifest does not parse again to the same");
            }
        }
        break;
    }
    case proto::Type::Response: {
        Result<msg::OperationResponse> r = msg::OperationResponse::parse(*object);
        if (r && r->result) {
            roundTrip<inv::InventoryReply>(*r->result);
            roundTrip<msg::SystemStatus>(*r->result);
            roundTrip<comp::ListReply>(*r->result);
            roundTrip<comp::InstallReply>(*r->result);
        }
        break;
    }
    case proto::Type::Error: {
        Result<msg::ErrorMsg> e = msg::ErrorMsg::parse(*object);
        if (e)
            (void)e->toError();
        roundTrip<msg::ErrorMsg>(*object);
        break;
    }
    default:
        break;  // a type added later: parseJson() above still ran on it
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    // First byte: how many bytes arrive per read (1..256), like a socket's read buffer filling.
    const qsizetype piece = static_cast<qsizetype>(data[0]) + 1;
    const QByteArray wire(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));
    QByteArray arrived;
    QBuffer buffer(&arrived);
    buffer.open(QIODevice::ReadWrite);
    proto::FrameReader reader;
    qsizetype fed = 0;
    while (true) {
        if (fed < wire.size()) {
            const qint64 readPos = buffer.pos();
            buffer.seek(arrived.size());
            buffer.write(wire.constData() + fed, std::min(piece, wire.size() - fed));
            buffer.seek(readPos);
            fed += std::min(piece, wire.size() - fed);
        }
        Result<std::optional<proto::Frame>> frame = reader.next(buffer);
        if (!frame)
            return 0;  // a refused frame ends the conversation
        if (*frame) {
            parseMessage(**frame);
            continue;
        }
        if (fed >= wire.size())
            return 0;
    }
}
