# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/hostile_tars.py OUT FS VICTIM HOSTTAR: the archives of
# the hostile-input suite (hostile.sh), as an attacker would write them:
# layers whose entries aim out of their root (whiteouts and writes through
# symlinks, .., absolute paths, hardlinks), device nodes, FIFOs, and
# docker-archive and OCI layouts whose members or digests lie. FS is a
# busybox root filesystem to build runnable images from; VICTIM a host
# directory the archives aim at; HOSTTAR a tar file on the host.
import hashlib
import io
import json
import os
import sys
import tarfile

out, fs, victim, hosttar = sys.argv[1:5]


def info(name, kind=tarfile.REGTYPE, data=b"", **kw):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.size = len(data) if kind == tarfile.REGTYPE else 0
    ti.mode = kw.pop("mode", 0o644 if kind == tarfile.REGTYPE else 0o755)
    ti.mtime = 1700000000
    for k, v in kw.items():
        setattr(ti, k, v)
    return ti, (io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def write(name, entries, tree=False):
    with tarfile.open(os.path.join(out, name), "w", format=tarfile.PAX_FORMAT) as t:
        if tree:
            t.add(fs, arcname=".")
        for ti, data in entries:
            t.addfile(ti, data)


def tar_bytes(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for ti, data in entries:
            t.addfile(ti, data)
    return buf.getvalue()


def sha(b):
    return hashlib.sha256(b).hexdigest()


up = "../" * 12 + victim.lstrip("/")

# Layers (imported as one-layer images).
write("wh_abs.tar", [info("etc", tarfile.SYMTYPE, linkname=victim), info("etc/.wh.file")])
write("wh_rel.tar", [info("etc", tarfile.SYMTYPE, linkname=up), info("etc/.wh.file")])
write("opq.tar", [info("d", tarfile.SYMTYPE, linkname=victim), info("d/.wh..wh..opq")])
write("whdots.tar", [info("ok", data=b"x"), info(".wh..")])
write("dotdot.tar", [info("ok", tarfile.DIRTYPE), info("../escape", data=b"out\n")])
write("abs.tar", [info(victim + "/abs", data=b"out\n")])
write("hlink_abs.tar", [info("shadow", tarfile.LNKTYPE, linkname="/etc/shadow")])
write("hlink_rel.tar", [info("shadow", tarfile.LNKTYPE, linkname="../../../../../../../../etc/shadow")])
write("through.tar", [info("s", tarfile.SYMTYPE, linkname=victim), info("s/written", data=b"pwned\n")])
write("setuid.tar", [info("suid", data=b"#!/bin/sh\n", mode=0o4755, uid=0, gid=0)])
write("dev.tar", [info("mynull", tarfile.CHRTYPE, mode=0o666, devmajor=1, devminor=3),
                  info("myzero", tarfile.CHRTYPE, mode=0o666, devmajor=1, devminor=5),
                  info("myloop", tarfile.BLKTYPE, mode=0o666, devmajor=7, devminor=255)], tree=True)
write("etcdev.tar", [info("etc", tarfile.DIRTYPE), info("dev", tarfile.DIRTYPE),
                     info("dev/zero", tarfile.CHRTYPE, mode=0o666, devmajor=1, devminor=5),
                     info("etc/passwd", tarfile.SYMTYPE, linkname="/dev/zero")], tree=True)
write("etcfifo.tar", [info("etc", tarfile.DIRTYPE), info("etc/group", tarfile.FIFOTYPE, mode=0o644)], tree=True)

# docker-archives: a real layer and its config, then members that lie.
real = tar_bytes([info("real", data=b"the real layer\n")])
poison = tar_bytes([info("poison", data=b"a poisoned layer\n")])
config = json.dumps({"architecture": "amd64", "os": "linux", "created": "2026-01-02T03:04:05Z",
                     "config": {"Cmd": ["sh"]}, "rootfs": {"type": "layers", "diff_ids": ["sha256:" + sha(real)]}}).encode()
cfg_name = sha(config) + ".json"


def docker_archive(name, manifest, members):
    entries = [info("manifest.json", data=json.dumps(manifest).encode())]
    entries += members
    write(name, entries)


def manifest(config_path, layer_path, tag):
    return [{"Config": config_path, "RepoTags": [tag], "Layers": [layer_path]}]


docker_archive("da_real.tar", manifest(cfg_name, "l1/layer.tar", "hostile/real:1"),
               [info(cfg_name, data=config), info("l1", tarfile.DIRTYPE), info("l1/layer.tar", data=real)])
docker_archive("da_poison.tar", manifest(cfg_name, "l1/layer.tar", "hostile/poison:1"),
               [info(cfg_name, data=config), info("l1", tarfile.DIRTYPE), info("l1/layer.tar", data=poison)])
docker_archive("da_outside.tar", manifest("../../etc/passwd", "l1/layer.tar", "hostile/outside:1"),
               [info("l1", tarfile.DIRTYPE), info("l1/layer.tar", data=real)])
docker_archive("da_hostlink.tar", manifest(cfg_name, "l1/layer.tar", "hostile/hostlink:1"),
               [info(cfg_name, data=config), info("l1", tarfile.DIRTYPE),
                info("l1/layer.tar", tarfile.SYMTYPE, linkname=hosttar)])
docker_archive("da_zero.tar", manifest(cfg_name, "l1/layer.tar", "hostile/zero:1"),
               [info(cfg_name, data=config), info("l1", tarfile.DIRTYPE),
                info("l1/layer.tar", tarfile.SYMTYPE, linkname="/dev/zero")])
docker_archive("da_fifo.tar", manifest(cfg_name, "l1/layer.tar", "hostile/fifo:1"),
               [info(cfg_name, data=config), info("l1", tarfile.DIRTYPE), info("l1/layer.tar", tarfile.FIFOTYPE)])
docker_archive("da_shadow.tar", manifest("cfg.json", "l1/layer.tar", "hostile/shadow:1"),
               [info("cfg.json", tarfile.SYMTYPE, linkname="/etc/shadow"), info("l1", tarfile.DIRTYPE),
                info("l1/layer.tar", data=real)])

# A manifest nested a million deep (a recursive parser's stack overflow),
# and a config so: refused in one line, never a crash.
write("da_deep.tar", [info("manifest.json", data=b"[" * 1000000 + b"]" * 1000000)])
docker_archive("da_deepcfg.tar", manifest(cfg_name, "l1/layer.tar", "hostile/deep:1"),
               [info(cfg_name, data=b'{"a":' * 100000 + b'1' + b'}' * 100000), info("l1", tarfile.DIRTYPE),
                info("l1/layer.tar", data=real)])


# OCI layouts: one whose layer blob is not what its name says, one whose
# manifest is not.
def oci(name, layer_blob, manifest_edit=None):
    m = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
         "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + sha(config),
                    "size": len(config)},
         "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:" + sha(real),
                     "size": len(real)}]}
    mb = json.dumps(m).encode()
    index = {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                                                "digest": "sha256:" + sha(mb), "size": len(mb),
                                                "annotations": {"org.opencontainers.image.ref.name": "hostile/oci:1"}}]}
    if manifest_edit:
        mb = mb.replace(b'"schemaVersion": 2', b'"schemaVersion": 2, "x": 1')
    write(name, [info("oci-layout", data=b'{"imageLayoutVersion": "1.0.0"}'),
                 info("index.json", data=json.dumps(index).encode()),
                 info("blobs", tarfile.DIRTYPE), info("blobs/sha256", tarfile.DIRTYPE),
                 info("blobs/sha256/" + sha(json.dumps(m).encode()), data=mb),
                 info("blobs/sha256/" + sha(config), data=config),
                 info("blobs/sha256/" + sha(real), data=layer_blob)])


oci("oci_layer.tar", poison)
oci("oci_manifest.tar", real, manifest_edit=True)
oci("oci_real.tar", real)
