"""A real Orthanc on loopback for the PACS tests (DIMSE and DICOMweb), never a mock.

The session fixture :func:`orthanc` starts Orthanc (with the DICOMweb plugin)
on free loopback ports with a throwaway configuration and storage folder,
uploads a CR chest radiograph (pydicom-data RG1_UNCR.dcm) and a 12-lead ECG
(pydicom's waveform_ecg.dcm, given the radiograph's patient ID so the two make
one case) through Orthanc's REST API, and stops it afterwards.  Test modules
import the fixtures they use (each module gets its own server).  The tests
skip only where the Orthanc binary is not installed (``apt-get install orthanc
orthanc-dicomweb``).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pydicom
import pytest

from ph_assist import pacs
from ph_assist.cli import main
from tests import cxr_fixtures as fx

PATIENT_ID = "9RG1"  # RG1_UNCR's patient ID; the ECG copy is given it too
CXR_STUDY = "1.3.6.1.4.1.5962.1.2.9.20040826185059.5457"
ECG_STUDY = "1.3.76.13.65829.2.20130125082826.1072139.2"
OUR_AET = "PHASSIST"
_DICOMWEB_PLUGINS = ("/usr/share/orthanc/plugins/libOrthancDicomWeb.so",
                     "/usr/lib/orthanc/libOrthancDicomWeb.so.1.7")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dicomweb_plugin() -> str | None:
    try:
        listed = subprocess.run(["dpkg", "-L", "orthanc-dicomweb"], capture_output=True, text=True, timeout=10).stdout
        found = [line for line in listed.splitlines() if "DicomWeb" in line and ".so" in line]
    except (OSError, subprocess.SubprocessError):
        found = []
    return next((p for p in [*found, *_DICOMWEB_PLUGINS] if Path(p).is_file()), None)


def make_tls_files(folder: Path) -> dict[str, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1 / localhost it signed (PEM files), with `cryptography`."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.timezone.utc)

    def cert(subject: str, key, issuer_name, issuer_key, *, ca: bool):
        builder = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                   .issuer_name(issuer_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        usage = dict.fromkeys(("content_commitment", "data_encipherment", "key_agreement", "encipher_only",
                               "decipher_only"), False)
        if ca:
            builder = builder.add_extension(x509.KeyUsage(digital_signature=False, key_encipherment=False,
                                                          key_cert_sign=True, crl_sign=True, **usage), critical=True)
        else:  # what a strict verifier (X509_STRICT) asks of a server certificate
            builder = (builder.add_extension(x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                               critical=False)
                .add_extension(x509.KeyUsage(digital_signature=True, key_encipherment=True, key_cert_sign=False,
                                             crl_sign=False, **usage), critical=True)
                .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False))
        return builder.sign(issuer_key, hashes.SHA256())

    ca_key, key = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))  # Orthanc: RSA
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "PH-Assist test CA")])
    ca_cert = cert("PH-Assist test CA", ca_key, ca_name, ca_key, ca=True)
    server = cert("127.0.0.1", key, ca_name, ca_key, ca=False)
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    files = {"ca": folder / "ca.pem", "cert": folder / "server.pem", "key": folder / "server.key",
             "both": folder / "server-both.pem"}
    files["ca"].write_bytes(ca_cert.public_bytes(pem))
    files["cert"].write_bytes(server.public_bytes(pem))
    files["key"].write_bytes(key_pem)
    files["both"].write_bytes(server.public_bytes(pem) + key_pem)
    return files


class _Orthanc:
    def __init__(self, root: Path, *, tls: dict[str, Path] | None = None, users: dict[str, str] | None = None):
        self.dicom_port, self.http_port, self.move_port = _free_port(), _free_port(), _free_port()
        self.plugin = _dicomweb_plugin()
        (root / "db").mkdir()
        config = {
            "Name": "PH-Assist test", "StorageDirectory": str(root / "db"), "IndexDirectory": str(root / "db"),
            "DicomAet": "ORTHANC", "DicomPort": self.dicom_port, "HttpPort": self.http_port,
            "RemoteAccessAllowed": False, "AuthenticationEnabled": False, "HttpTimeout": 10,
            "DicomModalities": {"phassist": {"AET": OUR_AET, "Host": "127.0.0.1", "Port": self.move_port,
                                             "AllowEcho": True, "AllowFind": True, "AllowGet": True,
                                             "AllowMove": True, "AllowStore": True}},
            "Plugins": [self.plugin] if self.plugin else [],
            "DicomWeb": {"Enable": True, "Root": "/dicom-web/"},
        }
        if tls:  # DICOM TLS with the test CA's server certificate (Orthanc >= 1.9). Not "SslEnabled": Debian's
            # Orthanc 1.10.1 crashes (SIGSEGV) on its first HTTPS request here; :class:`TLSProxy` serves HTTPS instead
            config.update({"DicomTlsEnabled": True,
                           "DicomTlsCertificate": str(tls["cert"]), "DicomTlsPrivateKey": str(tls["key"]),
                           "DicomTlsTrustedCertificates": str(tls["ca"]),
                           "DicomTlsRemoteCertificateRequired": False})
        if users:
            config.update({"AuthenticationEnabled": True, "RegisteredUsers": users})
        self.tls, self.users = tls, users
        (root / "orthanc.json").write_text(json.dumps(config))
        self.log = root / "orthanc.log"
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen([shutil.which("Orthanc"), str(root / "orthanc.json")],
                                         stdout=log, stderr=subprocess.STDOUT)
        self.http = f"http://127.0.0.1:{self.http_port}"
        self.dicomweb = f"{self.http}/dicom-web"
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with self._open(urllib.request.Request(f"{self.http}/system"), timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        tail = self.log.read_text(errors="replace").strip().splitlines()[-3:]
        pytest.fail(f"Orthanc did not start: {' | '.join(tail)}")

    def upload(self, data: bytes) -> None:
        req = urllib.request.Request(f"{self.http}/instances", data=data, method="POST",
                                     headers={"Content-Type": "application/dicom"})
        with self._open(req, timeout=30) as r:
            assert r.status == 200

    def _open(self, req: urllib.request.Request, timeout: float):
        import base64

        if self.users:
            user, password = next(iter(self.users.items()))
            req.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
        return urllib.request.urlopen(req, timeout=timeout)

    def get(self, path: str) -> bytes:
        """GET a REST resource of Orthanc (e.g. ``/instances/ID/preview``)."""
        with self._open(urllib.request.Request(f"{self.http}{path}"), timeout=30) as r:
            return r.read()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()
            self.proc.wait()


class TLSProxy:
    """HTTPS on loopback in front of an Orthanc's HTTP port: TLS ends here, every request and header goes through.

    Orthanc itself still answers (and checks the basic authentication); only
    the transport is this server's, with the test CA's server certificate.
    """

    def __init__(self, upstream: str, files: dict[str, Path]):
        import http.server
        import ssl
        import threading

        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                req = urllib.request.Request(upstream + self.path, data=body, method=self.command, headers=headers)
                try:
                    with urllib.request.urlopen(req, timeout=30) as r:
                        status, reply, data = r.status, r.headers, r.read()
                except urllib.error.HTTPError as exc:
                    status, reply, data = exc.code, exc.headers, exc.read()
                self.send_response(status)
                for k, v in reply.items():
                    if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                proxy.requests += 1

            do_GET = do_POST = do_PUT = do_DELETE = _forward

        import urllib.error

        self.requests = 0
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(files["cert"]), str(files["key"]))
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_orthanc(root: Path, **kwargs) -> _Orthanc:
    """An Orthanc in ``root`` holding the test case (radiograph and ECG); skip where Orthanc is not installed."""
    if shutil.which("Orthanc") is None:
        pytest.skip("Orthanc is not installed (apt-get install orthanc orthanc-dicomweb); PACS tests need a real one")
    server = _Orthanc(root, **kwargs)
    try:
        server.upload(fx.testdata("RG1_UNCR.dcm").read_bytes())
        ecg = pydicom.dcmread(fx.testdata("waveform_ecg.dcm"))
        ecg.PatientID = PATIENT_ID  # the same patient's ECG: one case, two studies
        ecg.save_as(root / "ecg.dcm")
        server.upload((root / "ecg.dcm").read_bytes())
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def orthanc(tmp_path_factory):
    server = start_orthanc(tmp_path_factory.mktemp("orthanc"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def dimse(orthanc):
    return pacs.parse_dimse_target(f"ORTHANC@127.0.0.1:{orthanc.dicom_port}", calling_aet=OUR_AET)


@pytest.fixture()
def web(orthanc):
    if not orthanc.plugin:
        pytest.skip("the Orthanc DICOMweb plugin is not installed (apt-get install orthanc-dicomweb)")
    return pacs.dicomweb_connection(orthanc.dicomweb)


@pytest.fixture()
def config_dir(orthanc, tmp_path, monkeypatch):
    """pacs.toml naming the test Orthanc three ways, in a throwaway $PH_ASSIST_CONFIG_DIR."""
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "pacs.toml").write_text(f"""
calling_aet = "{OUR_AET}"
[connections.orthanc]
aet = "ORTHANC"
host = "127.0.0.1"
port = {orthanc.dicom_port}
timeout = 20
[connections.orthanc-move]
aet = "ORTHANC"
host = "127.0.0.1"
port = {orthanc.dicom_port}
retrieve = "move"
move_port = {orthanc.move_port}
[connections.orthanc-web]
url = "{orthanc.dicomweb}"
""")
    monkeypatch.setenv("PH_ASSIST_CONFIG_DIR", str(tmp_path / "cfg"))
    return tmp_path / "cfg"


def run(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        import io

        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err
