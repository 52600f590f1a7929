// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief ByteSink/ByteSource adapters over a ChunkQueue, and over plain files.
 *
 * ChunkQueueSink gathers written bytes into chunks of a fixed size and pushes them
 * (blocking: backpressure); finish() pushes the tail and closes the queue. ChunkQueueSource
 * pops chunks (blocking) and hands them out; the end of the queue is the end of the stream.
 * FileSink/FileSource read and write a file descriptor. All used from the one worker thread
 * that owns the pipeline.
 */
#include "archive/ByteStream.h"
#include "util/ChunkQueue.h"
#include "util/UniqueFd.h"

#include <QByteArray>
#include <QString>

namespace st {

class ChunkQueueSink final : public ByteSink {
public:
    ChunkQueueSink(ChunkQueue &queue, qsizetype chunkSize = 1 << 20);
    Status write(const char *data, size_t len) override;
    Status finish() override;

private:
    ChunkQueue &m_queue;
    qsizetype m_chunkSize;
    QByteArray m_pending;
};

class ChunkQueueSource final : public ByteSource {
public:
    explicit ChunkQueueSource(ChunkQueue &queue) : m_queue(queue) {}
    Result<size_t> read(char *buffer, size_t cap) override;

private:
    ChunkQueue &m_queue;
    QByteArray m_current;
    qsizetype m_pos = 0;
    bool m_ended = false;
};

/** Writes to a file created atomically: data goes to "<name>.partial", finish() fsyncs and renames. */
class FileSink final : public ByteSink {
public:
    static Result<std::unique_ptr<FileSink>> create(const QString &fileName);
    ~FileSink() override;
    Status write(const char *data, size_t len) override;
    Status finish() override;
    qint64 bytesWritten() const { return m_written; }

private:
    FileSink(UniqueFd fd, QByteArray finalName, QByteArray partialName);
    UniqueFd m_fd;
    QByteArray m_finalName;
    QByteArray m_partialName;
    qint64 m_written = 0;
    bool m_finished = false;
};

class FileSource final : public ByteSource {
public:
    static Result<std::unique_ptr<FileSource>> open(const QString &fileName);
    Result<size_t> read(char *buffer, size_t cap) override;
    qint64 size() const { return m_size; }
    qint64 bytesRead() const { return m_read; }

private:
    FileSource(UniqueFd fd, QString name, qint64 size) : m_fd(std::move(fd)), m_name(std::move(name)), m_size(size) {}
    UniqueFd m_fd;
    QString m_name;
    qint64 m_size;
    qint64 m_read = 0;
};

}  // namespace st
