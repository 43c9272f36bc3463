# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/completion.sh WARREN COMPLETION: the bash completion
# offers commands, subcommands, flags read from --help, and the names of
# containers, networks, pods and images.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
W=$1
tmp=$(mktemp -d /tmp/warren-compl-XXXXXX)
private_network_state "$tmp"
trap 'rm -rf "$tmp"' EXIT
# A warren of the test's own state, under the name the user types.
printf '#!/bin/sh\nexec %s --root %s/root --runroot %s/run --network-config-dir %s/net "$@"\n' "$W" "$tmp" "$tmp" "$tmp" >"$tmp/warren"
chmod +x "$tmp/warren"
mkdir -p "$tmp/fs/bin" && cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
"$tmp/warren" import "$tmp/fs.tar" compimg >/dev/null
"$tmp/warren" create --name compctr --network none compimg busybox true >/dev/null
"$tmp/warren" network create compnet >/dev/null
"$tmp/warren" pod create --name comppod --network none >/dev/null
"$tmp/warren" volume create compvol >/dev/null
. "$2"

complete_words() {  # WORDS...: the completions for the last word
  COMP_WORDS=("$tmp/warren" "$@")
  COMP_CWORD=$#
  COMPREPLY=()
  _warren
  out="${COMPREPLY[*]}"
}

complete_words ne
check "commands" test "$out" = "network"
complete_words network c
check "subcommands" test "$out" = "connect create"
complete_words run --pub
check "flags from --help" test "$out" = "--publish --publish-all"
complete_words network rm comp
check "network names" test "$out" = "compnet"
complete_words rm comp
check "container names" test "$out" = "compctr"
complete_words container re
check "container subcommands" test "$out" = "rename restart"
complete_words container rm comp
check "container rm takes a container" test "$out" = "compctr"
complete_words volume i
check "volume subcommands" test "$out" = "import inspect"
complete_words volume rm comp
check "volume names" test "$out" = "compvol"
complete_words run -v comp
check "-v takes a volume name" test "$out" = "compvol"
complete_words run --network comp
check "--network takes a network" test "$out" = "compnet"
complete_words run --network n
check "or a mode" test "$out" = "none"
complete_words run localhost/comp
check "image names" test "$out" = "localhost/compimg:latest"
complete_words network connect compnet comp
check "connect: the container after the network" test "$out" = "compctr"
complete_words pod s
check "pod subcommands" test "$out" = "start stop stats"
complete_words pod rm comp
check "pod names" test "$out" = "comppod"
complete_words run --pod comp
check "--pod takes a pod" test "$out" = "comppod"
"$tmp/warren" rm compctr >/dev/null
"$tmp/warren" pod rm comppod >/dev/null
finish
