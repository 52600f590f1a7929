// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief zstd framing of the clone stream.
 *
 * ZstdCompressSink compresses what is written to it into a downstream ByteSink: one zstd frame
 * with the content checksum on, multi-threaded (libzstd workers) at a configurable level, so
 * a saved clone is a plain .tar.zst. ZstdDecompressSource reads a compressed ByteSource and
 * yields the tar stream, with a window-size cap (no decompression bombs through huge windows)
 * and truncation detection (a stream that ends mid-frame is an error, not an end); it accepts
 * only zstd frames, one after another (a skippable frame, which the decoder would pass over
 * unread, is refused: ServerTwin never writes one).
 * Each object is used from one thread.
 */
#include "archive/ByteStream.h"

#include <QByteArray>

struct ZSTD_CCtx_s;
struct ZSTD_DCtx_s;

namespace st {

struct ZstdOptions {
    int level = 3;
    int threads = 0;  // 0: one worker per core
};

class ZstdCompressSink final : public ByteSink {
public:
    ZstdCompressSink(ByteSink &downstream, ZstdOptions options);
    ~ZstdCompressSink() override;
    Status write(const char *data, size_t len) override;
    Status finish() override;
    qint64 bytesIn() const { return m_in; }
    qint64 bytesOut() const { return m_out; }

private:
    Status pump(const char *data, size_t len, bool end);
    ByteSink &m_down;
    ZSTD_CCtx_s *m_ctx;
    QByteArray m_buffer;
    qint64 m_in = 0;
    qint64 m_out = 0;
    bool m_finished = false;
};

class ZstdDecompressSource final : public ByteSource {
public:
    /** @p maxWindowLog: largest window a frame may ask for (27 = 128 MiB, zstd's default cap). */
    explicit ZstdDecompressSource(ByteSource &upstream, int maxWindowLog = 27);
    ~ZstdDecompressSource() override;
    Result<size_t> read(char *buffer, size_t cap) override;
    qint64 bytesIn() const { return m_in; }
    qint64 bytesOut() const { return m_out; }

private:
    /** At a frame boundary: refuses a skippable frame (arbitrary bytes the decoder would pass over). */
    Status checkFrameStart();
    ByteSource &m_up;
    ZSTD_DCtx_s *m_ctx;
    QByteArray m_input;
    size_t m_inputPos = 0;
    size_t m_inputLen = 0;
    size_t m_lastRet = 0;
    bool m_upstreamEnded = false;
    bool m_sawData = false;
    bool m_atFrameStart = true;
    qint64 m_in = 0;
    qint64 m_out = 0;
};

}  // namespace st
