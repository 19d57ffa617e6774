"""Writes a minimal OCI image layout (one layer holding /hello.txt) at argv[1] with the tag argv[2]:
an image for the registry tests to push and pull, made without a network or a container engine.
"""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile

root, tag = sys.argv[1], sys.argv[2]
blobs = os.path.join(root, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)


def blob(data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(data)
    return "sha256:" + digest, len(data)


raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w") as tar:
    content = b"hello from the registry test\n"
    info = tarfile.TarInfo("hello.txt")
    info.size = len(content)
    info.mtime = 0
    tar.addfile(info, io.BytesIO(content))
layer_tar = raw.getvalue()
layer, layer_size = blob(gzip.compress(layer_tar, mtime=0))
config, config_size = blob(json.dumps({
    "architecture": "amd64", "os": "linux", "config": {"Cmd": ["/hello.txt"]},
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer_tar).hexdigest()]},
}).encode())
manifest, manifest_size = blob(json.dumps({
    "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config, "size": config_size},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer, "size": layer_size}],
}).encode())
with open(os.path.join(root, "oci-layout"), "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)
with open(os.path.join(root, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest, "size": manifest_size,
        "annotations": {"org.opencontainers.image.ref.name": tag}}]}, f)
