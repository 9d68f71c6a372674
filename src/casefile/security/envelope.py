"""The encrypted backup format: a passphrase-derived key, chunked authenticated
encryption, streamed so that a large database never has to fit in memory.

Layout (version 1):

    header  "CFBACKUP" | version 1 | kdf 1 (scrypt) | log2 N | r | p | log2 chunk size
            | salt (16 random bytes) | nonce prefix (7 random bytes)           37 bytes
    check   AES-256-GCM tag over the empty text with the header as data          16 bytes
    chunks  AES-256-GCM(chunk) with nonce = prefix | counter (4) | last (1) and the header
            as associated data; every chunk full size but the last, which may be empty

The key is scrypt(passphrase, salt). The header check tells a wrong passphrase from a
damaged body; the counter in each nonce refuses reordered or dropped chunks, and the
last-chunk flag refuses a file cut at a chunk boundary or with anything appended
(the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár).
"""

from __future__ import annotations

import os
import struct
import unicodedata
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"CFBACKUP"
VERSION = 1
_KDF_SCRYPT = 1
_HEADER = struct.Struct(">8sBBBBBB16s7s")
_TAG = 16
# 2**17 x 8 x 128 bytes = 128 MiB and about half a second per derivation here.
DEFAULT_LOG2_N = 17
_R, _P = 8, 1
_CHUNK_LOG2 = 20  # 1 MiB
# A header is read before it is authenticated: bound what it may make us spend.
_MAX_LOG2_N, _MAX_R, _MAX_P, _MAX_CHUNK_LOG2 = 20, 16, 4, 24


class EnvelopeError(Exception):
    """The file is not an encrypted backup, the passphrase is wrong, or the file was
    damaged or altered; the message is one line."""


def is_encrypted(first_bytes: bytes) -> bool:
    return first_bytes.startswith(MAGIC)


def encrypt_stream(
    source: BinaryIO, target: BinaryIO, passphrase: str, *, log2_n: int = DEFAULT_LOG2_N
) -> None:
    salt, prefix = os.urandom(16), os.urandom(7)
    header = _HEADER.pack(MAGIC, VERSION, _KDF_SCRYPT, log2_n, _R, _P, _CHUNK_LOG2, salt,
                          prefix)
    aead = AESGCM(_derive(passphrase, salt, log2_n, _R, _P))
    target.write(header)
    target.write(aead.encrypt(_check_nonce(prefix), b"", header))
    size = 1 << _CHUNK_LOG2
    counter, chunk = 0, source.read(size)
    while True:
        following = source.read(size)
        last = not following
        target.write(aead.encrypt(_nonce(prefix, counter, last), chunk, header))
        if last:
            return
        counter, chunk = counter + 1, following


def decrypt_stream(source: BinaryIO, target: BinaryIO, passphrase: str) -> None:
    """Write the plain text chunk by chunk, each only once it has authenticated; on an
    EnvelopeError the target holds a prefix and must be thrown away."""
    header = source.read(_HEADER.size)
    if len(header) < _HEADER.size or not header.startswith(MAGIC):
        raise EnvelopeError("not an encrypted casefile backup (or its header is cut short)")
    _, version, kdf, log2_n, r, p, chunk_log2, salt, prefix = _HEADER.unpack(header)
    if version != VERSION or kdf != _KDF_SCRYPT:
        raise EnvelopeError(f"backup format version {version} is not supported by this casefile")
    if not (10 <= log2_n <= _MAX_LOG2_N and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P
            and 12 <= chunk_log2 <= _MAX_CHUNK_LOG2):
        raise EnvelopeError("the backup's header is damaged (impossible parameters)")
    aead = AESGCM(_derive(passphrase, salt, log2_n, r, p))
    try:
        aead.decrypt(_check_nonce(prefix), source.read(_TAG), header)
    except InvalidTag:
        raise EnvelopeError("wrong passphrase, or the backup's header is damaged") from None
    size = (1 << chunk_log2) + _TAG
    counter, block = 0, source.read(size)
    while True:
        if len(block) < _TAG:
            raise EnvelopeError(f"the backup is truncated (chunk {counter} is missing)")
        following = source.read(size) if len(block) == size else b""
        last = not following
        try:
            target.write(aead.decrypt(_nonce(prefix, counter, last), block, header))
        except InvalidTag:
            raise EnvelopeError(
                f"the backup is damaged, truncated or altered (chunk {counter} does not"
                " authenticate)"
            ) from None
        if last:
            return
        counter, block = counter + 1, following


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    # NFC: the same passphrase typed on two systems may arrive in two Unicode forms.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=1 << log2_n, r=r, p=p).derive(secret)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= 0xFFFFFFFF:
        raise EnvelopeError("backup too large for one file")
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


def _check_nonce(prefix: bytes) -> bytes:
    return prefix + b"\xff\xff\xff\xff\x02"  # never a chunk's nonce (flag is 0 or 1)
