"""Numbers derived from the indicator values — intervals and pooled three-year values — checked against the
disclosure control's decision before anything is published.

An interval is a function of one value's numerator and denominator; a pooled value of the numerators and
denominators of up to three years. Neither adds a relation to the model when every value it is made from is
shown: it is then arithmetic over published numbers. So the rule the model needs is exactly that, and this
module enforces it: a derived number whose source value is hidden by the decision (a hidden year inside a
pooled window — «three years minus the two published ones» — or an interval beside a «к») stops the build,
naming the indicator, the entity and the year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..errors import PrivacyError

if TYPE_CHECKING:
    from . import Protection

HINT = "это ошибка программы: сообщите разработчикам; сайт не опубликован."


KEY = ["indicator", "entity_type", "entity_id", "year"]


def _hidden_values(protection: Protection) -> pd.DataFrame:
    """The indicator values the decision hides, as key columns."""
    rows = [key[1:] for key in sorted(protection.states, key=str) if key[0] == "value"]
    return pd.DataFrame(rows, columns=KEY).astype({"indicator": str, "entity_type": str, "entity_id": str, "year": int})


def _keys(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[KEY].astype({"indicator": str, "entity_type": str, "entity_id": str, "year": int})


def verify_derived(protection: Protection, values: pd.DataFrame, window: int) -> None:
    """Raise ``PrivacyError`` when an interval (``low``/``high``) stands beside a hidden value, or a pooled value
    (``pooled_numerator`` …) covers a year of its window (``window`` years up to its own) the decision hides."""
    hidden = _hidden_values(protection)
    interval = values["low"].notna() | values["high"].notna()
    pooled = values["pooled_numerator"].notna() | values["pooled_denominator"].notna() | values["pooled_value"].notna()
    derived = _keys(values[interval | pooled])
    clash = derived.merge(hidden, on=KEY)
    if not clash.empty:
        first = clash.iloc[0]
        raise PrivacyError(f"Интервал или значение за три года показателя {first['indicator']} ({first['entity_type']} "
                           f"{first['entity_id']}, {first['year']}) опубликовали бы скрытое значение.", HINT)
    windows = _keys(values[pooled])
    for back in range(1, window):
        earlier = windows.assign(year=windows["year"] - back).merge(hidden, on=KEY)
        if not earlier.empty:
            first = earlier.iloc[0]
            raise PrivacyError(f"Значение за три года показателя {first['indicator']} ({first['entity_type']} "
                               f"{first['entity_id']}, {first['year'] + back}) включает скрытый {first['year']} год: "
                               "вместе с опубликованными годами оно раскрыло бы его.", HINT)
