// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The fields of one target machine (Secondary or Tertiary) bound to its TargetConfig:
 * address and pairing code with their inline errors, the Test connection button with a busy
 * indicator and status line, and what the agent reported (host, OS, agent version, certificate
 * fingerprint, free space) once the test succeeded. Emits testRequested(); the page decides
 * how to test (the identity may need loading first). GUI thread only.
 */
#include <QGroupBox>

class QLabel;
class QLineEdit;
class QPushButton;

namespace st {

class BusyIndicator;
class TargetConfig;

class TargetBox : public QGroupBox {
    Q_OBJECT
public:
    TargetBox(const QString &title, TargetConfig *config, QWidget *parent = nullptr);

    QLineEdit *addressEdit() const { return m_address; }
    QLineEdit *codeEdit() const { return m_code; }
    QPushButton *testButton() const { return m_test; }

Q_SIGNALS:
    void testRequested();

private:
    void showState();
    QString testText(bool testing) const;

    TargetConfig *m_config;
    bool m_tertiary = false;
    QLineEdit *m_address;
    QLabel *m_addressError;
    QLineEdit *m_code;
    QLabel *m_codeError;
    QLabel *m_codeHint;
    QPushButton *m_test;
    BusyIndicator *m_spinner;
    QLabel *m_status;
    QWidget *m_infoBox;
    QLabel *m_host;
    QLabel *m_os;
    QLabel *m_version;
    QLabel *m_fingerprint;
    QLabel *m_free;
};

}  // namespace st
