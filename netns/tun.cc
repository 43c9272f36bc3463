// SPDX-License-Identifier: GPL-2.0-or-later
// netns/tun.cc: TUNSETIFF on /dev/net/tun.
#include "netns/tun.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

#include "base/error.h"
#include "base/log.h"
#include "netns/namespace.h"

namespace netns {

namespace {

Tap open_tap(const std::string& name, bool persistent) {
  if (name.size() >= IFNAMSIZ) throw base::error("invalid tap name \"{}\"", name);
  base::UniqueFd fd{::open(kTunDevice, O_RDWR | O_CLOEXEC)};
  if (!fd) throw base::sys_error(errno, "open {}", kTunDevice);
  ifreq ifr{};
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
  std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
  if (::ioctl(fd.get(), TUNSETIFF, &ifr) < 0) throw base::sys_error(errno, "create tap {}", name);
  if (persistent && ::ioctl(fd.get(), TUNSETPERSIST, 1) < 0) {
    throw base::sys_error(errno, "make tap {} persistent", name);
  }
  return Tap{std::move(fd), ifr.ifr_name};
}

}  // namespace

Tap create_tap(const std::string& name, const Namespace* ns, bool persistent) {
  Tap tap = ns ? run_in(*ns, [&] { return open_tap(name, persistent); }) : open_tap(name, persistent);
  LOG_DEBUG("tun: created tap {}{}", tap.name, ns ? " in " + ns->path() : "");
  return tap;
}

}  // namespace netns
