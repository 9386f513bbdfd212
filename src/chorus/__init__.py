"""Chorus: multilingual news articles into stories with cited, neutral briefs.

>>> import chorus
>>> chorus.__version__ >= "0.1.0"
True
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("chorus-news")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.1.0"

from chorus.errors import ChorusError, ConfigError, InputError, StageError, StoreError

__all__ = [
    "ChorusError",
    "ConfigError",
    "InputError",
    "StageError",
    "StoreError",
    "__version__",
]
