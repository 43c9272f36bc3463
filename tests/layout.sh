#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/layout.sh SOURCE_ROOT: the rooms' arrows point down only
# (docs/ARCHITECTURE.md). Each folder's sources (tests aside) include
# only the folders listed for it here; store/, image/ and launch/ never
# include cni/ or netconf/; nothing below config/ reads the environment
# or the effective uid.
set -u
root=$1
declare -A allowed=(
  [base]=""
  [config]="base"
  [netns]="base"
  [portmap]="base netns"
  [bridge]="base netns portmap"
  [cni]="base netns portmap bridge"
  [rootless]="base netns"
  [store]="base config"
  [image]="base config"
  [launch]="base config netns rootless"
  [netconf]="base config store cni netns portmap rootless"
  [dns]="base config store netconf netns"
  [monitor]="base config store image launch netconf dns rootless"
  [runtime]="base config store image launch netconf dns monitor netns rootless"
  [cli]="base config store image launch netconf dns monitor runtime netns rootless"
)
checks=0
failures=0
for dir in "${!allowed[@]}"; do
  for f in "$root/$dir"/*.cc "$root/$dir"/*.h; do
    [ -e "$f" ] || continue
    case "$f" in *_test.cc) continue ;; esac
    for inc in $(sed -n 's|^#include "\([a-z_]*\)/.*"|\1|p' "$f" | sort -u); do
      checks=$((checks + 1))
      [ "$inc" = "$dir" ] && continue
      case " ${allowed[$dir]} " in *" $inc "*) ;; *)
        echo "FAIL: ${f#"$root"/} includes $inc/, which $dir/ may not" >&2
        failures=$((failures + 1)) ;;
      esac
    done
  done
done
# The environment and the uid are read in config/ alone (warren-cni's CNI_*
# variables too, through config::Environment).
for f in $(grep -l 'getenv\|geteuid\|getuid()' "$root"/{base,netns,portmap,bridge,cni,rootless,store,image,launch,netconf,dns,monitor,runtime}/*.cc 2>/dev/null); do
  case "$f" in *_test.cc) continue ;; esac
  echo "FAIL: ${f#"$root"/} reads the environment or the uid below config/" >&2
  failures=$((failures + 1))
done
checks=$((checks + 1))
printf '%d checks, %d failed\n' "$checks" "$failures"
[ "$failures" -eq 0 ]
