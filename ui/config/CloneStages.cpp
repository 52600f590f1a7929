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
        m_stages.append(CloneStage{QString::fromLatin1(id), CloneStage::State::Pending, 0, std::nullopt});
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

void CloneStages::run(const QString &id, double fraction, Stage activity)
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
    const Stage stage = progress.stage;
    switch (stage) {
    case Stage::Hardware:  // the Secondary's fitness, checked before anything is sent
    case Stage::Scan:
    case Stage::Connect:
    case Stage::Snapshot:
        run(QStringLiteral("snapshot"), -1, stage);
        break;
    case Stage::Transfer:
        complete(QStringLiteral("snapshot"));
        run(QStringLiteral("backup"), ratio(progress.bytesDone, progress.bytesTotal), stage);
        break;
    case Stage::Remote:
        complete(QStringLiteral("snapshot"));
        complete(QStringLiteral("backup"));
        break;
    default:  // not a stage of the Primary's side of a clone
        break;
    }
}

void CloneStages::onRemote(const JobProgress &progress)
{
    const Stage stage = progress.stage;
    const double fraction = ratio(progress.bytesDone, progress.bytesTotal);
    switch (stage) {
    case Stage::Receive:
        complete(QStringLiteral("snapshot"));
        run(QStringLiteral("transfer"), fraction, stage);
        break;
    case Stage::Verify:
    case Stage::Apply: {
        complete(QStringLiteral("snapshot"));
        complete(QStringLiteral("backup"));
        complete(QStringLiteral("transfer"));
        const double half = fraction < 0 ? 0 : fraction / 2;
        run(QStringLiteral("restore"), stage == Stage::Verify ? half : 0.5 + half, stage);
        break;
    }
    default:  // Prepare and Done change no bar
        break;
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
