// SPDX-License-Identifier: GPL-3.0-or-later
// VSS requester sequence for VssSnapshotSet (see VssSnapshot.h). Windows only: on other
// platforms this translation unit is empty and the Linux build does not compile it.
#ifdef _WIN32

#include "snapshot/vss/VssSnapshot.h"

#include <windows.h>
#include <objbase.h>
#include <oleauto.h>
#include <vss.h>
#include <vswriter.h>
#include <vsbackup.h>
#include <vsserror.h>

#include <algorithm>
#include <cstdio>
#include <cwchar>

// mingw-w64's vsserror.h uses the generic include guard _ERRORS_H_: if another header took it
// first, the VSS_E_* codes silently disappear. Fail the build instead of mis-naming errors.
#ifndef VSS_E_UNEXPECTED_PROVIDER_ERROR
#error "vsserror.h did not define the VSS_E_* codes (include guard _ERRORS_H_ already taken?)"
#endif

namespace st::vss {
namespace {

struct ComReleaser {
    void operator()(IUnknown *object) const { object->Release(); }
};
using AsyncPtr = std::unique_ptr<IVssAsync, ComReleaser>;

// VSS's "default provider" id for AddToSnapshotSet / IsVolumeSupported (GUID_NULL, without
// needing libuuid's definition of it).
constexpr VSS_ID kDefaultProvider{};

struct NamedCode {
    HRESULT code;
    const char *name;
};

#define ST_VSS_CODE(code) NamedCode{code, #code}
const NamedCode kCodeNames[] = {
    ST_VSS_CODE(VSS_E_BAD_STATE),
    ST_VSS_CODE(VSS_E_UNEXPECTED),
    ST_VSS_CODE(VSS_E_PROVIDER_ALREADY_REGISTERED),
    ST_VSS_CODE(VSS_E_PROVIDER_NOT_REGISTERED),
    ST_VSS_CODE(VSS_E_PROVIDER_VETO),
    ST_VSS_CODE(VSS_E_PROVIDER_IN_USE),
    ST_VSS_CODE(VSS_E_OBJECT_NOT_FOUND),
    ST_VSS_CODE(VSS_S_ASYNC_PENDING),
    ST_VSS_CODE(VSS_S_ASYNC_FINISHED),
    ST_VSS_CODE(VSS_S_ASYNC_CANCELLED),
    ST_VSS_CODE(VSS_E_VOLUME_NOT_SUPPORTED),
    ST_VSS_CODE(VSS_E_OBJECT_ALREADY_EXISTS),
    ST_VSS_CODE(VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER),
    ST_VSS_CODE(VSS_E_UNEXPECTED_PROVIDER_ERROR),
    ST_VSS_CODE(VSS_E_CORRUPT_XML_DOCUMENT),
    ST_VSS_CODE(VSS_E_INVALID_XML_DOCUMENT),
    ST_VSS_CODE(VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED),
    ST_VSS_CODE(VSS_E_FLUSH_WRITES_TIMEOUT),
    ST_VSS_CODE(VSS_E_HOLD_WRITES_TIMEOUT),
    ST_VSS_CODE(VSS_E_UNEXPECTED_WRITER_ERROR),
    ST_VSS_CODE(VSS_E_SNAPSHOT_SET_IN_PROGRESS),
    ST_VSS_CODE(VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED),
    ST_VSS_CODE(VSS_E_WRITER_INFRASTRUCTURE),
    ST_VSS_CODE(VSS_E_WRITER_NOT_RESPONDING),
    ST_VSS_CODE(VSS_E_WRITER_ALREADY_SUBSCRIBED),
    ST_VSS_CODE(VSS_E_UNSUPPORTED_CONTEXT),
    ST_VSS_CODE(VSS_E_VOLUME_IN_USE),
    ST_VSS_CODE(VSS_E_MAXIMUM_DIFFAREA_ASSOCIATIONS_REACHED),
    ST_VSS_CODE(VSS_E_INSUFFICIENT_STORAGE),
    ST_VSS_CODE(VSS_E_NO_SNAPSHOTS_IMPORTED),
    ST_VSS_CODE(VSS_E_SOME_SNAPSHOTS_NOT_IMPORTED),
    ST_VSS_CODE(VSS_E_REBOOT_REQUIRED),
    ST_VSS_CODE(VSS_E_TRANSACTION_FREEZE_TIMEOUT),
    ST_VSS_CODE(VSS_E_TRANSACTION_THAW_TIMEOUT),
    ST_VSS_CODE(VSS_E_UNSELECTED_VOLUME),
    ST_VSS_CODE(VSS_E_SNAPSHOT_NOT_IN_SET),
    ST_VSS_CODE(VSS_E_NESTED_VOLUME_LIMIT),
    ST_VSS_CODE(VSS_E_VOLUME_NOT_LOCAL),
    ST_VSS_CODE(VSS_E_CLUSTER_TIMEOUT),
    ST_VSS_CODE(VSS_E_NOT_SUPPORTED),
    ST_VSS_CODE(VSS_E_WRITERERROR_PARTIAL_FAILURE),
    ST_VSS_CODE(VSS_E_WRITERERROR_INCONSISTENTSNAPSHOT),
    ST_VSS_CODE(VSS_E_WRITERERROR_OUTOFRESOURCES),
    ST_VSS_CODE(VSS_E_WRITERERROR_TIMEOUT),
    ST_VSS_CODE(VSS_E_WRITERERROR_RETRYABLE),
    ST_VSS_CODE(VSS_E_WRITERERROR_NONRETRYABLE),
    ST_VSS_CODE(VSS_E_WRITERERROR_RECOVERY_FAILED),
    ST_VSS_CODE(VSS_E_WRITER_STATUS_NOT_AVAILABLE),
    ST_VSS_CODE(VSS_E_FSS_TIMEOUT),
    ST_VSS_CODE(E_ACCESSDENIED),
    ST_VSS_CODE(E_INVALIDARG),
    ST_VSS_CODE(E_OUTOFMEMORY),
    ST_VSS_CODE(E_UNEXPECTED),
    ST_VSS_CODE(E_NOTIMPL),
    ST_VSS_CODE(E_NOINTERFACE),
    ST_VSS_CODE(E_ABORT),
    ST_VSS_CODE(E_FAIL),
    ST_VSS_CODE(RPC_E_CHANGED_MODE),
    ST_VSS_CODE(RPC_E_TOO_LATE),
    ST_VSS_CODE(CO_E_NOTINITIALIZED),
};
#undef ST_VSS_CODE

std::string hex(HRESULT code)
{
    char text[16];
    std::snprintf(text, sizeof text, "0x%08lX", static_cast<unsigned long>(static_cast<ULONG>(code)));
    return text;
}

VssError makeError(HRESULT code, const std::string &message)
{
    return VssError{code, message};
}

/** "STEP failed: 0x... (NAME)" */
VssError stepFailed(const std::string &step, HRESULT code)
{
    return makeError(code, step + " failed: " + describeHresult(code));
}

HRESULT lastErrorAsHresult()
{
    const DWORD error = GetLastError();
    return error == ERROR_SUCCESS ? E_FAIL : HRESULT_FROM_WIN32(error);
}

bool sameNameIgnoringCase(const std::wstring &a, const std::wstring &b)
{
    return a.size() == b.size()
           && CompareStringOrdinal(a.data(), static_cast<int>(a.size()), b.data(),
                                   static_cast<int>(b.size()), TRUE)
                  == CSTR_EQUAL;
}

std::wstring guidText(const GUID &guid)
{
    wchar_t text[64] = {};
    const int length = StringFromGUID2(guid, text, static_cast<int>(sizeof text / sizeof text[0]));
    return length > 0 ? std::wstring(text) : std::wstring();
}

/** A path split into its volume and the part inside that volume. */
struct ResolvedPath {
    std::wstring mountPoint;  // C:\ (with trailing backslash)
    std::wstring volumeName;  // \\?\Volume{GUID}\ (with trailing backslash)
    std::wstring relative;    // Windows\System32 (no leading or trailing backslash; "" for the root)
};

std::optional<VssError> resolvePath(const std::wstring &path, ResolvedPath &out)
{
    const std::string shown = toUtf8(path);
    if (path.empty())
        return makeError(E_INVALIDARG, "empty path given for the VSS snapshot");

    DWORD needed = GetFullPathNameW(path.c_str(), 0, nullptr, nullptr);
    if (needed == 0)
        return stepFailed("GetFullPathNameW for " + shown, lastErrorAsHresult());
    std::wstring full(needed, L'\0');
    DWORD length = GetFullPathNameW(path.c_str(), needed, full.data(), nullptr);
    if (length == 0 || length >= needed)
        return stepFailed("GetFullPathNameW for " + shown, lastErrorAsHresult());
    full.resize(length);

    std::wstring mount(std::max<size_t>(full.size() + 2, MAX_PATH + 1), L'\0');
    if (!GetVolumePathNameW(full.c_str(), mount.data(), static_cast<DWORD>(mount.size())))
        return stepFailed("GetVolumePathNameW for " + shown, lastErrorAsHresult());
    mount.resize(wcslen(mount.c_str()));
    if (mount.empty() || mount.back() != L'\\')
        mount.push_back(L'\\');

    wchar_t volume[64] = {};
    if (!GetVolumeNameForVolumeMountPointW(mount.c_str(), volume,
                                           static_cast<DWORD>(sizeof volume / sizeof volume[0])))
        return stepFailed("GetVolumeNameForVolumeMountPointW for " + toUtf8(mount) + " (volume of "
                              + shown + ")",
                          lastErrorAsHresult());

    // The mount point is a prefix of the full path ("C:\" of "C:\Windows"), or the full path is
    // the mount point without its trailing backslash ("C:\Mount\Data" for "C:\Mount\Data\").
    std::wstring relative;
    const std::wstring mountNoSlash = mount.substr(0, mount.size() - 1);
    if (full.size() >= mount.size()
        && sameNameIgnoringCase(full.substr(0, mount.size()), mount)) {
        relative = full.substr(mount.size());
    } else if (!sameNameIgnoringCase(full, mountNoSlash)) {
        return makeError(E_INVALIDARG, "cannot locate " + shown + " inside its volume mount point "
                                           + toUtf8(mount) + ": give a local path such as C:\\Data");
    }
    while (!relative.empty() && relative.back() == L'\\')
        relative.pop_back();

    out.mountPoint = mount;
    out.volumeName = volume;
    out.relative = relative;
    return std::nullopt;
}

const char *writerStateName(VSS_WRITER_STATE state)
{
    switch (state) {
    case VSS_WS_FAILED_AT_IDENTIFY: return "VSS_WS_FAILED_AT_IDENTIFY";
    case VSS_WS_FAILED_AT_PREPARE_BACKUP: return "VSS_WS_FAILED_AT_PREPARE_BACKUP";
    case VSS_WS_FAILED_AT_PREPARE_SNAPSHOT: return "VSS_WS_FAILED_AT_PREPARE_SNAPSHOT";
    case VSS_WS_FAILED_AT_FREEZE: return "VSS_WS_FAILED_AT_FREEZE";
    case VSS_WS_FAILED_AT_THAW: return "VSS_WS_FAILED_AT_THAW";
    case VSS_WS_FAILED_AT_POST_SNAPSHOT: return "VSS_WS_FAILED_AT_POST_SNAPSHOT";
    case VSS_WS_FAILED_AT_BACKUP_COMPLETE: return "VSS_WS_FAILED_AT_BACKUP_COMPLETE";
    case VSS_WS_FAILED_AT_PRE_RESTORE: return "VSS_WS_FAILED_AT_PRE_RESTORE";
    case VSS_WS_FAILED_AT_POST_RESTORE: return "VSS_WS_FAILED_AT_POST_RESTORE";
    case VSS_WS_FAILED_AT_BACKUPSHUTDOWN: return "VSS_WS_FAILED_AT_BACKUPSHUTDOWN";
    default: return nullptr;  // not a failed state
    }
}

/**
 * Waits for @p async (QueryStatus, then Wait in slices) at most @p timeoutMs; cancels it on
 * timeout. Wait()'s own return value is not trusted to mean "finished" (its timeout behaviour
 * differs between Windows versions): QueryStatus decides.
 */
std::optional<VssError> waitFor(IVssAsync *async, const std::string &step, DWORD timeoutMs)
{
    const ULONGLONG deadline = GetTickCount64() + timeoutMs;
    for (;;) {
        HRESULT status = S_OK;
        const HRESULT hr = async->QueryStatus(&status, nullptr);
        if (FAILED(hr))
            return stepFailed(step + " (IVssAsync::QueryStatus)", hr);
        if (status == VSS_S_ASYNC_CANCELLED)
            return makeError(E_ABORT, step + " was cancelled by VSS");
        if (FAILED(status))
            return stepFailed(step, status);
        if (status != VSS_S_ASYNC_PENDING)
            return std::nullopt;  // VSS_S_ASYNC_FINISHED (or another success code)

        const ULONGLONG now = GetTickCount64();
        if (now >= deadline) {
            async->Cancel();
            return makeError(HRESULT_FROM_WIN32(ERROR_TIMEOUT),
                             step + " did not finish within " + std::to_string(timeoutMs / 1000)
                                 + " s (cancelled): retry later or raise the timeout");
        }
        const DWORD slice = static_cast<DWORD>(std::min<ULONGLONG>(deadline - now, 500));
        if (FAILED(async->Wait(slice)))
            Sleep(slice);
    }
}

/** Starts an asynchronous VSS call through @p start and waits for it. */
template<typename Start>
std::optional<VssError> runAsync(const std::string &step, DWORD timeoutMs, Start start)
{
    IVssAsync *raw = nullptr;
    const HRESULT hr = start(&raw);
    AsyncPtr async(raw);
    if (FAILED(hr))
        return stepFailed(step, hr);
    if (!async)
        return makeError(E_POINTER, step + " returned no IVssAsync");
    return waitFor(async.get(), step, timeoutMs);
}

/** Refreshes the writers' status and fails naming every writer in a failed state. */
std::optional<VssError> checkWriters(IVssBackupComponents *components, const std::string &after,
                                     DWORD timeoutMs)
{
    if (auto error = runAsync("GatherWriterStatus (after " + after + ")", timeoutMs,
                              [&](IVssAsync **async) { return components->GatherWriterStatus(async); }))
        return error;

    UINT count = 0;
    HRESULT hr = components->GetWriterStatusCount(&count);
    if (FAILED(hr)) {
        components->FreeWriterStatus();
        return stepFailed("GetWriterStatusCount (after " + after + ")", hr);
    }

    std::string failures;
    HRESULT firstFailure = S_OK;
    for (UINT i = 0; i < count; ++i) {
        VSS_ID instanceId{};
        VSS_ID writerId{};
        BSTR name = nullptr;
        VSS_WRITER_STATE state = VSS_WS_UNKNOWN;
        HRESULT writerResult = S_OK;
        hr = components->GetWriterStatus(i, &instanceId, &writerId, &name, &state, &writerResult);
        if (FAILED(hr)) {
            components->FreeWriterStatus();
            return stepFailed("GetWriterStatus #" + std::to_string(i) + " (after " + after + ")", hr);
        }
        const std::wstring writerName = name ? std::wstring(name, SysStringLen(name)) : std::wstring();
        SysFreeString(name);
        const char *failedState = writerStateName(state);
        if (!failedState)
            continue;
        const HRESULT code = FAILED(writerResult) ? writerResult : VSS_E_UNEXPECTED_WRITER_ERROR;
        if (firstFailure == S_OK)
            firstFailure = code;
        if (!failures.empty())
            failures += "; ";
        failures += "'" + toUtf8(writerName) + "' " + failedState + " " + describeHresult(code);
    }
    components->FreeWriterStatus();
    if (firstFailure != S_OK)
        return makeError(firstFailure, "VSS writer failed after " + after + ": " + failures);
    return std::nullopt;
}

}  // namespace

std::string toUtf8(const std::wstring &text)
{
    if (text.empty())
        return {};
    const int size = WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()),
                                         nullptr, 0, nullptr, nullptr);
    if (size <= 0)
        return {};
    std::string out(static_cast<size_t>(size), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), out.data(), size,
                        nullptr, nullptr);
    return out;
}

std::string hresultName(HRESULT code)
{
    for (const NamedCode &named : kCodeNames)
        if (named.code == code)
            return named.name;
    return {};
}

std::string describeHresult(HRESULT code)
{
    const std::string name = hresultName(code);
    if (!name.empty())
        return hex(code) + " (" + name + ")";
    wchar_t *buffer = nullptr;
    const DWORD length = FormatMessageW(
        FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
        nullptr, static_cast<DWORD>(code), 0, reinterpret_cast<wchar_t *>(&buffer), 0, nullptr);
    std::wstring text = length && buffer ? std::wstring(buffer, length) : std::wstring();
    if (buffer)
        LocalFree(buffer);
    while (!text.empty() && (text.back() == L'\n' || text.back() == L'\r' || text.back() == L' '
                             || text.back() == L'.'))
        text.pop_back();
    return text.empty() ? hex(code) : hex(code) + " (" + toUtf8(text) + ")";
}

VssResult VssSnapshotSet::create(const std::vector<std::wstring> &paths, int timeoutSeconds)
{
    VssResult result;
    if (paths.empty()) {
        result.error = makeError(E_INVALIDARG, "no paths given for the VSS snapshot");
        return result;
    }
    if (timeoutSeconds <= 0 || timeoutSeconds > 24 * 3600) {
        result.error = makeError(E_INVALIDARG, "VSS timeout must be 1..86400 s, got "
                                                   + std::to_string(timeoutSeconds));
        return result;
    }
    std::unique_ptr<VssSnapshotSet> set(new VssSnapshotSet());
    set->m_timeoutMs = static_cast<DWORD>(timeoutSeconds) * 1000;
    if (auto error = set->run(paths)) {
        if (auto cleanup = set->release())
            error->message += "; cleanup also failed: " + cleanup->message;
        result.error = *error;
        return result;
    }
    result.set = std::move(set);
    return result;
}

std::optional<VssError> VssSnapshotSet::run(const std::vector<std::wstring> &paths)
{
    // Map paths to volumes first: a bad path fails before any VSS state exists.
    for (const std::wstring &path : paths) {
        ResolvedPath resolved;
        if (auto error = resolvePath(path, resolved))
            return error;
        const bool known = std::any_of(m_volumes.begin(), m_volumes.end(), [&](const auto &volume) {
            return sameNameIgnoringCase(volume.volumeName, resolved.volumeName);
        });
        if (!known)
            m_volumes.push_back(VssVolumeSnapshot{resolved.volumeName, resolved.mountPoint, {}, {}});
    }

    HRESULT hr = CoInitializeEx(nullptr, COINIT_MULTITHREADED);
    if (SUCCEEDED(hr))
        m_comInitialized = true;  // S_OK or S_FALSE: both need a matching CoUninitialize
    else if (hr != RPC_E_CHANGED_MODE)  // COM already set up differently on this thread: use it
        return stepFailed("CoInitializeEx", hr);

    // Writers call back into the requester: they need packet privacy and identify-level
    // impersonation. Process-wide; RPC_E_TOO_LATE means the process already chose its settings.
    hr = CoInitializeSecurity(nullptr, -1, nullptr, nullptr, RPC_C_AUTHN_LEVEL_PKT_PRIVACY,
                              RPC_C_IMP_LEVEL_IDENTIFY, nullptr, EOAC_NONE, nullptr);
    if (FAILED(hr) && hr != RPC_E_TOO_LATE)
        return stepFailed("CoInitializeSecurity", hr);

    hr = CreateVssBackupComponents(&m_components);
    if (FAILED(hr)) {
        m_components = nullptr;
        VssError error = stepFailed("CreateVssBackupComponents", hr);
        if (hr == E_ACCESSDENIED)
            error.message += ": run as Administrator (or a member of Backup Operators)";
        return error;
    }
    if (FAILED(hr = m_components->InitializeForBackup(nullptr)))
        return stepFailed("InitializeForBackup", hr);
    if (FAILED(hr = m_components->SetContext(VSS_CTX_BACKUP)))
        return stepFailed("SetContext(VSS_CTX_BACKUP)", hr);
    // No component selection, no bootable system state, full backup, no partial files.
    if (FAILED(hr = m_components->SetBackupState(false, false, VSS_BT_COPY, false)))
        return stepFailed("SetBackupState", hr);

    if (auto error = runAsync("GatherWriterMetadata", m_timeoutMs, [&](IVssAsync **async) {
            return m_components->GatherWriterMetadata(async);
        }))
        return error;
    if (auto error = checkWriters(m_components, "GatherWriterMetadata", m_timeoutMs))
        return error;

    for (VssVolumeSnapshot &volume : m_volumes) {
        BOOL supported = FALSE;
        hr = m_components->IsVolumeSupported(kDefaultProvider, volume.volumeName.data(), &supported);
        if (FAILED(hr))
            return stepFailed("IsVolumeSupported for " + toUtf8(volume.mountPoint), hr);
        if (!supported)
            return makeError(VSS_E_VOLUME_NOT_SUPPORTED, "volume " + toUtf8(volume.mountPoint) + " ("
                                                             + toUtf8(volume.volumeName)
                                                             + ") does not support shadow copies");
    }

    if (FAILED(hr = m_components->StartSnapshotSet(&m_setId)))
        return stepFailed("StartSnapshotSet", hr);
    m_setStarted = true;
    for (VssVolumeSnapshot &volume : m_volumes) {
        hr = m_components->AddToSnapshotSet(volume.volumeName.data(), kDefaultProvider,
                                            &volume.snapshotId);
        if (FAILED(hr))
            return stepFailed("AddToSnapshotSet for " + toUtf8(volume.mountPoint) + " ("
                                  + toUtf8(volume.volumeName) + ")",
                              hr);
    }

    if (auto error = runAsync("PrepareForBackup", m_timeoutMs, [&](IVssAsync **async) {
            return m_components->PrepareForBackup(async);
        }))
        return error;
    if (auto error = checkWriters(m_components, "PrepareForBackup", m_timeoutMs))
        return error;

    m_snapshotsTaken = true;  // from here on a failure must delete the set
    if (auto error = runAsync("DoSnapshotSet", m_timeoutMs, [&](IVssAsync **async) {
            return m_components->DoSnapshotSet(async);
        }))
        return error;
    if (auto error = checkWriters(m_components, "DoSnapshotSet", m_timeoutMs))
        return error;

    for (VssVolumeSnapshot &volume : m_volumes) {
        VSS_SNAPSHOT_PROP properties{};
        hr = m_components->GetSnapshotProperties(volume.snapshotId, &properties);
        if (FAILED(hr))
            return stepFailed("GetSnapshotProperties for " + toUtf8(volume.mountPoint), hr);
        std::wstring device = properties.m_pwszSnapshotDeviceObject
                                  ? std::wstring(properties.m_pwszSnapshotDeviceObject)
                                  : std::wstring();
        VssFreeSnapshotProperties(&properties);
        while (!device.empty() && device.back() == L'\\')
            device.pop_back();
        if (device.empty())
            return makeError(VSS_E_UNEXPECTED, "GetSnapshotProperties for " + toUtf8(volume.mountPoint)
                                                   + " returned no shadow device");
        volume.shadowDevice = device;
    }
    return std::nullopt;
}

VssSnapshotSet::~VssSnapshotSet()
{
    release();
}

std::wstring VssSnapshotSet::readPathFor(const std::wstring &path) const
{
    ResolvedPath resolved;
    if (resolvePath(path, resolved))
        return {};
    for (const VssVolumeSnapshot &volume : m_volumes) {
        if (volume.shadowDevice.empty() || !sameNameIgnoringCase(volume.volumeName, resolved.volumeName))
            continue;
        return volume.shadowDevice + L"\\" + resolved.relative;
    }
    return {};
}

std::wstring VssSnapshotSet::snapshotSetId() const
{
    return guidText(m_setId);
}

std::optional<VssError> VssSnapshotSet::complete()
{
    if (!m_components || !m_snapshotsTaken)
        return makeError(VSS_E_BAD_STATE, "BackupComplete called without a created VSS snapshot set");
    if (m_completed)
        return std::nullopt;
    if (auto error = runAsync("BackupComplete", m_timeoutMs, [&](IVssAsync **async) {
            return m_components->BackupComplete(async);
        }))
        return error;
    m_completed = true;
    return checkWriters(m_components, "BackupComplete", m_timeoutMs);
}

std::optional<VssError> VssSnapshotSet::release()
{
    std::optional<VssError> first;
    if (m_components) {
        if (m_setStarted && !m_completed) {
            // Tells the writers this backup will not complete. VSS_E_BAD_STATE: nothing to abort.
            const HRESULT hr = m_components->AbortBackup();
            if (FAILED(hr) && hr != VSS_E_BAD_STATE && !first)
                first = stepFailed("AbortBackup", hr);
        }
        if (m_snapshotsTaken) {
            LONG deleted = 0;
            VSS_ID notDeleted{};
            const HRESULT hr = m_components->DeleteSnapshots(m_setId, VSS_OBJECT_SNAPSHOT_SET, TRUE,
                                                             &deleted, &notDeleted);
            if (FAILED(hr) && hr != VSS_E_OBJECT_NOT_FOUND && !first)
                first = stepFailed("DeleteSnapshots for snapshot set " + toUtf8(guidText(m_setId))
                                       + " (snapshot " + toUtf8(guidText(notDeleted))
                                       + " not deleted; remove it with vssadmin delete shadows)",
                                   hr);
        }
        // With VSS_CTX_BACKUP, releasing the requester also releases any snapshot still held.
        m_components->Release();
        m_components = nullptr;
    }
    m_setStarted = false;
    m_snapshotsTaken = false;
    m_volumes.clear();
    if (m_comInitialized) {
        CoUninitialize();
        m_comInitialized = false;
    }
    return first;
}

}  // namespace st::vss

#endif  // _WIN32
