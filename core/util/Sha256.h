// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Incremental SHA-256 over OpenSSL's EVP interface (uses SHA-NI where present).
 *
 * One object per stream; not shared between threads. addZeros() feeds a run of zero bytes
 * without allocating, for the holes of sparse files.
 */
#include <QByteArray>
#include <cstddef>
#include <cstdint>

struct evp_md_ctx_st;

namespace st {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void reset();
    void add(const void *data, size_t len);
    void addZeros(uint64_t count);
    /** Returns the 32-byte digest and resets the object. */
    QByteArray finish();

    static QByteArray of(const QByteArray &data);

private:
    evp_md_ctx_st *m_ctx;
};

}  // namespace st
