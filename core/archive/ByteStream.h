// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The two ends every clone stream stage plugs into.
 *
 * A ByteSink takes bytes pushed by a producer (tar writer -> zstd compressor -> file or
 * network queue); a ByteSource hands bytes to a consumer (network queue or file -> zstd
 * decompressor -> tar reader). Calls come from one thread at a time (the worker that owns the
 * pipeline); an implementation that crosses threads (a network queue) documents its own rules.
 */
#include "util/Result.h"

#include <cstddef>

namespace st {

class ByteSink {
public:
    virtual ~ByteSink() = default;
    /** Takes all @p len bytes or fails. */
    virtual Status write(const char *data, size_t len) = 0;
    /** No more data: flush and close the stream's framing. */
    virtual Status finish() = 0;
};

class ByteSource {
public:
    virtual ~ByteSource() = default;
    /** Reads up to @p cap bytes; 0 means end of stream. */
    virtual Result<size_t> read(char *buffer, size_t cap) = 0;
};

}  // namespace st
