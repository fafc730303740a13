"""What resources (M5) add to the rest of Accord, called from the app's wiring."""


def ready() -> None:
    from accord.leadership.queries.mous import register_mou_data
    from accord.partnerships.cards import Card, register_card
    from accord.partnerships.demo import register_demo
    from accord.partnerships.sections import Section, register_section

    from .demo_resources import seed_resources
    from .queries_resources import mou_resources
    from .views_resources import card_context

    register_demo(seed_resources)  # pledges and contributions of the Bridges members
    register_section(Section("resources", "Resources", "measurement:resources", 96))
    # Pledged against delivered on the partnership page, for every member, the host included.
    register_card(Card("resources", "measurement/resources/_card.html", card_context, 50))
    # The MOU's resources clause lists each organization's pledges.
    register_mou_data(mou_resources)
