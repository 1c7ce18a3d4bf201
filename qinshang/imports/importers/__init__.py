"""What each kind of import expects, and the check of every row before anything is written:
``base`` holds what all kinds share, one module per kind holds its columns and checks."""

from qinshang.imports.importers.base import Column, Importer, Problem
from qinshang.imports.importers.projects import FundArrivalImporter, ProjectImporter
from qinshang.imports.importers.survey_returns import ReturnRecord, SurveyReturnImporter
from qinshang.imports.importers.targets import TargetImporter, TargetRecord
from qinshang.imports.importers.template import write_template
from qinshang.imports.importers.visits import VisitImporter, VisitRecord
from qinshang.imports.models import ImportKind

IMPORTERS: dict[str, type[Importer]] = {
    ImportKind.VISITS: VisitImporter,
    ImportKind.SURVEY_RETURNS: SurveyReturnImporter,
    ImportKind.TARGETS: TargetImporter,
    ImportKind.PROJECTS: ProjectImporter,
    ImportKind.FUND_ARRIVALS: FundArrivalImporter,
}

__all__ = ["IMPORTERS", "Column", "Importer", "Problem", "ReturnRecord", "SurveyReturnImporter",
           "TargetImporter", "TargetRecord", "VisitImporter", "VisitRecord", "write_template"]
