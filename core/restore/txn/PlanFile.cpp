// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/txn/PlanFile.h"

#include "util/Sha256.h"

namespace st::txn {

namespace {
const QByteArray kMagic = QByteArrayLiteral("servertwin-apply-plan 1 ");
const QByteArray kTrailer = QByteArrayLiteral("end ");

Error damaged(const QString &why)
{
    return makeError(ErrorCode::Io, QStringLiteral("damaged apply plan: %1").arg(why));
}
}  // namespace

QByteArray serializePlan(const Plan &plan)
{
    QByteArray out = kMagic + QByteArray::number(plan.entriesApplied) + '\n';
    for (const ApplyStep &s : plan.steps)
        out += s.toLine() + '\n';
    out += kTrailer + Sha256::of(out).toHex() + '\n';
    return out;
}

Result<Plan> parsePlan(const QByteArray &text)
{
    if (!text.endsWith('\n'))
        return damaged(QStringLiteral("it does not end with its trailer"));
    const qsizetype trailerAt = text.lastIndexOf('\n', text.size() - 2) + 1;
    const QByteArray trailer = text.mid(trailerAt, text.size() - trailerAt - 1);
    const QByteArray body = text.left(trailerAt);
    if (!trailer.startsWith(kTrailer) || trailer.mid(kTrailer.size()) != Sha256::of(body).toHex())
        return damaged(QStringLiteral("its checksum does not match (it was not written completely)"));
    const QList<QByteArray> lines = body.split('\n');
    if (lines.isEmpty() || !lines.first().startsWith(kMagic))
        return damaged(QStringLiteral("it does not start with the plan header"));
    Plan plan;
    bool ok = false;
    plan.entriesApplied = lines.first().mid(kMagic.size()).toLongLong(&ok);
    if (!ok || plan.entriesApplied < 0)
        return damaged(QStringLiteral("a malformed header"));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (lines[i].isEmpty() && i == lines.size() - 1)
            break;  // after the last newline
        Result<ApplyStep> step = ApplyStep::fromLine(lines[i]);
        if (!step)
            return step.error().withContext(QStringLiteral("line %1").arg(i + 1));
        plan.steps.append(std::move(*step));
    }
    return plan;
}

}  // namespace st::txn
