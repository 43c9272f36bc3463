# SPDX-License-Identifier: GPL-2.0-or-later
# tests/fuzz/run.sh TARGET CORPUS: one fuzzing run of WARREN_FUZZ_SECONDS
# (default 30), starting from CORPUS (read only: what the run finds goes to
# a dir of its own under /dev/shm, removed after). A crash, a leak or a
# sanitizer report fails the run, and the input that caused it is printed
# (hex) so that it can be added to the corpus.
set -u
target=$1 corpus=$2 seconds=${WARREN_FUZZ_SECONDS:-30}
work=$(mktemp -d /dev/shm/warren-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus" "$work/scratch"
FUZZ_DIR=$work/scratch "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
  -artifact_prefix="$work/" -print_final_stats=1 "$work/corpus" "$corpus" 2>&1 | tail -25
rc=${PIPESTATUS[0]}
for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
  [ -e "$f" ] || continue
  echo "== $(basename "$f"):"
  od -A d -t x1 "$f" | head -40
done
exit "$rc"
