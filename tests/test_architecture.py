"""The layers of docs/architecture.md hold: `lint-imports` keeps every contract.

The contracts live in pyproject.toml ([tool.importlinter]). A lower app that
imports a higher one, or terreau's ground floor importing a domain app, fails
here with the import chain that breaks the rule.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
