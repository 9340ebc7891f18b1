"""A concrete case type used only by the workflow-engine tests."""

from __future__ import annotations

from typing import Any

from django.db import models

from minzheng.core.models import WorkflowCase
from minzheng.core.roles import Role
from minzheng.core.workflow import Transition, Workflow, register


def _amount_required(case: Any, actor: Any, params: Any) -> str | None:
    return None if params.get("amount") else "审批须填写金额"


SAMPLE = register(
    Workflow(
        name="sample",
        initial="applied",
        states={
            "applied": "已申请",
            "accepted": "已受理",
            "reviewed": "已审核",
            "approved": "已批准",
            "refused": "不予批准",
        },
        transitions=(
            Transition(
                "accept",
                "受理",
                frozenset({"applied"}),
                "accepted",
                frozenset({Role.CASEWORKER}),
                deadline_working_days=10,
            ),
            Transition(
                "review",
                "审核",
                frozenset({"accepted"}),
                "reviewed",
                frozenset({Role.TOWNSHIP_REVIEWER}),
                deadline_working_days="sample.decision_days",
            ),
            Transition(
                "approve",
                "批准",
                frozenset({"reviewed"}),
                "approved",
                frozenset({Role.COUNTY_APPROVER}),
                guard=_amount_required,
            ),
            Transition(
                "refuse",
                "不予批准",
                frozenset({"accepted", "reviewed"}),
                "refused",
                frozenset({Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER}),
                requires_note=True,
            ),
        ),
        final_states=frozenset({"approved", "refused"}),
    )
)


class SampleCase(WorkflowCase):
    workflow_name = "sample"
    title = models.CharField(max_length=50)

    class Meta:
        app_label = "workflowapp"


# A workflow step open to a duty (岗位) rather than a role: the engine lets a user
# whose role is not listed act when one of their duties is (core.duties).
SAMPLE_CLERK = "sample_clerk"

SAMPLE_DUTY = register(
    Workflow(
        name="sample_duty",
        initial="received",
        states={"received": "已接收", "stamped": "已盖章"},
        transitions=(
            Transition(
                "stamp",
                "盖章",
                frozenset({"received"}),
                "stamped",
                frozenset({SAMPLE_CLERK, Role.COUNTY_APPROVER}),
            ),
        ),
        final_states=frozenset({"stamped"}),
    )
)


class SampleDutyCase(WorkflowCase):
    workflow_name = "sample_duty"
    title = models.CharField(max_length=50)

    class Meta:
        app_label = "workflowapp"
