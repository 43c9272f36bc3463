// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/mapped_root.cc: a forked child in a user namespace of its own.
#include "rootless/mapped_root.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"

namespace rootless {

namespace {

// `userns`: the child first unshares a user namespace and waits for the
// parent to write its maps.
[[noreturn]] void child(base::Pipe& ready, base::Pipe& go, base::Pipe& report, bool userns, const std::function<void()>& work) {
  ready.r.reset();
  go.w.reset();
  report.r.reset();
  std::string message;
  char byte = 'r';
  if (userns && ::unshare(CLONE_NEWUSER) < 0) {
    message = "unshare a user namespace: " + std::string(::strerror(errno));
  } else if (userns && (::write(ready.w.get(), &byte, 1) != 1 || ::read(go.r.get(), &byte, 1) != 1)) {
    ::_exit(2);  // the parent failed, and says why
  } else {
    try {
      work();
      ::_exit(0);
    } catch (const std::exception& e) {
      message = e.what();
    }
  }
  ssize_t ignored = ::write(report.w.get(), message.data(), message.size());
  (void)ignored;
  ::_exit(1);
}

}  // namespace

ChildWork::~ChildWork() {
  if (pid_ <= 0) return;
  report_.reset();
  int status;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

void ChildWork::finish() {
  std::string message;
  char buf[512];
  for (ssize_t n; (n = ::read(report_.get(), buf, sizeof buf)) > 0;) message.append(buf, static_cast<size_t>(n));
  report_.reset();
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = 0;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  throw base::error("{}", message.empty() ? "the child process failed" : message);
}

ChildWork ChildWork::start(const IdMaps* maps, const std::function<void()>& work) {
  base::Pipe ready = base::make_pipe(), go = base::make_pipe(), report = base::make_pipe();
  pid_t pid = ::fork();
  if (pid < 0) throw base::sys_error(errno, "fork");
  if (pid == 0) child(ready, go, report, maps != nullptr, work);
  ChildWork started;
  started.pid_ = pid;
  started.report_ = std::move(report.r);
  ready.w.reset();
  go.r.reset();
  report.w.reset();
  char byte;
  if (maps && ::read(ready.r.get(), &byte, 1) == 1) {
    try {
      write_id_maps(pid, *maps);
    } catch (...) {
      go.w.reset();  // no word: the child ends, and is waited for
      throw;
    }
    byte = 'g';
    if (::write(go.w.get(), &byte, 1) != 1) throw base::sys_error(errno, "start the mapped root");
  }
  return started;
}

void as_mapped_root(const IdMaps& maps, const std::function<void()>& work) {
  // Already root in the user's own namespace (a monitor in the user's
  // network namespace, whose maps are the user's): a child of its own.
  ChildWork::start(in_initial_user_namespace() ? &maps : nullptr, work).finish();
}

std::function<void(const std::string&)> tree_remover(const User* user) {
  if (!user) return [](const std::string& path) { base::remove_tree(path); };
  User who = *user;
  return [who](const std::string& path) {
    try {
      base::remove_tree(path);
    } catch (const base::Error& e) {
      // Refused (EACCES, EPERM), or a dir it could not read left not
      // empty (ENOTEMPTY): the user's own dirs opened to it and tried
      // again (overlayfs makes work/work mode 0, and a --rm root's holds
      // the volatile mark), then the rest as mapped root (newuidmap and
      // newgidmap: ~4 ms of CPU).
      if (e.err() != EACCES && e.err() != EPERM && e.err() != ENOTEMPTY) throw;
      try {
        base::open_owned_dirs(path, who.uid);
        base::remove_tree(path);
        return;
      } catch (const base::Error&) {
      }
      as_mapped_root(user_id_maps(who), [&] { base::remove_tree(path); });
    }
  };
}

}  // namespace rootless
