// SPDX-License-Identifier: GPL-3.0-or-later
// servertwin-vss-check: exercises the VSS snapshot provider on a Windows machine.
//
//   servertwin-vss-check C:\path [D:\other ...]
//
// Shadow-copies the volumes holding the given paths, prints each path's read path inside the
// snapshot, lists the first entries of the first path as seen in the snapshot, completes the
// backup and deletes the snapshots. Exit 0 on success, 1 with a one-line error otherwise.
// Needs an elevated (administrator) 64-bit console. Windows only (built with mingw-w64).
#ifndef _WIN32
#error "servertwin-vss-check is a Windows program (build it with scripts/build-windows-vss.sh)"
#endif

#include "snapshot/vss/VssSnapshot.h"

#include <windows.h>

#include <cstdio>
#include <cwchar>
#include <optional>
#include <string>
#include <vector>

namespace {

using st::vss::describeHresult;
using st::vss::toUtf8;

constexpr int kTimeoutSeconds = 300;
constexpr int kListLimit = 20;

int fail(const std::string &message)
{
    std::fprintf(stderr, "servertwin-vss-check: %s\n", message.c_str());
    return 1;
}

std::string lastError()
{
    return describeHresult(HRESULT_FROM_WIN32(GetLastError()));
}

/** Prints up to kListLimit entries of @p readPath (a directory, or the file itself). */
std::optional<std::string> listEntries(const std::wstring &livePath, const std::wstring &readPath)
{
    const DWORD attributes = GetFileAttributesW(readPath.c_str());
    if (attributes == INVALID_FILE_ATTRIBUTES)
        return "cannot read " + toUtf8(livePath) + " in the snapshot (" + toUtf8(readPath)
               + "): " + lastError();
    std::wstring pattern = readPath;
    if (attributes & FILE_ATTRIBUTE_DIRECTORY)
        pattern += pattern.back() == L'\\' ? L"*" : L"\\*";

    WIN32_FIND_DATAW entry{};
    HANDLE find = FindFirstFileExW(pattern.c_str(), FindExInfoBasic, &entry, FindExSearchNameMatch,
                                   nullptr, 0);
    if (find == INVALID_HANDLE_VALUE) {
        if (GetLastError() == ERROR_FILE_NOT_FOUND) {
            std::printf("  (empty)\n");
            return std::nullopt;
        }
        return "cannot list " + toUtf8(pattern) + ": " + lastError();
    }
    int shown = 0;
    bool more = false;
    do {
        if (std::wcscmp(entry.cFileName, L".") == 0 || std::wcscmp(entry.cFileName, L"..") == 0)
            continue;
        if (shown == kListLimit) {
            more = true;
            break;
        }
        ++shown;
        if (entry.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
            std::printf("  %14s  %s\n", "<DIR>", toUtf8(entry.cFileName).c_str());
        } else {
            const unsigned long long size =
                (static_cast<unsigned long long>(entry.nFileSizeHigh) << 32) | entry.nFileSizeLow;
            std::printf("  %14llu  %s\n", size, toUtf8(entry.cFileName).c_str());
        }
    } while (FindNextFileW(find, &entry));
    const DWORD error = more ? ERROR_NO_MORE_FILES : GetLastError();
    FindClose(find);
    if (error != ERROR_NO_MORE_FILES) {
        SetLastError(error);
        return "listing " + toUtf8(pattern) + " stopped: " + lastError();
    }
    if (more)
        std::printf("  ... (first %d entries shown)\n", kListLimit);
    else if (shown == 0)
        std::printf("  (empty)\n");
    return std::nullopt;
}

}  // namespace

int wmain(int argc, wchar_t **argv)
{
    SetConsoleOutputCP(CP_UTF8);
    if (argc >= 2 && (std::wcscmp(argv[1], L"--help") == 0 || std::wcscmp(argv[1], L"/?") == 0)) {
        std::printf("usage: servertwin-vss-check PATH [PATH...]\n"
                    "Shadow-copies the volumes of the given paths (VSS), shows where each path is\n"
                    "read from inside the snapshot, lists the first path there, then completes the\n"
                    "backup and deletes the snapshots. Run from an elevated console.\n");
        return 0;
    }
    if (argc < 2)
        return fail("no path given: usage: servertwin-vss-check PATH [PATH...]");

    const std::vector<std::wstring> paths(argv + 1, argv + argc);
    std::printf("creating VSS snapshot set (timeout %d s per step)...\n", kTimeoutSeconds);
    std::fflush(stdout);
    st::vss::VssResult created = st::vss::VssSnapshotSet::create(paths, kTimeoutSeconds);
    if (!created.ok())
        return fail(created.error.message);
    st::vss::VssSnapshotSet &set = *created.set;

    std::printf("snapshot set %s\n", toUtf8(set.snapshotSetId()).c_str());
    for (const st::vss::VssVolumeSnapshot &volume : set.volumes())
        std::printf("volume %s (%s) -> %s\n", toUtf8(volume.mountPoint).c_str(),
                    toUtf8(volume.volumeName).c_str(), toUtf8(volume.shadowDevice).c_str());

    std::optional<std::string> error;
    std::vector<std::wstring> readPaths;
    for (const std::wstring &path : paths) {
        std::wstring readPath = set.readPathFor(path);
        if (readPath.empty()) {
            error = "no read path inside the snapshot for " + toUtf8(path);
            break;
        }
        std::printf("%s -> %s\n", toUtf8(path).c_str(), toUtf8(readPath).c_str());
        readPaths.push_back(std::move(readPath));
    }
    if (!error) {
        std::printf("first entries of %s in the snapshot:\n", toUtf8(paths.front()).c_str());
        error = listEntries(paths.front(), readPaths.front());
    }
    if (!error) {
        if (auto completeError = set.complete())
            error = completeError->message;
    }
    // release() aborts the backup when complete() was not reached, then deletes the snapshots.
    if (auto releaseError = set.release()) {
        if (!error)
            error = releaseError->message;
        else
            *error += "; cleanup also failed: " + releaseError->message;
    }
    if (error)
        return fail(*error);
    std::printf("backup completed, snapshot set deleted\n");
    return 0;
}
