// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Cooperative cancellation shared between a job and its worker threads.
 *
 * Copies share one flag. cancel() may be called from any thread; workers poll
 * isCancelled() at safe points (between files, between chunks) and unwind with
 * ErrorCode::Cancelled. Lock-free, thread-safe.
 */
#include <atomic>
#include <memory>

namespace st {

class CancelToken {
public:
    CancelToken() : m_flag(std::make_shared<std::atomic_bool>(false)) {}
    void cancel() const { m_flag->store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_flag->load(std::memory_order_relaxed); }

private:
    std::shared_ptr<std::atomic_bool> m_flag;
};

}  // namespace st
