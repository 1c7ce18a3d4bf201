"""``qinshang import``: the same import in the foreground, printing progress and the report."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from qinshang.campaigns.models import Visit
from qinshang.imports.models import ImportJob, ImportState

from .conftest import VISIT_HEADER, csv_bytes, enterprises_in, visit_row, write_file


def run(*arguments) -> str:
    out = io.StringIO()
    call_command("import", *arguments, stdout=out)
    return out.getvalue()


def test_the_command_imports_and_prints_its_progress(cast, tmp_path):
    enterprises = enterprises_in("370102", 2500)
    path = write_file(tmp_path, "走访.csv",
                      csv_bytes([VISIT_HEADER, *[visit_row(e) for e in enterprises]]))

    output = run("visits", str(path), "--campaign", str(cast.campaigns.campaign.pk),
                 "--user", "owner")

    assert "validated 2,000 of 2,500 rows" in output
    assert "validated 2,500 of 2,500 rows" in output
    assert "imported 2,500 rows: 2,500 written" in output
    assert Visit.objects.filter(enterprise__in=enterprises).count() == 2500
    assert ImportJob.objects.get().state == ImportState.DONE


def test_the_command_prints_every_problem_and_fails(cast, tmp_path):
    path = write_file(tmp_path, "走访.csv", csv_bytes(
        [VISIT_HEADER, visit_row(cast.enterprise, day="2026-02-30")]))
    out = io.StringIO()

    with pytest.raises(CommandError, match="nothing was written: 1 problems in 1 rows"):
        call_command("import", "visits", str(path), campaign=cast.campaigns.campaign.pk,
                     user="owner", stdout=out)

    assert "row 2, 走访日期: “2026-02-30” is not a date" in out.getvalue()


def test_the_command_checks_the_user_may_reach_the_campaign(cast, tmp_path):
    path = write_file(tmp_path, "走访.csv", csv_bytes([VISIT_HEADER, visit_row(cast.enterprise)]))
    campaign = str(cast.campaigns.campaign.pk)
    with pytest.raises(CommandError, match="no such campaign"):
        run("visits", str(path), "--campaign", campaign, "--user", "other_city")
    with pytest.raises(CommandError, match="may not record anything"):
        run("visits", str(path), "--campaign", campaign, "--user", "reader")
    with pytest.raises(CommandError, match="need --survey"):
        run("survey-returns", str(path), "--campaign", campaign, "--user", "owner")
