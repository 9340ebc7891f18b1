"""The elderly-services workflows as data (D7.2): a facility's status and a canteen's
monthly settlement. The county civil-affairs bureau (and the city office) decides on a
facility's suspension, resumption and closure; the staff of the facility's area keep
its details (a record, `change`). A settlement is prepared and submitted by the
canteen's township (or community) and approved or returned by the county bureau that
pays the subsidy."""

from __future__ import annotations

from minzheng.core.roles import Role
from minzheng.core.workflow import Record, Transition, Workflow, register

BUREAU = frozenset({Role.COUNTY_APPROVER, Role.CITY_ADMIN})
STAFF = frozenset({Role.CASEWORKER, Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER, Role.CITY_ADMIN})
SERVING = frozenset({"open", "suspended"})

FACILITY = register(
    Workflow(
        name="elderly_facility",
        initial="open",
        states={"open": "运营中", "suspended": "暂停服务", "closed": "已关闭"},
        transitions=(
            Transition(
                "suspend", "暂停服务", frozenset({"open"}), "suspended", BUREAU, requires_note=True
            ),
            Transition("resume", "恢复服务", frozenset({"suspended"}), "open", BUREAU),
            Transition("close", "停业关闭", SERVING, "closed", BUREAU, requires_note=True),
        ),
        final_states=frozenset({"closed"}),
        records=(Record("change", "变更设施信息", SERVING, STAFF),),
    )
)

SETTLEMENT = register(
    Workflow(
        name="meal_settlement",
        initial="draft",
        states={
            "draft": "待提交",
            "submitted": "待审批",
            "returned": "已退回",
            "approved": "已审批",
        },
        transitions=(
            Transition(
                "submit",
                "提交审批",
                frozenset({"draft", "returned"}),
                "submitted",
                frozenset({Role.CASEWORKER, Role.TOWNSHIP_REVIEWER}),
            ),
            Transition(
                "approve",
                "审批通过",
                frozenset({"submitted"}),
                "approved",
                frozenset({Role.COUNTY_APPROVER}),
            ),
            Transition(
                "return",
                "退回",
                frozenset({"submitted"}),
                "returned",
                frozenset({Role.COUNTY_APPROVER}),
                requires_note=True,
            ),
        ),
        final_states=frozenset({"approved"}),
        records=(
            Record(
                "prepare",
                "编制结算",
                frozenset({"draft", "returned"}),
                frozenset({Role.CASEWORKER, Role.TOWNSHIP_REVIEWER}),
            ),
        ),
    )
)

# An elderly-care fund item (issue 14 item 6): prepared and submitted where the facility
# is, approved or returned by the county bureau that pays it (approval opens the payable).
FUND = register(
    Workflow(
        name="elderly_fund",
        initial="draft",
        states={
            "draft": "待提交",
            "submitted": "待审批",
            "returned": "已退回",
            "approved": "已审批",
        },
        transitions=(
            Transition(
                "submit",
                "提交审批",
                frozenset({"draft", "returned"}),
                "submitted",
                frozenset({Role.CASEWORKER, Role.TOWNSHIP_REVIEWER}),
            ),
            Transition(
                "approve",
                "审批通过",
                frozenset({"submitted"}),
                "approved",
                frozenset({Role.COUNTY_APPROVER}),
            ),
            Transition(
                "return",
                "退回",
                frozenset({"submitted"}),
                "returned",
                frozenset({Role.COUNTY_APPROVER}),
                requires_note=True,
            ),
        ),
        final_states=frozenset({"approved"}),
        records=(
            Record(
                "prepare",
                "编制补贴",
                frozenset({"draft", "returned"}),
                frozenset({Role.CASEWORKER, Role.TOWNSHIP_REVIEWER}),
            ),
        ),
    )
)
