"""The values profile (A1): values and JEDI practices checklist, their rules, pages and history."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.directory import services
from accord.directory.demo import CULTURE, PRACTICES, VALUES, seed_demo
from accord.directory.forms_profiles import ValuesProfileForm
from accord.directory.models import CultureProfile, Organization, OrganizationPractice
from accord.partnerships.demo import build_demo
from tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def counts():
    return (
        Organization.history.count(),
        OrganizationPractice.objects.count(),
        OrganizationPractice.history.count(),
    )


def values_url(organization) -> str:
    return reverse("directory:organization-values", args=[organization.pk])


def detail_url(organization) -> str:
    return reverse("directory:organization-detail", args=[organization.pk])


EQUITY = {
    "practice": "equity_statement",
    "evidence_url": "https://host.example.org/equity",
    "note": "Board-approved.",
}
HIRING = {"practice": "inclusive_hiring", "evidence_url": "", "note": ""}


# --- Services -----------------------------------------------------------------------------------
class TestValuesRules:
    def test_values_are_trimmed_without_empties_or_repeats(self):
        organization = OrganizationFactory()
        services.organization_values_update(
            organization=organization, values=["  Respect ", "", "respect", "Courage", "  "]
        )
        organization.refresh_from_db()
        assert organization.values == ["Respect", "Courage"]

    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ([f"Value {n}" for n in range(31)], "Give at most 30 values; there are 31."),
            (["x" * 201], "Each value may have at most 200 characters"),
            (["bad\x00value"], "may not contain null characters"),
            ("Respect", "Give the values as a list."),
            ([7], "Each value must be text."),
        ],
    )
    def test_refused_values_name_the_field_and_write_nothing(self, values, message):
        organization = OrganizationFactory(values=["Respect"])
        before = counts()
        with pytest.raises(ValidationError) as excinfo:
            services.organization_values_update(organization=organization, values=values)
        assert message in excinfo.value.message_dict["values"][0]
        assert counts() == before
        organization.refresh_from_db()
        assert organization.values == ["Respect"]

    def test_thirty_values_of_two_hundred_characters_are_fine(self):
        organization = OrganizationFactory()
        values = [f"{n:03d}" + "x" * 197 for n in range(30)]
        services.organization_values_update(organization=organization, values=values)
        organization.refresh_from_db()
        assert organization.values == values

    def test_create_and_update_take_values_too(self):
        organization = services.organization_create(
            name="Values Inc", subtype="company", values=[" Care ", "care"]
        )
        assert organization.values == ["Care"]
        services.organization_update(organization=organization, values=["Care", "Rigour"])
        organization.refresh_from_db()
        assert organization.values == ["Care", "Rigour"]
        with pytest.raises(ValidationError) as excinfo:
            services.organization_update(organization=organization, values=["y" * 201])
        assert "values" in excinfo.value.message_dict


class TestChecklistRules:
    def test_saving_changes_only_what_differs_so_history_stays_meaningful(self):
        organization = OrganizationFactory()
        services.organization_values_update(organization=organization, practices=[EQUITY, HIRING])
        assert OrganizationPractice.history.count() == 2
        # The same checklist again: nothing written.
        services.organization_values_update(organization=organization, practices=[HIRING, EQUITY])
        assert OrganizationPractice.history.count() == 2
        changed = {**HIRING, "note": "Structured interviews."}
        services.organization_values_update(organization=organization, practices=[changed])
        kinds = list(
            OrganizationPractice.history.order_by("history_date", "pk").values_list(
                "practice", "history_type"
            )
        )
        assert kinds[2:] == [("inclusive_hiring", "~"), ("equity_statement", "-")]
        assert list(organization.practices.values_list("practice", "note")) == [
            ("inclusive_hiring", "Structured interviews.")
        ]

    @pytest.mark.parametrize(
        ("practices", "field", "message"),
        [
            ([{**EQUITY, "evidence_url": "not a link"}], "practices.0.evidence_url", "valid URL"),
            (
                [HIRING, {**EQUITY, "evidence_url": "https://x.example.org/" + "a" * 200}],
                "practices.1.evidence_url",
                "at most 200 characters",
            ),
            ([{**EQUITY, "practice": "astrology"}], "practices.0.practice", "not a valid choice"),
            ([EQUITY, EQUITY], "practices.1.practice", "listed twice"),
        ],
    )
    def test_refused_practices_name_the_field_and_write_nothing(self, practices, field, message):
        organization = OrganizationFactory(values=["Respect"])
        services.organization_values_update(organization=organization, practices=[HIRING])
        before = counts()
        with pytest.raises(ValidationError) as excinfo:
            services.organization_values_update(
                organization=organization, values=["Changed"], practices=practices
            )
        assert message in " ".join(excinfo.value.message_dict[field])
        assert counts() == before
        organization.refresh_from_db()
        assert organization.values == ["Respect"]

    def test_every_refusal_is_reported_at_once(self):
        organization = OrganizationFactory()
        with pytest.raises(ValidationError) as excinfo:
            services.organization_values_update(
                organization=organization,
                values=["z" * 201],
                practices=[{**EQUITY, "evidence_url": "nope"}],
            )
        assert set(excinfo.value.message_dict) == {"values", "practices.0.evidence_url"}


# --- Pages --------------------------------------------------------------------------------------
class TestDetailPage:
    def test_shows_values_checklist_with_evidence_and_its_history(self, cast, client):
        services.organization_values_update(
            organization=cast.host, values=["Respect", "Courage"], practices=[EQUITY]
        )
        services.organization_values_update(
            organization=cast.host,
            practices=[{**EQUITY, "evidence_url": "https://host.example.org/equity-2026"}],
        )
        client.force_login(cast.users["outsider"])  # everyone signed in reads it
        text = client.get(detail_url(cast.host)).text
        section = text.split('id="values-heading"')[1].split('id="people-heading"')[0]
        for shown in (
            "Respect",
            "Courage",
            "Published equity statement",
            'href="https://host.example.org/equity-2026"',
            "Board-approved.",
            "Not recorded",
            "Changes to the checklist",
            "Added</strong> Published equity statement",
            "Changed</strong> Published equity statement",
            '<del><span class="visually-hidden">before: </span>https://host.example.org/equity</del>',
        ):
            assert shown in section, shown
        assert "Edit values profile" not in text  # the outsider is not of the host

    def test_edit_link_for_the_organizations_own_people(self, cast, client):
        client.force_login(cast.users["outsider"])  # a person of cast.partner, holding no role
        assert values_url(cast.partner) in client.get(detail_url(cast.partner)).text

    def test_query_count_does_not_grow_with_checklist_history(self, cast, client):
        client.force_login(cast.users["viewer"])
        organization = cast.partner

        def churn(n):
            for index in range(n):
                note = f"Revision {n}-{index}"
                services.organization_values_update(
                    organization=organization,
                    practices=[{**EQUITY, "note": note}, {**HIRING, "note": note}],
                )
            PersonFactory.create_batch(n, organization=organization)

        churn(5)
        with CaptureQueriesContext(connection) as five:
            assert client.get(detail_url(organization)).status_code == 200
        churn(45)
        with CaptureQueriesContext(connection) as fifty:
            assert client.get(detail_url(organization)).status_code == 200
        assert len(fifty) == len(five)


class TestValuesPage:
    FORM = {
        "mission": "Serve every community.",
        "vision": "Fair infrastructure.",
        "values": "Respect\n\n  Courage  \nrespect",
        "values_statement": "We mean it.",
        "jedi_practices": "In our own words.",
        "practice_equity_statement": "on",
        "evidence_equity_statement": "https://partner.example.edu/equity",
        "note_equity_statement": "Published 2025.",
        "practice_accessible_events": "on",
    }

    def test_a_person_of_the_organization_without_a_role_edits_it(self, cast, client):
        client.force_login(cast.users["outsider"])
        page = client.get(values_url(cast.partner))
        assert page.status_code == 200
        assert "Published equity statement" in page.text and "Evidence link" in page.text
        response = client.post(values_url(cast.partner), self.FORM)
        assert response.status_code == 302
        assert response["Location"] == detail_url(cast.partner) + "#values-heading"
        cast.partner.refresh_from_db()
        assert cast.partner.values == ["Respect", "Courage"]
        assert cast.partner.mission == "Serve every community."
        assert list(cast.partner.practices.values_list("practice", "evidence_url", "note")) == [
            ("accessible_events", "", ""),
            ("equity_statement", "https://partner.example.edu/equity", "Published 2025."),
        ]
        record = OrganizationPractice.history.filter(practice="equity_statement").get()
        assert record.history_user == cast.users["outsider"]

    def test_the_form_shows_the_saved_checklist(self, cast, client):
        services.organization_values_update(
            organization=cast.host, values=["Respect"], practices=[EQUITY]
        )
        client.force_login(cast.users["steward"])
        form = client.get(values_url(cast.host)).context["form"]
        assert form["values"].value() == "Respect"
        assert form["practice_equity_statement"].value() is True
        assert form["evidence_equity_statement"].value() == EQUITY["evidence_url"]
        assert form["practice_pay_equity"].value() is False

    def test_unticking_removes_the_practice(self, cast, client):
        services.organization_values_update(organization=cast.partner, practices=[EQUITY])
        client.force_login(cast.users["outsider"])
        client.post(values_url(cast.partner), {"values": "Respect"})
        assert not cast.partner.practices.exists()

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"values": "\n".join(f"V{n}" for n in range(31))}, "values", "at most 30 values"),
            ({"values": "v" * 201}, "values", "at most 200 characters"),
            (
                {"evidence_equity_statement": "not a link"},
                "evidence_equity_statement",
                "Enter a valid URL.",
            ),
            (
                {"practice_equity_statement": ""},
                "practice_equity_statement",
                "Tick this practice to keep its evidence link and note",
            ),
            ({"values": "a\x00b"}, "values", "Null characters are not allowed."),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(
        self, cast, client, change, field, message
    ):
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(values_url(cast.host), {**self.FORM, **change})
        assert response.status_code == 200
        form = response.context["form"]
        assert list(form.errors) == [field]
        assert message in " ".join(form.errors[field])
        assert f'id="id_{field}_error"' in response.text
        assert "Nothing was saved." in response.text
        assert counts() == before
        cast.host.refresh_from_db()
        assert cast.host.values == []

    def test_every_error_shows_at_once(self, cast, client):
        client.force_login(cast.users["steward"])
        bad = {"values": "v" * 201, "evidence_equity_statement": "nope"}
        response = client.post(values_url(cast.host), {**self.FORM, **bad})
        assert set(response.context["form"].errors) == {"values", "evidence_equity_statement"}
        assert "Please correct the highlighted fields below." in response.text

    def test_a_service_refusal_lands_on_the_practice_field(self, cast):
        form = ValuesProfileForm(self.FORM, instance=cast.host)
        assert form.is_valid()
        form.profile()  # the checklist sent, in its order: equity statement, accessible events
        form.show_service_errors(
            ValidationError({"practices.1.evidence_url": "Refused.", "values": "Too many."})
        )
        assert {field: list(errors) for field, errors in form.errors.items()} == {
            "evidence_accessible_events": ["Refused."],
            "values": ["Too many."],
        }
        assert "is-invalid" in form.fields["evidence_accessible_events"].widget.attrs["class"]

    @pytest.mark.parametrize("actor", ["viewer", "project_director", "outsider"])
    def test_others_get_403_and_nothing_is_written(self, cast, client, actor):
        client.force_login(cast.users[actor])
        before = counts()
        assert client.get(values_url(cast.host)).status_code == 403
        assert client.post(values_url(cast.host), self.FORM).status_code == 403
        assert counts() == before

    def test_a_person_whose_record_is_archived_may_no_longer_edit(self, cast, client):
        person = cast.people["outsider"]
        services.person_archive(person=person)
        client.force_login(cast.users["outsider"])
        assert client.get(values_url(cast.partner)).status_code == 403

    def test_unknown_organization_is_404(self, cast, client):
        client.force_login(cast.users["admin"])
        assert client.get(reverse("directory:organization-values", args=[999999])).status_code == (
            404
        )


class TestOrganizationForms:
    def test_create_and_edit_take_values_one_per_line(self, cast, client):
        client.force_login(cast.users["steward"])
        form = {
            "name": "Lines Org",
            "kind": "external",
            "subtype": "nonprofit",
            "values": "Care\nRigour\ncare",
        }
        client.post(reverse("directory:organization-create"), form)
        organization = Organization.objects.get(name="Lines Org")
        assert organization.values == ["Care", "Rigour"]
        edit = reverse("directory:organization-edit", args=[organization.pk])
        assert client.get(edit).context["form"]["values"].value() == "Care\nRigour"
        response = client.post(edit, {**form, "values": "x" * 201})
        assert "values" in response.context["form"].errors
        organization.refresh_from_db()
        assert organization.values == ["Care", "Rigour"]


# --- Demo ---------------------------------------------------------------------------------------
class TestDemo:
    def test_values_checklists_and_culture_profiles_loaded_once(self):
        context = build_demo()
        seed_demo(context)
        assert len(context.log) > 0
        for key, values in VALUES.items():
            organization = context.organizations[key]
            organization.refresh_from_db()
            assert organization.values == values
            assert organization.practices.count() == len(PRACTICES[key])
        links = OrganizationPractice.objects.exclude(evidence_url="")
        assert links.exists()
        assert all(".example.org/" in link.evidence_url for link in links)
        zones = set(CultureProfile.objects.values_list("time_zone", flat=True))
        assert {"America/New_York", "America/Chicago", "America/Denver"} <= zones
        bridges = context.partnerships["bridges"]
        members = set(bridges.memberships.current().values_list("organization_id", flat=True))
        assert set(CultureProfile.objects.values_list("organization_id", flat=True)) == members
        assert len(CULTURE) == len(members)

        before = (
            Organization.history.count(),
            OrganizationPractice.history.count(),
            CultureProfile.history.count(),
        )
        again = build_demo()
        seed_demo(again)
        assert again.log == []
        assert before == (
            Organization.history.count(),
            OrganizationPractice.history.count(),
            CultureProfile.history.count(),
        )
