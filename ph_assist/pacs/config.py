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

    tls = true                        # DIMSE over TLS (PS3.15 B.1); the PACS's TLS port
    ca_file = "certs/pacs-ca.pem"     # trust this CA (default: the system's trusted CAs)
    cert_file = "certs/me.pem"        # our client certificate, when the PACS asks for one
    key_file = "certs/me.key"

    [connections.web]                 # DICOMweb (QIDO-RS, WADO-RS, STOW-RS)
    url = "https://pacs.example.org/dicom-web"
    username = "phassist"             # HTTP basic authentication ...
    password_env = "PACS_PASSWORD"    # ... the password from this environment variable
    # password_file = "secrets/pacs"  # ... or from the first line of this file
    # token_env / token_file          # or a bearer token, instead of username and password

Relative paths are relative to the file's folder.  Secrets are never written
in the file itself, never held by a :class:`Connection` (only where to find
them) and never printed: they are read when a request is made
(:func:`read_secret`).  Credentials go only over ``https``.

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
from ph_assist.i18n import translate

__all__ = ["Connection", "config_dir", "config_path", "load_connections", "get_connection",
           "parse_dimse_target", "dicomweb_connection", "read_secret", "save_connections",
           "connection_table", "load_calling_aet", "make_connection",
           "DEFAULT_CALLING_AET", "DEFAULT_TIMEOUT"]

DEFAULT_CALLING_AET = "PHASSIST"
#: Seconds allowed for each network step (connect, association, each message, each HTTP read).
DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 600.0
CONFIG_NAME = "pacs.toml"

_TLS_FILES = {"ca_file", "cert_file", "key_file"}
_DIMSE_KEYS = {"aet", "host", "port", "calling_aet", "retrieve", "move_port", "timeout", "tls"} | _TLS_FILES
_AUTH_KEYS = {"username", "password_env", "password_file", "token_env", "token_file"}
_WEB_KEYS = {"url", "timeout"} | _TLS_FILES | _AUTH_KEYS
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
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
    tls : bool
        DIMSE over TLS (DICOMweb: an ``https`` URL).
    ca_file, cert_file, key_file : str
        Absolute paths (PEM): the CA to trust instead of the system's, our
        client certificate and its key; empty when not configured.
    username : str
        HTTP basic authentication (DICOMweb), with the password named by
        ``password_env`` or ``password_file``.
    password_env, password_file, token_env, token_file : str
        Where the secret is (an environment variable or a file), never the
        secret itself.  A token is sent as ``Authorization: Bearer``.
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
    tls: bool = False
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    username: str = ""
    password_env: str = ""
    password_file: str = ""
    token_env: str = ""
    token_file: str = ""

    @property
    def secure(self) -> bool:
        """TLS: DIMSE with ``tls = true``, or an ``https`` DICOMweb URL."""
        return self.tls or self.url.startswith("https:")

    def ssl_context(self):
        """An :class:`ssl.SSLContext` verifying the server (``ca_file`` or the system's CAs), with our certificate.

        Raises
        ------
        PACSConfigError
            A certificate or key file that is missing or not PEM.
        """
        import ssl

        try:
            context = ssl.create_default_context(cafile=self.ca_file or None)
        except (OSError, ssl.SSLError) as exc:
            raise PACSConfigError(self.ca_file, translate("errors", "not a usable CA certificate file ({reason})")
                                  .format(reason=_ssl_reason(exc))) from None
        if self.cert_file:
            try:
                context.load_cert_chain(self.cert_file, self.key_file or None)
            except (OSError, ssl.SSLError) as exc:
                raise PACSConfigError(self.cert_file, translate("errors", "certificate or key not usable ({reason})")
                                      .format(reason=_ssl_reason(exc))) from None
        return context

    def describe(self) -> str:
        """One line naming the target, without any patient data."""
        tls = " TLS" if self.tls else ""
        target = f"DICOMweb {self.url}" if self.protocol == "dicomweb" \
            else f"DIMSE{tls} {self.aet}@{self.host}:{self.port}"
        return target if self.name in (self.url, f"{self.aet}@{self.host}:{self.port}") else f"{self.name} ({target})"


def config_dir() -> Path:
    """``$PH_ASSIST_CONFIG_DIR``, default ``~/.config/ph-assist`` (as for trusted keys)."""
    base = os.environ.get("PH_ASSIST_CONFIG_DIR")
    return Path(base) if base else Path.home() / ".config" / "ph-assist"


def config_path() -> Path:
    """Where the named connections are read from: ``<config dir>/pacs.toml``."""
    return config_dir() / CONFIG_NAME


def load_connections(path: str | os.PathLike[str] | None = None) -> dict[str, Connection]:
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
    file = Path(path) if path is not None else config_path()
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        if explicit:
            raise PACSConfigError(file, translate("errors", "no such file")) from None
        return {}
    except OSError as exc:
        raise PACSConfigError(file, translate("errors", "cannot be read ({reason})").format(
            reason=exc.strerror or exc)) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PACSConfigError(file, translate("errors", "not valid TOML ({reason})").format(reason=exc)) from None
    unknown = set(data) - {"calling_aet", "connections"}
    if unknown:
        raise PACSConfigError(file, translate("errors", "unknown key {key!r} (expected calling_aet, "
                                                        "[connections.NAME])").format(key=sorted(unknown)[0]))
    calling = _aet(data.get("calling_aet", DEFAULT_CALLING_AET), file, "calling_aet")
    sections = data.get("connections", {})
    if not isinstance(sections, dict):
        raise PACSConfigError(file, translate("errors", "'connections' must be a table of [connections.NAME] sections"))
    return {name: _connection(name, table, file, calling, base=file.parent) for name, table in sections.items()}


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
        if connections:
            message = translate("errors", "no connection named {name!r} (configured: {known}); "
                                          "or give --dimse AET@HOST:PORT / --url URL")
        else:
            message = translate("errors", "no connection named {name!r} (configured: none); "
                                          "or give --dimse AET@HOST:PORT / --url URL")
        raise PACSConfigError(file, message.format(name=name, known=", ".join(sorted(connections))))
    return connections[name]


def parse_dimse_target(text: str, *, calling_aet: str = DEFAULT_CALLING_AET,
                       timeout: float = DEFAULT_TIMEOUT, retrieve: str = "get",
                       move_port: int = 0) -> Connection:
    """A DIMSE connection from ``AET@HOST:PORT`` (as typed on the command line)."""
    where = "--dimse"
    match = re.fullmatch(r"([^@]+)@(\[[^\]]+\]|[^:@]+):([0-9]+)", text.strip())
    if not match:
        raise PACSConfigError(where, translate("errors", "{text!r} is not AET@HOST:PORT (e.g. ORTHANC@127.0.0.1:4242)")
                              .format(text=text))
    table = {"aet": match[1], "host": match[2].strip("[]"), "port": int(match[3]), "timeout": timeout,
             "retrieve": retrieve, "move_port": move_port}
    return _connection(text.strip(), table, where, _aet(calling_aet, where, translate("errors", "calling AE title")))


def dicomweb_connection(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Connection:
    """A DICOMweb connection from a service root URL (as typed on the command line)."""
    return _connection(url, {"url": url, "timeout": timeout}, "--url", DEFAULT_CALLING_AET)


def connection_table(conn: Connection) -> dict:
    """The ``[connections.NAME]`` keys of a connection: what :func:`save_connections` writes (defaults left out)."""
    default = Connection(name=conn.name, protocol=conn.protocol)
    keys = ("url", "timeout", *sorted(_TLS_FILES), *sorted(_AUTH_KEYS)) if conn.protocol == "dicomweb" else \
        ("aet", "host", "port", "calling_aet", "retrieve", "move_port", "timeout", "tls", *sorted(_TLS_FILES))
    return {k: getattr(conn, k) for k in keys if getattr(conn, k) != getattr(default, k)}


def make_connection(name: str, table: dict, *, calling_aet: str = DEFAULT_CALLING_AET,
                    where: str | os.PathLike | None = None) -> Connection:
    """A validated connection from ``[connections.NAME]`` keys (as a settings editor collects them).

    Raises
    ------
    PACSConfigError
        As :func:`load_connections` would for the same keys in a file.
    """
    file = Path(where) if where is not None else config_path()
    if not _NAME.match(name or ""):
        raise PACSConfigError(file, _bad_name(name))
    return _connection(name, dict(table), file, _aet(calling_aet, file, "calling_aet"), base=file.parent)


def save_connections(connections: dict[str, Connection], path: str | os.PathLike | None = None, *,
                     calling_aet: str = DEFAULT_CALLING_AET) -> Path:
    """Write connections as a ``pacs.toml`` that :func:`load_connections` reads back unchanged.

    The file is written whole (a temporary renamed over it).  It holds no
    secret: only where each secret is (see :func:`read_secret`).

    Returns
    -------
    Path
        The file written (default :func:`config_path`).
    """
    import json

    file = Path(path) if path is not None else config_path()

    def value(v: object) -> str:
        return ("true" if v else "false") if isinstance(v, bool) else json.dumps(v, ensure_ascii=False)

    lines = [f"calling_aet = {value(calling_aet)}", ""]
    for name, conn in connections.items():
        if not _NAME.match(name):
            raise PACSConfigError(file, _bad_name(name))
        table = connection_table(conn)
        if conn.calling_aet == calling_aet:
            table.pop("calling_aet", None)
        lines += [f"[connections.{name}]", *(f"{k} = {value(v)}" for k, v in table.items()), ""]
    text = "\n".join(lines)
    for name, conn in connections.items():  # what we write must read back as it is
        _connection(name, tomllib.loads(text)["connections"][name], file, calling_aet, base=file.parent)
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f".{file.name}.part")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, file)
    except OSError as exc:
        raise PACSConfigError(file, translate("errors", "cannot be written ({reason})").format(
            reason=exc.strerror or exc)) from None
    finally:
        tmp.unlink(missing_ok=True)
    return file


def load_calling_aet(path: str | os.PathLike | None = None) -> str:
    """The file's ``calling_aet`` (default :data:`DEFAULT_CALLING_AET`, also when there is no file)."""
    file = Path(path) if path is not None else config_path()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return DEFAULT_CALLING_AET
    value = data.get("calling_aet", DEFAULT_CALLING_AET)
    return value if isinstance(value, str) else DEFAULT_CALLING_AET


# -- validation ------------------------------------------------------------------------------------

def _connection(name: str, table: object, where: str | Path, calling_aet: str, *,
                base: Path | None = None) -> Connection:
    where_name = f"{where} [connections.{name}]" if isinstance(where, Path) else where
    if isinstance(where, Path) and not _NAME.match(name):
        raise PACSConfigError(where, _bad_name(name))
    if not isinstance(table, dict):
        raise PACSConfigError(where_name, translate("errors", "must be a table of keys (aet, host, port or url)"))
    timeout = _number(table.get("timeout", DEFAULT_TIMEOUT), where_name, "timeout", 0.1, MAX_TIMEOUT)
    if "url" in table:
        _only(table, _WEB_KEYS, where_name, translate("errors", "a DICOMweb connection (url)"))
        url = _url(table["url"], where_name)
        return Connection(name=name, protocol="dicomweb", url=url, timeout=timeout,
                          **_tls_files(table, where_name, base), **_auth(table, where_name, base, url))
    _only(table, _DIMSE_KEYS, where_name, translate("errors", "a DIMSE connection (aet, host, port)"))
    missing = [k for k in ("aet", "host", "port") if k not in table]
    if missing:
        raise PACSConfigError(where_name, translate("errors", "missing {keys} (or give url for DICOMweb)").format(
            keys=", ".join(missing)))
    retrieve = table.get("retrieve", "get")
    if retrieve not in ("get", "move"):
        raise PACSConfigError(where_name, translate("errors", "retrieve must be 'get' or 'move', not {value!r}")
                              .format(value=retrieve))
    move_port = int(_number(table.get("move_port", 0), where_name, "move_port", 0, 65535, integer=True))
    if retrieve == "move" and not move_port:
        raise PACSConfigError(where_name, translate("errors", "retrieve = 'move' needs move_port (the port our "
                                                              "storage SCP listens on)"))
    tls = _bool(table.get("tls", False), where_name, "tls")
    files = _tls_files(table, where_name, base)
    if files and not tls:
        raise PACSConfigError(where_name, translate("errors", "{key} needs tls = true").format(key=sorted(files)[0]))
    if tls and retrieve == "move":
        raise PACSConfigError(where_name, translate("errors", "retrieve = 'move' is not offered over TLS (our "
                                                              "storage SCP listens without TLS); use retrieve = 'get'"))
    host = table["host"]
    if not isinstance(host, str) or not host.strip() or any(c.isspace() for c in host.strip()):
        raise PACSConfigError(where_name, translate("errors", "host must be a host name or IP address, not {host!r}")
                              .format(host=host))
    return Connection(
        name=name, protocol="dimse", aet=_aet(table["aet"], where_name, "aet"), host=host.strip(),
        port=int(_number(table["port"], where_name, "port", 1, 65535, integer=True)),
        calling_aet=_aet(table.get("calling_aet", calling_aet), where_name, "calling_aet"),
        retrieve=retrieve, move_port=move_port, timeout=timeout, tls=tls, **files)


def _bool(value: object, where: str | Path, key: str) -> bool:
    if not isinstance(value, bool):
        raise PACSConfigError(where, translate("errors", "{key} must be true or false, not {value!r}").format(
            key=key, value=value))
    return value


def _path(value: object, where: str | Path, key: str, base: Path | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PACSConfigError(where, translate("errors", "{key} must be a file path, not {value!r}").format(
            key=key, value=value))
    path = Path(value.strip()).expanduser()
    return str(path if path.is_absolute() or base is None else base / path)


def _tls_files(table: dict, where: str | Path, base: Path | None) -> dict:
    files = {k: _path(table[k], where, k, base) for k in _TLS_FILES if k in table}
    if "key_file" in files and "cert_file" not in files:
        raise PACSConfigError(where, translate("errors", "key_file goes with cert_file (our client certificate)"))
    return files


def _auth(table: dict, where: str | Path, base: Path | None, url: str) -> dict:
    out: dict = {}
    for key in ("password_env", "token_env"):
        if key in table:
            if not isinstance(table[key], str) or not _ENV.match(table[key]):
                raise PACSConfigError(where, translate("errors", "{key} must name an environment variable, not "
                                                                 "{value!r}").format(key=key, value=table[key]))
            out[key] = table[key]
    for key in ("password_file", "token_file"):
        if key in table:
            out[key] = _path(table[key], where, key, base)
    if "username" in table:
        if not isinstance(table["username"], str) or not table["username"].strip() or ":" in table["username"]:
            raise PACSConfigError(where, translate("errors", "username must be a non-empty name without ':'"))
        out["username"] = table["username"].strip()
    password = bool({"password_env", "password_file"} & set(out))
    token = bool({"token_env", "token_file"} & set(out))
    if len([k for k in out if k != "username"]) > 1:
        raise PACSConfigError(where, translate("errors", "give one secret: password_env, password_file, token_env "
                                                         "or token_file"))
    if password != ("username" in out):
        raise PACSConfigError(where, translate("errors", "username goes with password_env or password_file "
                                                         "(basic authentication)"))
    if (password or token) and not url.startswith("https:"):
        raise PACSConfigError(where, translate("errors", "credentials are sent only over https; the url is http"))
    return out


def read_secret(conn: Connection) -> tuple[str, str] | None:
    """What the connection authenticates with: ``("basic", "user:password")``, ``("bearer", token)`` or None.

    Read when a request is made, from the environment variable or the file
    the configuration names (its first line, without the line end).

    Raises
    ------
    PACSConfigError
        The variable is unset or empty, or the file cannot be read or is empty;
        the message names the variable or file, never a secret.
    """
    kind = "basic" if conn.username else "bearer"
    env = conn.password_env or conn.token_env
    file = conn.password_file or conn.token_file
    if env:
        secret = os.environ.get(env, "")
        if not secret:
            raise PACSConfigError(f"[connections.{conn.name}]", translate(
                "errors", "environment variable {variable} is not set or empty").format(variable=env))
    elif file:
        try:
            secret = Path(file).read_text(encoding="utf-8").splitlines()[0] if Path(file).stat().st_size else ""
        except (OSError, UnicodeDecodeError) as exc:
            raise PACSConfigError(file, translate("errors", "secret file cannot be read ({reason})").format(
                reason=getattr(exc, 'strerror', None) or exc)) from None
        if not secret:
            raise PACSConfigError(file, translate("errors", "secret file is empty"))
    else:
        return None
    return kind, f"{conn.username}:{secret}" if kind == "basic" else secret


def _bad_name(name: object) -> str:
    return translate("errors", "connection name {name!r}: use letters, digits, '_', '-', '.' (max 64)").format(
        name=name)


def _ssl_reason(exc: Exception) -> str:
    return str(getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc)[:120]


def _only(table: dict, allowed: set[str], where: str | Path, what: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise PACSConfigError(where, translate("errors", "unknown key {key!r} for {what}; allowed: {allowed}").format(
            key=unknown[0], what=what, allowed=", ".join(sorted(allowed))))


def _aet(value: object, where: str | Path, key: str) -> str:
    if not isinstance(value, str) or not _AET.match(value) or not value.strip():
        raise PACSConfigError(where, translate("errors", "{key} {value!r} is not an AE title (1-16 printable ASCII "
                                                         "characters, no backslash)").format(key=key, value=value))
    return value.strip()


def _number(value: object, where: str | Path, key: str, low: float, high: float, *, integer: bool = False) -> float:
    if not (isinstance(value, int | float) and not isinstance(value, bool)
            and (not integer or float(value).is_integer()) and low <= value <= high):
        if integer:
            message = translate("errors", "{key} must be an integer from {low:g} to {high:g}, not {value!r}")
        else:
            message = translate("errors", "{key} must be a number from {low:g} to {high:g}, not {value!r}")
        raise PACSConfigError(where, message.format(key=key, low=low, high=high, value=value))
    return float(value)


def _url(value: object, where: str | Path) -> str:
    if not isinstance(value, str):
        raise PACSConfigError(where, translate("errors", "url must be text, not {value!r}").format(value=value))
    parts = urlsplit(value.strip())
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        raise PACSConfigError(where, translate("errors", "url {value!r} has an invalid port").format(
            value=value)) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PACSConfigError(where, translate("errors", "url {value!r} is not an http(s) URL such as "
                                                         "http://host:8042/dicom-web").format(value=value))
    if parts.username or parts.password:
        raise PACSConfigError(where, translate("errors", "url must not hold a user name or password"))
    if parts.query or parts.fragment:
        raise PACSConfigError(where, translate("errors", "url must be the service root, without '?' or '#'"))
    return value.strip().rstrip("/")
