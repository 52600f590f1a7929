// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief One step of a journaled apply and its line in the plan file.
 *
 * A step is one atomic change of the live root, chosen so that whether it happened can be
 * read off the disk afterwards (no progress counter needs to be durable):
 *  - Aside P: rename root/P -> backup/P (a replaced or removed entry, kept for rollback).
 *    Done iff backup/P exists; undone iff backup/P does not.
 *  - Place P: rename stage/P -> root/P (a staged entry, a directory with its subtree).
 *    Done iff stage/P does not exist; undone iff it does.
 *  - Meta P: give the directory root/P the metadata @c next (forward) or @c previous (undo);
 *    idempotent by nature. Meta steps run after every other step, deepest first.
 * backup/P and stage/P name P inside the transaction's backup and stage trees; every area
 * lies on the root's filesystem, so every rename is atomic.
 *
 * Plan lines (text, one per step, paths escaped with escapePath()):
 *   A <r|m> <path>                  r: replaced by the clone, m: not on the Primary (mirrored away)
 *   P <path>
 *   M <parts> <path> <next> <previous>
 * where a metadata field is mode:uid:gid:atime:mtime[:xattr...], times as sec.nsec and each
 * xattr as name=value, both base64url without padding. Plain value types; thread-safe as values are.
 */
#include "restore/apply/MetadataCopy.h"
#include "util/Result.h"

#include <QByteArray>
#include <optional>

namespace st::txn {

enum class StepKind : char { Aside = 'A', Place = 'P', Meta = 'M' };

struct ApplyStep {
    StepKind kind = StepKind::Place;
    QByteArray path;               // root-relative
    bool mirrored = false;         // Aside: removed because the Primary lacks it (else replaced)
    int parts = 0;                 // Meta: which MetadataParts @c next sets
    apply::NodeMetadata next;      // Meta: the Primary's directory
    apply::NodeMetadata previous;  // Meta: the directory as it was (restored by undo)

    static ApplyStep aside(QByteArray path, bool mirrored) { return ApplyStep{StepKind::Aside, std::move(path), mirrored, 0, {}, {}}; }
    static ApplyStep place(QByteArray path) { return ApplyStep{StepKind::Place, std::move(path), false, 0, {}, {}}; }
    static ApplyStep meta(QByteArray path, int parts, apply::NodeMetadata next, apply::NodeMetadata previous)
    {
        return ApplyStep{StepKind::Meta, std::move(path), false, parts, std::move(next), std::move(previous)};
    }

    /** The plan line, without its newline. */
    QByteArray toLine() const;
    /** Parses a plan line; the error names what is wrong with it. */
    static Result<ApplyStep> fromLine(const QByteArray &line);
};

/** "mode:uid:gid:atime:mtime[:xattr...]" for the fields a plan keeps of @p meta. */
QByteArray encodeMetadata(const apply::NodeMetadata &meta);
std::optional<apply::NodeMetadata> decodeMetadata(const QByteArray &text);

}  // namespace st::txn
