# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/kernel_rootless.sh KERNEL_TESTS WARREN_CNI: the kernel layer's
# tests as a regular user, who gets CAP_NET_ADMIN only over namespaces of a
# user namespace of its own: what rootless networking will stand on.
. "$(dirname "$0")/lib.sh"
as_test_user "$0" "$@"
[ "$(id -u)" != 0 ] || { echo "still root" >&2; exit 1; }
# [root] cases need the host's root by their nature (a cgroup's device
# program is loaded and attached with CAP_SYS_ADMIN over the machine, as
# only a rootful container has one); the root run has them.
WARREN_CNI=$2 exec "$1" '~[root]'
