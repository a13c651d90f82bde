"""Machine pre-translation: engines, token masking, cache, and the run that drafts entries.

``engines`` (the interface) ← ``services`` (deep-translator's translators, through ``http``)
and ``memory`` (offline matches); ``registry`` names them; ``masking`` and ``chunks`` prepare
texts; ``cache`` keeps answers; ``pretranslate`` runs it all.
"""

from .pretranslate import Options, Report, RetryPolicy, pretranslate
from .registry import DEFAULT_ENGINE, ENGINES, engine_table

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Options", "Report", "RetryPolicy", "engine_table",
           "pretranslate"]
