"""What digests add to the rest of Accord, called from the app's ready()."""


def ready() -> None:
    from accord.core.access import Perm
    from accord.partnerships.demo import register_demo
    from accord.partnerships.sections import Section, register_section

    from .demo_digests import seed_digests

    # Shown to the partnership's stewards (who hold every partnership-wide permission).
    register_section(
        Section("digests", "Digests", "reports:digest-list", 190, permission=Perm.MANAGE_ROLES)
    )
    register_demo(seed_digests)  # last: reports come after every pillar in INSTALLED_APPS
