"""A choice among stored values shown with their Dutch labels (roles, the coach's verdicts)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any


def labelled_choice(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[str],
    current: str,
    labels: Mapping[str, str],
    **kwargs: Any,
) -> Any:
    """``widget`` (``st.radio``, ``column.selectbox`` ...) over ``options``, each shown as
    ``labels[option]``, starting at ``current``; ``kwargs`` go to the widget (key, on_change)."""
    return widget(
        label, options, index=list(options).index(current), format_func=labels.__getitem__, **kwargs
    )
