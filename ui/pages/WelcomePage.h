// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Welcome step: the introduction and the pre-flight checks of its WelcomeConfig,
 * with a "checking…" spinner while they run and a Check again button. Thin glue: all logic
 * is in WelcomeConfig, which the page owns. GUI thread only.
 */
#include "WizardPage.h"

class QLabel;
class QPushButton;

namespace st {

class BusyIndicator;
class CheckListView;
class WelcomeConfig;

class WelcomePage : public WizardPage {
    Q_OBJECT

public:
    /** Takes ownership of @p config. */
    explicit WelcomePage(WelcomeConfig *config, QWidget *parent = nullptr);

    WelcomeConfig *config() const { return m_config; }

    QString id() const override;
    QString title() const override;
    QString subtitle() const override;
    QIcon icon() const override;
    bool isComplete() const override;
    QString incompleteHint() const override;
    bool isBusy() const override;
    /** The first visit runs the checks; later visits keep the results (Check again refreshes). */
    void onEnter() override;

private:
    void showState();

    WelcomeConfig *m_config;
    QLabel *m_intro;
    BusyIndicator *m_spinner;
    QLabel *m_summary;
    QPushButton *m_recheck;
    CheckListView *m_checks;
};

}  // namespace st
