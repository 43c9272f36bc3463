// SPDX-License-Identifier: GPL-2.0-or-later
// image/layer.cc: decompress once (hashing the tar stream for the diff
// id), then extract entry by entry with whiteout handling.
#include "image/layer.h"

#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
#include <unistd.h>

#include <climits>
#include <cerrno>
#include <cstdlib>
#include <memory>

#include "base/digest.h"
#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "base/scope.h"
#include "image/archive_lib.h"

namespace image {

namespace {

struct ReadDeleter {
  void operator()(archive* a) const { archive_lib().read_free(a); }
};
struct WriteDeleter {
  void operator()(archive* a) const { archive_lib().write_free(a); }
};
using Reader = std::unique_ptr<archive, ReadDeleter>;
using Writer = std::unique_ptr<archive, WriteDeleter>;

Reader open_reader(const std::string& path, bool raw) {
  Reader a{archive_lib().read_new()};
  archive_lib().read_support_filter_all(a.get());
  if (raw) {
    archive_lib().read_support_format_raw(a.get());
  } else {
    archive_lib().read_support_format_tar(a.get());
    archive_lib().read_support_format_gnutar(a.get());
  }
  int rc = path == "-" ? archive_lib().read_open_fd(a.get(), STDIN_FILENO, 1 << 16)
                       : archive_lib().read_open_filename(a.get(), path.c_str(), 1 << 16);
  if (rc != ARCHIVE_OK) {
    throw base::sys_error(archive_lib().error_number(a.get()) ? archive_lib().error_number(a.get()) : EINVAL, "open {}: {}",
                          path == "-" ? "standard input" : path, archive_lib().error_string(a.get()));
  }
  return a;
}

// Decompress `path` to the plain tar `out`, hashing and counting it on the way.
std::string decompress(const std::string& path, const std::string& out, uint64_t& size) {
  Reader a = open_reader(path, true);
  archive_entry* e;
  if (archive_lib().read_next_header(a.get(), &e) != ARCHIVE_OK) {
    throw base::error("read {}: {}", path, archive_lib().error_string(a.get()));
  }
  base::UniqueFd fd{::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
  if (!fd) throw base::sys_error(errno, "create {}", out);
  base::Sha256 h;
  char buf[1 << 16];
  for (;;) {
    la_ssize_t n = archive_lib().read_data(a.get(), buf, sizeof buf);
    if (n < 0) throw base::error("read {}: {}", path, archive_lib().error_string(a.get()));
    if (n == 0) break;
    h.update({buf, static_cast<size_t>(n)});
    size += static_cast<uint64_t>(n);
    if (::write(fd.get(), buf, static_cast<size_t>(n)) != n) throw base::sys_error(errno, "write {}", out);
  }
  return "sha256:" + h.hex();
}

std::string dir_name(const std::string& p) {
  auto s = p.rfind('/');
  return s == std::string::npos ? "" : p.substr(0, s);
}
std::string base_name(const std::string& p) {
  auto s = p.rfind('/');
  return s == std::string::npos ? p : p.substr(s + 1);
}

void clear_dir(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  auto close = base::defer([&] { ::closedir(d); });
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") base::remove_tree(dir + "/" + n);
  }
}

// Extract the plain tar `tar` onto `root`, whiteouts included.
uint64_t extract(const std::string& tar, const std::string& root_path, bool whiteouts, bool owners) {
  char real[PATH_MAX];
  if (!::realpath(root_path.c_str(), real)) throw base::sys_error(errno, "resolve {}", root_path);
  const std::string root = real;
  Reader in = open_reader(tar, false);
  Writer out{archive_lib().write_disk_new()};
  // Entries are checked above (no absolute paths, no ..) and written under
  // the root's real path, which libarchive then checks for symlinks on the way.
  int flags = ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_XATTR |
              ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_UNLINK;
  if (owners) flags |= ARCHIVE_EXTRACT_OWNER;
  archive_lib().write_disk_set_options(out.get(), flags);
  archive_lib().write_disk_set_standard_lookup(out.get());
  uint64_t size = 0;
  archive_entry* e;
  int rc;
  while ((rc = archive_lib().read_next_header(in.get(), &e)) == ARCHIVE_OK) {
    std::string name = archive_lib().entry_pathname(e);
    while (name.starts_with("./")) name = name.substr(2);
    if (name.empty() || name == ".") continue;
    if (name.starts_with("/") || name == ".." || name.starts_with("../") || name.find("/../") != std::string::npos) {
      throw base::error("layer entry \"{}\" leaves the root", name);
    }
    std::string base = base_name(name);
    if (whiteouts && base.starts_with(".wh.")) {
      std::string dir = root + "/" + dir_name(name);
      if (base == ".wh..wh..opq") clear_dir(dir);
      else base::remove_tree(dir + "/" + base.substr(4));
      continue;
    }
    archive_lib().entry_set_pathname(e, (root + "/" + name).c_str());
    if (const char* link = archive_lib().entry_hardlink(e)) {
      std::string target = link;
      while (target.starts_with("./")) target = target.substr(2);
      archive_lib().entry_set_hardlink(e, (root + "/" + target).c_str());
    }
    if (archive_lib().write_header(out.get(), e) != ARCHIVE_OK) {
      throw base::error("extract {}: {}", name, archive_lib().error_string(out.get()));
    }
    const void* buf;
    size_t len;
    la_int64_t off;
    while ((rc = archive_lib().read_data_block(in.get(), &buf, &len, &off)) == ARCHIVE_OK) {
      if (archive_lib().write_data_block(out.get(), buf, len, off) != ARCHIVE_OK) {
        throw base::error("extract {}: {}", name, archive_lib().error_string(out.get()));
      }
      size += len;
    }
    if (rc != ARCHIVE_EOF) throw base::error("read {}: {}", name, archive_lib().error_string(in.get()));
    archive_lib().write_finish_entry(out.get());
  }
  if (rc != ARCHIVE_EOF) throw base::error("read {}: {}", tar, archive_lib().error_string(in.get()));
  return size;
}

}  // namespace


LayerInfo apply_layer(const std::string& path, const std::string& root, bool owners, const std::string& temp_dir) {
  // The uncompressed copy in warren's own staging dir, not /tmp: bounded by
  // the store's disk, and gone with the staging dir if this is interrupted.
  std::string tar = temp_dir + "/layer-XXXXXX";
  base::UniqueFd tmpfd{::mkstemp(tar.data())};
  if (!tmpfd) throw base::sys_error(errno, "create a temp file in {}", temp_dir);
  auto rm = base::defer([&] { ::unlink(tar.c_str()); });
  LayerInfo info;
  // The layer's size is its tar stream's, as Podman reports image sizes.
  info.diff_id = decompress(path, tar, info.size);
  extract(tar, root, true, owners);
  return info;
}

void unpack_archive(const std::string& path, const std::string& dir) {
  base::ensure_dir(dir, 0700);
  extract(path, dir, false, false);
}

}  // namespace image
