"""newsprism: follow a news story across outlets.

From Python::

    import newsprism
    analysis = newsprism.analyze(["examples/palmyra-2016"], newsprism.Settings(db=":memory:"))
"""

from newsprism.api import analyze
from newsprism.model import Analysis
from newsprism.settings import Settings, load_settings

__all__ = ["Analysis", "Settings", "analyze", "load_settings"]
__version__ = "0.1.0"
