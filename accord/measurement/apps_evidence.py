"""What qualitative evidence (M3) adds to the rest of Accord, called from wiring.ready()."""


def ready() -> None:
    from accord.partnerships.sections import Section, register_section

    register_section(Section("evidence", "Evidence", "measurement:evidence", 96))
