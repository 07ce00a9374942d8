from __future__ import annotations

import factory
import pytest

from partnerhub.organisations import selectors
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    return {
        "nestle": OrganisationFactory(
            legal_name="Nestlé S.A.", country_id="CH", kind="company", sector="C"
        ),
        "trucks": OrganisationFactory(
            legal_name="Trucks for Good Ltd",
            other_names=["TFG Logistics"],
            country_id="KE",
            sector="H",
            global_compact_status="active",
        ),
        "foundation": OrganisationFactory(
            legal_name="Safaricom Foundation", country_id="KE", kind="foundation"
        ),
    }


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("nestle", ["nestle"]),
        ("NESTLÉ", ["nestle"]),
        ("Nestle SA", ["nestle"]),
        ("trucks-for-good", ["trucks"]),
        ("tfg logistics", ["trucks"]),
        ("  ", ["foundation", "nestle", "trucks"]),
        ("nothing like it", []),
    ],
)
def test_organisation_list_searches_legal_and_other_names(directory, q, expected):
    found = list(selectors.organisation_list(q=q))
    assert sorted(found, key=lambda o: o.pk) == sorted(
        (directory[name] for name in expected), key=lambda o: o.pk
    )


def test_organisation_list_filters(directory):
    assert list(selectors.organisation_list(country="KE", kind="foundation")) == [
        directory["foundation"]
    ]
    assert list(selectors.organisation_list(sector="H")) == [directory["trucks"]]
    assert list(selectors.organisation_list(gc_status="active")) == [directory["trucks"]]


def test_similar_organisations_excludes_the_organisation_itself(directory):
    trucks = directory["trucks"]
    assert [m.organisation for m in selectors.similar_organisations("Trucks for Good")] == [trucks]
    assert selectors.similar_organisations("Trucks for Good", exclude_pk=trucks.pk) == []


def test_similar_organisations_ignores_blank_names(directory):
    assert selectors.similar_organisations(["", "   "]) == []


def test_similar_organisations_scales_by_keys_not_directory_size(
    directory, django_assert_max_num_queries
):
    OrganisationFactory.create_batch(
        30, legal_name=factory.Sequence(lambda n: f"Unrelated Enterprise {n}")
    )
    with django_assert_max_num_queries(2):
        matches = selectors.similar_organisations("Nestle")
    assert [m.organisation for m in matches] == [directory["nestle"]]


def test_representatives_are_the_company_reps(company_rep, organisation, focal_point):
    assert list(selectors.organisation_representatives(organisation)) == [company_rep]
