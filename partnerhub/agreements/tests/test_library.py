"""The shipped clause library and templates (data/*.json) hang together, and the data
migration installs them."""

from __future__ import annotations

import pytest

from partnerhub.agreements.library import load_clauses, load_templates
from partnerhub.agreements.models import AgreementTemplate, Clause, TemplateClause
from partnerhub.agreements.rendering import CLAUSE_PLACEHOLDERS, placeholders_in

LANGUAGES = ("en", "fr", "ar")
CLAUSES = load_clauses()
TEMPLATES = load_templates()
BENEFICIARY_KINDS = {"in_kind", "pro_bono", "secondment", "multi_stakeholder"}


def test_it_has_one_template_per_kind():
    assert sorted(t.kind for t in TEMPLATES) == sorted(AgreementTemplate.Kind.values)


def test_it_has_each_clause_once_in_a_known_category():
    codes = [c.code for c in CLAUSES]
    assert len(codes) == len(set(codes))
    assert {c.category for c in CLAUSES} <= set(Clause.Category.values)


def test_every_clause_and_template_speaks_english_french_and_arabic():
    for clause in CLAUSES:
        for language in LANGUAGES:
            assert clause.titles.get(language, "").strip(), (clause.code, language)
            assert clause.texts.get(language, "").strip(), (clause.code, language)
    for template in TEMPLATES:
        assert all(template.titles.get(language, "").strip() for language in LANGUAGES)


def test_every_template_clause_exists_once_and_every_clause_is_used():
    codes = {c.code for c in CLAUSES}
    used = set()
    for template in TEMPLATES:
        template_codes = [item.code for item in template.clauses]
        assert len(template_codes) == len(set(template_codes)), template.kind
        assert set(template_codes) <= codes, template.kind
        used.update(template_codes)
    assert used == codes


def test_every_placeholder_in_clause_texts_is_known_and_the_same_in_each_language():
    for clause in CLAUSES:
        found = {language: placeholders_in(clause.texts[language]) for language in LANGUAGES}
        assert found["en"] <= CLAUSE_PLACEHOLDERS, clause.code
        assert found["fr"] == found["en"] == found["ar"], clause.code


def test_the_standard_protections_are_mandatory_where_they_belong():
    for template in TEMPLATES:
        mandatory = {item.code for item in template.clauses if item.mandatory}
        assert {
            "privileges-immunities",
            "disputes",
            "anti-corruption",
            "sanctions",
            "termination",
        } <= mandatory, template.kind
        if template.kind in BENEFICIARY_KINDS:
            assert {"child-protection", "psea"} <= mandatory, template.kind
        else:
            assert not {"child-protection", "psea"} & mandatory, template.kind


@pytest.mark.django_db
def test_the_migration_installs_the_library_in_force():
    assert Clause.objects.filter(version=1, in_force=True).count() == len(CLAUSES)
    for template in TEMPLATES:
        row = AgreementTemplate.objects.get(kind=template.kind, in_force=True)
        assert row.version == 1
        assert row.titles == template.titles
        installed = [
            (tc.clause.code, tc.mandatory)
            for tc in TemplateClause.objects.filter(template=row).select_related("clause")
        ]
        assert installed == [(item.code, item.mandatory) for item in template.clauses]
