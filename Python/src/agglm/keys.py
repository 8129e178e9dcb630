"""CURVE key files as ``agglm keygen --out NAME`` writes them, for :class:`agglm.Client`.

The format (documented in ``agglm keygen --help``) is text, one ``name = value`` per line, ``#`` comments,
values optionally in double quotes (so ZeroMQ ``zcert`` files read too)::

    NAME.pub   public-key = <40 Z85 characters>
    NAME.key   public-key = <...>
               secret-key = <...>        (mode 0600; never leaves its machine)

    from agglm import Client, curve_keys
    client = Client("tcp://server-host:5555", **curve_keys(server_public_key="server.pub", key="alice"))
"""

import os
import stat
from typing import Dict, Optional, Tuple

_SIZE_LIMIT = 4096  # a key file is a few hundred bytes; anything larger is not one


class KeyFileError(ValueError):
    """A key file that cannot be used, with the path (and line, for syntax errors) in the message."""


def read_key_file(path: str) -> Tuple[str, Optional[str]]:
    """(public key, secret key or None) from ``path``, both as 40 Z85 characters."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(_SIZE_LIMIT + 1)
    except OSError as error:
        raise KeyFileError(f"{path}: {error.strerror or error}") from None
    if len(data) > _SIZE_LIMIT:
        raise KeyFileError(f"{path}: larger than {_SIZE_LIMIT} bytes, not a key file")
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise KeyFileError(f"{path}: not ASCII text, not a key file") from None
    values: Dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        if not equals or len(value) != 40:
            raise KeyFileError(f"{path}:{number}: expected `public-key = <40 Z85 characters>` or `secret-key = ...`")
        values[name.strip()] = value
    public = values.get("public-key")
    if public is None:
        raise KeyFileError(f"{path}: no `public-key = ...` line")
    return public, values.get("secret-key")


def read_key_pair(name: str) -> Tuple[str, str]:
    """The (public, secret) pair in ``NAME.key`` (``name`` may already end in ``.key``); refuses a file other
    users can read, as the server does."""
    path = name if name.endswith(".key") else name + ".key"
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise KeyFileError(f"{path}: {error.strerror or error}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(f"{path}: a secret key readable by other users is not secret; run: chmod 600 {path}")
    public, secret = read_key_file(path)
    if secret is None:
        raise KeyFileError(f"{path}: no `secret-key = ...` line; give the .key file of a pair made by `agglm keygen --out NAME`")
    return public, secret


def curve_keys(server_public_key: str, key: Optional[str] = None) -> Dict[str, str]:
    """Keyword arguments for :class:`agglm.Client` from key files: the server's ``.pub`` file and this client's
    pair ``NAME`` (``NAME.key``). Without ``key`` the client uses a fresh pair, which only a server that
    does not check client keys admits."""
    options = {"curve_server_key": read_key_file(server_public_key)[0]}
    if key is not None:
        options["curve_public_key"], options["curve_secret_key"] = read_key_pair(key)
    return options
