# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for warren: commands and subcommands, each command's
# flags (read from its --help, so they never drift), and the names of
# containers, networks, pods, images and volumes where a command takes them.

_warren_names() {  # containers | networks | pods | images | volumes
  local w=${COMP_WORDS[0]}
  case $1 in
    containers) "$w" ps -a --format '{{.Names}}' 2>/dev/null ;;
    networks) "$w" network ls -q 2>/dev/null ;;
    pods) "$w" pod ps --format '{{.Name}}' 2>/dev/null ;;
    images) "$w" images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null ;;
    volumes) "$w" volume ls -q 2>/dev/null ;;
  esac
}

# The commands (or a group's subcommands) listed by --help.
_warren_commands() {
  "${COMP_WORDS[0]}" "$@" --help 2>/dev/null | sed -n '/^Available Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p'
}

_warren_flags() {
  "${COMP_WORDS[0]}" "$@" --help 2>/dev/null | sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z-]*\).*/\2/p'
}

_warren() {
  local cur=${COMP_WORDS[COMP_CWORD]} cmd=() i w
  # The command words typed so far (flags and their values skipped roughly).
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    [[ $w == -* ]] && continue
    if [[ ${#cmd[@]} -eq 0 ]] || { [[ ${#cmd[@]} -eq 1 ]] && [[ ${cmd[0]} =~ ^(container|network|image|pod|system|volume)$ ]]; }; then
      cmd+=("$w")
    else
      break
    fi
  done
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_warren_flags "${cmd[@]}")" -- "$cur")
    return
  fi
  if [[ ${#cmd[@]} -eq 0 ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_warren_commands)" -- "$cur")
    return
  fi
  if [[ ${#cmd[@]} -eq 1 && ${cmd[0]} =~ ^(container|network|image|pod|system|volume)$ ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_warren_commands "${cmd[0]}")" -- "$cur")
    return
  fi
  # cp: CONTAINER: or a host path, on either side.
  if [[ ${cmd[*]} == cp || ${cmd[*]} == "container cp" ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_warren_names containers | sed 's/$/:/')" -- "$cur"; compgen -f -- "$cur")
    compopt -o nospace 2>/dev/null
    return
  fi
  local what=
  case "${cmd[*]}" in
    "network create") what= ;;
    "network connect" | "network disconnect")
      # The network first, then the container.
      local n=0
      for ((i = 3; i < COMP_CWORD; i++)); do [[ ${COMP_WORDS[i]} != -* ]] && n=$((n + 1)); done
      [[ $n -eq 0 ]] && what=networks || what=containers ;;
    network*) what=networks ;;
    "pod create") what= ;;
    pod*) what=pods ;;
    "volume create" | "volume ls" | "volume list" | "volume prune") what= ;;
    volume*) what=volumes ;;
    run | create | image* | rmi | tag | untag | images | pull | push | save) what=images ;;
    "container create" | "container run") what=images ;;
    "container ls" | "container list" | "container ps" | "container prune") what= ;;
    container* | attach | start | stop | kill | rm | restart | rename | top | diff | logs | wait | exec | inspect | port | commit | export | mount | unmount | umount) what=containers ;;
  esac
  # --network takes a network name, or a mode.
  local extra=
  if [[ ${COMP_WORDS[COMP_CWORD - 1]} == --network || ${COMP_WORDS[COMP_CWORD - 1]} == --net ]]; then
    what=networks
    extra="bridge none host private slirp4netns"
  fi
  # -v and --volume take a volume's name (or a host path).
  if [[ ${COMP_WORDS[COMP_CWORD - 1]} == -v || ${COMP_WORDS[COMP_CWORD - 1]} == --volume ]]; then
    what=volumes
  fi
  # --pull takes a policy.
  if [[ ${COMP_WORDS[COMP_CWORD - 1]} == --pull ]]; then
    what=
    extra="always missing never newer"
  fi
  # --pod takes a pod's name, or new:NAME.
  if [[ ${COMP_WORDS[COMP_CWORD - 1]} == --pod ]]; then
    what=pods
    extra="new:"
  fi
  [[ -n $what ]] && mapfile -t COMPREPLY < <(compgen -W "$(_warren_names "$what") $extra" -- "$cur")
}

complete -F _warren warren
