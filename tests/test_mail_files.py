"""`ACCORD_EMAIL=file` (what `make run` uses) writes what the README says: under `var/mail/`, one
complete `.eml` file per message, which a mail parser reads back whole."""

import os
import subprocess
import sys
from email import policy
from email.parser import BytesParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SEND = """
import django
django.setup()
from django.core.mail import EmailMessage, get_connection, send_mass_mail

# Two messages over one connection (as a task sending a batch does), then one with an attachment.
send_mass_mail(
    [
        ("First", "Body one", "accord@localhost", ["a@example.org"]),
        ("Second", "Body two", "accord@localhost", ["b@example.org", "c@example.org"]),
    ]
)
message = EmailMessage("Signed MOU", "Attached.", "accord@localhost", ["d@example.org"])
message.attach("mou.pdf", b"%PDF-1.7 test", "application/pdf")
message.send()
"""


def test_make_run_writes_one_eml_file_per_message_under_var_mail(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "accord.settings",
        "ACCORD_EMAIL": "file",
        "ACCORD_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", SEND], env=env, cwd=ROOT, check=True, timeout=120)
    files = sorted((tmp_path / "mail").iterdir())
    assert [f.suffix for f in files] == [".eml", ".eml", ".eml"], files
    messages = [BytesParser(policy=policy.default).parsebytes(f.read_bytes()) for f in files]
    assert sorted(m["Subject"] for m in messages) == ["First", "Second", "Signed MOU"]
    second = next(m for m in messages if m["Subject"] == "Second")
    assert second["To"] == "b@example.org, c@example.org"
    assert second.get_content().strip() == "Body two"
    signed = next(m for m in messages if m["Subject"] == "Signed MOU")
    [attachment] = list(signed.iter_attachments())
    assert attachment.get_filename() == "mou.pdf"
    assert attachment.get_content() == b"%PDF-1.7 test"


def test_the_readme_says_so():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "written under `var/mail/` rather than sent, one `.eml` file per message" in readme
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "run: export ACCORD_EMAIL ?= file" in makefile
