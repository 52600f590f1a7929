// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The operation envelope every step after the clone uses: a Request names an
 * operation and the version of its body, the agent answers with exactly one Response (a typed
 * body or a typed error) and may send Events for that request before it.
 *
 *   Primary                                    agent
 *   Request{id, operation, version, body}  ->
 *                                          <-  Event{id, event, body} ...      (optional)
 *                                          <-  Response{id, ok, body | code, message}
 *
 * Versions grow without a lockstep bump of both ends: each end lists in Hello/Welcome the
 * operations it offers with the highest body version it speaks (OperationSet); the Primary
 * sends a request only for an operation the agent offers, at a version both speak, and the
 * agent answers an operation or version it does not offer with ErrorCode::Unsupported
 * instead of dropping the connection. Bodies add fields compatibly (unknown fields are
 * ignored); a change that breaks old readers takes a new version. The protocol number in
 * Hello stays for changes to the framing itself.
 *
 * Operation names map to one enum (Operation) in one place; a name this build does not know
 * is kept as text so the answer can name it. Plain value types; parse() checks every field.
 */
#include "util/Result.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringView>
#include <array>
#include <optional>

namespace st {

enum class Operation {
    SystemStatus,  // "system.status": boot id, host, systemd state, failed units
    Reboot,        // "system.reboot": reboot the Secondary (simulated for a sandbox root)
    CloneConfirm,  // "clone.confirm": the clone applied at boot is healthy: drop what it replaced
    CloneRollback, // "clone.rollback": the next boot restores what the clone replaced
    HardwareInventory,  // "hardware.inventory": the Secondary's inventory (and, after the reboot, its functional checks)
    ComponentsList,     // "components.list": installed components, offered ones (hardware support), the last install's outcome
    ComponentsUpload,   // "components.upload": one chunk of one file of a bundle, into the agent's incoming area
    ComponentsInstall,  // "components.install": verify the uploaded bundles again and install them (journaled, rolled back on failure)
    ComponentsRollback, // "components.rollback": undo every installed component, newest first
    ComponentsCancel,   // "components.cancel": stop the running install at its next step (it is rolled back)
};

inline constexpr std::array<Operation, 10> kAllOperations{Operation::SystemStatus, Operation::Reboot, Operation::CloneConfirm,
                                                          Operation::CloneRollback, Operation::HardwareInventory, Operation::ComponentsList,
                                                          Operation::ComponentsUpload, Operation::ComponentsInstall, Operation::ComponentsRollback,
                                                          Operation::ComponentsCancel};

QString operationName(Operation op);
std::optional<Operation> operationFromName(QStringView name);

namespace msg {

/** The operations one end offers, each with the highest body version it speaks. */
class OperationSet {
public:
    static constexpr qsizetype kMaxOperations = 64;

    void offer(Operation op, int version) { m_versions.insert(operationName(op), version); }
    /** The highest version of @p op the peer speaks; 0 when it does not offer it. */
    int version(Operation op) const { return m_versions.value(operationName(op), 0); }
    bool offers(Operation op, int minVersion = 1) const { return version(op) >= minVersion; }
    bool isEmpty() const { return m_versions.isEmpty(); }
    /** "system.reboot/1, system.status/1" (for logs). */
    QString describe() const;

    QJsonObject toJson() const;
    /** Names this build does not know are kept (they are the peer's, not ours to judge). */
    static Result<OperationSet> parse(const QJsonObject &o);

private:
    QMap<QString, int> m_versions;
};

struct OperationRequest {
    static constexpr qint64 kMaxId = (qint64(1) << 53) - 1;  // exact in a JSON number
    qint64 id = 0;          // chosen by the Primary, unique on its connection, 1..kMaxId
    QString operation;      // operationName(); unknown names are parsed and answered Unsupported
    int version = 1;
    QJsonObject body;
    QJsonObject toJson() const;
    static Result<OperationRequest> parse(const QJsonObject &o);
};

struct OperationResponse {
    qint64 id = 0;
    Result<QJsonObject> result = QJsonObject();  // the typed body, or the typed error
    QJsonObject toJson() const;
    static Result<OperationResponse> parse(const QJsonObject &o);
};

struct OperationEvent {
    qint64 id = 0;
    QString event;  // operation-specific name, e.g. "going-down"
    QJsonObject body;
    QJsonObject toJson() const;
    static Result<OperationEvent> parse(const QJsonObject &o);
};

}  // namespace msg
}  // namespace st
