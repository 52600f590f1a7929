// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Primary <-> agent wire protocol (version 2), inside TLS 1.3.
 *
 * A frame is a 4-byte big-endian length N, then N bytes: one type byte and the payload.
 * Control messages carry a JSON object; Data carries raw bytes of the compressed clone
 * stream. Every frame type has its own size limit (a frame over it is a protocol error
 * before anything is buffered), every JSON field is type- and size-checked by the message
 * parsers in Messages.h, and an unknown frame type or protocol version is refused with a
 * clear error. Conversation:
 *
 *   Primary                              agent
 *   Hello{protocol, version, host}  ->
 *                                   <-  Welcome{protocol, version, host, os, paired, freeBytes}
 *   [PairRequest{proof}             ->  (only when not paired yet)
 *                                   <-  PairResult{ok, proof | message}]
 *   BeginClone{cloneId, totals}     ->
 *                                   <-  Ready{freeBytes}  |  Error
 *   Data{offset, sha256, bytes} ... ->  <- Ack{accepted} ... Progress{stage, files, bytes, current} ...
 *                                   <-  Resend{offset}  (a chunk failed its SHA-256)
 *   EndData{compressedBytes, sha256}->
 *                                   <-  Progress ... ReportItems{removed...} ...
 *                                   <-  Result{ok, error, report}
 *   Cancel{reason, cloneId} (any time after Welcome)
 *                                   ->  agent discards the clone's staging at once (spool too),
 *                                   <-  Result{ok:false, code "cancelled"}
 *   Ping{} (any time after Welcome) ->  <- Pong{}
 *   Request{id, operation, version, body} (any time after pairing; see net/Operation.h)
 *                                   <-  Event{id, ...} ... Response{id, ok, body | error}
 *
 * Welcome also lists the operations the agent offers (name -> highest body version) and its
 * boot id; Hello lists the Primary's. Both are optional on parse, so an end that predates them
 * reads as offering no operations.
 *
 * After a lost link the Primary connects again (pinned, no pairing code) and, instead of
 * BeginClone, sends Resume{cloneId, sourceHost}; the agent answers Resumed{offset, complete}
 * (offset = compressed bytes it holds durably; complete = EndData already arrived) or Error
 * when it has no staging for that clone, and the Primary continues with Data from offset.
 * A clone that has already ended is answered from the agent's recorded outcome (also after
 * an agent restart): Resumed{offset, complete: true}, then its ReportItems and Result again.
 * A Primary that cancels while its link is down sends Cancel{cloneId} on the next connection
 * instead of Resume, so the staging is discarded at once rather than after the resume timeout.
 *
 * Data frames carry a binary header (DataHeader: 8-byte big-endian stream offset, 32-byte
 * SHA-256 of the chunk) before the chunk. The agent writes a chunk to its durable spool only
 * when the offset is the next one it expects and the digest matches; on a mismatch it asks
 * for the stream again from that offset (Resend) and ignores Data until that offset arrives.
 *
 * Flow control: the agent acknowledges (Ack) the compressed bytes it has written and
 * fsync'ed (after each batch it reads, at least every MiB); the Primary keeps at most
 * kSendWindow bytes unacknowledged, in memory, so it can send them again after a reconnect.
 * Resumed{offset} is the agent's durable length, so what is sent again after an
 * interruption is only what had not reached the agent's disk: at most kSendWindow. Keepalive: the Primary sends Ping when it has nothing
 * else to say and treats a link with no frame from the agent for its keepalive timeout as
 * dead; the agent closes a session that has been silent for its idle timeout.
 *
 * Free functions and a decoder object; the decoder belongs to one socket's thread.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <optional>

class QIODevice;

namespace st::proto {

enum class Type : quint8 {
    Hello = 1,
    Welcome = 2,
    PairRequest = 3,
    PairResult = 4,
    BeginClone = 5,
    Ready = 6,
    Data = 7,
    EndData = 8,
    Progress = 9,
    ReportItems = 10,
    Result = 11,
    Cancel = 12,
    Error = 13,
    Ack = 14,
    Resume = 15,
    Resumed = 16,
    Resend = 17,
    Ping = 18,
    Pong = 19,
    Request = 20,   // the operation envelope (net/Operation.h): every step after the clone
    Response = 21,
    Event = 22,
};

constexpr qsizetype kMaxDataPayload = 4 << 20;
constexpr qsizetype kMaxControlPayload = 1 << 20;
// At most this many stream bytes are unacknowledged (sent, not yet fsync'ed and acknowledged by
// the agent): also the most one interruption (lost link, agent restart, Resend) makes the
// Primary send again.
constexpr qint64 kSendWindow = 8 << 20;
constexpr qsizetype kFrameHeaderSize = 4 + 1;  // length, type
constexpr qsizetype kDataHeaderSize = 8 + 32;

/** The binary header of a Data frame: where the chunk sits in the compressed stream and its digest. */
struct DataHeader {
    qint64 offset = 0;
    QByteArray sha256;  // 32 bytes
};

/** A Data payload: header + chunk. */
QByteArray encodeData(qint64 offset, const QByteArray &sha256, const char *data, qsizetype size);
/** Splits a Data payload; a protocol error when it is shorter than the header or the offset is negative. */
Result<DataHeader> parseDataHeader(const QByteArray &payload);

/** Largest payload a frame of @p type may carry; 0 for an unknown type. */
qsizetype maxPayload(quint8 type);
QString typeName(quint8 type);

QByteArray encode(Type type, const QByteArray &payload);
QByteArray encodeJson(Type type, const QJsonObject &object);

struct Frame {
    Type type;
    QByteArray payload;
};

/** Takes whole frames off a socket's read buffer without blocking. */
class FrameReader {
public:
    /** A frame when one is complete; nullopt when more bytes are needed; an error for a bad frame. */
    Result<std::optional<Frame>> next(QIODevice &device);

    /**
     * Until lift() is called, only frames of @p types with at most @p maxPayload bytes are
     * taken (the agent's rule before a peer is trusted: Hello and PairRequest, small); any
     * other frame is an error as soon as its 5-byte header arrives, before its body is waited for.
     */
    void restrict(QList<Type> types, qsizetype maxPayload);
    void lift() { m_restricted = false; }

private:
    qint64 m_pendingLength = -1;
    bool m_restricted = false;
    QList<Type> m_allowed;
    qsizetype m_restrictedMax = 0;
};

/** Parses a control payload into a JSON object (error names the message type). */
Result<QJsonObject> parseJson(const Frame &frame);

}  // namespace st::proto
