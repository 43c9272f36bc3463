#!/usr/bin/env bash
# scripts/test-setup.sh: what the test suite needs from the machine, as
# root: an unprivileged user for the rootless tests (with subordinate ids),
# and /dev/net/tun open
# to users (rootless networking opens it; Debian ships it 0600 on some
# machines). Idempotent. Changes nothing else.
set -euo pipefail
user=${WARREN_TEST_USER:-warren-test}

if [ "$(id -u)" -ne 0 ]; then
  echo "test-setup: not root; rootless tests will run as $(id -un)" >&2
  exit 0
fi
if ! id "$user" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash --comment "warren rootless tests" "$user"
fi
# Subordinate ids for its user namespaces (useradd adds them only where
# /etc/subuid already existed).
for f in /etc/subuid /etc/subgid; do
  grep -q "^$user:" "$f" 2>/dev/null || echo "$user:200000:65536" >>"$f"
done
if [ -c /dev/net/tun ]; then
  chmod 0666 /dev/net/tun
fi
