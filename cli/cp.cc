// SPDX-License-Identifier: GPL-2.0-or-later
// cli/cp.cc: `cp` (and `container cp`): files between a container and the
// host, or two containers, as a tar stream from one side to the other.
// The source side sends a byte saying what it is (a file, a directory, a
// directory's contents) and then the tar; the destination side, having
// looked at its path, extracts it in place. A container's side runs in a
// child given its root (runtime::start_in_root): every path in it, and
// every entry the stream makes, is resolved inside that root, so that no
// symlink the container left can carry the copy onto the host. The host's
// side runs here, and a stream from a container lands only below the
// destination. "-" is a tar on standard input or output, as Podman's.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>
#include <tuple>

#include "base/error.h"
#include "base/file.h"
#include "base/root_dir.h"
#include "cli/commands.h"
#include "image/archive_lib.h"
#include "image/image_store.h"
#include "image/layer.h"
#include "image/tar_writer.h"
#include "launch/credentials.h"
#include "runtime/containers.h"

namespace cli {

namespace {

// The destination's word when the source sent nothing: the source's own
// error is the one to show.
constexpr const char* kNoSource = "the source sent nothing";

// One side as given: CONTAINER:PATH, a host PATH, or "-".
struct Side {
  std::string container;  // empty: the host
  std::string path;
  bool stream = false;
};

Side side_of(const std::string& arg) {
  if (arg == "-") return {"", "", true};
  auto colon = arg.find(':');
  // A path that starts with / or . is the host's, colon or not.
  if (arg.starts_with("/") || arg.starts_with(".") || colon == std::string::npos) return {"", arg, false};
  return {arg.substr(0, colon), arg.substr(colon + 1), false};
}

// A path inside a root, from what was given.
struct Place {
  std::string shown;    // as given, for errors
  std::string where;    // "the host", "container NAME"
  std::string rel;      // inside the root, without "." or empty parts; "" is the root
  std::string base;     // the name the copy takes: the last part given
  bool contents = false;  // "DIR/." (or the root): what is in it, not itself
  bool trailing_slash = false;
};

Place place_of(const std::string& path, const std::string& cwd, const std::string& where) {
  Place p{path, where};
  std::string full = path.starts_with("/") ? path : cwd + "/" + path;
  std::vector<std::string> parts;
  for (size_t at = 0; at <= full.size();) {
    size_t end = std::min(full.find('/', at), full.size());
    std::string part = full.substr(at, end - at);
    at = end + 1;
    if (!part.empty() && part != ".") parts.push_back(part);
  }
  for (const auto& part : parts) p.rel += (p.rel.empty() ? "" : "/") + part;
  p.trailing_slash = path.ends_with("/");
  p.contents = path.ends_with("/.") || path == "." || parts.empty();
  p.base = parts.empty() ? "" : parts.back();
  if (p.base == "..") p.contents = true;
  return p;
}

base::Error not_found(const Place& p, int err) {
  std::string text = ::strerror(err);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return base::error("\"{}\" could not be found on {}: {}", p.shown, p.where, text);
}

std::pair<std::string, std::string> split_last(const std::string& rel) {
  auto slash = rel.rfind('/');
  if (slash == std::string::npos) return {"", rel};
  return {rel.substr(0, slash), rel.substr(slash + 1)};
}

void write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw base::sys_error(errno, "write the copy");
    data += n;
    size -= static_cast<size_t>(n);
  }
}

// The source side: what `src` names (a symlink followed inside the root),
// as a tar on `out`, after the byte f (file), d (directory) or c (its
// contents) unless `bare` (standard output).
void send(const base::RootDir& root, const Place& src, int out, bool bare) {
  const char* rel = src.rel.empty() ? "." : src.rel.c_str();
  // O_NONBLOCK: a FIFO put where a file was is opened without waiting,
  // and then refused.
  base::UniqueFd fd{base::open_in_root(root.fd(), rel, O_RDONLY | O_NONBLOCK)};
  if (!fd) throw not_found(src, errno);
  struct stat st;
  if (::fstat(fd.get(), &st) < 0) throw base::sys_error(errno, "stat {}", src.shown);
  if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
    throw base::error("\"{}\" on {}: not a regular file or a directory", src.shown, src.where);
  }
  char kind = S_ISREG(st.st_mode) ? 'f' : src.contents ? 'c' : 'd';
  if (!bare) write_all(out, &kind, 1);
  image::write_open_tar(fd.get(), kind == 'c' ? "" : src.base, out, src.shown);
}

// The destination side: the stream on `in` extracted where `dst` says,
// as Podman places it (into a directory that exists; as the name given
// when it does not, its parent existing). `confine` (the host's side):
// the stream's entries are resolved inside the directory they go to, not
// the whole root.
void receive(const base::RootDir& root, const Place& dst, int in, bool from_stdin, image::ExtractOptions o, bool confine) {
  char kind = 's';
  if (!from_stdin) {
    ssize_t n;
    while ((n = ::read(in, &kind, 1)) < 0 && errno == EINTR) {
    }
    if (n != 1) throw base::error("{}", kNoSource);
  }
  const char* rel = dst.rel.empty() ? "." : dst.rel.c_str();
  base::UniqueFd at{base::open_in_root(root.fd(), rel, O_PATH)};
  if (!at && errno != ENOENT) throw not_found(dst, errno);
  struct stat st{};
  if (at && ::fstat(at.get(), &st) < 0) throw base::sys_error(errno, "stat {}", dst.shown);
  bool dir = at && S_ISDIR(st.st_mode);
  if (kind == 's' && !dir) throw base::error("destination must be a directory when copying from stdin");
  if (dir) {
    o.under = dst.rel;
  } else if (at) {
    if (kind != 'f') throw base::error("destination must be a directory when copying a directory");
    std::tie(o.under, o.rename_top) = split_last(dst.rel);
  } else {
    if (dst.trailing_slash) throw not_found(dst, ENOENT);
    auto [parent, name] = split_last(dst.rel);
    auto parent_fd = root.open(parent.empty() ? "." : parent, O_PATH | O_DIRECTORY);
    if (!parent_fd || name == "..") throw not_found(dst, ENOENT);
    o.under = parent;
    o.rename_top = name;
    if (kind == 'c') {
      // What is in a directory, into a new one of the name given.
      if (::mkdirat(parent_fd->get(), name.c_str(), 0755) < 0) throw base::sys_error(errno, "create {}", dst.shown);
      if (o.owner && ::fchownat(parent_fd->get(), name.c_str(), o.owner->first, o.owner->second, AT_SYMLINK_NOFOLLOW) < 0) {
        throw base::sys_error(errno, "change the owner of {}", dst.shown);
      }
      o.under = dst.rel;
      o.rename_top.clear();
    }
  }
  o.noun = "copying";
  if (!confine) return image::extract_stream(in, dst.shown, root, o);
  base::UniqueFd into{base::open_in_root(root.fd(), o.under.empty() ? "." : o.under.c_str(), O_PATH | O_DIRECTORY)};
  if (!into) throw not_found(dst, errno);
  o.under.clear();
  image::extract_stream(in, dst.shown, base::RootDir(std::move(into), dst.shown), o);
}

// --archive: the container's user (its --user, resolved in its own
// /etc/passwd and /etc/group) owns what is copied in.
std::pair<uid_t, gid_t> owner_in(const base::RootDir& root, const std::string& user) {
  auto passwd = root.read_regular("etc/passwd", 4 << 20), group = root.read_regular("etc/group", 4 << 20);
  auto creds = launch::resolve_user(user, passwd.value_or(""), group.value_or(""));
  return {creds.uid, creds.gid};
}

}  // namespace

int cp_main(Context& ctx, const Args& args) {
  Options opts(ctx.name_or("cp"), "Copy files/folders between a container and the local filesystem",
               "[options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH");
  opts.add()("a,archive", "Chown copied files to the primary uid/gid of the destination container.",
             cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("overwrite", "Allow to overwrite directories with non-directories and vice versa");
  auto r = parse(ctx, opts, args);
  if (!r) return 0;
  auto pos = r->unmatched();
  if (pos.size() != 2) throw base::error("accepts 2 arg(s), received {}", pos.size());
  Side src = side_of(pos[0]), dst = side_of(pos[1]);
  if (src.container.empty() && dst.container.empty()) throw base::error("name or ID cannot be empty");
  auto store = containers(ctx);
  image::ImageStore images(ctx.paths().root, !ctx.paths().rootless);
  // The locks, each container's once, in one order: neither side starts
  // or ends while the copy runs.
  std::map<std::string, std::string> id_of;  // as named, its full id
  for (const Side* s : {&src, &dst}) {
    if (s->container.empty()) continue;
    auto c = store.find(s->container);
    if (!c) throw base::error("container \"{}\" does not exist", s->container);
    id_of[s->container] = c->config.id;
  }
  std::set<std::string> ids;
  for (const auto& [name, id] : id_of) ids.insert(id);
  std::vector<base::FileLock> locks;
  for (const auto& id : ids) locks.push_back(store.lock(id));
  auto record = [&](const Side& s) { return runtime::reread_existing(ctx.settings(), store, id_of.at(s.container), s.container); };
  std::string cwd = base::working_dir();
  auto place = [&](const Side& s, const store::Container* c) {
    return c ? place_of(s.path, c->config.workdir, "container " + s.container) : place_of(s.path, cwd, "the host");
  };
  image::archive_lib();  // loaded here, before any child looks at a container's root
  ::signal(SIGPIPE, SIG_IGN);  // a side that fails closes its end: an error, not a signal
  const bool rootless = ctx.paths().rootless, archive = (*r)["archive"].as<bool>(), overwrite = r->count("overwrite") > 0;

  std::optional<rootless::ChildWork> sender, receiver;
  std::optional<std::string> send_error, receive_error;
  // Declared after the children: on an error it is closed first, so that
  // a child blocked on it ends before it is waited for.
  base::Pipe pipe = base::make_pipe();
  if (!src.container.empty()) {
    store::Container c = record(src);
    Place from = place(src, &c);
    int out = dst.stream ? STDOUT_FILENO : pipe.w.get();
    sender.emplace(runtime::start_in_root(ctx.settings(), store, c, runtime::root_lower(images, store, c.config), [&](const base::RootDir& root) {
      pipe.r.reset();
      send(root, from, out, dst.stream);
    }));
  }
  if (!dst.container.empty()) {
    store::Container c = record(dst);
    Place to = place(dst, &c);
    int in = src.stream ? STDIN_FILENO : pipe.r.get();
    std::string user = c.config.user;
    receiver.emplace(runtime::start_in_root(ctx.settings(), store, c, runtime::root_lower(images, store, c.config), [&](const base::RootDir& root) {
      pipe.w.reset();
      image::ExtractOptions o{.whiteouts = false, .owners = !archive, .devices = false};
      if (archive) o.owner = owner_in(root, user);
      o.overwrite = overwrite;
      receive(root, to, in, src.stream, o, false);
    }));
  }
  // The host's side, here.
  try {
    if (src.container.empty() && !src.stream) {
      pipe.r.reset();
      send(base::RootDir("/"), place(src, nullptr), pipe.w.get(), false);
    }
  } catch (const base::Error& e) {
    send_error = e.what();
  }
  pipe.w.reset();
  try {
    if (dst.container.empty() && !dst.stream) {
      image::ExtractOptions o{.whiteouts = false, .owners = !rootless, .devices = false};
      o.overwrite = overwrite;
      receive(base::RootDir("/"), place(dst, nullptr), pipe.r.get(), false, o, true);
    }
  } catch (const base::Error& e) {
    receive_error = e.what();
  }
  pipe.r.reset();
  auto finish = [](std::optional<rootless::ChildWork>& child, std::optional<std::string>& error) {
    try {
      if (child) child->finish();
    } catch (const base::Error& e) {
      error = e.what();
    }
  };
  finish(sender, send_error);
  finish(receiver, receive_error);
  // The source's failure explains the destination's; a destination that
  // refused explains the source's broken pipe.
  if (send_error && (!receive_error || *receive_error == kNoSource)) throw base::error("{}", *send_error);
  if (receive_error) throw base::error("{}", *receive_error);
  return 0;
}

}  // namespace cli
