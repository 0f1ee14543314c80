#!/usr/bin/env python3
"""Forges and bombs submission packs for tests/cli/test_pack_sign.sh.

Standard library only: Ed25519 signing is RFC 8032's reference algorithm
(section 6), slow but enough for one signature, and ZIP archives are
written by hand where Python's zipfile cannot say what a hostile archive
says (a deflate stream built without inflating it, lying sizes).

  pack_forge.py pub SEEDHEX                  the "ed25519:<hex>" public key
  pack_forge.py fingerprint PUBTEXT          its fingerprint (as monev prints it)
  pack_forge.py seed KEYDIR                  the seed of KEYDIR/sign.key
  pack_forge.py change SRC DST PATH [SEED]   PATH's content changed and the
        manifest recomputed; signed with SEED (hex) when given, else the old
        manifest.sig is kept
  pack_forge.py resign SRC DST SEED          the same content, manifest names and
        is signed by SEED's key
  pack_forge.py bomb DST SEED SIZE LISTED ZIPSIZE
        a pack holding zeros.bin: SIZE zeros deflated, the manifest listing
        LISTED bytes and the ZIP's directory claiming ZIPSIZE; signed by SEED
  pack_forge.py symlink SRC DST SEED         SRC plus a symbolic link entry
        listed in the manifest, signed by SEED
  pack_forge.py many DST SEED N              a signed pack with N small files
"""
import hashlib
import json
import struct
import sys
import zipfile
import zlib

# ---- Ed25519 (RFC 8032, section 6) ----------------------------------------

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _inv(x):
    return pow(x, P - 2, P)


def _recover_x(y):
    xx = (y * y - 1) * _inv(D * y * y + 1)
    x = pow(xx, (P + 3) // 8, P)
    if (x * x - xx) % P != 0:
        x = x * SQRT_M1 % P
    if x % 2:
        x = P - x
    return x


_GY = 4 * _inv(5) % P
_GX = _recover_x(_GY)
G = (_GX, _GY, 1, _GX * _GY % P)


def _add(p, q):
    a = (p[1] - p[0]) * (q[1] - q[0]) % P
    b = (p[1] + p[0]) * (q[1] + q[0]) % P
    c = 2 * p[3] * q[3] * D % P
    d = 2 * p[2] * q[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s, p):
    q = (0, 1, 1, 0)
    while s:
        if s & 1:
            q = _add(q, p)
        p = _add(p, p)
        s >>= 1
    return q


def _compress(p):
    zi = _inv(p[2])
    x, y = p[0] * zi % P, p[1] * zi % P
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


def _expand(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    return a, h[32:]


def public_key(seed):
    return _compress(_mul(_expand(seed)[0], G))


def sign(seed, msg):
    a, prefix = _expand(seed)
    pub = _compress(_mul(a, G))
    r = int.from_bytes(hashlib.sha512(prefix + msg).digest(), "little") % L
    big_r = _compress(_mul(r, G))
    k = int.from_bytes(hashlib.sha512(big_r + pub + msg).digest(), "little") % L
    return big_r + int.to_bytes((r + k * a) % L, 32, "little")


def pub_text(pub):
    return "ed25519:" + pub.hex()


def fingerprint(pub):
    h = hashlib.sha256(pub).hexdigest().upper()[:32]
    return " ".join(h[i:i + 4] for i in range(0, 32, 4))


# ---- Packs ------------------------------------------------------------------


def read_pack(path):
    """Entries (ZipInfo, bytes) in order and the manifest as a dict."""
    z = zipfile.ZipFile(path)
    entries = [(i, z.read(i.filename)) for i in z.infolist()]
    return entries, json.loads(z.read("manifest.json"))


def sign_manifest(m, seed):
    """The manifest's bytes (naming seed's key) and manifest.sig's text."""
    pub = public_key(seed)
    m["signer"] = {"public_key": pub_text(pub), "fingerprint": fingerprint(pub)}
    text = (json.dumps(m, indent=2, ensure_ascii=False) + "\n").encode()
    return text, (sign(seed, text).hex() + "\n").encode()


def write_pack(dst, entries, manifest_text, sig_text):
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "manifest.json":
                data = manifest_text
            elif info.filename == "manifest.sig" and sig_text is not None:
                data = sig_text
            z.writestr(info, data)


def change(src, dst, path, seed):
    entries, m = read_pack(src)
    out = []
    for info, data in entries:
        if info.filename == path:
            data = data + b"\n(diubah)\n"
            for f in m["files"]:
                if f["path"] == path:
                    f["sha256"] = hashlib.sha256(data).hexdigest()
                    f["size"] = len(data)
        out.append((info, data))
    if seed is None:
        text = (json.dumps(m, indent=2, ensure_ascii=False) + "\n").encode()
        write_pack(dst, out, text, None)
    else:
        write_pack(dst, out, *sign_manifest(m, seed))


def resign(src, dst, seed):
    entries, m = read_pack(src)
    write_pack(dst, entries, *sign_manifest(m, seed))


def base_manifest():
    return {"format": "monev-pack-2", "agency": "Pemerintah Kota Contoh", "year": 2026,
            "framework": {"id": "pemdi-2026", "version": 1}, "index": None,
            "predicate": None, "generated_at": "2026-07-01T08:00:00Z",
            "audit": {"seq": 1, "head": "a" * 64}, "files": []}


def raw_zip(dst, entries):
    """Writes a ZIP by hand: entries are (name, method, stream, crc,
    usize, unix_mode) with stream already compressed for method."""
    out = bytearray()
    central = bytearray()
    for name, method, stream, crc, usize, mode in entries:
        n = name.encode()
        off = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, 0, 0x5A21, crc,
                           len(stream), usize, len(n), 0) + n + stream
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, 0x800,
                               method, 0, 0x5A21, crc, len(stream), usize, len(n), 0, 0, 0, 0,
                               mode << 16, off) + n
    cd_off = len(out)
    out += central
    n = len(entries)
    if n >= 0xFFFF:
        # ZIP64 end of central directory record and its locator
        z64 = len(out)
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, len(central),
                           cd_off)
        out += struct.pack("<IIQI", 0x07064B50, 0, z64, 1)
        n = 0xFFFF
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central), cd_off, 0)
    with open(dst, "wb") as f:
        f.write(out)


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def zeros_stream(size):
    """A raw deflate stream of size zeros (a multiple of 1 MiB) and its
    CRC, without compressing size bytes: after a full flush the stream of
    each further MiB of zeros is the same bytes."""
    mib = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    assert size % len(mib) == 0
    crc = 0
    for _ in range(size // len(mib)):
        crc = zlib.crc32(mib, crc)
    return block * (size // len(mib)) + c.flush(zlib.Z_FINISH), crc


def signed_raw_pack(dst, seed, files, extra=()):
    """files: (name, method, stream, crc, usize, mode, listed_size, sha)."""
    m = base_manifest()
    m["files"] = sorted(({"path": f[0], "sha256": f[7], "size": f[6]} for f in files),
                        key=lambda f: f["path"])
    text, sig = sign_manifest(m, seed)
    entries = [f[:6] for f in files] + list(extra)
    entries.append(("manifest.json", 8, deflate(text), zlib.crc32(text), len(text), 0o100644))
    entries.append(("manifest.sig", 0, sig, zlib.crc32(sig), len(sig), 0o100644))
    raw_zip(dst, entries)


def bomb(dst, seed, size, listed, zipsize):
    stream, crc = zeros_stream(size)
    text = b"Ringkasan\n"
    signed_raw_pack(dst, seed, [
        ("ringkasan.txt", 0, text, zlib.crc32(text), len(text), 0o100644, len(text),
         hashlib.sha256(text).hexdigest()),
        # the hash of the zeros is not computed: nothing may read that far
        ("zeros.bin", 8, stream, crc, zipsize, 0o100644, listed, "0" * 64),
    ])


def symlink(src, dst, seed):
    entries, m = read_pack(src)
    target = b"/etc/passwd"
    m["files"].append({"path": "I01-tata-kelola-pemdi/tautan.pdf",
                       "sha256": hashlib.sha256(target).hexdigest(), "size": len(target)})
    m["files"].sort(key=lambda f: f["path"])
    text, sig = sign_manifest(m, seed)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "manifest.json":
                data = text
            elif info.filename == "manifest.sig":
                data = sig
            z.writestr(info, data)
        link = zipfile.ZipInfo("I01-tata-kelola-pemdi/tautan.pdf")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        z.writestr(link, target)


def many(dst, seed, n):
    files = []
    for i in range(n):
        data = b"%d\n" % i
        files.append(("f/%06d.txt" % i, 0, data, zlib.crc32(data), len(data), 0o100644,
                      len(data), hashlib.sha256(data).hexdigest()))
    # the manifest may list at most 100000 files: build the archive with
    # more entries than that, of which the manifest lists the first few
    m = base_manifest()
    m["files"] = [{"path": f[0], "sha256": f[7], "size": f[6]} for f in files[:10]]
    text, sig = sign_manifest(m, seed)
    entries = [f[:6] for f in files]
    entries.append(("manifest.json", 8, deflate(text), zlib.crc32(text), len(text), 0o100644))
    entries.append(("manifest.sig", 0, sig, zlib.crc32(sig), len(sig), 0o100644))
    raw_zip(dst, entries)


def seed_of(keydir):
    with open(keydir + "/sign.key") as f:
        return bytes.fromhex(f.read().strip())[:32]


def main(argv):
    cmd = argv[1]
    if cmd == "pub":
        print(pub_text(public_key(bytes.fromhex(argv[2]))))
    elif cmd == "fingerprint":
        print(fingerprint(bytes.fromhex(argv[2].split(":", 1)[1])))
    elif cmd == "seed":
        print(seed_of(argv[2]).hex())
    elif cmd == "change":
        change(argv[2], argv[3], argv[4], bytes.fromhex(argv[5]) if len(argv) > 5 else None)
    elif cmd == "resign":
        resign(argv[2], argv[3], bytes.fromhex(argv[4]))
    elif cmd == "bomb":
        bomb(argv[2], bytes.fromhex(argv[3]), int(argv[4]), int(argv[5]), int(argv[6]))
    elif cmd == "symlink":
        symlink(argv[2], argv[3], bytes.fromhex(argv[4]))
    elif cmd == "many":
        many(argv[2], bytes.fromhex(argv[3]), int(argv[4]))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
