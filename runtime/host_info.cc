// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/host_info.cc: probing the host.
#include "runtime/host_info.h"

#include <linux/netlink.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <cstring>

#include "base/error.h"
#include "config/host.h"
#include "netns/netlink.h"
#include "netns/nft.h"

namespace runtime {

namespace {

// Listing tables needs CAP_NET_ADMIN and nf_tables, and changes nothing.
rootless::Capability probe_nftables() {
  try {
    netns::Netlink nl = netns::Netlink::open(NETLINK_NETFILTER);
    netns::nft::list_tables(nl);
    return {true, {}};
  } catch (const base::Error& e) {
    if (e.err() == EPERM) return {false, "nftables: no CAP_NET_ADMIN (rootless uses no nftables)"};
    if (e.err() == EPROTONOSUPPORT || e.err() == ENOENT) return {false, "nf_tables is not available in this kernel"};
    return {false, e.what()};
  }
}

}  // namespace

HostInfo gather_host_info(const config::Paths& paths) {
  HostInfo h;
  h.arch = config::go_arch();
  utsname u{};
  if (::uname(&u) == 0) {
    h.kernel = u.release;
    h.hostname = u.nodename;
  }
  h.rootless = paths.rootless;
  h.paths = paths;
  for (const auto& d : paths.cni_plugin_dirs) {
    struct stat st;
    if (::stat(d.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) h.plugin_dirs_present.push_back(d);
  }
  h.nftables = probe_nftables();
  h.tun = rootless::probe_tun();
  h.user_namespaces = rootless::probe_user_namespaces();
  return h;
}

}  // namespace runtime
