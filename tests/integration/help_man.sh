# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/help_man.sh WARREN MANDIR: every command has a man page,
# and every flag its --help shows is in that page with the same words.
. "$(dirname "$0")/lib.sh"
W=$1
MAN=$2

# flags_of HELP_TEXT: "name<TAB>description" for each flag line.
# The default cobra appends, " (default ...)", is not part of the words.
flags_of() {
  printf '%s\n' "$1" | sed -n 's/^ *\(-[a-z], \)\{0,1\}--\([a-z-]*\)\( [a-z]*\)\{0,1\}   *\(.*\)$/\2\t\4/p' | sed 's/ (default .*)$//'
}

check_page() {  # page, help text
  local page=$1 help=$2 name desc
  check "man page $page exists" test -f "$page"
  [ -f "$page" ] || return
  while IFS=$'\t' read -r name desc; do
    check "$page documents --$name" grep -q -- "\*\*--$name\*\*" "$page"
    [ "$name" = help ] && continue  # cobra's "Help for X" vs Podman's wording
    check "$page describes --$name as '$desc'" grep -qF -- "$desc" "$page"
  done < <(flags_of "$help")
}

run "$W" --help
check_page "$MAN/warren.1.md" "$out"
commands=$(printf '%s\n' "$out" | sed -n '/^Available Commands:/,/^$/p' | sed -n 's/^  \([a-z-]*\) .*/\1/p')
check "help lists commands" test -n "$commands"
for c in $commands; do
  run "$W" "$c" --help
  check_status 0
  check_page "$MAN/warren-$c.1.md" "$out"
  check "warren.1.md links warren-$c" grep -q "warren-$c(1)" "$MAN/warren.1.md"
  # A group whose subcommands are commands of their own has a page for each
  # (the image group's are the top-level commands, "Same as" in its page).
  subs=$(printf '%s\n' "$out" | sed -n '/^Available Commands:/,/^$/p' | sed -n 's/^  \([a-z-]*\) .*/\1/p')
  if [ -n "$subs" ] && ! grep -q "Same as" "$MAN/warren-$c.1.md"; then
    for s in $subs; do
      case "$c $s" in *" list" | *" remove" | "pod ls") continue ;; esac  # aliases of ls, rm and pod ps
      run "$W" "$c" "$s" --help
      check_status 0
      check_page "$MAN/warren-$c-$s.1.md" "$out"
      check "warren-$c.1.md links warren-$c-$s" grep -q "warren-$c-$s(1)" "$MAN/warren-$c.1.md"
    done
  fi
done

finish
