"""API schemas of the trust and value network (R6). Names start with "Trust": OpenAPI components
are keyed by name across every app."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from accord.core.schemas import InputSchema, IsoDate, Title, VersionedOut
from accord.partnerships.schemas import Id, OrganizationRef, PersonRef

TrustScale = Annotated[
    int,
    Field(
        ge=1, le=4, description="1 not at all, 2 a small amount, 3 a fair amount, 4 a great deal"
    ),
]
TrustIntensity = Annotated[
    int, Field(ge=1, le=4, description="1 awareness, 2 cooperation, 3 coordination, 4 integration")
]


class TrustWaveOut(VersionedOut):
    id: int
    partnership_id: int
    title: str
    opens_on: date
    closes_on: date
    closed_at: datetime | None
    status: str = Field(description="scheduled, open or closed")


class TrustWaveListOut(TrustWaveOut):
    member_count: int
    response_count: int


class TrustWaveDetailOut(TrustWaveOut):
    organizations: list[OrganizationRef] = Field(description="The member organizations it covers.")

    @staticmethod
    def resolve_organizations(obj):
        return obj.member_list


class TrustWaveIn(InputSchema):
    title: Title
    opens_on: IsoDate
    closes_on: IsoDate


class TrustRatingIn(InputSchema):
    organization_id: Id = Field(description="The member organization rated.")
    reliability: TrustScale
    mission: TrustScale = Field(description="Support of the shared mission")
    openness: TrustScale = Field(description="Openness to discussion")
    power: TrustScale = Field(description="Power and influence")
    involvement: TrustScale = Field(description="Level of involvement")
    resources: TrustScale = Field(description="Resource contribution")
    intensity: TrustIntensity


class TrustRatingOut(Schema):
    organization_id: int
    reliability: int
    mission: int
    openness: int
    power: int
    involvement: int
    resources: int
    intensity: int

    @staticmethod
    def resolve_organization_id(obj) -> int:
        return obj.rated_id


class TrustResponseIn(InputSchema):
    organization_id: Id = Field(description="The member organization answering.")
    ratings: list[TrustRatingIn] = Field(min_length=1, max_length=500)


class TrustResponsePutIn(InputSchema):
    ratings: list[TrustRatingIn] = Field(min_length=1, max_length=500)


class TrustResponseOut(VersionedOut):
    id: int
    wave_id: int
    organization: OrganizationRef
    respondent: PersonRef
    updated_at: datetime
    ratings: list[TrustRatingOut]

    @staticmethod
    def resolve_ratings(obj):
        return list(obj.ratings.all())


class TrustOrganizationScoresOut(Schema):
    id: int
    name: str
    number: int = Field(description="Its number in the graph.")
    raters: int
    rated: int
    trust_received: float | None = Field(description="Shown only with at least three raters.")
    value_received: float | None
    trust_given: float | None = Field(description="Shown only with at least three rated.")
    value_given: float | None


class TrustPairOut(Schema):
    first_id: int
    second_id: int
    trust_forward: float | None = Field(description="T(first -> second), None if not rated.")
    trust_backward: float | None = Field(description="T(second -> first), None if not rated.")
    value_forward: float | None
    value_backward: float | None
    trust: float
    value: float
    asymmetry: float | None
    value_asymmetry: float | None
    reciprocated: bool
    one_sided: bool


class TrustNetworkOut(Schema):
    organizations: int
    ties: int
    trust: float | None
    trust_share: float | None = Field(description="trust / 4")
    value: float | None
    value_share: float | None = Field(description="value / 4")
    density: float
    reciprocity: float | None
    centralization_in: float
    centralization_out: float
    one_sided_pairs: int


class TrustMetricChangeOut(Schema):
    key: str
    label: str
    before: float | None
    after: float | None
    delta: float | None


class TrustPairChangeOut(Schema):
    first_id: int
    second_id: int
    before: float | None
    after: float | None
    delta: float | None
    status: str


class TrustChangeOut(Schema):
    previous_wave_id: int
    metrics: list[TrustMetricChangeOut]
    pairs: list[TrustPairChangeOut]
    entered: list[int]
    left: list[int]


class TrustResultsOut(Schema):
    wave_id: int
    status: str
    formulas: dict[str, str]
    network: TrustNetworkOut
    organizations: list[TrustOrganizationScoresOut]
    pairs: list[TrustPairOut]
    change: TrustChangeOut | None
