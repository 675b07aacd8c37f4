"""The insights app reads every other app through its selectors: no query of its own.

import-linter refuses a direct import of the other apps' models
(pyproject.toml); this test refuses the queries an allowed import
(communities' and gardeners' models, for their enums and types) could still
write, and keeps every module of the app under 400 lines.
"""

import re
from pathlib import Path

import insights

ROOT = Path(insights.__file__).parent
MODULES = sorted(ROOT.rglob("*.py"))
QUERY = re.compile(r"\.objects\b|_default_manager|\.raw\(|connection\.cursor|\bRawSQL\b")


def test_the_app_has_modules_to_check():
    assert {"selectors.py", "views.py", "circles.py", "activity.py"} <= {m.name for m in MODULES}


def test_no_module_of_the_dashboards_queries_a_table_itself():
    offenders = [
        f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}"
        for path in MODULES
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if QUERY.search(line)
    ]

    assert offenders == []


def test_no_module_of_the_dashboards_passes_400_lines():
    long = {str(m.relative_to(ROOT.parent)): n for m in MODULES
            if (n := len(m.read_text().splitlines())) > 400}

    assert long == {}
