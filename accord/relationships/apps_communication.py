"""What the communication map (R6) adds to the rest of Accord, called from the app's ready()."""


def ready() -> None:
    from accord.partnerships.sections import Section, register_section

    # Contacts per member organization, level and channel, and the gaps (R6).
    register_section(
        Section("communication", "Communication map", "relationships:communication", 95)
    )
