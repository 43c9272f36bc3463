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

// The decompressed stream, read by the tar reader through a callback,
// hashed and counted on the way: one pass, no copy on disk.
struct Stream {
  archive* raw;
  const std::string* what;
  uint64_t max_size;
  base::Sha256 hash;
  uint64_t size = 0;
  bool too_big = false;
  char buf[1 << 16];
};

la_ssize_t read_stream(archive* tar, void* user, const void** out) {
  auto* s = static_cast<Stream*>(user);
  la_ssize_t n = archive_lib().read_data(s->raw, s->buf, sizeof s->buf);
  if (n < 0) {
    archive_lib().set_error(tar, EIO, "%s", archive_lib().error_string(s->raw));
    return -1;
  }
  s->hash.update({s->buf, static_cast<size_t>(n)});
  s->size += static_cast<uint64_t>(n);
  if (s->max_size && s->size > s->max_size) {
    s->too_big = true;
    archive_lib().set_error(tar, EFBIG, "larger than %llu bytes uncompressed", static_cast<unsigned long long>(s->max_size));
    return -1;
  }
  *out = s->buf;
  return n;
}

}  // namespace


LayerInfo apply_layer(int fd, const std::string& what, const std::string& root, bool owners, uint64_t max_size) {
  Reader raw = open_reader(fd, what, true);
  archive_entry* e;
  if (archive_lib().read_next_header(raw.get(), &e) != ARCHIVE_OK) {
    throw base::error("read {}: {}", what, archive_lib().error_string(raw.get()));
  }
  auto stream = std::make_unique<Stream>();
  stream->raw = raw.get();
  stream->what = &what;
  stream->max_size = max_size;
  Reader tar{archive_lib().read_new()};
  archive_lib().read_support_format_tar(tar.get());
  archive_lib().read_support_format_gnutar(tar.get());
  if (archive_lib().read_open(tar.get(), stream.get(), nullptr, read_stream, nullptr) != ARCHIVE_OK) {
    throw base::error("open {}: {}", what, archive_lib().error_string(tar.get()));
  }
  extract_tar(tar.get(), base::RootDir(root), {.whiteouts = true, .owners = owners, .devices = owners}, what);
  // What follows the tar's end (its zero blocks, padding) is part of the
  // stream the diff id hashes.
  const void* rest;
  for (la_ssize_t n; (n = read_stream(tar.get(), stream.get(), &rest)) > 0;) {
  }
  if (stream->too_big) throw base::error("{} is larger than {} bytes uncompressed", what, max_size);
  return {"sha256:" + stream->hash.hex(), stream->size};
}

void unpack_archive(const std::string& path, const std::string& dir, bool owners) {
  base::ensure_dir(dir, 0700);
  base::UniqueFd own;
  if (path != "-") {
    own.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!own) throw base::sys_error(errno, "open {}", path);
  }
  const std::string what = path == "-" ? "standard input" : path;
  extract_stream(own ? own.get() : STDIN_FILENO, what, base::RootDir(dir),
                 {.whiteouts = false, .owners = owners, .devices = false});
}

void extract_stream(int fd, const std::string& what, const base::RootDir& root, const ExtractOptions& options) {
  Reader in = open_reader(fd, what, false);
  extract_tar(in.get(), root, options, what);
}

std::string decompress_layer(int fd, const std::string& what, const std::function<void(std::string_view)>& sink) {
  Reader raw = open_reader(fd, what, true);
  archive_entry* e;
  if (archive_lib().read_next_header(raw.get(), &e) != ARCHIVE_OK) {
    throw base::error("read {}: {}", what, archive_lib().error_string(raw.get()));
  }
  base::Sha256 h;
  char buf[1 << 16];
  for (;;) {
    la_ssize_t n = archive_lib().read_data(raw.get(), buf, sizeof buf);
    if (n < 0) throw base::error("read {}: {}", what, archive_lib().error_string(raw.get()));
    if (n == 0) break;
    h.update({buf, static_cast<size_t>(n)});
    sink({buf, static_cast<size_t>(n)});
  }
  return "sha256:" + h.hex();
}

std::string digest_of(int fd, const std::string& what) {
  base::Sha256 h;
  base::read_chunks(fd, what, [&](std::string_view d) { h.update(d); });
  if (::lseek(fd, 0, SEEK_SET) < 0) throw base::sys_error(errno, "rewind {}", what);
  return "sha256:" + h.hex();
}

}  // namespace image
