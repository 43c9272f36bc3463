// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/agent_main.cc: warren-agent, what the monitor's agent becomes
// once it has made the tap (rootless/ns_agent.h): in the container's user
// and network namespaces, it opens sockets there on request, for the
// port forwarder. It links nothing but libc, so that it costs a few pages
// for the container's life. Its socket to the monitor is fd 3.
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "rootless/agent_protocol.h"

namespace {

using rootless::AgentRequest;

int open_socket(const AgentRequest& r) {
  int fd = socket(r.to.ss_family, r.type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  if (r.has_source) {
    int one = 1;
    bool v4 = r.source.ss_family == AF_INET;
    setsockopt(fd, v4 ? SOL_IP : SOL_IPV6, v4 ? IP_TRANSPARENT : IPV6_TRANSPARENT, &one, sizeof one);
    if (bind(fd, reinterpret_cast<const sockaddr*>(&r.source), v4 ? sizeof(sockaddr_in) : sizeof(sockaddr_in6)) < 0) {
      int err = errno;
      close(fd);
      errno = err;
      return -1;
    }
  }
  // UDP: not connected, since the answer may come from another of the
  // server's addresses than the one asked; the forwarder sends with sendto.
  if (r.type == SOCK_DGRAM) return fd;
  socklen_t len = r.to.ss_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&r.to), len) < 0 && errno != EINPROGRESS) {
    int err = errno;
    close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

bool send_socket(int sock, int fd) {
  char byte = 'f';
  iovec iov{&byte, 1};
  alignas(cmsghdr) char buf[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = buf;
  msg.msg_controllen = sizeof buf;
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof fd);
  return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1;
}

}  // namespace

int main() {
  const int sock = 3;
  AgentRequest r;
  while (read(sock, &r, sizeof r) == static_cast<ssize_t>(sizeof r)) {
    int fd = open_socket(r);
    if (fd >= 0) {
      bool sent = send_socket(sock, fd);
      close(fd);
      if (!sent) break;
      continue;
    }
    char failed[1 + sizeof(int)] = {'F'};
    int err = errno;
    memcpy(failed + 1, &err, sizeof err);
    if (write(sock, failed, sizeof failed) < 0) break;
  }
  return 0;
}
