"""The API fuzz test (tests/test_api_fuzz.py, which says how it works) for the collaboration
survey's operations (/survey-waves, /survey-trends): a module of its own, so that each stays within
the module time limit. Half the requests name a real wave: the demo's latest in Bridges, which the
fuzzing steward may read, close and (not being asked by it) is refused answering."""

import pytest

from accord.surveys.models import SurveyWave
from tests.test_api_fuzz import REAL_IDS, SURVEYS, fuzz_test, keep_connection, schema  # noqa: F401
from tests.test_api_fuzz import world as demo_world  # noqa: F401


@pytest.fixture(scope="module")
def world(demo_world):  # noqa: F811
    wave = SurveyWave.objects.filter(partnership_id=REAL_IDS["partnership_id"]).first()
    REAL_IDS["survey_wave_id"] = wave.pk
    return demo_world


test_api_conforms_to_its_schema = fuzz_test(schema.include(path_regex=SURVEYS))
