"""What a chart says, as data: the kind, the words and the values (with optional interval bounds)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from .. import typography as ty

#: Okabe & Ito (2008): eight colours that stay distinct for the common forms of colour-blindness; yellow is
#: last because a yellow line on white is hard to see for anyone
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
#: marks «2»…«5»: from vermillion (poor) through sky blue to dark blue (excellent), all Okabe–Ito
MARK_COLOURS = ("#D55E00", "#E69F00", "#56B4E9", "#0072B2")
KINDS = ("trend", "bars", "stacked", "distribution")


@dataclass(frozen=True)
class Chart:
    """One chart: where it goes, what it says in words, and its data.

    ``kind`` is ``trend`` (``labels`` on x, ``series`` of values with gaps as ``None``), ``bars`` (horizontal
    bars: ``labels`` and ``series``), ``stacked`` (100 % bars: ``labels``, ``series`` = segments) or
    ``distribution`` (``series[0]`` = the values of organisations, drawn as a histogram — never as a ranking —
    with ``reference``, the municipal value, marked). A series is ``{"name", "values"}`` and may carry
    ``"low"``/``"high"`` (interval bounds per point, drawn as error bars) and ``"dashed"``.
    """

    path: str
    kind: str
    title: str
    description: str
    unit: str
    labels: list[str]
    series: list[dict[str, Any]]
    reference: float | None = None
    reference_label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def key(self) -> str:
        """Hash of everything that shapes the drawing (not of where it is written)."""
        from .draw import CODE_VERSION

        payload = {k: v for k, v in asdict(self).items() if k != "path"}
        payload["code"] = CODE_VERSION
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def axis_label(value: float, unit: str, step: float) -> str:
    """A tick label in Russian: ``12,5 %``, ``1 200``; as many decimals as the tick step needs."""
    digits = next((d for d in range(4) if abs(round(step, d) - step) < 1e-9), 3)
    text = ty.fmt_number(value, digits)
    return f"{text}{ty.NBSP}%" if unit == "процент" else text


def value_label(value: float, unit: str) -> str:
    """A value printed beside its mark: one decimal for shares and scores, none for counts."""
    if unit in {"человек", "единица"}:
        return ty.fmt_number(value, 0, trim=True)
    text = ty.fmt_number(value, 1)
    return f"{text}{ty.NBSP}%" if unit == "процент" else text
