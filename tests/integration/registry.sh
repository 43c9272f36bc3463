# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/registry.sh WARREN TOKEN_SERVER [--rootless]: pull, login and
# logout against real registries (Debian's docker-registry, started here
# on loopback in the throwaway namespace and stopped at the end): plain
# HTTP, TLS with a CA made here, htpasswd Basic auth, a token realm
# (token_server.py, Bearer tokens); single- and
# multi-arch images, gzip and zstd layers, a shared layer fetched once,
# a tampered blob, another platform only, bad credentials, run --pull,
# digests. Images go in with skopeo from OCI layouts written here.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
[ "$(id -u)" = 0 ] && ip link set lo up  # the registries listen on the throwaway's loopback
[ "${3:-}" = --rootless ] && as_test_user "$0" "$@"
W=$1
TOKEN_SERVER=$2
state_of_own registry
export REGISTRY_AUTH_FILE=$tmp/auth.json CONTAINERS_REGISTRIES_CONF=$tmp/registries.conf
: >"$CONTAINERS_REGISTRIES_CONF"
reg_pids=()
cleanup() {
  local p
  for p in "${reg_pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  $R rm -a -f -t 0 >/dev/null 2>&1
  remove_tmp
}
trap cleanup EXIT
N="--network none"

# start_registry NAME PORT [CONFIG LINES...]: docker-registry on
# 127.0.0.1:PORT with its storage and log in $tmp/NAME.
start_registry() {
  local name=$1 port=$2 i
  shift 2
  mkdir -p "$tmp/$name"
  {
    printf 'version: 0.1\nlog:\n  level: info\n  accesslog:\n    disabled: false\n'
    printf 'storage:\n  filesystem:\n    rootdirectory: %s\n' "$tmp/$name/store"
    printf 'http:\n  addr: 127.0.0.1:%s\n' "$port"
    printf '%s\n' "$@"
  } >"$tmp/$name/config.yml"
  # It reads REGISTRY_* variables as its own settings: REGISTRY_AUTH_FILE
  # (containers-auth.json's) would be its auth section.
  env -u REGISTRY_AUTH_FILE docker-registry serve "$tmp/$name/config.yml" >"$tmp/$name/log" 2>&1 &
  reg_pids+=($!)
  for i in $(seq 50); do
    curl -sk -o /dev/null "http://127.0.0.1:$port/v2/" && return 0
    curl -sk -o /dev/null "https://127.0.0.1:$port/v2/" && return 0
    sleep 0.1
  done
  echo "registry $name did not start" >&2
  cat "$tmp/$name/log" >&2
  return 1
}

# blob DIR FILE: FILE moved into the layout's blobs; its digest in $d, size in $s.
blob() {
  d=sha256:$(sha256sum <"$2" | cut -d' ' -f1) s=$(stat -c %s "$2")
  mkdir -p "$1/blobs/sha256" && mv "$2" "$1/blobs/sha256/${d#sha256:}"
}

# image_manifest DIR ARCH TAR...: an image of gzip layers (zstd or plain
# ones with COMP=zstd or COMP=none) in the layout DIR; its manifest's
# descriptor (JSON) in $desc.
image_manifest() {
  local dir=$1 arch=$2 t layers="" diffs="" type history=""
  shift 2
  for t in "$@"; do
    history+="${history:+,}{\"created_by\":\"add $(basename "$t")\"}"
    type=application/vnd.oci.image.layer.v1.tar
    diffs+="${diffs:+,}\"sha256:$(sha256sum <"$t" | cut -d' ' -f1)\""
    case ${COMP:-gzip} in
      gzip) gzip -n -c "$t" >"$tmp/blob" && type+=+gzip ;;
      zstd) zstd -q -c "$t" >"$tmp/blob" && type+=+zstd ;;
      none) cp "$t" "$tmp/blob" ;;
    esac
    blob "$dir" "$tmp/blob"
    layers+="${layers:+,}{\"mediaType\":\"$type\",\"digest\":\"$d\",\"size\":$s}"
  done
  printf '{"architecture":"%s","os":"linux","created":"2026-01-02T03:04:05Z","config":{"Cmd":["/bin/sh"],"Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":[%s]},"history":[%s]}' \
    "$arch" "$diffs" "$history" >"$tmp/blob" && blob "$dir" "$tmp/blob"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[%s]}' \
    "$d" "$s" "$layers" >"$tmp/blob" && blob "$dir" "$tmp/blob"
  desc="{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"$d\",\"size\":$s,\"platform\":{\"architecture\":\"$arch\",\"os\":\"linux\"}}"
}

# layout DIR DESCRIPTOR...: index.json naming one image ("img"), or an
# index of several (a multi-arch image).
layout() {
  local dir=$1 top
  shift
  echo '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
  top=$1
  if [ $# -gt 1 ]; then
    local IFS=,
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[%s]}' "$*" >"$tmp/blob"
    blob "$dir" "$tmp/blob"
    top="{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"$d\",\"size\":$s}"
  fi
  printf '{"schemaVersion":2,"manifests":[%s]}' "${top%\}},\"annotations\":{\"org.opencontainers.image.ref.name\":\"img\"}}" >"$dir/index.json"
}

push() {  # LAYOUT DEST [SKOPEO FLAGS...]
  local src=$1 dst=$2
  shift 2
  skopeo copy -q "$@" --dest-tls-verify=false "oci:$src:img" "docker://$dst" >/dev/null
}

# The content: busybox, a file, and a third layer two images share.
mkdir -p "$tmp/l1/bin" "$tmp/l2" "$tmp/l3" "$tmp/l4/etc"
cp "$(command -v busybox)" "$tmp/l1/bin/busybox"
for a in sh cat ls echo; do ln -s busybox "$tmp/l1/bin/$a"; done
echo one >"$tmp/l2/one.txt"
head -c 300000 /dev/urandom >"$tmp/l3/shared.bin"
echo two >"$tmp/l4/etc/two.txt"
for i in 1 2 3 4; do tar -C "$tmp/l$i" -cf "$tmp/l$i.tar" .; done

image_manifest "$tmp/one" amd64 "$tmp/l1.tar" "$tmp/l2.tar" "$tmp/l3.tar" && layout "$tmp/one" "$desc"
image_manifest "$tmp/two" amd64 "$tmp/l1.tar" "$tmp/l3.tar" "$tmp/l4.tar" && layout "$tmp/two" "$desc"
image_manifest "$tmp/multi" amd64 "$tmp/l1.tar" "$tmp/l2.tar" && amd=$desc
image_manifest "$tmp/multi" arm64 "$tmp/l1.tar" "$tmp/l4.tar" && layout "$tmp/multi" "$amd" "$desc"
head -c 200000 /dev/urandom >"$tmp/l5.bin" && tar -C "$tmp" -cf "$tmp/l5.tar" l5.bin
image_manifest "$tmp/tamper" amd64 "$tmp/l1.tar" "$tmp/l5.tar" && layout "$tmp/tamper" "$desc"
COMP=zstd image_manifest "$tmp/zstd" amd64 "$tmp/l1.tar" "$tmp/l2.tar" && layout "$tmp/zstd" "$desc"
COMP=none image_manifest "$tmp/plain" amd64 "$tmp/l1.tar" "$tmp/l4.tar" && layout "$tmp/plain" "$desc"
image_manifest "$tmp/arm" arm64 "$tmp/l1.tar" && arm=$desc
image_manifest "$tmp/arm" s390x "$tmp/l1.tar" && layout "$tmp/arm" "$arm" "$desc"
shared=$(sha256sum <<<"" >/dev/null; gzip -n -c "$tmp/l3.tar" | sha256sum | cut -d' ' -f1)

start_registry plain 5000
H=127.0.0.1:5000
push "$tmp/one" $H/t/one:1
push "$tmp/two" $H/t/two:1
push "$tmp/multi" $H/t/multi:1 --all
push "$tmp/arm" $H/t/arm:1 --all
push "$tmp/zstd" $H/t/zstd:1
push "$tmp/plain" $H/t/plain:1
push "$tmp/tamper" $H/t/tamper:1

# Plain HTTP needs --tls-verify=false (or an insecure registries.conf entry).
run $R pull $H/t/one:1
check_status 125
check_err "Trying to pull $H/t/one:1...
Error: initializing source docker://$H/t/one:1: pinging container registry $H: Get \"https://$H/v2/\": http: server gave HTTP response to HTTPS client"
run $R pull --tls-verify=false $H/t/one:1
check_status 0
id_one=$out
check "pull prints the image id" test ${#id_one} = 64
check_err_has "Getting image source signatures"
check_err_has "Copying blob sha256:$shared"
check_err_has "Writing manifest to image destination"
run $R run --rm $N $H/t/one:1 sh -c 'cat /one.txt; wc -c < /shared.bin'
check "the pulled image runs, its layers in order" test "$out" = "one
300000"

# A layer two images share is fetched once; the same image again, not at all.
before=$(grep -c "GET /v2/t/two/blobs/sha256:$shared" "$tmp/plain/log")
run $R pull -q --tls-verify=false $H/t/two:1
check_status 0
check "-q prints only the id" test "$(printf '%s\n' "$out" | wc -l)" = 1 -a -z "$err"
check "the shared layer was not fetched again" test "$(grep -c "GET /v2/t/two/blobs/sha256:$shared" "$tmp/plain/log")" = "$before"
run $R run --rm $N $H/t/two:1 cat /etc/two.txt
check "the second image has its own layer" test "$out" = two
blobs_before=$(grep -c "GET /v2/t/one/blobs/" "$tmp/plain/log")
run $R pull --tls-verify=false $H/t/one:1
check "pulling an unchanged image again fetches no blob" \
  test "$(grep -c "GET /v2/t/one/blobs/" "$tmp/plain/log")" = "$blobs_before" -a "$out" = "$id_one"

# Digests: images --digests, inspect, and pulling and running by digest.
digest=sha256:$(curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$H/v2/t/one/manifests/1" | sha256sum | cut -d' ' -f1)
run $R images --digests --format '{{.Repository}} {{.Digest}}' $H/t/one:1
check "images --digests" test "$out" = "$H/t/one $digest"
run $R image inspect --format '{{index .RepoDigests 0}}' $H/t/one:1
check "inspect's RepoDigests" test "$out" = "$H/t/one@$digest"
run $R run --rm $N "$H/t/one@$digest" cat /one.txt
check "run by digest finds the pulled image" test "$out" = one
run $R pull --tls-verify=false "$H/t/zstd@sha256:$(printf %064d 0)"
check_status 125
check_err_has "manifest unknown"

# --all-tags: every tag of the repository.
push "$tmp/one" $H/t/many:a
push "$tmp/two" $H/t/many:b
run $R pull -q -a --tls-verify=false $H/t/many
check_status 0
check "pull --all-tags" test "$($R images --format '{{.Repository}}:{{.Tag}}' | grep -c "^$H/t/many:")" = 2
run $R pull -a --tls-verify=false $H/t/many:a
check_status 125
check_err "Error: tag can't be used with --all-tags/-a"

# zstd layers.
check "the zstd image has zstd layers" grep -q 'tar+zstd' <<<"$(curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$H/v2/t/zstd/manifests/1")"
run $R pull -q --tls-verify=false $H/t/zstd:1
check_status 0
run $R run --rm $N $H/t/zstd:1 cat /one.txt
check "zstd layers" test "$out" = one
# On a terminal (script(1) gives one): a bar per layer, rewritten in place.
tty_out=$(script -qec "$R pull --tls-verify=false $H/t/plain:1" /dev/null)
check "on a terminal: a bar per layer" grep -qE 'Copying blob [0-9a-f]{12} \[[=-]{30}\]' <<<"$tty_out"
check "on a terminal: each layer's line ends in done" grep -qE $'\e\\[2KCopying blob [0-9a-f]{12} done' <<<"$tty_out"
run $R pull -q --tls-verify=false $H/t/plain:1
check_status 0
run $R run --rm $N $H/t/plain:1 cat /etc/two.txt
check "uncompressed layers" test "$out" = two

# Multi-arch: the running platform's image, or the one --platform names.
run $R pull -q --tls-verify=false $H/t/multi:1
check_status 0
run $R run --rm $N $H/t/multi:1 cat /one.txt
check "an index gives this machine's image" test "$out" = one
run $R pull -q --tls-verify=false --platform linux/arm64 $H/t/multi:1
check_status 0
run $R image inspect --format '{{.Architecture}}' $H/t/multi:1
check "--platform picks another" test "$out" = arm64
run $R pull --tls-verify=false $H/t/arm:1
check_status 125
check_err_has "no image found in manifest list for architecture amd64"

# A tampered blob: the pull fails naming it, and leaves nothing.
layer=$(gzip -n -c "$tmp/l5.tar" | sha256sum | cut -d' ' -f1)
$R rmi -a -f >/dev/null
data=$(find "$tmp/plain/store" -path "*/blobs/sha256/*/$layer/data")
check "the registry holds the layer to tamper with" test -f "$data"
size=$(stat -c %s "$data")
head -c "$size" /dev/zero >"$data"
run $R pull --tls-verify=false $H/t/tamper:1
check_status 125
check_err_has "sha256:$layer"
check_err_has "digest did not match"
check_err_has "pulling $H/t/tamper:1: "
run $R images -q
check "nothing stored after a tampered pull" test -z "$out"
check "no staging or blob left" test -z "$(ls -A "$store/images/blobs/sha256" 2>/dev/null)" -a \
  -z "$(find "$store/images" -maxdepth 1 -name '.staging-*')"

# Errors: unknown repository, nothing listening, short names, --pull never.
run $R pull --tls-verify=false $H/t/nope:1
check_status 125
check_err "Trying to pull $H/t/nope:1...
Error: initializing source docker://$H/t/nope:1: reading manifest 1 in $H/t/nope: manifest unknown: manifest unknown"
run $R pull --tls-verify=false 127.0.0.1:5999/t/x
check_status 125
check_err_has "dial tcp 127.0.0.1:5999: connect: connection refused"
run $R pull shortname
check_status 125
check_err "Error: short-name \"shortname\" did not resolve to an alias and no unqualified-search registries are defined in \"$CONTAINERS_REGISTRIES_CONF\""
printf 'unqualified-search-registries = ["%s", "other.example"]\n[[registry]]\nlocation = "%s"\ninsecure = true\n' $H $H >"$CONTAINERS_REGISTRIES_CONF"
run $R pull t/one:1
check_status 125
check_err_has "short-name resolution enforced but cannot prompt without a TTY"
check_err_has "$H/t/one:1, other.example/t/one:1"
printf 'unqualified-search-registries = ["%s"]\n[[registry]]\nlocation = "%s"\ninsecure = true\n' $H $H >"$CONTAINERS_REGISTRIES_CONF"
run $R pull -q t/one:1
check "a short name through the search registry; insecure from registries.conf" test "$status:$out" = "0:$id_one"
run $R run --rm $N --pull never $H/t/two:1 cat /etc/two.txt
check_status 125
check_err "Error: $H/t/two:1: image not known"
run $R images -q $H/t/two:1
check "--pull never pulls nothing" test -z "$out"
run $R run --rm $N -q $H/t/two:1 cat /etc/two.txt
check "--pull missing (the default) pulls" test "$status:$out" = "0:two"
n=$(grep -c "GET /v2/t/two/manifests/1" "$tmp/plain/log")
run $R run --rm $N -q --pull always $H/t/two:1 cat /etc/two.txt
check "--pull always asks the registry" test "$status:$(grep -c "GET /v2/t/two/manifests/1" "$tmp/plain/log")" = "0:$((n + 1))"
run $R run --rm $N --pull sometimes $H/t/two:1 true
check_status 125
check_err_has "unsupported pull policy \"sometimes\""
# A mirror: a name on a registry that does not exist, served by the mirror.
printf '[[registry]]\nprefix = "nowhere.example/t"\nlocation = "nowhere.example/t"\n[[registry.mirror]]\nlocation = "%s/t"\ninsecure = true\n' $H >"$CONTAINERS_REGISTRIES_CONF"
run $R pull -q nowhere.example/t/two:1
check "a mirror serves the pull; the image keeps the name asked for" test "$status:$($R images --format '{{.Repository}}:{{.Tag}}' | grep -c '^nowhere.example/t/two:1$')" = "0:1"
printf '[[registry]]\nlocation = "%s"\nblocked = true\n' $H >"$CONTAINERS_REGISTRIES_CONF"
run $R pull --tls-verify=false $H/t/one:1
check_status 125
check_err_has "registry $H is blocked in $CONTAINERS_REGISTRIES_CONF"
: >"$CONTAINERS_REGISTRIES_CONF"

# image exists, history, untag, image prune.
run $R image exists $H/t/two:1
check_status 0
run $R image exists $H/t/nothere:1
check_status 1
run $R image history --human=false --format '{{.CreatedBy}} {{.Size}}' $H/t/two:1
check "history: newest first, each layer's size" test "$out" = "add l4.tar $(stat -c %s "$tmp/l4.tar")
add l3.tar $(stat -c %s "$tmp/l3.tar")
add l1.tar $(stat -c %s "$tmp/l1.tar")"
run $R untag $H/t/two:1
check_status 0
nameless=$($R images --format '{{.Repository}}' | grep -c '<none>')
check "untag leaves the image, nameless" test "$nameless" -ge 1
run $R image prune -f
check "image prune removes the nameless images, printing their ids" test "$status:$(wc -l <<<"$out")" = "0:$nameless"
run $R image exists "$(head -1 <<<"$out")"
check_status 1
check "image prune keeps named images" test "$($R images --format '{{.Repository}}' | grep -c '<none>'):$($R image exists $H/t/one:1; echo $?)" = 0:0
run $R untag $H/t/one:1 $H/t/nothere:1
check_status 125
check_err "Error: $H/t/nothere:1: tag not known"

# push, then pull back; save and load round trips (three formats).
mkdir -p "$tmp/fs/bin" && cp "$(command -v busybox)" "$tmp/fs/bin/" && ln -s busybox "$tmp/fs/bin/cat"
echo made-here >"$tmp/fs/mine.txt" && tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
run $R import -q "$tmp/fs.tar" $H/t/mine:1
check_status 0
mine=$($R images -q --no-trunc $H/t/mine:1 | sed 's/^sha256://')
run $R push --tls-verify=false --digestfile "$tmp/digest" $H/t/mine:1
check_status 0
check_err_has "Copying blob sha256:"
check_err_has "Writing manifest to image destination"
run $R push -q --tls-verify=false $H/t/one:1 $H/t/copy:2
check "push to another name (the layers are there: skipped)" test "$status:$out:$err" = "0::"
$R rmi -a -f >/dev/null
run $R pull -q --tls-verify=false $H/t/mine:1
check "push, then pull back: the same image" test "$status:$out" = "0:$mine"
check "--digestfile" test "sha256:$(curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$H/v2/t/mine/manifests/1" | sha256sum | cut -d' ' -f1)" = "$(cat "$tmp/digest")"
run $R pull -q --tls-verify=false $H/t/copy:2
check "the pushed copy keeps the pulled manifest" test "$status:$out" = "0:$id_one" -a \
  "$(curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$H/v2/t/copy/manifests/2" | sha256sum | cut -d' ' -f1)" = "${digest#sha256:}"
for fmt in docker-archive oci-archive oci-dir; do
  run $R save --format $fmt -o "$tmp/saved-$fmt" $H/t/mine:1 $H/t/alias:7
  check "save --format $fmt" test "$status" = 0
  $R rmi -f $H/t/mine:1 >/dev/null
  if [ $fmt = oci-dir ]; then
    skopeo copy -q "oci:$tmp/saved-$fmt:$H/t/mine:1" "docker-archive:$tmp/from-dir.tar:$H/t/mine:1"
    run $R load -i "$tmp/from-dir.tar"
  else
    run $R load -i "$tmp/saved-$fmt"
  fi
  check "save $fmt, then load: the same image, both names" test "$status:$($R images -q --no-trunc $H/t/mine:1):$($R images -q --no-trunc $H/t/alias:7)" = "0:sha256:$mine:sha256:$mine"
done
run $R save -m -o "$tmp/multi.tar" $H/t/mine:1 $H/t/copy:2
check_status 0
$R rmi -a -f >/dev/null
run $R load -i "$tmp/multi.tar"
check "save -m: two images in one docker-archive" test "$status:$($R images -q | wc -l)" = "0:2"
run $R run --rm $N $H/t/copy:2 cat /one.txt
check "a saved and loaded image runs" test "$out" = one
# commit: a container's changes as one more layer (a whiteout included);
# export: its files as a tarball, imported back.
run $R run --name changer $N $H/t/copy:2 sh -c 'echo new > /added; rm /one.txt; mkdir -p /d; echo deep > /d/f; echo changed > /etc/two.txt'
check_status 0
run $R commit -q -m "my change" -a tester -c 'CMD ["cat","/added"]' changer $H/t/committed:1
check "commit -q prints the id" test "$status:${#out}" = 0:64
run $R run --rm $N $H/t/committed:1
check "the committed image: the new CMD and the added file" test "$out" = new
run $R run --rm $N $H/t/committed:1 sh -c 'test -e /one.txt || echo gone; cat /d/f /etc/two.txt'
check "a deleted file stays deleted (a whiteout in the layer); a changed one changed" test "$out" = "gone
deep
changed"
run $R image inspect --format '{{.Author}}|{{.Comment}}|{{len .RootFS.Layers}}' $H/t/committed:1
check "commit's author, message, one more layer" test "$out" = "tester|my change|4"
run $R push -q --tls-verify=false $H/t/committed:1
check_status 0
$R rmi -f $H/t/committed:1 >/dev/null
run $R run --rm $N -q --tls-verify=false $H/t/committed:1
check "a committed image pushed and pulled back" test "$status:$out" = "0:new"
run $R export -o "$tmp/exported.tar" changer
check_status 0
check "export: the merged files" test "$(tar tf "$tmp/exported.tar" | grep -cE '^(\./)?(added|d/f|bin/busybox)$'):$(tar tf "$tmp/exported.tar" | grep -c 'one.txt')" = "3:0"
run $R import -q "$tmp/exported.tar" reimported
run $R run --rm $N reimported cat /added
check "export, then import" test "$out" = new
$R rm -f changer >/dev/null

run $R save --format oci-dir $H/t/copy:2
check_status 125
check_err "Error: --output is required for the oci-dir format"

# rmi drops the blobs no image needs any more.
$R rmi -a -f >/dev/null
check "rmi -a leaves no blob behind" test -z "$(ls -A "$store/images/blobs/sha256" 2>/dev/null)"

# TLS with a CA made here: refused without it, trusted with --cert-dir.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca -keyout "$tmp/ca.key" -out "$tmp/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout "$tmp/srv.key" -out "$tmp/srv.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$tmp/san"
openssl x509 -req -in "$tmp/srv.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" -CAcreateserial -days 2 -extfile "$tmp/san" -out "$tmp/srv.crt" 2>/dev/null
htpasswd -Bbc "$tmp/htpasswd" tester s3cret 2>/dev/null
start_registry tls 5443 "  tls:" "    certificate: $tmp/srv.crt" "    key: $tmp/srv.key" \
  "auth:" "  htpasswd:" "    realm: test" "    path: $tmp/htpasswd"
T=127.0.0.1:5443
mkdir -p "$tmp/certs" && cp "$tmp/ca.crt" "$tmp/certs/ca.crt"
skopeo copy -q --dest-cert-dir "$tmp/certs" --dest-creds tester:s3cret "oci:$tmp/one:img" "docker://$T/t/one:1"
run $R pull $T/t/one:1
check_status 125
check_err_has "x509: certificate signed by unknown authority"
run $R pull --cert-dir "$tmp/certs" $T/t/one:1
check_status 125
check_err_has "reading manifest 1 in $T/t/one: unauthorized: authentication required"
run $R pull -q --cert-dir "$tmp/certs" --creds tester:wrong $T/t/one:1
check_status 125
check_err_has "unauthorized"
run $R login --cert-dir "$tmp/certs" -u tester -p wrong $T
check_status 125
check_err "Error: logging into \"$T\": invalid username/password"
check "a failed login saves nothing" test ! -e "$REGISTRY_AUTH_FILE"
run $R login --cert-dir "$tmp/certs" -u tester --password-stdin $T <<<"s3cret"
check "login" test "$status:$out" = "0:Login Succeeded!"
check "login saved the credentials, privately" test "$(stat -c %a "$REGISTRY_AUTH_FILE")" = 600
run $R login --get-login $T
check "login --get-login" test "$out" = tester
run $R pull -q --cert-dir "$tmp/certs" $T/t/one:1
check "a pull with the saved credentials over TLS" test "$status:$out" = "0:$id_one"
run $R logout $T
check "logout" test "$status:$out" = "0:Removed login credentials for $T"
run $R logout $T
check_status 125
check_err "Error: not logged into $T"
run $R pull -q --cert-dir "$tmp/certs" --creds tester:s3cret $T/t/one:1
check "--creds" test "$status:$out" = "0:$id_one"
# A registry that wants a client certificate: refused without one, served
# with certs.d's NAME.cert and NAME.key.
start_registry mtls 5444 "  tls:" "    certificate: $tmp/srv.crt" "    key: $tmp/srv.key" "    clientcas:" "      - $tmp/ca.crt"
openssl req -newkey rsa:2048 -nodes -subj /CN=client -keyout "$tmp/certs/client.key" -out "$tmp/client.csr" 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' >"$tmp/cext"
openssl x509 -req -in "$tmp/client.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" -CAcreateserial -days 2 -extfile "$tmp/cext" -out "$tmp/certs/client.cert" 2>/dev/null
mkdir -p "$tmp/nocert" && cp "$tmp/ca.crt" "$tmp/nocert/"
M=127.0.0.1:5444
skopeo copy -q --dest-cert-dir "$tmp/certs" "oci:$tmp/one:img" "docker://$M/t/one:1"
run $R pull -q --cert-dir "$tmp/nocert" $M/t/one:1
check_status 125
check_err_has "pinging container registry $M"
run $R pull -q --cert-dir "$tmp/certs" $M/t/one:1
check "a client certificate from the cert dir" test "$status:$out" = "0:$id_one"
if $rootless; then
  # A regular user's certs.d, under ~/.config/containers.
  mkdir -p "$HOME/.config/containers/certs.d/$T" && cp "$tmp/ca.crt" "$HOME/.config/containers/certs.d/$T/"
  run $R pull -q --creds tester:s3cret $T/t/one:1
  check "the user's certs.d" test "$status:$out" = "0:$id_one"
fi
$R login --cert-dir "$tmp/certs" -u tester -p s3cret $T >/dev/null
run $R logout -a
check "logout -a" test "$status:$out" = "0:Removed login credentials for all registries"
run $R login --get-login $T
check_status 125

# A token realm (Bearer, as Docker Hub and quay.io do): anonymous pulls of
# public/ only; the rest with credentials, which the realm checks.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=token-signer -keyout "$tmp/tok.key" -out "$tmp/tok.crt" 2>/dev/null
python3 "$TOKEN_SERVER" 5600 "$tmp/tok.key" "$tmp/tok.crt" tester s3cret test-registry &
reg_pids+=($!)
start_registry token 5002 "auth:" "  token:" "    realm: http://127.0.0.1:5600/token" "    service: test-registry" \
  "    issuer: test-issuer" "    rootcertbundle: $tmp/tok.crt"
K=127.0.0.1:5002
for i in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:5600/token" && break; sleep 0.1; done
skopeo copy -q --dest-tls-verify=false --dest-creds tester:s3cret "oci:$tmp/one:img" "docker://$K/public/one:1"
skopeo copy -q --dest-tls-verify=false --dest-creds tester:s3cret "oci:$tmp/two:img" "docker://$K/private/two:1"
run $R pull -q --tls-verify=false $K/public/one:1
check "an anonymous token" test "$status:$out" = "0:$id_one"
run $R pull -q --tls-verify=false $K/private/two:1
check_status 125
check_err_has "reading manifest 1 in $K/private/two: unauthorized: authentication required"
run $R pull -q --tls-verify=false --creds tester:wrong $K/private/two:1
check_status 125
check_err_has "unable to retrieve auth token: invalid username/password: unauthorized: bad credentials"
run $R login --tls-verify=false -u tester -p wrong $K
check_status 125
check_err_has "logging into \"$K\": unable to retrieve auth token: invalid username/password"
$R import -q "$tmp/fs.tar" $K/private/mine:1 >/dev/null
run $R push --tls-verify=false $K/private/mine:1
check_status 125
check_err_has "trying to reuse blob sha256:"
check_err_has "unauthorized: authentication required"
run $R login --tls-verify=false -u tester -p s3cret $K
check_status 0
run $R push -q --tls-verify=false $K/private/mine:1
check "push with a token for the saved credentials" test "$status:$out" = "0:"
run $R pull -q --tls-verify=false $K/private/two:1
check "a token for the saved credentials" test "$status" = 0 -a ${#out} = 64
run $R run --rm $N $K/private/two:1 cat /etc/two.txt
check "the image pulled with a token runs" test "$out" = two

finish
