// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Secondary step: a TargetBox for the Secondary, an opt-in for a Tertiary with its
 * own TargetBox, this Primary's own fingerprint, and the demo note in demo mode. Thin glue over
 * SecondaryConfig, which the page owns. Hands the tested machines to the session on leaving
 * forward. GUI thread only.
 */
#include "WizardPage.h"

class QCheckBox;
class QLabel;

namespace st {

class SecondaryConfig;
class TargetBox;

class SecondaryPage : public WizardPage {
    Q_OBJECT
public:
    /** Takes ownership of @p config. */
    explicit SecondaryPage(SecondaryConfig *config, QWidget *parent = nullptr);

    SecondaryConfig *config() const { return m_config; }
    TargetBox *secondaryBox() const { return m_secondaryBox; }
    TargetBox *tertiaryBox() const { return m_tertiaryBox; }

    QString id() const override;
    QString title() const override;
    QString subtitle() const override;
    QIcon icon() const override;
    bool isComplete() const override;
    QString incompleteHint() const override;
    bool isBusy() const override;
    void onEnter() override;
    bool startDefaultAction() override;
    void onLeave() override;

private:
    void showState();

    SecondaryConfig *m_config;
    QLabel *m_demoNote;
    TargetBox *m_secondaryBox;
    QCheckBox *m_tertiaryEnabled;
    TargetBox *m_tertiaryBox;
    QLabel *m_primaryFingerprint;
};

}  // namespace st
