"""A database password never leaves the URL: not in output, JSON, files written, or commits.

Every URL form that carries a secret (`user:pw@`, `?password=`, `?sslpassword=`, percent-encoded,
an `@` inside the password) goes through `verify`, `run --verify` and `import db`, on working
servers and in every failure mode (unreachable host, wrong credentials, bad database name).
PostgreSQL here trusts local connections, so a made-up password still connects.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from pydev_workflow.cli.app import run_cli
from pydev_workflow.verify.urls import create_engine, parse_target, parse_url, redact, show_url

# each secret ends in a distinctive tail: a leak of the part after an `@` is caught too
SECRETS = {
    "userinfo": "Pw1Userinfo9x",
    "query": "Pw2Query9x",
    "sslpassword": "Pw3SslPass9x",
    "encoded": "Pw4@Enc9x",  # written %40 in the URL
    "at": "Pw5@AtSign9x",  # written raw: the LAST @ ends the userinfo
}
TAILS = ["Userinfo9x", "Query9x", "SslPass9x", "Enc9x", "AtSign9x"]


def _forms(url: str) -> dict[str, str]:
    """The URL forms of `url` (a server URL without password), one secret each."""
    u = sa.make_url(url)
    host = f"{u.host}:{u.port}" if u.port else str(u.host)
    base = f"{u.drivername}://{u.username}"
    db = f"/{u.database}" if u.database else "/"
    return {
        "userinfo": f"{base}:{SECRETS['userinfo']}@{host}{db}",
        "query": f"{base}@{host}{db}?password={SECRETS['query']}",
        "sslpassword": f"{base}@{host}{db}?sslpassword={SECRETS['sslpassword']}"
        "&application_name=pdw",
        "encoded": f"{base}:{SECRETS['encoded'].replace('@', '%40')}@{host}{db}",
        "at": f"{base}:{SECRETS['at']}@{host}{db}",
    }


def _clean(text: str) -> None:
    for secret in (*SECRETS.values(), *TAILS):
        assert secret not in text, f"{secret!r} leaked in: {text[:2000]}"
    assert "%40Enc" not in text


def _tree(root: Path) -> str:
    """Every file under `root` (the git history as patches), as one text."""
    parts = []
    for p in sorted(root.rglob("*")):
        if p.is_file() and ".git" not in p.parts:
            parts.append(p.read_text(encoding="utf-8", errors="replace"))
    if (root / ".git").exists():
        parts.append(
            subprocess.run(
                ["git", "log", "-p", "--all", "--format=%H %s %b"],
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    return "\n".join(parts)


@pytest.mark.parametrize("form", list(SECRETS))
def test_show_url_hides_every_form(form: str) -> None:
    url = _forms("postgresql+psycopg://postgres@127.0.0.1:5432/pdw_secrets_probe")[form]
    shown = show_url(url)
    _clean(shown)
    _clean(redact(f"error: cannot connect to {url} (password={SECRETS['query']})"))
    assert shown.startswith("postgresql+psycopg://postgres") and "127.0.0.1" in shown
    # an engine's repr is in SQLAlchemy's own messages: secret parameters are not in its URL
    engine = create_engine(parse_target(url))
    _clean(repr(engine) + str(engine.url))
    engine.dispose()
    if form == "at":  # the whole password parsed as the password, the host as the host
        assert parse_url(url).password == SECRETS["at"]
        assert parse_url(url).host == "127.0.0.1"


@pytest.mark.parametrize("form", list(SECRETS))
def test_verify_and_import_on_postgresql(
    form: str, postgresql_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _forms(postgresql_url)[form]
    spec = Path(__file__).parent.parent / "examples" / "blog" / "data-models.yaml"
    for fmt in ("text", "json"):
        code = run_cli(["data-models", "verify", "-s", str(spec), "--db", url, "--in-place",
                        "--rows", "20", "--format", fmt])  # fmt: skip
        out, err = capsys.readouterr()
        assert code in (0, 1), err
        _clean(out + err)
    written = tmp_path / "imported.yaml"
    code = run_cli(["data-models", "import", "db", url, "-o", str(written)])
    out, err = capsys.readouterr()
    # the session's database may hold no table: nothing to import is exit 2, said without it
    assert code in (0, 2), err
    _clean(out + err + _tree(tmp_path))


def _failing(postgresql_url: str, mariadb_url: str) -> list[str]:
    """URLs that fail: unreachable host, wrong credentials, a database that does not exist."""
    pg = sa.make_url(postgresql_url)
    my = sa.make_url(mariadb_url)
    out = list(_forms(pg.set(port=1).render_as_string(False)).values())  # nobody on port 1
    out += list(_forms(str(pg.set(database="pdw_no_such_db"))).values())
    bad_user = pg.set(username="pdw_no_such_user").render_as_string(False)
    out += list(_forms(bad_user).values())
    out += list(_forms(my.render_as_string(False)).values())  # root has no password: denied
    out += list(_forms(str(my.set(database="pdw_no_such_db"))).values())
    return out


def test_failures_never_show_the_password(
    postgresql_url: str, mariadb_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = Path(__file__).parent.parent / "examples" / "blog" / "data-models.yaml"
    for url in _failing(postgresql_url, mariadb_url):
        code = run_cli(["data-models", "verify", "-s", str(spec), "--db", url, "--rows", "20"])
        out, err = capsys.readouterr()
        assert code == 2, (url, out, err)
        assert "Traceback" not in err and err.count("\n") == 1, err
        _clean(out + err)
        code = run_cli(["data-models", "import", "db", url, "-o", str(tmp_path / "x.yaml")])
        out, err = capsys.readouterr()
        assert code == 2 and "Traceback" not in err
        _clean(out + err)
    assert not (tmp_path / "x.yaml").exists()


def test_run_verify_writes_and_commits_no_password(
    project: Path,
    postgresql_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forms = _forms(postgresql_url)
    # one URL on the command line, one from the environment behind the engine name
    monkeypatch.setenv("PYDEV_WORKFLOW_DB_URL", forms["query"])
    for fmt in ("text", "json"):
        code = run_cli(["data-models", "run", "-C", str(project), "--verify",
                        f"postgresql,{forms['at']}", "--in-place", "--rows", "50",
                        "--format", fmt])  # fmt: skip
        out, err = capsys.readouterr()
        assert code == 0, out + err
        _clean(out + err)
    # a failing engine in the list: reported, the password still hidden, nothing written
    monkeypatch.setenv("PYDEV_WORKFLOW_DB_URL", forms["encoded"].replace(":5432", ":1"))
    code = run_cli(["data-models", "run", "-C", str(project), "--verify",
                    f"sqlite,postgresql,{forms['sslpassword']}", "--in-place", "--rows", "50",
                    "--no-commit"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert "not verified" in out and "verified on sqlite" in out
    _clean(out + err)
    _clean(_tree(project))
