"""Machine pre-translation: engines, token masking, cache, and the run that drafts entries.

``engines`` (the interface) ← ``services`` (services that take lists, over ``http``),
``deep`` (deep-translator's translators), ``llm`` (chat-completions servers) and ``memory``
(offline matches); ``registry`` names them; ``masking`` and ``chunks`` prepare texts;
``judge`` decides which answers may become drafts; ``cache`` keeps answers; ``drafting``
sends and collects requests; ``pretranslate`` writes drafts into catalogs, and ``suggest``
drafts one segment for the review app.
"""

from .drafting import RetryPolicy
from .pretranslate import Options, Report, pretranslate
from .registry import DEFAULT_ENGINE, ENGINES, engine_table
from .suggest import Suggestion, suggestion_engines, translate_segment

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Options", "Report", "RetryPolicy", "Suggestion",
           "engine_table", "pretranslate", "suggestion_engines", "translate_segment"]
