"""The database's data key: generated once, kept in the OS keyring, shown once as a recovery key.

The data key is 256 random bits given to SQLCipher as a raw key (no passphrase derivation, so opening takes
milliseconds). The *recovery key* is the same 32 bytes plus a 2-byte checksum, written in Crockford base32 as
11 groups of 5 characters, so a typing error is caught as such instead of looking like a wrong key.

Kansli stores keys only in a keyring that keeps secrets safely (Windows Credential Locker, macOS Keychain, the
Secret Service or KWallet on Linux). The ``fail`` backend of headless Linux, the ``null`` backend and the plaintext
backends of ``keyrings.alt`` are refused: where no safe keyring exists the user gives the recovery key
(``KANSLI_KEY`` on the command line) and nothing is written anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer

from db.core.errors import InvalidRecoveryKeyError

KEY_BYTES = 32
_CHECKSUM_BYTES = 2
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
_DECODE = {ch: index for index, ch in enumerate(_ALPHABET)} | {"O": 0, "I": 1, "L": 1}
_GROUP = 5
KEYRING_SERVICE = "Kansli"

# Class paths of the backends that keep secrets encrypted by the operating system.
TRUSTED_BACKENDS: set[str] = {
    "keyring.backends.Windows.WinVaultKeyring",
    "keyring.backends.macOS.Keyring",
    "keyring.backends.SecretService.Keyring",
    "keyring.backends.libsecret.Keyring",
    "keyring.backends.kwallet.DBusKeyring",
    "keyring.backends.kwallet.DBusKeyringKWallet4",
}


@dataclass(frozen=True, repr=False)
class DataKey:
    """A 256-bit database key. Its ``repr`` hides the key, so it never lands in a log by accident."""

    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError("a data key has 32 bytes")

    def __repr__(self) -> str:
        return "DataKey(<hidden>)"

    @classmethod
    def generate(cls) -> DataKey:
        """Return a new random key."""
        return cls(secrets.token_bytes(KEY_BYTES))

    def sqlcipher_pragma_value(self) -> str:
        """Return the raw-key literal SQLCipher takes in ``PRAGMA key``."""
        return f"\"x'{self.raw.hex()}'\""

    def recovery_text(self) -> str:
        """Return the recovery key as the user writes it down: ``ABCDE-FGHJK-…`` (11 groups)."""
        payload = self.raw + _checksum(self.raw)
        number = int.from_bytes(payload, "big")
        bit_count = len(payload) * 8
        char_count = -(-bit_count // 5)
        number <<= char_count * 5 - bit_count
        chars = [_ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(char_count))]
        text = "".join(chars)
        return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))

    @classmethod
    def from_recovery_text(cls, text: str) -> DataKey:
        """Read a recovery key as typed (any case, with or without hyphens and spaces), or 64 hex digits.

        Raises:
            InvalidRecoveryKeyError: when the text is not a well-formed recovery key.
        """
        compact = "".join(ch for ch in text.upper() if ch not in "- \t\r\n")
        if len(compact) == KEY_BYTES * 2 and all(ch in "0123456789ABCDEF" for ch in compact):
            return cls(bytes.fromhex(compact))
        payload_bytes = KEY_BYTES + _CHECKSUM_BYTES
        char_count = -(-payload_bytes * 8 // 5)
        if len(compact) != char_count or any(ch not in _DECODE for ch in compact):
            raise InvalidRecoveryKeyError
        number = 0
        for ch in compact:
            number = (number << 5) | _DECODE[ch]
        number >>= char_count * 5 - payload_bytes * 8
        payload = number.to_bytes(payload_bytes, "big")
        raw, checksum = payload[:KEY_BYTES], payload[KEY_BYTES:]
        if _checksum(raw) != checksum:
            raise InvalidRecoveryKeyError
        return cls(raw)


def _checksum(raw: bytes) -> bytes:
    return hashlib.sha256(b"kansli-recovery-key" + raw).digest()[:_CHECKSUM_BYTES]


def key_from_environment() -> DataKey | None:
    """Return the key given in ``KANSLI_KEY`` (recovery key or hex), or None when it is not set."""
    text = os.environ.get("KANSLI_KEY", "").strip()
    return DataKey.from_recovery_text(text) if text else None


def database_key_id(path: Path) -> str:
    """Return the name under which a database's key is kept in the keyring.

    It is taken from the random salt in the first 16 bytes of the encrypted file, so it stays the same when the
    file is moved or renamed, and differs between two databases.
    """
    with path.open("rb") as handle:
        salt = handle.read(16)
    return "db-" + salt.hex()


def _backend_names(backend: keyring.backend.KeyringBackend) -> list[str]:
    if isinstance(backend, chainer.ChainerBackend):
        return [name for inner in backend.backends for name in _backend_names(inner)]
    return [f"{type(backend).__module__}.{type(backend).__qualname__}"]


class KeyringStore:
    """The OS keyring, used only when it keeps secrets safely. Looked up on every use, never cached."""

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        self._service = service
        self._lock = threading.Lock()

    def backend_name(self) -> str:
        """Name the keyring in use, for messages and the Help menu."""
        names = _backend_names(keyring.get_keyring())
        return ", ".join(names) if names else "none"

    def is_safe(self) -> bool:
        """Tell whether the keyring in use keeps secrets encrypted by the operating system."""
        names = _backend_names(keyring.get_keyring())
        return bool(names) and all(name in TRUSTED_BACKENDS for name in names)

    def load(self, key_id: str) -> DataKey | None:
        """Return the key stored under ``key_id``, or None when there is none or no safe keyring."""
        if not self.is_safe():
            return None
        with self._lock:
            try:
                text = keyring.get_password(self._service, key_id)
            except keyring.errors.KeyringError:
                return None
        if not text:
            return None
        try:
            return DataKey.from_recovery_text(text)
        except InvalidRecoveryKeyError:
            return None

    def save(self, key_id: str, key: DataKey) -> bool:
        """Store a key; return False (and store nothing) when no safe keyring is available."""
        if not self.is_safe():
            return False
        with self._lock:
            try:
                keyring.set_password(self._service, key_id, key.raw.hex())
            except keyring.errors.KeyringError:
                return False
        return True

    def forget(self, key_id: str) -> None:
        """Remove a stored key, if there is one."""
        if not self.is_safe():
            return
        with self._lock, contextlib.suppress(keyring.errors.KeyringError):
            keyring.delete_password(self._service, key_id)
