// SPDX-License-Identifier: GPL-2.0-or-later
// launch/infra_launch.cc: a pod's infra, warren-infra in the pod's new
// namespaces (launcher.h's InfraSpec).
#include "launch/launcher.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

#include <fmt/format.h>

#include "launch/clone_ops.h"
#include "launch/nested_clone.h"

namespace launch {

namespace {

struct InfraPlan {
  std::string hostname;
  int netns = -1;
  bool loopback = false;
  int uts = -1;          // a UTS namespace to join
  bool new_uts = true;   // its own: the pod's hostname set there
  bool cgroup_namespace = false;
  const SeccompFilter* seccomp = nullptr;
  bool no_new_privs = false;
  int maps_written = -1, network_ready = -1;  // as Plan's
  int words_w[2] = {-1, -1};
  int program = -1;  // warren-infra
  std::string resolv_conf;  // bound over /etc/resolv.conf (new_mount)
  bool ping_group = false;
  std::vector<int> cgroup_tasks;  // as Plan's
};

// The infra's whole life: into its namespaces, then wait for the end.
int infra_child(void* arg) {
  const InfraPlan& p = *static_cast<const InfraPlan*>(arg);
  for (int fd : p.cgroup_tasks) {
    if (::write(fd, "0", 1) != 1) ::_exit(125);
  }
  close_words(p.words_w);
  await_word(p.maps_written);
  if (p.netns >= 0 && ::setns(p.netns, CLONE_NEWNET) < 0) ::_exit(125);
  if (p.uts >= 0 && ::setns(p.uts, CLONE_NEWUTS) < 0) ::_exit(125);
  if (p.new_uts && !p.hostname.empty() && ::sethostname(p.hostname.c_str(), p.hostname.size()) < 0) ::_exit(125);
  if (p.loopback && !loopback_up()) ::_exit(125);
  if (!p.resolv_conf.empty() && ::mount(p.resolv_conf.c_str(), "/etc/resolv.conf", nullptr, MS_BIND, nullptr) < 0) ::_exit(125);
  if (p.ping_group) {
    int fd = ::open("/proc/sys/net/ipv4/ping_group_range", O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ::write(fd, "0 0", 3) != 3) ::_exit(125);
    ::close(fd);
  }
  int null = ::open("/dev/null", O_RDWR);
  for (int fd : {0, 1, 2}) ::dup2(null, fd);
  if (::chdir("/") < 0) ::_exit(125);
  await_word(p.network_ready);
  if (p.cgroup_namespace && ::unshare(CLONE_NEWCGROUP) < 0) ::_exit(125);
  // A program of its own, so that none of the monitor's pages stay
  // mapped here (a clone would hold half of them in its PSS).
  char arg0[] = "warren-infra";
  char* argv[] = {arg0, nullptr};
  char* envp[] = {nullptr};
  if (p.no_new_privs && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) ::_exit(125);
  if (!load_seccomp(*p.seccomp)) ::_exit(125);
  ::syscall(SYS_execveat, p.program, "", argv, envp, AT_EMPTY_PATH);
  ::_exit(127);
}
void join_for_infra(InfraPlan& p, JoinedForClone& joined) {
  joined.join(p.uts, CLONE_NEWUTS);
  p.uts = -1;
  if (!joined.join_network(p.netns, p.loopback)) return;
  p.netns = -1;
  p.loopback = false;
  if (p.ping_group) write_sysctl("/proc/sys/net/ipv4/ping_group_range", "0 0");
  p.ping_group = false;
}

}  // namespace

pid_t launch_infra(const InfraSpec& spec) {
  InfraPlan p{spec.hostname, -1, spec.loopback};
  base::UniqueFd uts = open_namespace(spec.uts_path, "UTS");
  p.uts = uts ? uts.get() : -1;
  p.new_uts = !uts && !spec.host_uts;
  p.cgroup_namespace = spec.cgroup_namespace;
  p.seccomp = &spec.seccomp;
  p.no_new_privs = spec.no_new_privs;
  for (const auto& fd : spec.cgroup_tasks) p.cgroup_tasks.push_back(fd.get());
  if (spec.new_mount) p.resolv_conf = spec.resolv_conf;
  p.ping_group = spec.ping_group && spec.new_network;
  base::UniqueFd program{::open(spec.program.c_str(), O_PATH | O_CLOEXEC)};
  if (!program) throw base::LaunchError(125, errno, fmt::format("open the pod's infra program {}", spec.program));
  p.program = program.get();
  base::UniqueFd netns = open_namespace(spec.netns_path, "network");
  p.netns = netns ? netns.get() : -1;
  constexpr size_t kStack = 64 * 1024;
  auto stack = std::make_unique_for_overwrite<char[]>(kStack);
  int flags = CLONE_NEWIPC | SIGCHLD;
  if (!spec.host_pid && spec.pid_path.empty()) flags |= CLONE_NEWPID;
  if (p.new_uts) flags |= CLONE_NEWUTS;
  if (spec.new_network && spec.netns_path.empty()) flags |= CLONE_NEWNET;
  if (spec.new_mount) flags |= CLONE_NEWNS;
  GoPipes go(spec.user_namespace, static_cast<bool>(spec.on_namespaces));
  p.maps_written = go.maps_fd();
  p.network_ready = go.network_fd();
  go.parent_ends(p.words_w);
  if (spec.user_namespace) flags |= CLONE_NEWUSER;
  pid_t pid;
  int err = 0;
  if (spec.nested || !spec.userns_path.empty()) {
    NestedClone n;
    base::UniqueFd pid_ns = open_namespace(spec.pid_path, "PID"), userns = open_namespace(spec.userns_path, "user");
    JoinedForClone joined;  // root's: the host's namespaces it shares, before the user namespace
    if (userns) {
      if (spec.as_host_root) join_for_infra(p, joined);
      n.userns = userns.get();
    } else {
      n.user_maps = &spec.nest_maps;
      n.maps = &spec.id_maps;
    }
    n.pid_ns = pid_ns ? pid_ns.get() : -1;
    pid = clone_nested(n, infra_child, stack.get() + kStack, flags, &p);
  } else {
    // Root's pod in a user namespace of its own: the host's namespaces it
    // shares joined here (launcher.h's JoinedForClone), with what is
    // written in them.
    JoinedForClone joined;
    if (spec.user_namespace && spec.id_maps.direct) join_for_infra(p, joined);
    base::UniqueFd own_pid = pid_namespace_for_children(spec.pid_path);
    pid = clone_in(own_pid, infra_child, stack.get() + kStack, flags, &p, spec.cgroup_v2 ? spec.cgroup_v2.get() : -1);
    err = errno;
  }
  if (pid < 0) clone_failed(err, "the pod's namespaces", spec.user_namespace);
  if ((spec.nested || !spec.userns_path.empty()) && spec.cgroup_v2) add_cloned_to_cgroup(spec.cgroup_v2.get(), pid);  // by a helper
  prepare_child(pid, spec.user_namespace && !spec.nested && spec.userns_path.empty() ? &spec.id_maps : nullptr, spec.on_namespaces, go);
  return pid;
}

}  // namespace launch
