"""Named PACS connections: ``pacs.toml`` in PH-Assist's configuration folder.

The file lives in ``$PH_ASSIST_CONFIG_DIR`` (default ``~/.config/ph-assist``)
and names each PACS once::

    calling_aet = "PHASSIST"          # our AE title (optional, default PHASSIST)

    [connections.radiology]           # DIMSE (C-ECHO, C-FIND, C-GET or C-MOVE)
    aet = "ORTHANC"                   # the PACS's AE title
    host = "pacs.example.org"
    port = 104
    retrieve = "get"                  # "get" (C-GET) or "move" (C-MOVE to us)
    move_port = 11113                 # our storage SCP's port, for retrieve = "move"
    timeout = 10                      # seconds, every network step

    [connections.web]                 # DICOMweb (QIDO-RS, WADO-RS)
    url = "http://pacs.example.org:8042/dicom-web"

Every problem is a :class:`~ph_assist.errors.PACSConfigError`, one line naming
the file (or the command-line value) and the key.  Qt-free.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from ph_assist.errors import PACSConfigError

__all__ = ["Connection", "config_dir", "config_path", "load_connections", "get_connection",
           "parse_dimse_target", "dicomweb_connection", "DEFAULT_CALLING_AET", "DEFAULT_TIMEOUT"]

DEFAULT_CALLING_AET = "PHASSIST"
#: Seconds allowed for each network step (connect, association, each message, each HTTP read).
DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 600.0
CONFIG_NAME = "pacs.toml"

_DIMSE_KEYS = {"aet", "host", "port", "calling_aet", "retrieve", "move_port", "timeout"}
_WEB_KEYS = {"url", "timeout"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# PS3.5 6.2: AE title, up to 16 characters of the default repertoire, no backslash or control
# characters; leading/trailing spaces are not significant, so a title of only spaces is empty.
_AET = re.compile(r"^[\x20-\x5b\x5d-\x7e]{1,16}$")


@dataclasses.dataclass(frozen=True)
class Connection:
    """One PACS: either DIMSE (``aet``, ``host``, ``port``) or DICOMweb (``url``).

    Attributes
    ----------
    name : str
        How messages name it (the configured name, or the target as typed).
    protocol : {"dimse", "dicomweb"}
    aet, host, port : str, str, int
        The PACS's AE title and address (DIMSE).
    calling_aet : str
        Our AE title (DIMSE); the PACS must know it for C-MOVE.
    retrieve : {"get", "move"}
        C-GET over the same association, or C-MOVE to our own storage SCP on
        ``move_port``.
    url : str
        The DICOMweb service root, e.g. ``http://host:8042/dicom-web`` (DICOMweb).
    timeout : float
        Seconds for each network step; nothing waits longer.
    """

    name: str
    protocol: str
    aet: str = ""
    host: str = ""
    port: int = 0
    calling_aet: str = DEFAULT_CALLING_AET
    retrieve: str = "get"
    move_port: int = 0
    url: str = ""
    timeout: float = DEFAULT_TIMEOUT

    def describe(self) -> str:
        """One line naming the target, without any patient data."""
        target = f"DICOMweb {self.url}" if self.protocol == "dicomweb" else f"DIMSE {self.aet}@{self.host}:{self.port}"
        return target if self.name in (self.url, f"{self.aet}@{self.host}:{self.port}") else f"{self.name} ({target})"


def config_dir() -> Path:
    """``$PH_ASSIST_CONFIG_DIR``, default ``~/.config/ph-assist`` (as for trusted keys)."""
    base = os.environ.get("PH_ASSIST_CONFIG_DIR")
    return Path(base) if base else Path.home() / ".config" / "ph-assist"


def config_path() -> Path:
    """Where the named connections are read from: ``<config dir>/pacs.toml``."""
    return config_dir() / CONFIG_NAME


def load_connections(path: str | os.PathLike | None = None) -> dict[str, Connection]:
    """Read and validate every connection of a ``pacs.toml``.

    Parameters
    ----------
    path : path-like, optional
        The file; default :func:`config_path`.  A missing default file means
        no connections (an empty dict); a missing explicit file is an error.

    Returns
    -------
    dict of str to Connection

    Raises
    ------
    PACSConfigError
        Unreadable TOML, an unknown key, or a value out of range (one line
        naming the file and the key).
    """
    explicit = path is not None
    file = Path(path) if explicit else config_path()
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        if explicit:
            raise PACSConfigError(file, "no such file") from None
        return {}
    except OSError as exc:
        raise PACSConfigError(file, f"cannot be read ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PACSConfigError(file, f"not valid TOML ({exc})") from None
    unknown = set(data) - {"calling_aet", "connections"}
    if unknown:
        raise PACSConfigError(file, f"unknown key {sorted(unknown)[0]!r} (expected calling_aet, [connections.NAME])")
    calling = _aet(data.get("calling_aet", DEFAULT_CALLING_AET), file, "calling_aet")
    sections = data.get("connections", {})
    if not isinstance(sections, dict):
        raise PACSConfigError(file, "'connections' must be a table of [connections.NAME] sections")
    return {name: _connection(name, table, file, calling) for name, table in sections.items()}


def get_connection(name: str, path: str | os.PathLike | None = None) -> Connection:
    """The connection called ``name`` in the configuration file.

    Raises
    ------
    PACSConfigError
        The file is unusable, or holds no such connection (the message lists
        the names it does hold).
    """
    connections = load_connections(path)
    if name not in connections:
        file = Path(path) if path is not None else config_path()
        known = ", ".join(sorted(connections)) or "none"
        raise PACSConfigError(file, f"no connection named {name!r} (configured: {known}); "
                                    "or give --dimse AET@HOST:PORT / --url URL")
    return connections[name]


def parse_dimse_target(text: str, *, calling_aet: str = DEFAULT_CALLING_AET,
                       timeout: float = DEFAULT_TIMEOUT, retrieve: str = "get",
                       move_port: int = 0) -> Connection:
    """A DIMSE connection from ``AET@HOST:PORT`` (as typed on the command line)."""
    where = "--dimse"
    match = re.fullmatch(r"([^@]+)@(\[[^\]]+\]|[^:@]+):([0-9]+)", text.strip())
    if not match:
        raise PACSConfigError(where, f"{text!r} is not AET@HOST:PORT (e.g. ORTHANC@127.0.0.1:4242)")
    table = {"aet": match[1], "host": match[2].strip("[]"), "port": int(match[3]), "timeout": timeout,
             "retrieve": retrieve, "move_port": move_port}
    return _connection(text.strip(), table, where, _aet(calling_aet, where, "calling AE title"))


def dicomweb_connection(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Connection:
    """A DICOMweb connection from a service root URL (as typed on the command line)."""
    return _connection(url, {"url": url, "timeout": timeout}, "--url", DEFAULT_CALLING_AET)


# -- validation ------------------------------------------------------------------------------------

def _connection(name: str, table: object, where: str | Path, calling_aet: str) -> Connection:
    where_name = f"{where} [connections.{name}]" if isinstance(where, Path) else where
    if isinstance(where, Path) and not _NAME.match(name):
        raise PACSConfigError(where, f"connection name {name!r}: use letters, digits, '_', '-', '.' (max 64)")
    if not isinstance(table, dict):
        raise PACSConfigError(where_name, "must be a table of keys (aet, host, port or url)")
    timeout = _number(table.get("timeout", DEFAULT_TIMEOUT), where_name, "timeout", 0.1, MAX_TIMEOUT)
    if "url" in table:
        _only(table, _WEB_KEYS, where_name, "a DICOMweb connection (url)")
        return Connection(name=name, protocol="dicomweb", url=_url(table["url"], where_name), timeout=timeout)
    _only(table, _DIMSE_KEYS, where_name, "a DIMSE connection (aet, host, port)")
    missing = [k for k in ("aet", "host", "port") if k not in table]
    if missing:
        raise PACSConfigError(where_name, f"missing {', '.join(missing)} (or give url for DICOMweb)")
    retrieve = table.get("retrieve", "get")
    if retrieve not in ("get", "move"):
        raise PACSConfigError(where_name, f"retrieve must be 'get' or 'move', not {retrieve!r}")
    move_port = int(_number(table.get("move_port", 0), where_name, "move_port", 0, 65535, integer=True))
    if retrieve == "move" and not move_port:
        raise PACSConfigError(where_name, "retrieve = 'move' needs move_port (the port our storage SCP listens on)")
    host = table["host"]
    if not isinstance(host, str) or not host.strip() or any(c.isspace() for c in host.strip()):
        raise PACSConfigError(where_name, f"host must be a host name or IP address, not {host!r}")
    return Connection(
        name=name, protocol="dimse", aet=_aet(table["aet"], where_name, "aet"), host=host.strip(),
        port=int(_number(table["port"], where_name, "port", 1, 65535, integer=True)),
        calling_aet=_aet(table.get("calling_aet", calling_aet), where_name, "calling_aet"),
        retrieve=retrieve, move_port=move_port, timeout=timeout)


def _only(table: dict, allowed: set[str], where: str | Path, what: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise PACSConfigError(where, f"unknown key {unknown[0]!r} for {what}; allowed: {', '.join(sorted(allowed))}")


def _aet(value: object, where: str | Path, key: str) -> str:
    if not isinstance(value, str) or not _AET.match(value) or not value.strip():
        raise PACSConfigError(where, f"{key} {value!r} is not an AE title (1-16 printable ASCII characters, "
                                     "no backslash)")
    return value.strip()


def _number(value: object, where: str | Path, key: str, low: float, high: float, *, integer: bool = False) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and (not integer or float(value).is_integer())
    if not ok or not low <= value <= high:
        kind = "an integer" if integer else "a number"
        raise PACSConfigError(where, f"{key} must be {kind} from {low:g} to {high:g}, not {value!r}")
    return float(value)


def _url(value: object, where: str | Path) -> str:
    if not isinstance(value, str):
        raise PACSConfigError(where, f"url must be text, not {value!r}")
    parts = urlsplit(value.strip())
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        raise PACSConfigError(where, f"url {value!r} has an invalid port") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PACSConfigError(where, f"url {value!r} is not an http(s) URL such as http://host:8042/dicom-web")
    if parts.username or parts.password:
        raise PACSConfigError(where, "url must not hold a user name or password")
    if parts.query or parts.fragment:
        raise PACSConfigError(where, "url must be the service root, without '?' or '#'")
    return value.strip().rstrip("/")
