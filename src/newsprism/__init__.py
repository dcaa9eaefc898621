"""newsprism: follow a news story across outlets.

From Python::

    import newsprism
    analysis = newsprism.analyze(["examples/palmyra-2016"], newsprism.Settings(db=":memory:"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsprism.model import Analysis
from newsprism.settings import Settings, load_settings

if TYPE_CHECKING:
    from newsprism.api import analyze

__all__ = ["Analysis", "Settings", "analyze", "load_settings"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """`newsprism.analyze`, imported when first used: the library takes seconds to import,
    which `newsprism spark` spends starting Spark's JVM at the same time."""
    if name == "analyze":
        from newsprism.api import analyze

        return analyze
    raise AttributeError(f"module 'newsprism' has no attribute {name!r}")
