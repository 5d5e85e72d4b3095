"""attrib: who says what in a news article, and how firmly.

>>> import attrib
>>> model = attrib.load()
>>> model.predict("The ministry said the bridge could reopen in May.")[0].certainty
'possible'
"""

__version__ = "0.1.0"


def load(path=None):
    """Load a model directory (default: the shipped ``model/``); see :mod:`attrib.api`."""
    from .api import load as _load

    return _load(path)


__all__ = ["load", "__version__"]
