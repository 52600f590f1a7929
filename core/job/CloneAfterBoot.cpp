// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/CloneAfterBoot.h"

namespace st {

namespace {

const msg::StagedClone *findClone(const QList<msg::StagedClone> &clones, const QString &id)
{
    for (const msg::StagedClone &c : clones)
        if (c.cloneId == id)
            return &c;
    return nullptr;
}

CloneVerdict finishWith(Status result, QStringList notes = {})
{
    CloneVerdict v;
    v.result = std::move(result);
    v.notes = std::move(notes);
    return v;
}

}  // namespace

CloneVerdict judgeClonesAfterBoot(const QList<msg::StagedClone> &before, const QList<msg::StagedClone> &after, const Status &health,
                                  bool rollingBack, bool confirm, bool rollbackOnUnhealthy)
{
    QStringList notes;
    if (rollingBack) {
        for (const msg::StagedClone &c : after) {
            if (c.phase == QLatin1String("rolled-back"))
                notes.append(QStringLiteral("clone %1 was rolled back: the Secondary runs the system it had before it").arg(c.cloneId));
            else if (c.phase != QLatin1String("staged"))
                return finishWith(makeError(ErrorCode::Verify, QStringLiteral("the rollback of clone %1 did not complete at boot (it is %2%3); on the Secondary see journalctl -b -1 -u servertwin-apply")
                                                                 .arg(c.cloneId, c.phase, c.error.isEmpty() ? QString() : QStringLiteral(": ") + c.error)));
        }
        return finishWith(health, notes);
    }

    QStringList applied;
    for (const msg::StagedClone &c : after) {
        const msg::StagedClone *was = findClone(before, c.cloneId);
        const bool stagedForThisBoot = was && (was->phase == QLatin1String("staged") || was->phase == QLatin1String("applying"));
        if (c.phase == QLatin1String("applied")) {
            if (stagedForThisBoot || (was && was->phase == QLatin1String("applied")))
                applied.append(c.cloneId);
        } else if (c.phase == QLatin1String("rolled-back")) {
            if (stagedForThisBoot)
                return finishWith(makeError(ErrorCode::Verify, QStringLiteral("clone %1 could not be applied at boot and was rolled back, the Secondary runs its previous system: %2")
                                                                 .arg(c.cloneId, c.error)));
        } else if (c.phase == QLatin1String("staged")) {
            return finishWith(makeError(ErrorCode::Verify, QStringLiteral("clone %1 is still staged: the boot did not apply it (on the Secondary: systemctl status servertwin-apply, ls -l /system-update)")
                                                             .arg(c.cloneId)));
        } else if (c.phase == QLatin1String("failed")) {
            return finishWith(makeError(ErrorCode::Verify, QStringLiteral("clone %1 failed at boot and needs the engineer on the Secondary's console: %2").arg(c.cloneId, c.error)));
        } else {
            return finishWith(makeError(ErrorCode::Verify, QStringLiteral("clone %1 is %2 after the boot, which only a cut boot leaves: reboot the Secondary again to finish it")
                                                             .arg(c.cloneId, c.phase)));
        }
    }
    if (applied.isEmpty())
        return finishWith(health, notes);
    if (health) {
        if (!confirm) {
            notes.append(QStringLiteral("clone %1 applied and healthy; not confirmed (what it replaced stays on the Secondary until it is)").arg(applied.join(QStringLiteral(", "))));
            CloneVerdict v = finishWith({}, notes);
            v.clones = applied;  // left for the engineer: confirm or roll back
            return v;
        }
        CloneVerdict v;
        v.action = CloneVerdict::Action::Confirm;
        v.clones = applied;
        v.notes = notes;
        return v;
    }
    if (!rollbackOnUnhealthy)
        return finishWith(health.error().withContext(QStringLiteral("clone %1 applied, not confirmed").arg(applied.join(QStringLiteral(", ")))), notes);
    CloneVerdict v;
    v.action = CloneVerdict::Action::RollBack;
    v.clones = applied;
    v.result = health;
    v.notes = notes;
    v.notes.append(QStringLiteral("the Secondary is not healthy after clone %1 (%2): rolling it back through another reboot")
                       .arg(applied.join(QStringLiteral(", ")), health.error().message));
    return v;
}

}  // namespace st
