// SPDX-License-Identifier: GPL-2.0-or-later
// base/fd_passing.cc: SCM_RIGHTS, one descriptor per message.
#include "base/fd_passing.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "base/error.h"

namespace base {

namespace {

union ControlBuffer {
  char buf[CMSG_SPACE(sizeof(int))];
  cmsghdr align;
};

}  // namespace

bool send_fd(int socket, int fd) noexcept {
  char byte = 'f';
  iovec iov{&byte, 1};
  ControlBuffer control;
  std::memset(&control, 0, sizeof control);
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &fd, sizeof fd);
  ssize_t n;
  while ((n = ::sendmsg(socket, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR) {
  }
  return n == 1;
}

UniqueFd receive_fd(int socket) {
  char byte;
  iovec iov{&byte, 1};
  ControlBuffer control;
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  ssize_t n;
  while ((n = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
  }
  if (n < 0) throw sys_error(errno, "receive a file descriptor");
  if (n == 0) return {};
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
      return UniqueFd(fd);
    }
  }
  throw error("receive a file descriptor: the message carried none");
}

}  // namespace base
