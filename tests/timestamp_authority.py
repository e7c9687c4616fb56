"""A real RFC 3161 time-stamp authority on 127.0.0.1 for the tests: OpenSSL's `openssl ts -reply` answers
each request, behind a small HTTP server, so records are time-stamped over the network by software that is
not pyHanko."""

from __future__ import annotations

import subprocess
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

OPENSSL_CONFIG = """
[ tsa ]
default_tsa = local_tsa
[ local_tsa ]
dir = {folder}
serial = $dir/serial
signer_cert = $dir/tsa.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.4146.2.3
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


class LocalTimeStampAuthority:
    """Start with `start()`, stop with `stop()`; `url`, `root_file` (its certificate, PEM) and `answered`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.answered = 0
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/tsa"

    @property
    def root_file(self) -> Path:
        return self.folder / "tsa.crt"

    def start(self) -> LocalTimeStampAuthority:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._make_certificate()
        authority = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server name
                request = self.rfile.read(int(self.headers["Content-Length"]))
                reply = authority._reply(request)
                authority.answered += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _reply(self, request: bytes) -> bytes:
        with tempfile.TemporaryDirectory() as work:
            query, reply = Path(work) / "query.tsq", Path(work) / "reply.tsr"
            query.write_bytes(request)
            subprocess.run(["openssl", "ts", "-reply", "-config", str(self.folder / "openssl.cnf"),
                            "-queryfile", str(query), "-out", str(reply)], check=True, capture_output=True)
            return reply.read_bytes()

    def _make_certificate(self) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Time-Stamping Authority"),
                          x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")])
        now = datetime.now(UTC)
        certificate = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(key, hashes.SHA256()))
        (self.folder / "tsa.key").write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        self.root_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        (self.folder / "serial").write_text("01\n")
        (self.folder / "openssl.cnf").write_text(OPENSSL_CONFIG.format(folder=self.folder))
