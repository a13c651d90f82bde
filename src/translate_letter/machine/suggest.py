"""One segment through one engine, for the review app's suggestions: the same masking,
cache, retries and judging of answers as ``pretranslate``, nothing written to a catalog."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.config import Settings
from ..core.errors import UserError
from ..core.glossary import load_glossary
from ..storage import Database, Location, configured, instance_path
from .cache import TranslationCache
from .drafting import Drafter, DraftJob, EngineDown, RetryPolicy
from .engines import EngineError, MachineTranslator, Passage
from .pretranslate import Options, engine_config, engine_down
from .registry import ENGINES, open_engine

SETTING = "suggestion-engines"


@dataclass(frozen=True)
class Suggestion:
    """An engine's draft of one job, or why there is none (``problem``, in words the
    review app shows in its interface language); a memory match whose tokens differ from
    the source has both."""

    engine: str
    text: str | None
    origin: str | None = None
    problem: UserError | None = None


class _Collect:
    def __init__(self) -> None:
        self.text: str | None = None
        self.problem: str | None = None

    def drafted(self, job: DraftJob, text: str) -> None:
        self.text = text

    def failed(self, job: DraftJob, reason: str) -> None:
        self.problem = reason

    def flush(self) -> None:
        return


def translate_segment(settings: Settings, engine_name: str, lang: str, msgid: str,
                      passage: Passage | None = None, options: Options | None = None,
                      cache: Database | Location | None = None) -> Suggestion:
    """``msgid`` drafted into ``lang`` by the machine engine called ``engine_name`` (the
    memory is asked through the review's own), through the cache (the review database
    ``cache``, default the one in the project's ``instance/``) and the judging of answers
    that ``pretranslate`` uses; a bad setting or an unknown engine is a :class:`UserError`,
    an engine that fails gives a suggestion with a problem."""
    options = options or Options(engine=engine_name, retries=1)
    engine = open_engine(engine_name, engine_config(settings, options))
    try:
        engine.prepare(settings.source_language, [lang])
        assert isinstance(engine, MachineTranslator)
        cache = TranslationCache(cache or configured(settings, instance_path(settings.root)))
        try:
            drafter = Drafter(engine, cache, load_glossary(settings.locales_dir),
                              settings.source_language, 1, RetryPolicy(options.retries))
            collect = _Collect()
            drafter.run([drafter.job(lang, msgid, passage)], collect)
        finally:
            cache.close()
        if collect.text is None:
            return Suggestion(engine.name, None, problem=UserError(collect.problem or ""))
        return Suggestion(engine.name, collect.text, engine.origin)
    except EngineDown as down:
        return Suggestion(engine.name, None, problem=engine_down(engine, down.error))
    except EngineError as error:
        return Suggestion(engine.name, None, problem=engine_down(engine, error))
    finally:
        engine.close()


def suggestion_engines(settings: Settings) -> list[str]:
    """The engines the review app offers as suggestions (setting ``suggestion-engines``,
    default the memory alone)."""
    value = settings.setting(SETTING)
    unknown = [v for v in value if v not in ENGINES]
    if unknown:
        raise UserError(f"setting {SETTING}: unknown engine {unknown[0]!r} "
                        f"(one of {', '.join(ENGINES)})")
    return value
