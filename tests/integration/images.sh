# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/images.sh WARREN: the image commands on archives the
# test builds itself from busybox-static: import with changes, a
# docker-archive and an OCI layout with two layers and a whiteout, names,
# tags, removal, and every bad input with its message and exit code.
. "$(dirname "$0")/lib.sh"
W=$1
tmp=$(mktemp -d /tmp/warren-images-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
R="$W --root $tmp/root --runroot $tmp/run"
BB=$(command -v busybox)

# A busybox root filesystem serving a page.
mkdir -p "$tmp/fs/bin" "$tmp/fs/www" "$tmp/fs/etc"
cp "$BB" "$tmp/fs/bin/busybox"
ln -s busybox "$tmp/fs/bin/sh"
echo "podman rulez" > "$tmp/fs/www/index.html"
echo "gone" > "$tmp/fs/etc/old"
tar -C "$tmp/fs" -czf "$tmp/fs.tgz" .

run $R import --change 'CMD ["httpd","-f","-p","80","-h","/www"]' --change "EXPOSE 80" \
  --change "ENV A=1" --change "ENV B=2" --change "WORKDIR /www" --change 'LABEL app="nginx like"' -m "built here" "$tmp/fs.tgz" alpine_nginx
check_status 0
id=${out#sha256:}
check "import prints sha256: and the 64-hex id" test "$out" = "sha256:$id" -a ${#id} -eq 64
run $R images
check_status 0
check_out_has "REPOSITORY              TAG         IMAGE ID      CREATED"
check_out_has "localhost/alpine_nginx  latest      ${id:0:12}"
run $R inspect alpine_nginx
check_out_has "\"Id\": \"$id\""
check_out_has '"80/tcp": {}'
check_out_has '"A=1"'
check_out_has '"WorkingDir": "/www"'
check_out_has '"app": "nginx like"'
check_out_has '"Comment": "built here"'
run $R inspect -f '{{.Config.WorkingDir}} {{index .Config.Labels "app"}} {{json .Config.Cmd}}' alpine_nginx
check_status 0
check "inspect -f renders the template" test "$out" = '/www nginx like ["httpd","-f","-p","80","-h","/www"]'
run $R images --format '{{.Repository}}:{{.Tag}} {{.ID}}'
check_out_has "localhost/alpine_nginx:latest ${id:0:12}"
check "the rootfs is the tarball's" cmp "$tmp/root/images/$id/rootfs/www/index.html" "$tmp/fs/www/index.html"
check "the image id is the config's digest" \
  test "$(sha256sum < "$tmp/root/images/$id/config.json" | cut -c1-64)" = "$id"

# Names: tag, short id, untag one of several, delete by name.
run $R tag "${id:0:6}" other:v1 quay.io/x/y:2
check_status 0
run $R images -q
check_out_has "${id:0:12}"
run $R rmi other:v1
check_status 0
check_err ""
check_out_has "Untagged: localhost/other:v1"
run $R rmi "$id"
check_status 125
check_err "Error: unable to delete image \"$id\" by ID with more than one tag ([localhost/alpine_nginx:latest quay.io/x/y:2]): please force removal"

# import from standard input, nameless: <none> in images.
run sh -c "$R import - < '$tmp/fs.tgz'"
check_status 0

# A docker-archive: two layers, the second whiting out /etc/old.
mkdir -p "$tmp/da/l1" "$tmp/da/l2" "$tmp/l2/etc"
tar -C "$tmp/fs" -cf "$tmp/da/l1/layer.tar" .
touch "$tmp/l2/etc/.wh.old"
echo new > "$tmp/l2/etc/new"
tar -C "$tmp/l2" -cf "$tmp/da/l2/layer.tar" .
d1=$(sha256sum < "$tmp/da/l1/layer.tar" | cut -c1-64)
d2=$(sha256sum < "$tmp/da/l2/layer.tar" | cut -c1-64)
cfg='{"architecture":"amd64","os":"linux","created":"2026-01-02T03:04:05Z","config":{"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:'$d1'","sha256:'$d2'"]}}'
printf '%s' "$cfg" > "$tmp/da/cfg.json"
cid=$(sha256sum < "$tmp/da/cfg.json" | cut -c1-64)
mv "$tmp/da/cfg.json" "$tmp/da/$cid.json"
echo '[{"Config":"'$cid'.json","RepoTags":["busybox:latest"],"Layers":["l1/layer.tar","l2/layer.tar"]}]' > "$tmp/da/manifest.json"
tar -C "$tmp/da" -cf "$tmp/docker.tar" .
run $R load -i "$tmp/docker.tar"
check_status 0
check_out_has "Loaded image: docker.io/library/busybox:latest"
check "docker-archive: same id as Docker's (config digest)" test -d "$tmp/root/images/$cid"
check "whiteout removed /etc/old" test ! -e "$tmp/root/images/$cid/rootfs/etc/old"
check "second layer added /etc/new" test -f "$tmp/root/images/$cid/rootfs/etc/new"
run $R images busybox
check_out_has "docker.io/library/busybox  latest"

# An OCI layout, gzip layers, named by annotation.
mkdir -p "$tmp/oci/blobs/sha256"
gzip -c "$tmp/da/l1/layer.tar" > "$tmp/l1.gz"
g1=$(sha256sum < "$tmp/l1.gz" | cut -c1-64)
mv "$tmp/l1.gz" "$tmp/oci/blobs/sha256/$g1"
ocfg='{"architecture":"amd64","os":"linux","created":"2026-01-02T03:04:06Z","config":{"Cmd":["httpd"]},"rootfs":{"type":"layers","diff_ids":["sha256:'$d1'"]}}'
printf '%s' "$ocfg" > "$tmp/ocfg"
oc=$(sha256sum < "$tmp/ocfg" | cut -c1-64)
mv "$tmp/ocfg" "$tmp/oci/blobs/sha256/$oc"
man='{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:'$oc'","size":1},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:'$g1'","size":1}]}'
printf '%s' "$man" > "$tmp/man"
mid=$(sha256sum < "$tmp/man" | cut -c1-64)
mv "$tmp/man" "$tmp/oci/blobs/sha256/$mid"
echo '{"imageLayoutVersion":"1.0.0"}' > "$tmp/oci/oci-layout"
echo '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:'$mid'","size":1,"annotations":{"org.opencontainers.image.ref.name":"localhost/ocidemo:1.0"}}]}' > "$tmp/oci/index.json"
tar -C "$tmp/oci" -cf "$tmp/oci.tar" .
run $R load -i "$tmp/oci.tar"
check_status 0
check_out_has "Loaded image: localhost/ocidemo:1.0"
check "OCI: id is the config digest" test -d "$tmp/root/images/$oc"

# The image group: the same commands under Podman's other names.
run $R image ls --format '{{.Repository}}'
check_status 0
check_out_has "localhost/ocidemo"
run $R image inspect -f '{{.Id}}' localhost/ocidemo:1.0
check "image inspect" test "$out" = "$oc"
run $R image tag ocidemo:1.0 ocidemo:2.0
check_status 0
run $R image rm ocidemo:2.0
check_out_has "Untagged: localhost/ocidemo:2.0"
run $R image
check_status 125
check_err "Error: missing command 'warren image COMMAND'"
run $R image frob
check_status 125
check_err 'Error: unrecognized command `warren image frob`'

# Removal of everything named: untagged lines, then deleted.
run $R rmi -f "$id"
check_status 0
check_out_has "Untagged: localhost/alpine_nginx:latest"
check_out_has "Deleted: $id"
check "rmi removed the image's files" test ! -e "$tmp/root/images/$id"

# A layer whose symlink points out of the root, then writes through it:
# the symlink is resolved inside the root, where its target is missing,
# so the entry is refused by name and nothing lands outside (the hostile
# suite has the rest).
mkdir -p "$tmp/evil/x" "$tmp/evil2" && ln -s /etc "$tmp/evil/x/link" && echo pwned > "$tmp/evil2/warren-evil"
tar -C "$tmp/evil" -cf "$tmp/evil.tar" x
tar -C "$tmp/evil2" -rf "$tmp/evil.tar" --transform 's,^,x/link/,' warren-evil
run $R import "$tmp/evil.tar" evil
check_status 125
check_err_has 'layer entry "x/link/warren-evil": create the directory x/link in '
check "a layer cannot write through a symlink out of the root" test ! -e /etc/warren-evil
tar -C "$tmp/evil" -cf "$tmp/evil.tar" x
mkdir -p "$tmp/evil2/etc" && mv "$tmp/evil2/warren-evil" "$tmp/evil2/etc/"
tar -C "$tmp/evil2" -rf "$tmp/evil.tar" etc
tar -C "$tmp/evil2" -rf "$tmp/evil.tar" --transform 's,^etc/,x/link/,' etc/warren-evil
run $R import "$tmp/evil.tar" evil
check_status 0
check "a symlink to /etc leads to the root's own /etc" grep -q pwned "$tmp/root/images/${out#sha256:}/rootfs/etc/warren-evil"
check "and not the host's" test ! -e /etc/warren-evil

# Bad input: one line, Podman's exit code, nothing left behind.
before=$(ls "$tmp/root/images" | sort)
run $R rmi nope
check_status 1
check_err "Error: nope: image not known"
run $R inspect nope
check_status 125
check_err 'Error: inspecting object: no such object: "nope"'
# What was found is printed, then each name that was not (Podman's order).
run $R inspect -f '{{.Os}}' nope evil nada
check_status 125
check "the found one is printed" test "$out" = linux
check_err 'error inspecting object: no such object: "nada"
Error: inspecting object: no such object: "nope"'
run $R inspect -f '{{ json . }}' nope
check "a JSON format prints the empty list" test "$out" = "[]"
run $R tag nope x
check_status 125
check_err "Error: nope: image not known"
# docker/distribution's limits, as Podman applies them: 255 for the
# normalised repository name, 128 for a tag.
run $R tag "$($R images -q | head -1)" "$(printf 't%.0s' $(seq 246))"
check_status 125
check_err_has "repository name must not be more than 255 characters"
run $R tag "$($R images -q | head -1)" "x:$(printf 't%.0s' $(seq 129))"
check_status 125
check_err_has "invalid reference format"
run $R import "$tmp/missing.tar" x
check_status 125
check_err "Error: error opening \"$tmp/missing.tar\": open $tmp/missing.tar: no such file or directory"
run $R import "$tmp/fs.tgz" 'Bad:Name!'
check_status 125
check_err 'Error: normalizing name "Bad:Name!": invalid reference format'
run $R import --change "FROM x" "$tmp/fs.tgz" x
check_status 125
check_err 'Error: invalid change "FROM x" - invalid instruction FROM'
run $R import --change "EXPOSE 99999" "$tmp/fs.tgz" x
check_status 125
check_err 'Error: invalid change "EXPOSE 99999" - EXPOSE port must be a valid port number'
run $R import --change "EXPOSE 80 81" "$tmp/fs.tgz" x
check_status 125
check_err 'Error: invalid change "EXPOSE 80 81" - EXPOSE port must be an integer: strconv.Atoi: parsing "80 81": invalid syntax'
run $R import --change "EXPOSE 53/sctp" "$tmp/fs.tgz" x
check_status 125
check_err 'Error: invalid change "EXPOSE 53/sctp" - EXPOSE protocol must be TCP or UDP'
run $R import --change "WORKDIR" "$tmp/fs.tgz" x
check_status 125
check_err 'Error: invalid change "WORKDIR" - must be formatted as KEY VALUE'
run $R import --change "expose=53/UDP" "$tmp/fs.tgz" x
check_status 0
run $R inspect --format '{{json .Config.ExposedPorts}}' x
check "EXPOSE=53/UDP is 53/udp" test "$out" = '{"53/udp":{}}'
run $R rmi x
echo "not an archive" > "$tmp/junk.tar"
run $R load -i "$tmp/junk.tar"
check_status 125
case "$err" in "Error: payload does not match any of the supported image formats"*) checks=$((checks + 1)) ;; *) fail "load junk: $err" ;; esac
# Malformed manifests and indexes: one Error line and exit 125, never an
# abort (RapidJSON's assert used to end load with 134 and a staging dir left).
bad_load() {  # FILE JSON: an archive whose FILE (manifest.json or index.json) is JSON
  rm -rf "$tmp/bad" && mkdir -p "$tmp/bad/l1" "$tmp/bad/blobs/sha256"
  cp "$tmp/da/l1/layer.tar" "$tmp/bad/l1/layer.tar"
  printf '%s' "$2" > "$tmp/bad/$1"
  tar -C "$tmp/bad" -cf "$tmp/bad.tar" .
  run $R load -i "$tmp/bad.tar"
  check "malformed $1 $2: exit 125" test "$status" = 125
  check "malformed $1 $2: one Error line" test "$(printf '%s\n' "$err" | grep -c '^Error: ')" = 1 -a "$(printf '%s\n' "$err" | wc -l)" = 1
}
for m in '[1]' '[{}]' '[{"Config":1,"Layers":[]}]' '[{"Config":"c.json","Layers":"l1/layer.tar"}]' \
         '[{"Config":"c.json","Layers":[1]}]' '[{"Config":"c.json","Layers":[],"RepoTags":[2]}]' \
         '[{"Config":"c.json","Layers":[],"RepoTags":"busybox"}]' '{"Config":"c.json"}' '[{"Config":"c.json","Layers":[]'; do
  bad_load manifest.json "$m"
done
for i in '{}' '{"manifests":1}' '{"manifests":[1]}' '{"manifests":[{"digest":5}]}' '{"manifests":[{"digest":"sha256:'$mid'","annotations":3}]}'; do
  bad_load index.json "$i"
done
# An image config with a field of the wrong type is refused as Podman
# refuses it, naming the field, and leaves nothing (it read as empty).
mkdir -p "$tmp/badcfg/l1"
cp "$tmp/da/l1/layer.tar" "$tmp/badcfg/l1/layer.tar"
printf '%s' '{"architecture":"amd64","os":"linux","config":{"Env":"PATH=/bin"},"rootfs":{"type":"layers","diff_ids":["sha256:'$d1'"]}}' > "$tmp/badcfg/c.json"
echo '[{"Config":"c.json","RepoTags":["badcfg:1"],"Layers":["l1/layer.tar"]}]' > "$tmp/badcfg/manifest.json"
tar -C "$tmp/badcfg" -cf "$tmp/badcfg.tar" .
images_before=$(ls -A "$tmp/root/images" | sort | tr '\n' ' ')
run $R load -i "$tmp/badcfg.tar"
check_status 125
check_err_has "\"Env\" must be a list"
check "a refused config leaves nothing in the store" test "$(ls -A "$tmp/root/images" | sort | tr '\n' ' ')" = "$images_before"
# Staging dirs of interrupted loads and imports are swept by the next one:
# one whose maker is gone goes, one whose maker runs stays. The layer's
# uncompressed copy is made there too, not under /tmp.
mkdir -p "$tmp/root/images/.staging-999999999-1-gone00/rootfs"
me_start=$(awk '{ print $22 }' /proc/$$/stat)
mkdir -p "$tmp/root/images/.staging-$$-$me_start-live00"
layer_tmp_before=$(ls -d /tmp/warren-layer-* 2>/dev/null | wc -l)
run $R import "$tmp/fs.tgz" swept
check_status 0
check "a staging dir whose maker is gone is swept" test ! -e "$tmp/root/images/.staging-999999999-1-gone00"
check "a staging dir whose maker runs stays" test -d "$tmp/root/images/.staging-$$-$me_start-live00"
check "no layer copy under /tmp" test "$(ls -d /tmp/warren-layer-* 2>/dev/null | wc -l)" = "$layer_tmp_before"
rmdir "$tmp/root/images/.staging-$$-$me_start-live00"
run $R rmi swept
check_status 0
# An interrupted write of the index leaves its temp file; the next command
# that takes the store's lock removes it (a live writer's stays).
touch "$tmp/root/images/images.json.tmp-999999999-abc" "$tmp/root/images/images.json.tmp-$$-live"
run $R tag "$($R images -q | head -1)" swept:1
check_status 0
check "a dead writer's index temp file is gone" test ! -e "$tmp/root/images/images.json.tmp-999999999-abc"
check "a live writer's stays" test -e "$tmp/root/images/images.json.tmp-$$-live"
rm -f "$tmp/root/images/images.json.tmp-$$-live"
$R rmi swept:1 >/dev/null
# A corrupt index (say, a record edited by hand): one line, exit 125, and
# no id read from it is ever used as a path.
cp "$tmp/root/images/images.json" "$tmp/images.json.good"
for bad in '[{"id": 5}]' '[{"id": "../../x", "names": [], "created": "", "size": 0}]' '[{"id": "'"$(printf 'a%.0s' $(seq 64))"'", "names": [1], "created": "", "size": 0}]'; do
  printf '%s' "$bad" >"$tmp/root/images/images.json"
  run $R images
  check_status 125
  check "one line for a corrupt index ($err)" test "$(printf '%s\n' "$err" | wc -l)" = 1 -a "${err#Error: }" != "$err"
done
cp "$tmp/images.json.good" "$tmp/root/images/images.json"
after=$(ls "$tmp/root/images" | sort)
check "failed commands left nothing in the store" test "$before" = "$after"
check "no staging directory left" test -z "$(ls -A "$tmp/root/images" | grep staging)"

finish
