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


def _hidden(protection: Protection, indicator: str, entity_type: str, entity_id: str, year: int) -> bool:
    return protection.state(("value", indicator, entity_type, entity_id, int(year))) is not None


def verify_derived(protection: Protection, values: pd.DataFrame, window: int) -> None:
    """Raise ``PrivacyError`` when an interval (``low``/``high``) stands beside a hidden value, or a pooled value
    (``pooled_numerator`` … from ``pooled_from``) covers a year the decision hides."""
    present = {(str(i), str(t), str(e), int(y)) for i, t, e, y in
               values[["indicator", "entity_type", "entity_id", "year"]].itertuples(index=False, name=None)}
    interval = (values["low"].notna() | values["high"].notna()).to_numpy()
    pooled = (values["pooled_numerator"].notna() | values["pooled_denominator"].notna()
              | values["pooled_value"].notna()).to_numpy()
    keys = values[["indicator", "entity_type", "entity_id", "year"]].to_numpy(dtype=object)
    for position in (interval | pooled).nonzero()[0]:
        indicator, entity_type, entity_id, year = (str(item) for item in keys[position])
        year = int(year)
        if _hidden(protection, indicator, entity_type, entity_id, year):
            raise PrivacyError(f"Интервал или значение за три года показателя {indicator} ({entity_type} {entity_id}, "
                               f"{year}) опубликовали бы скрытое значение.", HINT)
        if not pooled[position]:
            continue
        for earlier in range(year - window + 1, year):
            key = (indicator, entity_type, entity_id, earlier)
            if key in present and _hidden(protection, *key):
                raise PrivacyError(f"Значение за три года показателя {indicator} ({entity_type} {entity_id}, "
                                   f"{year}) включает скрытый {earlier} год: вместе с опубликованными годами оно "
                                   "раскрыло бы его.", HINT)
