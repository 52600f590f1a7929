// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Primary <-> agent wire protocol (version 1), inside TLS 1.3.
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
 *   Data{bytes} ...                 ->  <- Ack{accepted} ... Progress{stage, files, bytes, current} ...
 *   EndData{compressedBytes, sha256}->
 *                                   <-  Progress ... ReportItems{removed...} ...
 *                                   <-  Result{ok, error, report}
 *   Cancel{reason} (either time)    ->  agent discards staging, answers Result{ok:false}
 *
 * Flow control: the agent acknowledges the compressed bytes its restore worker has taken;
 * the Primary keeps at most kSendWindow bytes unacknowledged. This bounds the agent's memory
 * without relying on socket read-buffer limits.
 *
 * Free functions and a decoder object; the decoder belongs to one socket's thread.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QJsonObject>
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
};

constexpr qsizetype kMaxDataPayload = 4 << 20;
constexpr qsizetype kMaxControlPayload = 1 << 20;
constexpr qint64 kSendWindow = 16 << 20;

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

private:
    qint64 m_pendingLength = -1;
};

/** Parses a control payload into a JSON object (error names the message type). */
Result<QJsonObject> parseJson(const Frame &frame);

}  // namespace st::proto
