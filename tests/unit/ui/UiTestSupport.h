// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the wizard's tests: a real demo Secondary (servertwin-agent process) in a scratch
// sandbox, sessions with a tested target and a protection set on a scratch tree, and waiting
// for a condition while the event loop runs (tests only).
#include "session/DemoSecondary.h"
#include "session/WizardSession.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

class QWidget;

namespace st::test {

/** build/app/servertwin-agent. */
QString agentProgram();

/** Runs the event loop until @p done or @p timeoutMs; returns done(). */
bool waitUntil(const std::function<bool()> &done, int timeoutMs = 30000);

/** Starts a DemoSecondary (real agent) in @p workDir and waits until it listens; REQUIREs it. */
std::unique_ptr<DemoSecondary> startAgent(const QString &workDir);

/** A session whose state directory is @p stateDir (demoMode as given). */
std::shared_ptr<WizardSession> makeSession(const QString &stateDir, bool demoMode = false);

/** Tests @p agent's connection through a TargetConfig (pairing with its code) and stores the
 *  verified target in @p session; REQUIREs success. */
void pairWith(WizardSession &session, const DemoSecondary &agent);

/** The one clone staged under the sandbox @p root (its tree, waiting for the apply at boot); REQUIREs exactly one. */
QByteArray stagedTreeOf(const QByteArray &root);

/** With ST_UI_SCREENSHOT_DIR set, saves a picture of @p widget there as @p name (to look at it). */
void saveScreenshot(QWidget &widget, const QString &name);

/** The wizard's Clone and Reboot steps run on @p session (CloneConfig, RebootConfig, the demo
 *  agent's simulated reboot): its target comes back as the twin, confirmed; REQUIREs both. */
void cloneAndReboot(const std::shared_ptr<WizardSession> &session);

/** A protection choice that clones the directory @p sourceDir (whole tree), no snapshot. */
ProtectionChoice protectionOf(const QByteArray &sourceDir);

}  // namespace st::test
