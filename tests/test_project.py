"""The project's own set-up: versions agree everywhere, lint is clean, commands are the documented ones."""

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def lock_pins() -> dict[str, str]:
    """Package -> pinned version for this interpreter (markers evaluated)."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("-"):
            continue
        spec, _, marker = line.partition(";")
        if marker.strip() and not Marker(marker.strip()).evaluate():
            continue
        name, _, version = spec.strip().partition("==")
        pins[canonical(name)] = version.strip()
    return pins


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


OUTSIDE_THE_LOCK = {"spark"}
"""Extras installed on demand, not by the lock: PySpark (about 480 MB, needs Java) by `make setup-spark`."""


def project_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    for extra, requirements in project["optional-dependencies"].items():
        if extra not in OUTSIDE_THE_LOCK:
            names += requirements
    return [Requirement(name) for name in names]


def test_make_setup_spark_installs_a_pyspark_within_the_extra():
    spark = [Requirement(r) for r in tomllib.loads((ROOT / "pyproject.toml").read_text())
             ["project"]["optional-dependencies"]["spark"]]
    pinned = re.search(r'"pyspark==([\d.]+)"', (ROOT / "Makefile").read_text()).group(1)
    assert all(requirement.specifier.contains(pinned) for requirement in spark)


def test_lock_pins_every_dependency_within_its_range():
    pins = lock_pins()
    for requirement in project_requirements():
        name = canonical(requirement.name)
        assert name in pins, f"{name} is in pyproject.toml but not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(pins[name]), (
            f"requirements.lock pins {name}=={pins[name]}, outside pyproject's {requirement.specifier}"
        )


def test_lock_pins_every_line_exactly():
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            assert "==" in line.split(";")[0], f"unpinned line in requirements.lock: {line!r}"


def test_environment_yml_installs_the_lock_and_the_package():
    text = (ROOT / "environment.yml").read_text()
    assert "- -r requirements.lock" in text
    assert "- -e ." in text
    python = re.search(r"- python=(\d+\.\d+)", text).group(1)
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert Requirement(f"python{requires}").specifier.contains(python + ".0")


def test_the_environment_matches_the_lock():
    """A stale .venv (lock changed, `make` not re-run) fails here rather than in a notebook."""
    stale = []
    for name, version in lock_pins().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            stale.append(f"{name} missing")
            continue
        if installed != version:
            stale.append(f"{name} {installed} != {version}")
    assert not stale, "installed packages differ from requirements.lock: " + ", ".join(stale)


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_shows_the_two_commands_that_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make lab" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^\s*make test\b", ci, re.M), ".ci/run must call `make test`, the README's command"


def test_lab_binds_localhost_and_keeps_the_token():
    makefile = (ROOT / "Makefile").read_text()
    lab = makefile.split("\nlab:")[1].split("\n\n")[0]
    assert "--ServerApp.ip=127.0.0.1" in lab
    assert "token=" not in lab.replace("IdentityProvider.token=$(", "")


@pytest.mark.parametrize("module", sorted(p.stem for p in (ROOT / "helpers").glob("*.py")))
def test_every_helper_module_has_a_docstring(module):
    source = (ROOT / "helpers" / f"{module}.py").read_text(encoding="utf-8")
    assert source.lstrip().startswith('"""'), f"helpers/{module}.py needs a module docstring"
