// SPDX-License-Identifier: GPL-3.0-or-later
#include "Sha256.h"

#include <openssl/evp.h>

#include <algorithm>

namespace st {

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new())
{
    reset();
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(m_ctx);
}

void Sha256::reset()
{
    EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr);
}

void Sha256::add(const void *data, size_t len)
{
    if (len)
        EVP_DigestUpdate(m_ctx, data, len);
}

void Sha256::addZeros(uint64_t count)
{
    static const unsigned char zeros[64 * 1024] = {};
    while (count > 0) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(count, sizeof zeros));
        EVP_DigestUpdate(m_ctx, zeros, n);
        count -= n;
    }
}

QByteArray Sha256::finish()
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(m_ctx, md, &len);
    reset();
    return QByteArray(reinterpret_cast<const char *>(md), static_cast<qsizetype>(len));
}

QByteArray Sha256::of(const QByteArray &data)
{
    Sha256 h;
    h.add(data.constData(), static_cast<size_t>(data.size()));
    return h.finish();
}

}  // namespace st
