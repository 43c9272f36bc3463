// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/archive_lib.h: libarchive, loaded when an archive is first read.
// Only import and load read archives; linking libarchive (and through it
// libxml2, ICU, nettle and five compressors) into every invocation cost
// each command about a millisecond and a half of start-up.
#pragma once

#include <archive.h>
#include <archive_entry.h>

namespace runtime {

struct ArchiveLib {
#define WARREN_ARCHIVE_FN(name) decltype(&::archive_##name) name;
  WARREN_ARCHIVE_FN(read_new)
  WARREN_ARCHIVE_FN(read_free)
  WARREN_ARCHIVE_FN(read_support_filter_all)
  WARREN_ARCHIVE_FN(read_support_format_raw)
  WARREN_ARCHIVE_FN(read_support_format_tar)
  WARREN_ARCHIVE_FN(read_support_format_gnutar)
  WARREN_ARCHIVE_FN(read_open_fd)
  WARREN_ARCHIVE_FN(read_open_filename)
  WARREN_ARCHIVE_FN(read_next_header)
  WARREN_ARCHIVE_FN(read_data)
  WARREN_ARCHIVE_FN(read_data_block)
  WARREN_ARCHIVE_FN(write_disk_new)
  WARREN_ARCHIVE_FN(write_free)
  WARREN_ARCHIVE_FN(write_disk_set_options)
  WARREN_ARCHIVE_FN(write_disk_set_standard_lookup)
  WARREN_ARCHIVE_FN(write_header)
  WARREN_ARCHIVE_FN(write_data_block)
  WARREN_ARCHIVE_FN(write_finish_entry)
  WARREN_ARCHIVE_FN(error_string)
  WARREN_ARCHIVE_FN(entry_pathname)
  WARREN_ARCHIVE_FN(entry_set_pathname)
  WARREN_ARCHIVE_FN(entry_hardlink)
  WARREN_ARCHIVE_FN(entry_set_hardlink)
#undef WARREN_ARCHIVE_FN
  decltype(&::archive_errno) error_number;  // errno is a macro
};

// Loads libarchive.so.13 on first use; throws if it or a function is missing.
const ArchiveLib& archive_lib();

}  // namespace runtime
