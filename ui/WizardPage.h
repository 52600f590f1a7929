// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Base of every wizard step's page: what the shell (WizardWindow) asks a page and the
 * hooks it calls. A page is thin glue over its Config (ui/config), which holds the logic.
 *
 * Contract: emit completeChanged() whenever isComplete(), isBusy() or hasFailed() may have
 * changed; the shell then re-reads them (Next, Back, the step's icon in the side panel).
 * onEnter() runs each time the page becomes current, onLeave() each time another page does.
 * GUI thread only.
 */
#include <QIcon>
#include <QWidget>

namespace st {

class WizardPage : public QWidget {
    Q_OBJECT

public:
    explicit WizardPage(QWidget *parent = nullptr);

    /** Stable key, ASCII: screenshot file names, settings. */
    virtual QString id() const = 0;
    /** Step name: side panel and header. */
    virtual QString title() const = 0;
    /** One line under the title: what this step does. */
    virtual QString subtitle() const = 0;
    /** The step's icon in the header. */
    virtual QIcon icon() const = 0;

    /** Next may be pressed. */
    virtual bool isComplete() const = 0;
    /** Why Next is not yet possible (tooltip of the disabled Next button); empty = no reason shown. */
    virtual QString incompleteHint() const { return {}; }
    /** Work in progress: Back is disabled meanwhile (and screenshots wait for it). */
    virtual bool isBusy() const { return false; }
    /** Why Back may no longer leave this page (a point of no return, such as a reboot under
     *  way); empty = Back is allowed (when not busy). */
    virtual QString backBlockedReason() const { return {}; }
    /** The step ran and failed: shown with the failed icon in the side panel. */
    virtual bool hasFailed() const { return false; }

    /** The page became current. */
    virtual void onEnter() {}
    /** Another page becomes current (the user went on, back, or jumped). */
    virtual void onLeave() {}
    /** The wizard closes: stop running work and clean up; stay isBusy() until done, then
     *  emit completeChanged(). */
    virtual void stopWork() {}
    /** Presses the page's main action (test the connection, start the clone) as the
     *  screenshot walkthrough does; false when the page has none or it cannot start now. */
    virtual bool startDefaultAction() { return false; }

Q_SIGNALS:
    void completeChanged();
};

}  // namespace st
