// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Typed control messages of protocol version 2, each with toJson() and a checked parse().
 *
 * parse() checks every field's presence, type and size and returns ErrorCode::Protocol naming
 * the message and field on any violation; unknown fields are ignored (forward compatible
 * within a protocol version). Plain value types.
 */
#include "net/Operation.h"
#include "util/Result.h"
#include "util/Stage.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace st::msg {

struct Hello {
    int protocol = 0;
    QString product;
    QString version;
    QString host;
    OperationSet operations;  // what the Primary can request (optional on the wire)
    QJsonObject toJson() const;
    static Result<Hello> parse(const QJsonObject &o);
};

struct Welcome {
    int protocol = 0;
    QString version;
    QString host;
    QString os;
    bool paired = false;
    qint64 freeBytes = 0;
    QString bootId;           // the agent host's current boot (optional on the wire: empty when absent)
    OperationSet operations;  // what the agent offers (optional on the wire)
    QJsonObject toJson() const;
    static Result<Welcome> parse(const QJsonObject &o);
};

struct PairRequest {
    QByteArray proof;  // 32 bytes
    QJsonObject toJson() const;
    static Result<PairRequest> parse(const QJsonObject &o);
};

struct PairResult {
    bool ok = false;
    QByteArray proof;  // agent's proof when ok
    QString code;      // error code name when not ok
    QString message;
    QJsonObject toJson() const;
    static Result<PairResult> parse(const QJsonObject &o);
};

struct BeginClone {
    QString cloneId;
    QString sourceHost;
    qint64 totalFiles = 0;
    qint64 totalBytes = 0;
    /** Which of the Primary's connections for this clone carries the message (1, 2, ...): a
     *  message from an earlier connection that arrives late (a dead link's kernel buffers
     *  delivered after the Primary moved on) is refused and cannot take the clone over. */
    qint64 attempt = 1;
    qint64 totalEntries = 0;    // files, directories, links...: the agent checks its free inodes
    qint64 allocatedBytes = 0;  // what the files occupy on the Primary's disk (holes excluded)
    /** Stage the verified clone and apply it at the next (real or simulated) boot instead of at
     *  once. An agent whose root is the live system stages always. */
    bool applyAtReboot = false;
    QJsonObject toJson() const;
    static Result<BeginClone> parse(const QJsonObject &o);
};

struct Ready {
    qint64 freeBytes = 0;
    QJsonObject toJson() const;
    static Result<Ready> parse(const QJsonObject &o);
};

struct EndData {
    qint64 compressedBytes = 0;
    QByteArray sha256;  // of the compressed stream, 32 bytes
    QJsonObject toJson() const;
    static Result<EndData> parse(const QJsonObject &o);
};

struct Ack {
    qint64 accepted = 0;  // compressed stream bytes the agent has taken so far
    QJsonObject toJson() const;
    static Result<Ack> parse(const QJsonObject &o);
};

/** Primary -> agent after a reconnect: continue the clone @p cloneId (same rules as BeginClone's id). */
struct Resume {
    QString cloneId;
    QString sourceHost;
    qint64 attempt = 1;  // as BeginClone::attempt; always above the one that began or last resumed the clone
    QJsonObject toJson() const;
    static Result<Resume> parse(const QJsonObject &o);
};

/** Agent -> Primary: the compressed bytes held durably; complete = EndData was already received. */
struct Resumed {
    qint64 offset = 0;
    bool complete = false;
    QJsonObject toJson() const;
    static Result<Resumed> parse(const QJsonObject &o);
};

/** Agent -> Primary: a chunk failed its check; send the stream again from @p offset. */
struct Resend {
    qint64 offset = 0;
    QString reason;
    QJsonObject toJson() const;
    static Result<Resend> parse(const QJsonObject &o);
};

struct Progress {
    Stage stage = Stage::Prepare;  // on the wire: stageName(); an unknown name is refused
    qint64 filesDone = 0;
    qint64 filesTotal = 0;
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    QByteArray current;  // raw path
    QJsonObject toJson() const;
    static Result<Progress> parse(const QJsonObject &o);
};

struct ReportItem {
    QByteArray path;  // raw
    QString reason;
};

struct ReportItems {
    QString kind;  // "removed"
    QList<ReportItem> items;
    static constexpr qsizetype kMaxItems = 2000;
    QJsonObject toJson() const;
    static Result<ReportItems> parse(const QJsonObject &o);
};

struct ResultMsg {
    bool ok = false;
    QString code;     // errorCodeName() when !ok
    QString message;
    QJsonObject report;  // counts and durations (numbers only)
    QJsonObject toJson() const;
    static Result<ResultMsg> parse(const QJsonObject &o);
};

/** Primary -> agent: discard the clone's staging at once. cloneId names it (needed on a new connection; optional on the clone's own). */
struct Cancel {
    QString reason;
    QString cloneId;
    QJsonObject toJson() const;
    static Result<Cancel> parse(const QJsonObject &o);
};

struct ErrorMsg {
    QString code;
    QString message;
    QJsonObject toJson() const;
    static Result<ErrorMsg> parse(const QJsonObject &o);
    Error toError() const;
};

/** Maps errorCodeName() text back to the code (unknown -> Protocol). */
ErrorCode errorCodeFromName(const QString &name);

}  // namespace st::msg
