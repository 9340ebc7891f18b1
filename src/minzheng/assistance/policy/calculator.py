"""The policy calculator: `calculate(request) -> response`, both plain JSON-able dicts.

This is the contract the calculator page and the HTTP endpoint expose
unchanged (docs/assistance-policy.md). It never raises on a bad request: the
response then has `ok: false` and `errors`, each with the field path and a
Chinese message. Parameters are the caller's configuration for the
household's county and date (the Django side resolves them from its
versioned ConfigValue table); without them the labelled example defaults are
used, and the request may override single keys for a what-if calculation.
"""

from __future__ import annotations

from collections.abc import Mapping

from minzheng.assistance.policy.engine import Assessment, assess
from minzheng.assistance.policy.fast_track import assess_fast_track
from minzheng.assistance.policy.notification import one_time_notification
from minzheng.assistance.policy.parameter_specs import example_values
from minzheng.assistance.policy.parameters import (
    ParameterError,
    PolicyParameters,
    build_parameters,
)
from minzheng.assistance.policy.request import VERSION, CalculatorRequest, parse_request
from minzheng.assistance.policy.request_reader import FieldError, RequestError
from minzheng.assistance.policy.response import (
    JSON,
    fast_track_dict,
    household_dict,
    notification_dict,
    programmes_dict,
    review_dict,
)
from minzheng.assistance.policy.review import review


def calculate(request: object, *, parameters: Mapping[str, str] | None = None) -> JSON:
    """Decide every requested programme for the household described by `request`.

    `parameters` is the resolved configuration (key -> string value) for the
    household's area and decision date; None means the example defaults.
    """
    try:
        parsed = parse_request(request)
    except RequestError as exc:
        return error_response(exc.errors)
    return respond(parsed, parameters=parameters)


def respond(parsed: CalculatorRequest, *, parameters: Mapping[str, str] | None = None) -> JSON:
    """The response to a request already parsed (the caller needed its decision date to
    resolve `parameters`)."""
    try:
        params = _parameters(parsed, parameters)
    except RequestError as exc:
        return error_response(exc.errors)
    return _response(parsed, assess(parsed.household, params), params, parameters is None)


def error_response(errors: tuple[FieldError, ...] | list[FieldError]) -> JSON:
    return {
        "version": VERSION,
        "ok": False,
        "errors": [{"path": error.path, "message": error.message} for error in errors],
    }


def _parameters(parsed: CalculatorRequest, base: Mapping[str, str] | None) -> PolicyParameters:
    """Base configuration (or the examples) overlaid with the request's overrides."""
    values = {**(example_values() if base is None else base), **parsed.parameters}
    try:
        return build_parameters(values)
    except ParameterError as exc:
        errors = [FieldError(f"parameters.{p.key}", p.message) for p in exc.problems]
        raise RequestError(errors) from exc


def _response(
    parsed: CalculatorRequest, assessment: Assessment, params: PolicyParameters, examples: bool
) -> JSON:
    household = parsed.household
    response: JSON = {
        "version": VERSION,
        "ok": True,
        "decision_date": household.decision_date.isoformat(),
        "area_class": household.area_class.value,
        "parameters": {"example_defaults": examples, "overridden": sorted(parsed.parameters)},
        "household": household_dict(assessment),
        "programmes": programmes_dict(assessment, parsed.programmes),
        "fast_track": None,
        "notification": None,
        "reviews": [],
    }
    application = parsed.application
    if application is not None:
        decision = assessment[application.programme]
        response["fast_track"] = fast_track_dict(assess_fast_track(household, decision, params))
        notice = one_time_notification(
            household,
            application.programme,
            params,
            submitted=application.submitted,
            channel=application.channel,
            fast_track=application.fast_track,
        )
        response["notification"] = notification_dict(notice)
    if parsed.review is not None:
        voluntary = parsed.review.voluntary_exit
        response["reviews"] = [
            review_dict(review(previous, assessment, params, voluntary_exit=voluntary))
            for previous in parsed.review.previous
        ]
    return response
