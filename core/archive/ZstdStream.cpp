// SPDX-License-Identifier: GPL-3.0-or-later
#include "archive/ZstdStream.h"

#include <QThread>
#include <zstd.h>
#include <zstd_errors.h>

#include <cstring>

namespace st {

ZstdCompressSink::ZstdCompressSink(ByteSink &downstream, ZstdOptions options)
    : m_down(downstream), m_ctx(ZSTD_createCCtx())
{
    const int threads = options.threads > 0 ? options.threads : QThread::idealThreadCount();
    ZSTD_CCtx_setParameter(m_ctx, ZSTD_c_compressionLevel, options.level);
    ZSTD_CCtx_setParameter(m_ctx, ZSTD_c_checksumFlag, 1);
    // Workers make compression asynchronous to the tar producer; a build without threads
    // support rejects the parameter and we stay single-threaded.
    if (threads > 1)
        ZSTD_CCtx_setParameter(m_ctx, ZSTD_c_nbWorkers, threads);
    m_buffer.resize(static_cast<qsizetype>(ZSTD_CStreamOutSize()));
}

ZstdCompressSink::~ZstdCompressSink()
{
    ZSTD_freeCCtx(m_ctx);
}

Status ZstdCompressSink::pump(const char *data, size_t len, bool end)
{
    ZSTD_inBuffer in{data, len, 0};
    const ZSTD_EndDirective mode = end ? ZSTD_e_end : ZSTD_e_continue;
    for (;;) {
        ZSTD_outBuffer out{m_buffer.data(), static_cast<size_t>(m_buffer.size()), 0};
        const size_t remaining = ZSTD_compressStream2(m_ctx, &out, &in, mode);
        if (ZSTD_isError(remaining))
            return makeError(ErrorCode::Internal,
                             QStringLiteral("zstd compression failed: %1").arg(QString::fromLatin1(ZSTD_getErrorName(remaining))));
        if (out.pos > 0) {
            m_out += static_cast<qint64>(out.pos);
            if (Status s = m_down.write(m_buffer.constData(), out.pos); !s)
                return s;
        }
        if (end ? remaining == 0 : in.pos == in.size)
            return {};
    }
}

Status ZstdCompressSink::write(const char *data, size_t len)
{
    m_in += static_cast<qint64>(len);
    return pump(data, len, false);
}

Status ZstdCompressSink::finish()
{
    if (m_finished)
        return {};
    m_finished = true;
    if (Status s = pump(nullptr, 0, true); !s)
        return s;
    return m_down.finish();
}

ZstdDecompressSource::ZstdDecompressSource(ByteSource &upstream, int maxWindowLog)
    : m_up(upstream), m_ctx(ZSTD_createDCtx())
{
    ZSTD_DCtx_setParameter(m_ctx, ZSTD_d_windowLogMax, maxWindowLog);
    m_input.resize(static_cast<qsizetype>(ZSTD_DStreamInSize()));
}

ZstdDecompressSource::~ZstdDecompressSource()
{
    ZSTD_freeDCtx(m_ctx);
}

Status ZstdDecompressSource::checkFrameStart()
{
    // The magic may straddle two upstream reads: gather its 4 bytes first.
    while (m_inputLen - m_inputPos < 4 && !m_upstreamEnded) {
        std::memmove(m_input.data(), m_input.constData() + m_inputPos, m_inputLen - m_inputPos);
        m_inputLen -= m_inputPos;
        m_inputPos = 0;
        Result<size_t> got = m_up.read(m_input.data() + m_inputLen, static_cast<size_t>(m_input.size()) - m_inputLen);
        if (!got)
            return got.error();
        m_in += static_cast<qint64>(*got);
        m_inputLen += *got;
        if (*got == 0)
            m_upstreamEnded = true;
    }
    m_atFrameStart = false;
    if (m_inputLen - m_inputPos < 4)
        return {};  // too short for a frame: the decoder reports it
    const auto *b = reinterpret_cast<const unsigned char *>(m_input.constData() + m_inputPos);
    const quint32 magic = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<quint32>(b[3]) << 24);
    if ((magic & 0xFFFFFFF0u) == ZSTD_MAGIC_SKIPPABLE_START)
        return makeError(ErrorCode::Archive, QStringLiteral("clone stream holds a zstd skippable frame (data ServerTwin never writes)"));
    return {};
}

Result<size_t> ZstdDecompressSource::read(char *buffer, size_t cap)
{
    ZSTD_outBuffer out{buffer, cap, 0};
    while (out.pos == 0) {
        if (m_inputPos == m_inputLen && !m_upstreamEnded) {
            Result<size_t> got = m_up.read(m_input.data(), static_cast<size_t>(m_input.size()));
            if (!got)
                return got.error();
            m_inputPos = 0;
            m_inputLen = *got;
            m_in += static_cast<qint64>(*got);
            if (*got == 0)
                m_upstreamEnded = true;
        }
        if (m_atFrameStart && m_inputPos < m_inputLen) {
            if (Status s = checkFrameStart(); !s)
                return s.error();
        }
        if (m_inputPos == m_inputLen && m_upstreamEnded) {
            // End of input: fine only if the last frame was complete.
            if (!m_sawData)
                return makeError(ErrorCode::Archive, QStringLiteral("clone stream is empty"));
            if (m_lastRet != 0)
                return makeError(ErrorCode::Archive, QStringLiteral("clone stream is truncated (zstd frame incomplete)"));
            return size_t{0};
        }
        ZSTD_inBuffer in{m_input.constData(), m_inputLen, m_inputPos};
        const size_t ret = ZSTD_decompressStream(m_ctx, &out, &in);
        m_inputPos = in.pos;
        m_sawData = true;
        if (ZSTD_isError(ret)) {
            const auto code = ZSTD_getErrorCode(ret);
            if (code == ZSTD_error_frameParameter_windowTooLarge)
                return makeError(ErrorCode::Hostile, QStringLiteral("clone stream asks for a zstd window larger than allowed"));
            return makeError(ErrorCode::Archive,
                             QStringLiteral("clone stream is corrupt: %1").arg(QString::fromLatin1(ZSTD_getErrorName(ret))));
        }
        m_lastRet = ret;
        m_atFrameStart = ret == 0;
    }
    m_out += static_cast<qint64>(out.pos);
    return out.pos;
}

}  // namespace st
