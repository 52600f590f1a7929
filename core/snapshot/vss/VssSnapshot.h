// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief A Volume Shadow Copy (VSS) snapshot set of the volumes holding a list of paths (Windows).
 *
 * VssSnapshotSet owns one IVssBackupComponents requester session: create() runs the whole
 * backup sequence (InitializeForBackup, SetBackupState, GatherWriterMetadata, writer status
 * check, StartSnapshotSet, AddToSnapshotSet per volume, PrepareForBackup, DoSnapshotSet,
 * GetSnapshotProperties) and keeps each volume's shadow device
 * (\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN). readPathFor() maps a live path to the same
 * file inside the shadow copy. complete() reports a finished backup to the writers
 * (BackupComplete); release() (also run by the destructor, and by create() on every failure
 * path) aborts an uncompleted backup, deletes the snapshot set and releases COM.
 *
 * Qt-free on purpose (std C++ and Windows headers only) so it can be cross-compiled with
 * mingw-w64 without a Windows Qt. On other platforms this header declares nothing.
 *
 * Thread rules: create() initialises COM (multithreaded apartment) on the calling thread;
 * complete(), release() and the destructor must run on that same thread. Not thread-safe.
 * Every call blocks (create() can take minutes while writers freeze): use a worker thread.
 * The process needs administrator (or Backup Operators) rights.
 */
#ifdef _WIN32

#include <windows.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

struct IVssBackupComponents;

namespace st::vss {

/** A failed step: the HRESULT and a one-line message naming the step, path or writer. */
struct VssError {
    HRESULT code = E_FAIL;
    std::string message;  // UTF-8, e.g. "DoSnapshotSet failed: 0x8004230F (VSS_E_UNEXPECTED_PROVIDER_ERROR)"
};

/** "VSS_E_UNEXPECTED_PROVIDER_ERROR" for 0x8004230F; common COM/Win32 codes too; "" if unknown. */
std::string hresultName(HRESULT code);
/** "0x8004230F (VSS_E_UNEXPECTED_PROVIDER_ERROR)", or the system's text for other codes. */
std::string describeHresult(HRESULT code);
/** UTF-16 to UTF-8 (for messages and console output). */
std::string toUtf8(const std::wstring &text);

/** One shadow-copied volume. */
struct VssVolumeSnapshot {
    std::wstring volumeName;    // \\?\Volume{GUID}\ (unique name of the volume)
    std::wstring mountPoint;    // C:\ (as returned by GetVolumePathNameW for the first path)
    std::wstring shadowDevice;  // \\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN (no trailing \)
    GUID snapshotId{};
};

class VssSnapshotSet;

/** Outcome of VssSnapshotSet::create(): a set, or the error of the step that failed. */
struct VssResult {
    std::unique_ptr<VssSnapshotSet> set;  // non-null on success
    VssError error;                       // meaningful only when set is null
    bool ok() const { return set != nullptr; }
};

class VssSnapshotSet {
public:
    /**
     * Shadow-copies every volume holding one of @p paths (each volume once). Each asynchronous
     * VSS step must finish within @p timeoutSeconds or is cancelled. On failure nothing is left
     * behind (backup aborted, snapshots deleted, COM released).
     */
    static VssResult create(const std::vector<std::wstring> &paths, int timeoutSeconds);

    ~VssSnapshotSet();
    VssSnapshotSet(const VssSnapshotSet &) = delete;
    VssSnapshotSet &operator=(const VssSnapshotSet &) = delete;

    /**
     * The path to read @p path from inside the snapshot: shadow device + path within its volume,
     * e.g. C:\Windows\win.ini -> \\?\GLOBALROOT\Device\HarddiskVolumeShadowCopy12\Windows\win.ini.
     * Empty when the path's volume is not in this set, the set is released, or the path cannot
     * be resolved.
     */
    std::wstring readPathFor(const std::wstring &path) const;

    const std::vector<VssVolumeSnapshot> &volumes() const { return m_volumes; }
    /** The snapshot set id as {XXXXXXXX-...} (for logs). */
    std::wstring snapshotSetId() const;

    /**
     * Tells the writers the backup finished (BackupComplete + wait) and checks their status.
     * Call once, after every file was read and before release(). Errors name the writer.
     */
    std::optional<VssError> complete();

    /**
     * Aborts the backup if complete() was not called, deletes the snapshot set (forced),
     * releases the COM objects and uninitialises COM. Idempotent; the destructor calls it.
     */
    std::optional<VssError> release();

private:
    VssSnapshotSet() = default;
    std::optional<VssError> run(const std::vector<std::wstring> &paths);

    IVssBackupComponents *m_components = nullptr;
    bool m_comInitialized = false;   // this object owns one CoInitializeEx on the creating thread
    bool m_setStarted = false;       // StartSnapshotSet succeeded: m_setId is valid
    bool m_snapshotsTaken = false;   // DoSnapshotSet was requested: snapshots may exist
    bool m_completed = false;        // BackupComplete was called
    DWORD m_timeoutMs = 0;
    GUID m_setId{};
    std::vector<VssVolumeSnapshot> m_volumes;
};

}  // namespace st::vss

#endif  // _WIN32
