// SPDX-License-Identifier: GPL-2.0-or-later
// tests/probe.cc: warren-probe, linked statically so that a test can copy
// it into a busybox image: makes one system call a test names and prints
// "ok" or the errno's name (EPERM, ENOSYS), to tell a seccomp filter's
// answer from the kernel's.
//   userfaultfd   userfaultfd(UFFD_USER_MODE_ONLY): denied by the default profile (EPERM)
//   add_key       add_key("user", ...): not in the default profile (its default, ENOSYS)
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: warren-probe userfaultfd|add_key\n");
    return 2;
  }
  long rc;
  if (std::strcmp(argv[1], "userfaultfd") == 0) {
    rc = ::syscall(SYS_userfaultfd, 1 /* UFFD_USER_MODE_ONLY */);
  } else if (std::strcmp(argv[1], "add_key") == 0) {
    rc = ::syscall(SYS_add_key, "user", "warren-probe", "v", 1, KEY_SPEC_PROCESS_KEYRING);
  } else {
    std::fprintf(stderr, "warren-probe: unknown call %s\n", argv[1]);
    return 2;
  }
  if (rc < 0) {
    std::printf("%s\n", strerrorname_np(errno));
    return 1;
  }
  std::printf("ok\n");
  return 0;
}
