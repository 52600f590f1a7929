// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/RestoreWorker.h"

namespace st {

RestoreWorker::RestoreWorker(RestoreOptions options, std::shared_ptr<StreamSpool> spool, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_spool(std::move(spool)),
      m_result(std::make_shared<std::optional<Result<RestoreReport>>>())
{
}

RestoreWorker::~RestoreWorker()
{
    m_cancel.cancel();
    m_spool->abort(makeError(ErrorCode::Cancelled, QStringLiteral("restore abandoned")));
    if (m_thread)
        m_thread->wait();
}

void RestoreWorker::start()
{
    auto result = m_result;
    auto spool = m_spool;
    m_thread.reset(QThread::create([this, result, spool] {
        auto source = spool->reader();
        result->emplace(runRestore(*source, m_options, m_cancel, &m_progress));
    }));
    connect(m_thread.get(), &QThread::finished, this, [this] { Q_EMIT finished(**m_result); }, Qt::QueuedConnection);
    m_thread->start();
}

void RestoreWorker::abort(const Error &why)
{
    m_cancel.cancel();
    m_spool->abort(why);
}

}  // namespace st
