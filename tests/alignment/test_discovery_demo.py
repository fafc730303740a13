"""Discovery's demo data (A1): every demo organization has its vector once the demo is loaded."""

from io import StringIO

import pytest
from django.core.management import call_command

from accord.accounts.models import User
from accord.alignment import embedding
from accord.alignment.demo import discovery as demo
from accord.alignment.models import OrganizationVector
from accord.alignment.queries.discovery import rank_candidates
from accord.alignment.services.discovery import organization_text
from accord.directory.models import Organization
from accord.partnerships.demo import build_demo
from accord.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def stored() -> dict[int, tuple[str, bytes]]:
    return {
        v.organization_id: (v.text_hash, bytes(v.vector)) for v in OrganizationVector.objects.all()
    }


class TestDemo:
    def test_demo_organizations_get_their_vectors_and_a_second_run_changes_nothing(self):
        context = build_demo()
        demo.seed(context)
        vectors = stored()
        organizations = list(Organization.objects.all())
        assert organizations and set(vectors) == {o.pk for o in organizations}
        for organization in organizations:
            assert vectors[organization.pk][0] == embedding.text_hash(
                organization_text(organization)
            )
        assert f"discovery vectors for {len(organizations)} organizations" in context.log
        again = build_demo()
        demo.seed(again)
        assert again.log == [] and stored() == vectors

    def test_the_demo_discovery_page_needs_no_embedding(self):
        call_command("seed", "--demo", stdout=StringIO())
        before = stored()
        admin = User.objects.get(username="admin")
        for partnership in Partnership.objects.all():
            ranking = rank_candidates(admin, partnership)
            assert ranking.has_query and len(ranking) > 0
        assert stored() == before  # nothing was missing or stale
