// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What snapshot code asks of the machine: a command runner, the mount table and the
 * device-mapper block majors. system() gives the real ones; tests replace parts (a fake
 * runner and mount table to check LVM command construction without device-mapper).
 * A value; use one per worker thread.
 */
#include "snapshot/CommandRunner.h"
#include "snapshot/MountTable.h"

#include <functional>
#include <memory>

namespace st {

struct SnapshotEnvironment {
    std::shared_ptr<CommandRunner> runner;
    std::function<Result<QList<MountEntry>>()> mountTable;
    std::function<QList<unsigned>()> deviceMapperMajors;

    static SnapshotEnvironment system();
};

}  // namespace st
