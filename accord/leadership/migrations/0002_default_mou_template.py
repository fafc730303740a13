"""The default MOU template written for Accord (L5).

Each section's text is rendered with plain data only (see accord/leadership/mou_context.py):
`partnership`, `parties`, `host`, `charter`, `term`, `commitments`, `measures`, `today`.
"""

from django.db import migrations

NAME = "Accord standard memorandum of understanding"
DESCRIPTION = (
    "A plain-language MOU for a partnership that advances justice, equity, diversity and "
    "inclusion: who the partners are, what they agree to do together, and how they will work, "
    "share data, settle disagreements and part ways."
)

SECTIONS = [
    (
        "parties",
        "Parties",
        "This memorandum of understanding (\u201cMOU\u201d) is made between the following "
        "organizations (together, the \u201cPartners\u201d) for the partnership "
        "\u201c{{ partnership.title }}\u201d:\n\n"
        "{% for party in parties %}{{ forloop.counter }}. {{ party.name }} ({{ party.kind }})"
        "{% if party.location %}, {{ party.location }}{% endif %}.\n{% endfor %}",
    ),
    (
        "purpose",
        "Purpose",
        "The Partners enter into this MOU to work together toward the following purpose:\n\n"
        "{{ partnership.purpose }}",
    ),
    (
        "vision-and-values",
        "Shared vision and core values",
        "{% if charter %}The Partners share the vision stated in version {{ charter.version }} "
        "of their charter{% if charter.agreed %}, which every Partner has endorsed{% endif %}:"
        "\n\n{{ charter.vision }}\n\nThey hold these core values and agree on what each means "
        "in practice:\n\n{% for value in charter.values %}- {{ value.name }}: "
        "{{ value.meaning }}\n{% endfor %}{% if charter.benefits %}\nEach Partner expects "
        "these benefits:\n\n{% for benefit in charter.benefits %}- {{ benefit.organization }}: "
        "{{ benefit.benefits }}\n{% endfor %}{% endif %}{% else %}The Partners will write "
        "their shared vision and core values in a charter and attach it to this MOU."
        "{% endif %}",
    ),
    (
        "roles",
        "Roles and responsibilities",
        "Each Partner names a project director who leads for it in the partnership, speaks for "
        "it and answers for its commitments:\n\n{% for party in parties %}- {{ party.name }}: "
        "{% if party.project_director %}{{ party.project_director.name }}"
        "{% if party.project_director.title %}, {{ party.project_director.title }}{% endif %}"
        "{% else %}to be named{% endif %}\n{% endfor %}\nA Partner that changes its project "
        "director tells the others in writing within 30 days.",
    ),
    (
        "resources",
        "Resources",
        "{% if commitments %}The Partners commit these resources to the shared vision:\n\n"
        "{% for item in commitments %}- {{ item.organization }}: {{ item.description }}"
        "{% if item.amount %} ({{ item.amount }} {{ item.unit }}){% endif %}\n{% endfor %}"
        "{% else %}Each Partner will state in writing, before work begins, the time, people, "
        "money or in-kind support it commits to the partnership.{% endif %}\nNo Partner "
        "commits funds beyond what it states here or in a later written agreement.",
    ),
    (
        "measures",
        "Measures of success",
        "{% if measures %}The Partners agree to measure their progress by:\n\n"
        "{% for measure in measures %}- {{ measure }}\n{% endfor %}{% else %}The Partners "
        "will agree on measures of success, expectations and deliverables within 90 days and "
        "review them together at least once a year.{% endif %}",
    ),
    (
        "term",
        "Term",
        "This MOU takes effect on {{ term.effective_on|default:'the date of the last "
        "signature' }} and remains in effect until {{ term.expires_on|default:'ended by "
        "a Partner as set out below' }}.",
    ),
    (
        "renewal",
        "Renewal",
        "The Partners will review the partnership at least 60 days before this MOU expires "
        "and may renew it, with or without changes, by signing a renewal or an amendment.",
    ),
    (
        "termination",
        "Termination",
        "Any Partner may leave this MOU by giving the others 60 days' written notice. The "
        "Partners will agree how to finish or hand over work in progress, and how to tell the "
        "communities the partnership serves.",
    ),
    (
        "data",
        "Data sharing and confidentiality",
        "The Partners share data only for the purpose of this MOU. Information about people, "
        "including demographic data, is shared in the smallest form that serves the purpose, "
        "kept secure, never sold, and reported only in groups large enough that no one can be "
        "identified. Each Partner keeps the other Partners' confidential information "
        "confidential, during this MOU and after it ends.",
    ),
    (
        "disputes",
        "Resolving disagreements",
        "The project directors first try to resolve any disagreement together. If they cannot "
        "within 30 days, the Partners' leaders meet to resolve it. The Partners may ask a "
        "mediator they all accept to help. This MOU is a statement of shared intent; it "
        "creates no legal obligation except where it says so.",
    ),
    (
        "signatures",
        "Signatures",
        "Each person signing below confirms that they are authorized to sign for their "
        "organization.",
    ),
]


def create_default_template(apps, schema_editor):
    MouTemplate = apps.get_model("leadership", "MouTemplate")
    MouTemplateSection = apps.get_model("leadership", "MouTemplateSection")
    if MouTemplate.objects.filter(name=NAME).exists():
        return
    template = MouTemplate.objects.create(name=NAME, description=DESCRIPTION, is_default=True)
    for position, (key, heading, body) in enumerate(SECTIONS, start=1):
        MouTemplateSection.objects.create(
            template=template, key=key, heading=heading, body=body, position=position
        )


def remove_default_template(apps, schema_editor):
    apps.get_model("leadership", "MouTemplate").objects.filter(
        name=NAME, mous__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("leadership", "0001_initial")]

    operations = [migrations.RunPython(create_default_template, remove_default_template)]
