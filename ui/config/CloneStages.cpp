// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/CloneStages.h"

#include <algorithm>

namespace st {

namespace {
double ratio(qint64 done, qint64 total)
{
    return total > 0 ? std::clamp(double(done) / double(total), 0.0, 1.0) : -1.0;
}
}  // namespace

CloneStages::CloneStages()
{
    reset();
}

void CloneStages::reset()
{
    m_stages.clear();
    for (const char *id : {"snapshot", "backup", "transfer", "restore"})
        m_stages.append(CloneStage{QString::fromLatin1(id), CloneStage::State::Pending, 0, QString()});
}

const CloneStage &CloneStages::stage(const QString &id) const
{
    return const_cast<CloneStages *>(this)->at(id);
}

CloneStage &CloneStages::at(const QString &id)
{
    auto it = std::find_if(m_stages.begin(), m_stages.end(), [&](const CloneStage &s) { return s.id == id; });
    Q_ASSERT(it != m_stages.end());
    return *it;
}

void CloneStages::run(const QString &id, double fraction, const QString &activity)
{
    CloneStage &s = at(id);
    if (s.state == CloneStage::State::Done)
        return;
    s.state = CloneStage::State::Running;
    s.fraction = fraction;
    s.activity = activity;
}

void CloneStages::complete(const QString &id)
{
    CloneStage &s = at(id);
    s.state = CloneStage::State::Done;
    s.fraction = 1;
}

void CloneStages::onLocal(const JobProgress &progress)
{
    const QString &stage = progress.stage;
    if (stage == QLatin1String("scan") || stage == QLatin1String("connect") || stage == QLatin1String("snapshot")) {
        run(QStringLiteral("snapshot"), -1, stage);
    } else if (stage == QLatin1String("transfer")) {
        complete(QStringLiteral("snapshot"));
        run(QStringLiteral("backup"), ratio(progress.bytesDone, progress.bytesTotal), stage);
    } else if (stage == QLatin1String("remote")) {
        complete(QStringLiteral("snapshot"));
        complete(QStringLiteral("backup"));
    }
}

void CloneStages::onRemote(const JobProgress &progress)
{
    const QString &stage = progress.stage;
    const double fraction = ratio(progress.bytesDone, progress.bytesTotal);
    if (stage == QLatin1String("receive")) {
        complete(QStringLiteral("snapshot"));
        run(QStringLiteral("transfer"), fraction, stage);
    } else if (stage == QLatin1String("verify") || stage == QLatin1String("apply")) {
        complete(QStringLiteral("snapshot"));
        complete(QStringLiteral("backup"));
        complete(QStringLiteral("transfer"));
        const double half = fraction < 0 ? 0 : fraction / 2;
        run(QStringLiteral("restore"), stage == QLatin1String("verify") ? half : 0.5 + half, stage);
    }
}

void CloneStages::onFinished(bool success, bool cancelled)
{
    for (CloneStage &s : m_stages) {
        if (success) {
            s.state = CloneStage::State::Done;
            s.fraction = 1;
        } else if (s.state == CloneStage::State::Running) {
            s.state = cancelled ? CloneStage::State::Cancelled : CloneStage::State::Failed;
        }
    }
    if (!success && std::none_of(m_stages.begin(), m_stages.end(), [](const CloneStage &s) {
            return s.state == CloneStage::State::Failed || s.state == CloneStage::State::Cancelled;
        })) {
        // Failed between stages: mark the first one that did not finish.
        for (CloneStage &s : m_stages)
            if (s.state != CloneStage::State::Done) {
                s.state = cancelled ? CloneStage::State::Cancelled : CloneStage::State::Failed;
                break;
            }
    }
}

}  // namespace st
