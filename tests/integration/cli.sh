# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/cli.sh WARREN: the binary's global behaviour: version,
# info telling the truth, relocated state dirs, and every bad input giving
# one `Error: ...` line with exit 125.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
W=$1

run "$W" version
check_status 0
check "version's lines, as Podman's" test "$(printf '%s\n' "$out" | cut -d: -f1 | tr '\n' ,)" = "Client,Version,API Version,Go Version,Git Commit,Built,OS/Arch,"
check_out_has "OS/Arch:      linux/"
check_out_has "API Version:  4.3.1"

run "$W" version --format json
check_status 0
check_out_has '{"Client":{"APIVersion":"4.3.1","Version":"'
run "$W" version --format '{{.Client.Version}}|{{.Client.APIVersion}}|{{.Client.Built}}|{{.Client.Os}}'
check "version --format" test "$out" = "$("$W" --version | cut -d' ' -f3)|4.3.1|0|linux"

# The global flags scripts pass to Podman are taken.
run "$W" --cgroup-manager cgroupfs --events-backend file --runtime /usr/bin/runc --tmpdir /tmp --storage-driver overlay version --format '{{.Client.Os}}'
check "Podman's global flags" test "$out" = linux
# (--storage-driver's drivers and errors: storage.sh.)
run "$W" --cgroup-manager nope version
check_status 125

run "$W" --version
check_status 0
check_out_has "warren version "

run "$W" info
check_status 0
check_out_has "kernel: $(uname -r)"
check_out_has "hostname: $(uname -n)"
if [ "$(id -u)" = 0 ]; then
  check_out_has "rootless: false"
  check_out_has "graphRoot: /var/lib/warren"
  check_out_has "runRoot: /run/warren"
  check_out_has "configDir: /etc/cni/net.d"
  # Root in its own network namespace can use nftables.
  check_out_has "nftables:
    usable: true"
fi
check_out_has "- /usr/local/libexec/cni
  - /usr/libexec/cni"

# TUN: info agrees with a real open of the device.
if (exec 3<>/dev/net/tun) 2>/dev/null; then tun=true; else tun=false; fi
check_out_has "tun:
    usable: $tun"

# Global flags relocate the state, before or after the command.
run "$W" --root /tmp/w-root --runroot /tmp/w-run info --network-config-dir=/tmp/w-net --format json
check_status 0
check_out_has '"graphRoot": "/tmp/w-root"'
check_out_has '"runRoot": "/tmp/w-run"'
check_out_has '"configDir": "/tmp/w-net"'
check "info creates no state dirs" test ! -e /tmp/w-root -a ! -e /tmp/w-run -a ! -e /tmp/w-net

# Debug logging goes to stderr, results to stdout.
run "$W" --log-level=debug info
check_status 0
case "$err" in *"DEBU["*"netlink: "*) checks=$((checks + 1)) ;; *) fail "no netlink debug line: $err" ;; esac

# Bad input: one line, exit 125.
run "$W" nope
check_status 125
check_err 'Error: unrecognized command `warren nope`'

run "$W"
check_status 125
check_err "Error: missing command 'warren COMMAND'"

run "$W" --nope info
check_status 125
check_err "Error: unknown flag: --nope"

run "$W" info --bogus
check_status 125
check_err "Error: unknown flag: --bogus"

run "$W" info -x
check_status 125
check_err "Error: unknown shorthand flag: 'x' in -x"

run "$W" info --format
check_status 125
check_err "Error: flag needs an argument: --format"

# Numbers as cobra reads them, before any container is looked up.
run "$W" rm -t abc nosuch
check_status 125
check_err 'Error: invalid argument "abc" for "-t, --time" flag: strconv.ParseUint: parsing "abc": invalid syntax'
run "$W" stop --time=-5 nosuch
check_status 125
check_err 'Error: invalid argument "-5" for "-t, --time" flag: strconv.ParseUint: parsing "-5": invalid syntax'
run "$W" pod rm -t 99999999999999999999 nosuch
check_status 125
check_err 'Error: invalid argument "99999999999999999999" for "-t, --time" flag: strconv.ParseUint: parsing "99999999999999999999": value out of range'
run "$W" logs --tail 1.5 nosuch
check_status 125
check_err 'Error: invalid argument "1.5" for "--tail" flag: strconv.ParseInt: parsing "1.5": invalid syntax'

run "$W" info --format yaml
check_status 125
check_err 'Error: unsupported format "yaml": use json or a Go template'

# Go templates, with Podman's field names.
run "$W" info --format '{{.Host.Kernel}}'
check_status 0
check "info --format renders the template" test "$out" = "$(uname -r)"
run "$W" version --format '{{.Client.Version}} {{.Client.OsArch}}'
check_out_has "linux/"
run "$W" info --format '{{.Host.Nope}}'
check_status 125
check_err "Error: template: executing at <.Host.Nope>: can't evaluate field Nope"
run "$W" version --format '{{if .Client}}'
check_status 125
check_err 'Error: template: unexpected EOF, missing {{end}}'

run "$W" --log-level=loud info
check_status 125
check_err 'Error: invalid log level "loud": use debug, info, warn or error'

run "$W" --root relative info
check_status 125
check_err 'Error: --root must be an absolute path, not "relative"'

run "$W" version extra
check_status 125
check_err 'Error: `warren version` takes no arguments'

run "$W" --help
check_status 0
check_out_has "Available Commands:"
check_out_has "  info "

finish
