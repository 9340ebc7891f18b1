"""The one vocabulary (core/codes.py, issue 8 item 5) ties every copy of a code set:
the models' choices, the policy engine's vocabulary, the codes the synthetic city
generates, the literals the warning rules compare against and the feed catalogue.

The expected code sets and labels below are typed by hand from the rulebook and the
registry's forms (D1.4, D1.15, D1.16, D1.18, D2.8, D5.1), not read from the code.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import sqlglot.expressions as exp
from django.apps import apps

from minzheng.analytics.feeds import synthetic as synthetic_feeds
from minzheng.analytics.feeds.catalog import FEEDS
from minzheng.analytics.rulefile import load_rules
from minzheng.assistance.policy import vocabulary as policy
from minzheng.core import codes
from minzheng.core.forms import PersonForm
from minzheng.core.vocabulary import code_label
from minzheng.synth import assistance as synth_assistance
from minzheng.synth import economy, kinship
from tests.synth.conftest import generate

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
# Proper nouns a label may name (the audit trail's hash algorithms).
PROPER_NOUNS = re.compile(r"HMAC|SHA")

# By hand: each shared set, code → label.
EXPECTED: dict[type[codes.Vocabulary], dict[str, str]] = {
    codes.Relation: {
        "head": "户主",
        "spouse": "配偶",
        "child": "子女",
        "child_in_law": "儿媳/女婿",
        "parent": "父母",
        "parent_in_law": "岳父母/公婆",
        "grandparent": "祖父母/外祖父母",
        "grandchild": "孙子女/外孙子女",
        "sibling": "兄弟姐妹",
        "other": "其他",
    },
    codes.Gender: {"M": "男", "F": "女"},
    codes.DisabilityType: {
        "visual": "视力残疾",
        "hearing": "听力残疾",
        "speech": "言语残疾",
        "physical": "肢体残疾",
        "intellectual": "智力残疾",
        "mental": "精神残疾",
        "multiple": "多重残疾",
    },
    codes.AreaClass: {"urban": "城镇", "rural": "农村"},
    codes.LifeStatus: {"alive": "在世", "deceased": "已故"},
    codes.Programme: {
        "dibao": "最低生活保障",
        "dibao_single_person": "单人保（低保）",
        "extreme_poverty": "特困人员救助供养",
        "orphan": "孤儿基本生活保障",
        "unsupported_child": "事实无人抚养儿童保障",
        "temporary": "临时救助",
        "near_dibao": "低保边缘家庭",
        "rigid_hardship": "刚性支出困难家庭",
        "disability_living_subsidy": "困难残疾人生活补贴",  # D4.1
        "disability_care_subsidy": "重度残疾人护理补贴",  # D4.2
        "old_age_allowance": "高龄津贴",  # D7.3
        "elderly_care_service_subsidy": "经济困难老年人服务补贴",  # D7.4
    },
    codes.MonitoringLayer: {
        "dibao": "最低生活保障",
        "extreme_poverty": "特困人员救助供养",
        "poverty_relapse_monitoring": "防止返贫监测对象",
        "near_dibao": "低保边缘家庭",
        "rigid_hardship": "刚性支出困难家庭",
        "other_hardship": "其他困难人员",
    },
    codes.CareLevel: {"self_care": "全自理", "partial": "半护理", "full": "全护理"},
}


@pytest.mark.parametrize("vocabulary", list(EXPECTED), ids=lambda v: v.__name__)
def test_each_shared_set_has_the_codes_and_labels_of_the_rulebook(vocabulary) -> None:
    assert dict(vocabulary.choices) == EXPECTED[vocabulary]


def test_a_code_set_without_a_label_for_every_code_is_refused() -> None:
    class Colour(codes.Vocabulary):
        RED = "red"
        BLUE = "blue"

    with pytest.raises(ValueError, match="blue"):
        codes.define_labels(Colour, {"red": "红"})


def test_the_vocabulary_imports_without_django() -> None:
    code = "import sys, minzheng.core.codes\nassert 'django' not in sys.modules\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


# --- the policy engine ----------------------------------------------------------------


def test_the_policy_engine_uses_the_shared_sets_themselves() -> None:
    for name in ("Relation", "Gender", "DisabilityType", "AreaClass", "Programme", "CareLevel"):
        assert getattr(policy, name) is getattr(codes, name), name


def _policy_vocabularies() -> list[type[codes.Vocabulary]]:
    return [
        v
        for v in vars(policy).values()
        if isinstance(v, type) and issubclass(v, codes.Vocabulary) and v is not codes.Vocabulary
    ]


def test_every_code_the_policy_accepts_has_a_chinese_label() -> None:
    found = _policy_vocabularies()
    assert policy.IncomeKind in found and policy.Document in found
    missing = [
        f"{v.__name__}.{m.value}={m.label!r}"
        for v in found
        for m in v
        if not CJK.search(m.label) or LATIN.search(m.label)
    ]
    assert not missing


# --- the Django side ---------------------------------------------------------------

# By hand: which model fields hold a shared set; `subset` where the field allows only
# some of the set's codes (one applies here for five of the eight programmes).
SHARED_FIELDS = {
    ("core.Person", "gender"): (codes.Gender, False),
    ("core.Person", "disability_type"): (codes.DisabilityType, False),
    ("core.Person", "life_status"): (codes.LifeStatus, False),
    ("core.HouseholdMembership", "relation"): (codes.Relation, False),
    ("core.Area", "urban_rural"): (codes.AreaClass, False),
    ("assistance.Application", "programme"): (codes.Programme, True),
}


@pytest.mark.parametrize("model_field", sorted(SHARED_FIELDS), ids="{0[0]}.{0[1]}".format)
def test_model_fields_of_a_shared_set_take_its_codes_and_labels(model_field) -> None:
    model, field = model_field
    vocabulary, subset = SHARED_FIELDS[model_field]
    choices = {
        str(c): str(label) for c, label in apps.get_model(model)._meta.get_field(field).choices
    }
    choices.pop("", None)  # "no value" (无), not a code
    expected = EXPECTED[vocabulary]
    if subset:
        assert choices and set(choices) <= set(expected)
        expected = {c: expected[c] for c in choices}
    assert choices == expected


def test_the_person_form_offers_no_disability_first() -> None:
    # A person registered without touching the select has no disability: "" (无) comes
    # first, the seven categories of the certificate after it.
    choices = [(c, str(label)) for c, label in PersonForm.base_fields["disability_type"].choices]
    assert choices == [("", "无"), *EXPECTED[codes.DisabilityType].items()]


def test_disability_grades_are_one_to_four() -> None:
    field = apps.get_model("core.Person")._meta.get_field("disability_grade")
    assert [(g, str(label)) for g, label in field.choices] == [
        (1, "1级"),
        (2, "2级"),
        (3, "3级"),
        (4, "4级"),
    ]


def test_every_model_choice_has_a_chinese_label_and_no_latin_letters() -> None:
    bad = []
    for model in apps.get_app_configs():
        if not model.name.startswith("minzheng."):
            continue
        for m in model.get_models():
            for f in m._meta.get_fields():
                for code, label in getattr(f, "choices", None) or ():
                    text = PROPER_NOUNS.sub("", str(label))
                    if not CJK.search(text) or LATIN.search(text):
                        bad.append(f"{m._meta.label}.{f.name}: {code!r} → {label!r}")
    assert not bad, bad


def test_the_review_classes_read_as_their_intervals_not_letters() -> None:
    # D1.16: A yearly, B every six months, C quarterly (the local class).
    field = apps.get_model("assistance.Enrolment")._meta.get_field("review_class")
    assert [(c, str(label)) for c, label in field.choices] == [
        ("A", "每年复核"),
        ("B", "每半年复核"),
        ("C", "每季度复核"),
    ]


@pytest.mark.parametrize(
    ("name", "vocabulary"),
    [
        ("relation", codes.Relation),
        ("gender", codes.Gender),
        ("disability_type", codes.DisabilityType),
        ("urban_rural", codes.AreaClass),
        ("life_status", codes.LifeStatus),
        ("programme", codes.Programme),
        ("monitoring_layer", codes.MonitoringLayer),
        ("care_level", codes.CareLevel),
    ],
)
def test_the_template_label_filter_reads_the_one_vocabulary(name, vocabulary) -> None:
    assert {c: code_label(c, name) for c in EXPECTED[vocabulary]} == EXPECTED[vocabulary]


# --- the synthetic city ------------------------------------------------------------


def test_the_synthetic_citys_positional_code_lists_are_the_vocabularys() -> None:
    # synth encodes codes by position (HEAD = 0 …): it keeps its own tuples, tied here.
    assert set(kinship.RELATIONS) == set(codes.Relation.values)
    assert set(economy.DISABILITY_TYPES) == {"", *codes.DisabilityType.values}
    assert set(synth_assistance.PROGRAMMES) <= {"", *codes.MonitoringLayer.values}
    assert set(economy.EMPLOYMENT) == set(codes.RegistryEmployment.values)
    assert set(economy.SCHOOL_STAGES) <= {"", *codes.RegistrySchoolStage.values}


@pytest.fixture(scope="module")
def small_city():
    return generate(seed=5, residents=10_000)


# Snapshot column → the set its values come from ("" allowed where the column says none).
COLUMNS = {
    ("persons", "relation"): (codes.Relation, False),
    ("persons", "gender"): (codes.Gender, False),
    ("persons", "disability_type"): (codes.DisabilityType, True),
    ("persons", "life_status"): (codes.LifeStatus, False),
    ("persons", "employment"): (codes.RegistryEmployment, False),
    ("persons", "school_stage"): (codes.RegistrySchoolStage, True),
    ("households", "urban_rural"): (codes.AreaClass, False),
    ("households", "programme"): (codes.MonitoringLayer, True),
    ("memberships", "relation"): (codes.Relation, False),
}


def test_every_code_the_synthetic_city_generates_is_in_the_vocabulary(small_city) -> None:
    unknown = {}
    for (table, column), (vocabulary, blank) in COLUMNS.items():
        values = set(getattr(small_city, table).column(column).to_pylist())
        allowed = set(vocabulary.values) | ({""} if blank else set())
        if values - allowed:
            unknown[f"{table}.{column}"] = sorted(values - allowed)
    assert not unknown
    # and the sets are really used, so the check above is not vacuous
    assert "head" in small_city.persons.column("relation").to_pylist()
    assert "dibao" in small_city.households.column("programme").to_pylist()


# --- the warning rules and the feeds -----------------------------------------------

RULE_COLUMNS = {
    "relation": codes.Relation,
    "gender": codes.Gender,
    "disability_type": codes.DisabilityType,
    "life_status": codes.LifeStatus,
    "urban_rural": codes.AreaClass,
    "programme": codes.MonitoringLayer,
    "employment": codes.RegistryEmployment,
    "school_stage": codes.RegistrySchoolStage,
}


def _coded(node: exp.Expression) -> type[codes.Vocabulary] | None:
    return RULE_COLUMNS.get(node.name) if isinstance(node, exp.Column) else None


def _compared_codes(tree: exp.Expression) -> list[tuple[str, str]]:
    """(column, literal) of every `col = 'x'`, `col <> 'x'`, `col IN ('x', …)` and
    `CASE col WHEN 'x'` on a coded column."""
    found = []
    for node in tree.walk():
        if isinstance(node, (exp.EQ, exp.NEQ)):
            for a, b in ((node.this, node.expression), (node.expression, node.this)):
                if _coded(a) and isinstance(b, exp.Literal) and b.is_string:
                    found.append((a.name, b.this))
        elif isinstance(node, exp.In) and _coded(node.this):
            found += [
                (node.this.name, e.this) for e in node.expressions if isinstance(e, exp.Literal)
            ]
        elif isinstance(node, exp.Case) and _coded(node.this):
            found += [(node.this.name, i.this.this) for i in node.args.get("ifs", [])]
    return found


def test_every_code_a_rule_compares_against_is_in_the_vocabulary() -> None:
    compared = {
        (rule.id, column, literal)
        for rule in load_rules()
        for column, literal in _compared_codes(rule.tree)
    }
    # not vacuous: W003 reads mental/intellectual, the shared view reads urban_rural
    assert ("W003", "disability_type", "mental") in compared
    assert ("W004", "programme", "dibao") in compared
    unknown = [c for c in compared if c[2] != "" and c[2] not in RULE_COLUMNS[c[1]].values]
    assert not unknown


# Rule columns whose codes the evidence names in words: CASE col WHEN 'x' THEN '…'.
LABELLED = {**RULE_COLUMNS, "stage": codes.RegistrySchoolStage}


def _labels_written(rule_id: str) -> dict[str, dict[str, str]]:
    written: dict[str, dict[str, str]] = {}
    for rule in load_rules(only=[rule_id]):
        for case in rule.tree.find_all(exp.Case):
            this = case.this
            if isinstance(this, exp.Column) and this.name in LABELLED:
                pairs = {i.this.this: i.args["true"].this for i in case.args["ifs"]}
                written.setdefault(this.name, {}).update(pairs)
    return written


@pytest.mark.parametrize(
    ("rule_id", "column", "vocabulary"),
    [
        # every rule naming the household's layer reads it from the shared view
        ("W003", "programme", codes.MonitoringLayer),
        ("W004", "programme", codes.MonitoringLayer),
        ("W005", "programme", codes.MonitoringLayer),
        ("W006", "programme", codes.MonitoringLayer),
        ("W007", "programme", codes.MonitoringLayer),
        ("W003", "disability_type", codes.DisabilityType),
        ("W005", "stage", codes.RegistrySchoolStage),
    ],
)
def test_a_rule_naming_a_code_in_words_uses_its_label(rule_id, column, vocabulary) -> None:
    assert _labels_written(rule_id)[column] == dict(vocabulary.choices)


def test_the_school_stages_are_the_student_feeds() -> None:
    assert dict(codes.RegistrySchoolStage.choices) == {
        "preschool": "学前",
        "primary": "小学",
        "junior": "初中",
        "senior": "普通高中",
        "vocational": "中职",
        "college": "高等教育",
    }


def test_the_monitored_layers_setting_names_layers_of_the_vocabulary() -> None:
    defaults = {
        str(code)
        for rule in load_rules()
        for p in rule.parameters
        if p.config_key == "monitoring.layers"
        for code in p.default
    }
    assert defaults == set(EXPECTED[codes.MonitoringLayer])


def test_the_synthetic_disability_feed_draws_the_vocabularys_types() -> None:
    sql = synthetic_feeds.FEED_SQL["disability_certificates"]
    drawn = re.search(r"ELSE \[([^\]]*)\]", sql)
    assert drawn is not None
    assert re.findall(r"'(\w+)'", drawn.group(1)) == codes.DisabilityType.values


def test_the_feed_catalogue_takes_disability_types_from_the_vocabulary() -> None:
    field = next(f for f in FEEDS["disability_certificates"].fields if f.name == "disability_type")
    assert dict(field.choices) == EXPECTED[codes.DisabilityType]
