// SPDX-License-Identifier: GPL-2.0-or-later
// image/layer.cc: decompress once (hashing the tar stream for the diff
// id), then extract it in the root (image/extract.h).
#include "image/layer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <memory>

#include "base/digest.h"
#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/scope.h"
#include "image/archive_lib.h"
#include "image/extract.h"

namespace image {

namespace {

struct ReadDeleter {
  void operator()(archive* a) const { archive_lib().read_free(a); }
};
using Reader = std::unique_ptr<archive, ReadDeleter>;

Reader open_reader(int fd, const std::string& what, bool raw) {
  Reader a{archive_lib().read_new()};
  archive_lib().read_support_filter_all(a.get());
  if (raw) {
    archive_lib().read_support_format_raw(a.get());
  } else {
    archive_lib().read_support_format_tar(a.get());
    archive_lib().read_support_format_gnutar(a.get());
  }
  if (archive_lib().read_open_fd(a.get(), fd, 1 << 16) != ARCHIVE_OK) {
    throw base::sys_error(archive_lib().error_number(a.get()) ? archive_lib().error_number(a.get()) : EINVAL, "open {}: {}",
                          what, archive_lib().error_string(a.get()));
  }
  return a;
}

// Decompress `in` to the plain tar `out`, hashing and counting it on the way.
std::string decompress(int in, const std::string& what, int out, uint64_t& size, uint64_t max_size) {
  Reader a = open_reader(in, what, true);
  archive_entry* e;
  if (archive_lib().read_next_header(a.get(), &e) != ARCHIVE_OK) {
    throw base::error("read {}: {}", what, archive_lib().error_string(a.get()));
  }
  base::Sha256 h;
  char buf[1 << 16];
  for (;;) {
    la_ssize_t n = archive_lib().read_data(a.get(), buf, sizeof buf);
    if (n < 0) throw base::error("read {}: {}", what, archive_lib().error_string(a.get()));
    if (n == 0) break;
    h.update({buf, static_cast<size_t>(n)});
    size += static_cast<uint64_t>(n);
    if (max_size && size > max_size) throw base::error("{} is larger than {} bytes uncompressed", what, max_size);
    if (::write(out, buf, static_cast<size_t>(n)) != n) throw base::sys_error(errno, "write a copy of {}", what);
  }
  return "sha256:" + h.hex();
}

}  // namespace


LayerInfo apply_layer(int fd, const std::string& what, const std::string& root, bool owners, const std::string& temp_dir,
                      uint64_t max_size) {
  // The uncompressed copy in warren's own staging dir, not /tmp: bounded by
  // the store's disk, and gone with the staging dir if this is interrupted.
  std::string tar = temp_dir + "/layer-XXXXXX";
  base::UniqueFd tmp{::mkstemp(tar.data())};
  if (!tmp) throw base::sys_error(errno, "create a temp file in {}", temp_dir);
  auto rm = base::defer([&] { ::unlink(tar.c_str()); });
  LayerInfo info;
  // The layer's size is its tar stream's, as Podman reports image sizes.
  info.diff_id = decompress(fd, what, tmp.get(), info.size, max_size);
  if (::lseek(tmp.get(), 0, SEEK_SET) < 0) throw base::sys_error(errno, "rewind {}", tar);
  Reader in = open_reader(tmp.get(), what, false);
  extract_tar(in.get(), base::RootDir(root), {.whiteouts = true, .owners = owners, .devices = owners}, what);
  return info;
}

void unpack_archive(const std::string& path, const std::string& dir, bool owners) {
  base::ensure_dir(dir, 0700);
  base::UniqueFd own;
  if (path != "-") {
    own.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!own) throw base::sys_error(errno, "open {}", path);
  }
  const std::string what = path == "-" ? "standard input" : path;
  Reader in = open_reader(own ? own.get() : STDIN_FILENO, what, false);
  extract_tar(in.get(), base::RootDir(dir), {.whiteouts = false, .owners = owners, .devices = false}, what);
}

std::string digest_of(int fd, const std::string& what) {
  base::Sha256 h;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw base::sys_error(errno, "read {}", what);
    if (n == 0) break;
    h.update({buf, static_cast<size_t>(n)});
  }
  if (::lseek(fd, 0, SEEK_SET) < 0) throw base::sys_error(errno, "rewind {}", what);
  return "sha256:" + h.hex();
}

}  // namespace image
