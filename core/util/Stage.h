// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The progress stages of a clone, backup or restore, and their one mapping to the
 * machine names used on the wire (Progress message), in logs and on the console.
 *
 * Primary side: Scan, Connect, Snapshot, Transfer (CloneJob) or Backup (BackupJob), then
 * Remote (the stream is sent, the Secondary works). Secondary side (RestorePipeline, sent
 * in Progress): Prepare, Receive, Verify, Apply, Done. The names are part of the protocol:
 * stageName() returns exactly the strings protocol version 2 carries; stageFromName()
 * refuses anything else. Plain value type; the functions are pure and thread-safe.
 */
#include <QString>
#include <QStringView>
#include <array>
#include <optional>

namespace st {

enum class Stage {
    Scan,      // "scan": totals of the protection set
    Snapshot,  // "snapshot": freeze, snapshot, thaw
    Connect,   // "connect": TLS, pin, pairing
    Transfer,  // "transfer": reading, compressing and sending the stream
    Backup,    // "backup": reading and compressing into a clone file (offline route)
    Remote,    // "remote": the stream is sent; waiting for the Secondary
    Prepare,   // "prepare": the restore's checks (root, space, privileges)
    Receive,   // "receive": extracting the stream into the staging directory
    Verify,    // "verify": staging re-read against the manifest
    Apply,     // "apply": staging moved into the root
    Done,      // "done": the restore has ended
    Reboot,    // "reboot": the Secondary reboots and the Primary waits for it (RebootJob; Primary side only)
    Hardware,  // "hardware": both machines inventoried and compared (HardwareCheckJob; Primary side only)
    Components,  // "components": bundles sent to the Secondary, installed or rolled back (ComponentsJob; Primary side only)
};

/** Every stage, in the order above (for tests and tables). */
inline constexpr std::array<Stage, 14> kAllStages{Stage::Scan,    Stage::Snapshot, Stage::Connect, Stage::Transfer,
                                                  Stage::Backup,  Stage::Remote,   Stage::Prepare, Stage::Receive,
                                                  Stage::Verify,  Stage::Apply,    Stage::Done,    Stage::Reboot,
                                                  Stage::Hardware, Stage::Components};

/** The machine name: "scan", "snapshot", "connect", "transfer", "backup", "remote",
 *  "prepare", "receive", "verify", "apply", "done", "reboot", "hardware", "components". */
QString stageName(Stage stage);

/** The stage a machine name stands for; nullopt for anything stageName() never returns
 *  (exact, case-sensitive match). */
std::optional<Stage> stageFromName(QStringView name);

}  // namespace st
