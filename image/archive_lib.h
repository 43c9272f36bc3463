// SPDX-License-Identifier: GPL-2.0-or-later
// image/archive_lib.h: libarchive, loaded when an archive is first read.
// Only import, load and the volume commands read or write archives; linking libarchive (and through it
// libxml2, ICU, nettle and five compressors) into every invocation cost
// each command about a millisecond and a half of start-up.
#pragma once

#include <archive.h>
#include <archive_entry.h>

namespace image {

// The functions used, each once: the struct and the loader both expand it.
#define WARREN_ARCHIVE_FUNCTIONS(X)                                                                        \
  X(read_new) X(read_free) X(read_support_filter_all) X(read_support_format_raw) X(read_support_format_tar) \
  X(read_support_format_gnutar) X(read_open_fd) X(read_open) X(set_error) X(read_next_header) X(read_data) X(read_data_block)        \
  X(error_string) X(entry_pathname) X(entry_hardlink) X(entry_symlink) X(entry_filetype) X(entry_perm)     \
  X(entry_uid) X(entry_gid) X(entry_mtime) X(entry_mtime_nsec) X(entry_size) X(entry_rdevmajor)            \
  X(entry_rdevminor) X(entry_xattr_reset) X(entry_xattr_next)                                               \
  X(write_new) X(write_free) X(write_close) X(write_set_format_pax_restricted) X(write_open_fd)            \
  X(write_header) X(write_data) X(entry_new) X(entry_free) X(entry_set_pathname) X(entry_set_size)         \
  X(entry_set_filetype) X(entry_set_perm) X(entry_set_uid) X(entry_set_gid) X(entry_set_mtime)             \
  X(entry_set_symlink)

struct ArchiveLib {
#define WARREN_ARCHIVE_FN(name) decltype(&::archive_##name) name;
  WARREN_ARCHIVE_FUNCTIONS(WARREN_ARCHIVE_FN)
#undef WARREN_ARCHIVE_FN
  decltype(&::archive_errno) error_number;  // errno is a macro
};

// Loads libarchive.so.13 on first use; throws if it or a function is missing.
const ArchiveLib& archive_lib();

}  // namespace image
