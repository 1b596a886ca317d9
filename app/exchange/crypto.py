"""Password protection of a package: a key from scrypt, AES-GCM over fixed-size chunks.

The encrypted file is a header followed by the chunks of the plain package (a ZIP)::

    b"OMMENC1\\n" | header length (4 bytes) | header JSON (KDF, salt, nonce prefix, chunk size, check)
    chunk 0 | chunk 1 | ... | last chunk         each: ciphertext + 16-byte tag

Chunk ``i`` is sealed with the nonce ``prefix (7) | i (4, big-endian) | last (1)`` and the
header as associated data (the STREAM construction): a changed byte fails its tag, a
moved chunk fails its counter, a file cut after any chunk lacks the chunk marked last,
and a changed header (say, weaker KDF parameters) fails every chunk. A separate
sealed empty message (``check``) tells a wrong password from a damaged file.

Chunks have a fixed size, so the reader can seek: the ZIP inside is read in place,
one chunk in memory at a time, never decrypted to a temporary file.
"""

from __future__ import annotations

import io
import json
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"OMMENC1\n"
CHUNK = 1 << 20  # plaintext bytes per chunk
TAG = 16
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 15, 8, 1  # ~32 MB and a fraction of a second: costly to guess
MAX_HEADER = 4096
MIN_PASSWORD = 8
_INTO = hasattr(AESGCM, "encrypt_into")  # cryptography >= 45 seals and opens into a buffer given


class PackageCryptoError(Exception):
    """The encrypted file cannot be opened; the message says why in the consultant's words."""


class WrongPassword(PackageCryptoError):
    pass


def is_encrypted(path_or_head: bytes) -> bool:
    return path_or_head.startswith(MAGIC)


def derive_key(password: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


class EncryptingWriter(io.RawIOBase):
    """A write-only stream that seals what is written to it, chunk by chunk, into ``out``.

    ``close()`` seals the last (possibly empty) chunk; a writer dropped without close
    leaves a file the reader refuses as truncated.
    """

    def __init__(self, out: BinaryIO, password: str) -> None:
        super().__init__()
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"a package password has at least {MIN_PASSWORD} characters")
        self._out = out
        salt, self._prefix = os.urandom(16), os.urandom(7)
        key = derive_key(password, salt)
        self._aead = AESGCM(key)
        header = {"cipher": "AES-256-GCM", "kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                  "salt": salt.hex(), "prefix": self._prefix.hex(), "chunk": CHUNK,
                  "check": AESGCM(key).encrypt(b"\xff" * 12, b"omm-password-check", salt).hex()}
        self._header = json.dumps(header, sort_keys=True).encode()
        out.write(MAGIC + struct.pack(">I", len(self._header)) + self._header)
        self._plain = memoryview(bytearray(CHUNK))  # the chunk being filled, and its sealed form: reused
        self._sealed = memoryview(bytearray(CHUNK + TAG))
        self._fill = 0
        self._index = 0
        self._written = 0

    def writable(self) -> bool:
        return True

    def tell(self) -> int:  # zipfile asks where it is; positions are in the plain stream
        return self._written

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        size, pos = len(view), 0
        while pos < size:
            if self._fill == CHUNK:  # full, and more follows: not the last chunk
                self._seal(self._plain, last=False)
                self._fill = 0
            while self._fill == 0 and size - pos > CHUNK:  # a whole chunk and more: sealed from the caller's bytes
                self._seal(view[pos:pos + CHUNK], last=False)
                pos += CHUNK
            n = min(CHUNK - self._fill, size - pos)
            self._plain[self._fill:self._fill + n] = view[pos:pos + n]
            self._fill += n
            pos += n
        self._written += size
        return size

    def _seal(self, plain: memoryview, last: bool) -> None:
        nonce = _nonce(self._prefix, self._index, last)
        if _INTO:
            sealed = self._sealed[:len(plain) + TAG]
            self._aead.encrypt_into(nonce, plain, self._header, sealed)
            self._out.write(sealed)
        else:
            self._out.write(self._aead.encrypt(nonce, bytes(plain), self._header))
        self._index += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(self._plain[:self._fill], last=True)
            self._fill = 0
            self._out.flush()
        super().close()


class DecryptingReader(io.RawIOBase):
    """A seekable read-only view of the plain stream inside an encrypted file.

    Opening checks the password and that the file ends with the chunk marked last
    (nothing cut off); each chunk is authenticated when it is read.
    """

    def __init__(self, raw: BinaryIO, password: str) -> None:
        super().__init__()
        self._raw = raw
        magic = raw.read(len(MAGIC))
        if magic != MAGIC:
            raise PackageCryptoError("not a password-protected package")
        try:
            (length,) = struct.unpack(">I", raw.read(4))
            if length > MAX_HEADER:
                raise ValueError("header too long")
            self._header = raw.read(length)
            header = json.loads(self._header)
            salt, self._prefix = bytes.fromhex(header["salt"]), bytes.fromhex(header["prefix"])
            self._chunk = int(header["chunk"])
            n, r, p = int(header["n"]), int(header["r"]), int(header["p"])
            check = bytes.fromhex(header["check"])
            if header.get("cipher") != "AES-256-GCM" or header.get("kdf") != "scrypt" or len(self._prefix) != 7:
                raise ValueError("unknown cipher")
            if not (1 << 10 <= n <= 1 << 20 and 1 <= r <= 32 and 1 <= p <= 16 and 1 << 12 <= self._chunk <= 1 << 24):
                raise ValueError("parameters out of range")
        except (struct.error, ValueError, KeyError, TypeError) as exc:
            raise PackageCryptoError(f"the package's encryption header is damaged ({exc})") from None
        key = derive_key(password, salt, n, r, p)
        try:
            AESGCM(key).decrypt(b"\xff" * 12, check, salt)
        except InvalidTag:
            raise WrongPassword("wrong password for this package") from None
        self._aead = AESGCM(key)
        self._start = len(MAGIC) + 4 + length
        raw.seek(0, io.SEEK_END)
        body = raw.tell() - self._start
        sealed = self._chunk + TAG
        self._count = max(1, -(-body // sealed))
        last_size = body - (self._count - 1) * sealed
        if body <= 0 or last_size < TAG:
            raise PackageCryptoError("the package is truncated (it ends inside its encryption header)")
        self._size = (self._count - 1) * self._chunk + last_size - TAG
        self._sealed = memoryview(bytearray(sealed))  # one chunk read and one opened at a time: reused
        self._plain = memoryview(bytearray(self._chunk))
        self._cached: tuple[int, memoryview] | None = None
        self._chunk_at(self._count - 1)  # the end is there and marked last: nothing was cut off
        self._pos = 0

    def _chunk_at(self, index: int) -> memoryview:
        """The plain bytes of chunk ``index`` (a view of the reader's buffer: valid until the next chunk)."""
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        self._cached = None
        sealed = self._chunk + TAG
        self._raw.seek(self._start + index * sealed)
        data = self._sealed[:self._raw.readinto(self._sealed)]
        last = index == self._count - 1
        try:
            if _INTO and len(data) >= TAG:
                plain = self._plain[:self._aead.decrypt_into(_nonce(self._prefix, index, last), data, self._header,
                                                             self._plain[:len(data) - TAG])]
            else:
                opened = self._aead.decrypt(_nonce(self._prefix, index, last), bytes(data), self._header)
                plain = self._plain[:len(opened)]
                plain[:] = opened
        except InvalidTag:
            if last:
                raise PackageCryptoError("the package is truncated or damaged (its last part does not check out)") \
                    from None
            raise PackageCryptoError(f"the package is damaged or was altered (part {index + 1} of {self._count} "
                                     "does not check out)") from None
        self._cached = (index, plain)
        return plain

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            pos = offset
        elif whence == io.SEEK_CUR:
            pos = self._pos + offset
        else:
            pos = self._size + offset
        if pos < 0:
            raise OSError("negative seek position")
        self._pos = pos
        return pos

    def readinto(self, buffer) -> int:
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._pos < self._size:
            index, offset = divmod(self._pos, self._chunk)
            plain = self._chunk_at(index)
            n = min(len(view) - done, len(plain) - offset)
            view[done:done + n] = plain[offset:offset + n]
            done += n
            self._pos += n
        return done

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self._size - self._pos
        size = max(0, min(size, self._size - self._pos))
        buffer = bytearray(size)
        n = self.readinto(buffer)
        return bytes(buffer) if n == size else bytes(buffer[:n])
