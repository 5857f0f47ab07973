"""The diagnosis guider and the LLM: one grounded prompt per record, then one paid answer per prompt."""
import os

import dagster as dg

from assets.checks import quarantine_share_result, quarantine_share_spec
from assets.partitions import batches
from assets.resources import DataStore
from gem_data import guider
from gem_data.llm import responses
from gem_data.llm.models import LlmConfig

_G = guider.GuiderConfig()
_L = LlmConfig()


class LlmResource(dg.ConfigurableResource):
    """The LLM endpoint. ``api_key`` comes from ``dg.EnvVar("OPENAI_API_KEY")``; with no key and no
    ``base_url`` the offline template backend answers. Defaults live in gem_data.llm.models.LlmConfig."""

    api_key: str | None = None
    backend: str = "auto"  # auto | openai | template
    mode: str = _L.mode  # online | batch (Batch API)
    model: str = _L.model
    base_url: str | None = None
    azure_api_version: str | None = None
    temperature: float | None = None
    seed: int | None = None
    max_output_tokens: int = _L.max_output_tokens
    concurrency: int = _L.concurrency
    rpm: int = _L.rpm
    tpm: int = _L.tpm
    budget_usd: float | None = None

    def config(self) -> LlmConfig:
        backend = self.backend
        if backend == "auto":
            backend = "openai" if self.api_key or self.base_url else "template"
        fields = self.model_dump(exclude={"api_key", "backend"})
        return LlmConfig(backend=backend, **fields)


def llm_resource() -> LlmResource:
    """The resource for definitions: the key through ``dg.EnvVar`` when set, else the template backend."""
    if os.environ.get("OPENAI_API_KEY"):
        return LlmResource(api_key=dg.EnvVar("OPENAI_API_KEY"))
    return LlmResource()


class GuiderParams(dg.Config):
    """Which prompt template and question set (prompts/), and the wording seed."""

    template: str = _G.template
    questions: str = _G.questions
    seed: int = _G.seed
    extra_features: list[str] = list(_G.extra_features)
    require_image: bool = _G.require_image


@dg.asset(partitions_def=batches, deps=["ecg_catalog", "ecg_features", "ecg_images"], group_name="llm",
          kinds={"parquet"}, check_specs=[quarantine_share_spec("guider_prompts", "guider")])
def guider_prompts(context: dg.AssetExecutionContext, config: GuiderParams, store: DataStore,
                   llm: LlmResource) -> dg.MaterializeResult:
    """One generation prompt per record: report, machine measurements, the record's rhythm and voltage
    facts, every trusted beat of the 14 features in all 12 leads (doubtful values shown as not
    measurable), and the rendered page; with the request key, token counts and estimated cost under
    the configured LLM."""
    params = config.model_dump()
    summary = guider.build_batch(store.layout(), context.partition_key, guider.GuiderConfig(
        **{**params, "extra_features": tuple(params["extra_features"])}, llm=llm.config()))
    check = quarantine_share_result(store.layout(), "guider", context.partition_key, summary.n_quarantined,
                                    summary.n_records, store.max_quarantine_share)
    return dg.MaterializeResult(check_results=[check], metadata={
        "dagster/row_count": summary.n_prompts,
        "quarantined": summary.n_quarantined,
        "prompt_version": summary.prompt_version,
        "text_tokens_median": summary.text_tokens_median,
        "text_tokens_p95": summary.text_tokens_p95,
        "image_tokens_median": summary.image_tokens_median,
        "est_cost_usd": round(summary.est_cost_usd, 4),
        "preview": dg.MetadataValue.md(summary.preview_md),
    })


@dg.asset(partitions_def=batches, deps=[guider_prompts], group_name="llm", pool="llm_api",
          kinds={"openai", "parquet"})
def llm_responses(context: dg.AssetExecutionContext, store: DataStore, llm: LlmResource) -> dg.MaterializeResult:
    """One interpretation per prompt, each paid for at most once (durable ledger); failed rows keep
    their reason and are retried on the next materialization. Pool ``llm_api`` bounds runs calling out."""
    summary = responses.build_batch(store.layout(), context.partition_key, llm.config(), llm.api_key)
    return dg.MaterializeResult(metadata={
        "dagster/row_count": summary.n_rows,
        "backend": summary.backend,
        "model": summary.model,
        "ok": summary.n_ok,
        "failed": summary.n_failed,
        "skipped_budget": summary.n_skipped_budget,
        "from_cache": summary.n_from_cache,
        "possibly_billed_twice": summary.n_possibly_billed_twice,
        "cost_usd": round(summary.cost_usd, 4),
        "cost_new_usd": round(summary.cost_new_usd, 4),
        "errors": dg.MetadataValue.json(summary.errors),
        "preview": dg.MetadataValue.md(summary.preview_md),
    })
