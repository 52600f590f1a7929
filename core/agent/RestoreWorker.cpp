// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/RestoreWorker.h"

#include "archive/QueueStreams.h"

namespace st {

namespace {
constexpr size_t kQueueBytes = 32u << 20;
}

RestoreWorker::RestoreWorker(RestoreOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_queue(kQueueBytes),
      m_result(std::make_shared<std::optional<Result<RestoreReport>>>())
{
    m_queue.setNotifier([this] {
        // Called on whichever thread changed the queue; hop to ours. Coalescing is not needed:
        // one queued call per popped chunk (1-4 MiB) is cheap.
        QMetaObject::invokeMethod(this, [this] { Q_EMIT spaceAvailable(); }, Qt::QueuedConnection);
    });
}

RestoreWorker::~RestoreWorker()
{
    m_cancel.cancel();
    m_queue.abort(makeError(ErrorCode::Cancelled, QStringLiteral("restore abandoned")));
    if (m_thread)
        m_thread->wait();
    m_queue.setNotifier({});
}

void RestoreWorker::start()
{
    auto result = m_result;
    m_thread.reset(QThread::create([this, result] {
        ChunkQueueSource source(m_queue);
        result->emplace(runRestore(source, m_options, m_cancel, &m_progress));
        // Unblock a producer still waiting on a full queue.
        m_queue.abort(makeError(ErrorCode::Cancelled, QStringLiteral("restore ended")));
    }));
    connect(m_thread.get(), &QThread::finished, this, [this] { Q_EMIT finished(**m_result); }, Qt::QueuedConnection);
    m_thread->start();
}

bool RestoreWorker::offer(QByteArray &chunk)
{
    return m_queue.tryPush(chunk);
}

void RestoreWorker::finishInput()
{
    m_queue.close();
}

void RestoreWorker::abort(const Error &why)
{
    m_cancel.cancel();
    m_queue.abort(why);
}

}  // namespace st
