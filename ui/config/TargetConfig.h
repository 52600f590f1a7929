// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief One machine that receives the clone (the Secondary, or the optional Tertiary): its
 * address and pairing code as typed, the validation of both, and the connection test.
 *
 * testConnection() opens a real SecondaryLink (TLS 1.3, pin check, pairing with the one-time
 * code when no pin exists yet), shows what the agent reported (host name, OS, agent version,
 * certificate fingerprint, free space) for the engineer to compare with the Secondary's
 * console, and closes the link; the pin is stored by the pairing itself. Field errors go to
 * addressError/codeError (next to the field), the rest to statusText. Editing the address or
 * code after a test makes the target untested again. The link is event-driven on the GUI
 * thread (no blocking calls); GUI thread only.
 */
#include "net/Identity.h"
#include "net/SecondaryLink.h"
#include "session/WizardSession.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace st {

class TargetConfig : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString role READ role CONSTANT)
    Q_PROPERTY(QString address READ address WRITE setAddress NOTIFY addressChanged)
    Q_PROPERTY(QString pairingCode READ pairingCode WRITE setPairingCode NOTIFY pairingCodeChanged)
    Q_PROPERTY(QString addressError READ addressError NOTIFY stateChanged)
    Q_PROPERTY(QString codeError READ codeError NOTIFY stateChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY stateChanged)
    Q_PROPERTY(bool pinned READ isPinned NOTIFY stateChanged)
    Q_PROPERTY(st::TargetConfig::State state READ state NOTIFY stateChanged)

public:
    enum class State { Untested, Testing, Verified, Failed };
    Q_ENUM(State)

    /** @p role: "Secondary" or "Tertiary" (translated for display by the page). */
    TargetConfig(QString role, QString pinFile, QObject *parent = nullptr);
    ~TargetConfig() override;

    QString role() const { return m_role; }
    QString address() const { return m_address; }
    void setAddress(const QString &address);
    QString pairingCode() const { return m_code; }
    void setPairingCode(const QString &code);

    State state() const { return m_state; }
    QString addressError() const { return m_addressError; }
    QString codeError() const { return m_codeError; }
    QString statusText() const { return m_status; }
    /** A pin for this address exists: the code may stay empty. */
    bool isPinned() const;

    /** What the agent reported; valid when state() == Verified. */
    const SecondaryInfo &info() const { return m_info; }
    /** The tested machine, ready for the clone; nullopt unless Verified. */
    std::optional<TargetMachine> verifiedTarget() const;

    /** Checks the fields only (no network); sets the field errors; true if both are usable. */
    bool validate();
    /** Validates, then tests the connection with @p identity. */
    void testConnection(const Identity &identity);
    /** Stops a running test (state Untested again). */
    void cancelTest();
    /** The test could not even start (e.g. this Primary's key is unreadable): Failed with @p message. */
    void markFailed(const QString &message);

Q_SIGNALS:
    void addressChanged(const QString &address);
    void pairingCodeChanged(const QString &code);
    void stateChanged();

private:
    void setState(State state, const QString &status);
    void onFailed(const Error &error);
    void dropLink();

    QString m_role;
    QString m_pinFile;
    QString m_address;
    QString m_code;
    QString m_addressError;
    QString m_codeError;
    QString m_status;
    State m_state = State::Untested;
    SecondaryInfo m_info;
    LinkOptions m_testedLink;
    QPointer<SecondaryLink> m_link;
};

}  // namespace st
