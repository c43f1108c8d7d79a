//! The registry of metric names a `[[claim]]` may use, with their units.
//!
//! One table, so validation ("unknown metric, did you mean …"), formatting and the
//! schema documentation all read the same list.

/// How a metric's figures are measured; drives formatting and chart scales.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A plain count (chips, jobs, views).
    Count,
    /// Money; the claim's `currency` says which (USD by default).
    Money,
    /// Floating-point operations.
    Flop,
    /// Billions of parameters.
    BillionParams,
    /// Trillions of tokens.
    TrillionTokens,
    /// A raw number of tokens.
    Tokens,
    /// GPU-hours.
    GpuHours,
    /// Hours of wall time.
    Hours,
    /// Days of wall time.
    Days,
    /// Months of wall time.
    Months,
    /// A percentage (may be negative for changes).
    Percent,
    /// A multiple ("8×").
    Ratio,
    /// A calendar year.
    Year,
    /// A calendar date.
    Date,
    /// Peak TFLOP/s.
    Tflops,
    /// Gigabytes.
    Gigabytes,
    /// Terabytes per second.
    TbPerSec,
    /// Gigabytes per second.
    GbPerSec,
    /// Watts.
    Watts,
    /// A rank (1 = first).
    Rank,
    /// Free text (qualitative claims).
    Text,
}

impl Unit {
    /// Whether figures of this unit may be negative (changes, not quantities).
    pub fn allows_negative(self) -> bool {
        matches!(self, Unit::Percent)
    }

    /// Whether a figure's text already names its unit (`$5.6M`, `€20M`, `236B`, `14.8T`,
    /// `12%`, `8×`, `#3`): a header over such figures names no unit, so it is never said twice
    /// (and a column mixing currencies says each where it varies: in the cell).
    pub fn shown_in_cells(self) -> bool {
        matches!(
            self,
            Unit::Money | Unit::BillionParams | Unit::TrillionTokens | Unit::Percent | Unit::Ratio | Unit::Rank
        )
    }

    /// Short unit label for headers ("USD", "FLOP"); empty for plain counts.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Count | Unit::Rank | Unit::Year | Unit::Date | Unit::Text => "",
            Unit::Money => "USD",
            Unit::Flop => "FLOP",
            Unit::BillionParams => "B",
            Unit::TrillionTokens => "T tok",
            Unit::Tokens => "tok",
            Unit::GpuHours => "GPU-h",
            Unit::Hours => "h",
            Unit::Days => "d",
            Unit::Months => "mo",
            Unit::Percent => "%",
            Unit::Ratio => "×",
            Unit::Tflops => "TFLOP/s",
            Unit::Gigabytes => "GB",
            Unit::TbPerSec => "TB/s",
            Unit::GbPerSec => "GB/s",
            Unit::Watts => "W",
        }
    }
}

/// One metric a claim may be about.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metric {
    /// The name written in `metric = "…"` (and, for record fields, the key name).
    pub id: &'static str,
    /// Human label.
    pub label: &'static str,
    /// Unit of its figures.
    pub unit: Unit,
}

const fn m(id: &'static str, label: &'static str, unit: Unit) -> Metric {
    Metric { id, label, unit }
}

/// Every metric name a claim may use. Record fields with figures are listed first, under their
/// own key names, so a claim about `chips` and the `chips` column are one metric (each field's
/// declaration in `schema` names its metric here, checked at compile time).
pub const METRICS: &[Metric] = &[
    // Model fields.
    m("params_b", "parameters (total)", Unit::BillionParams),
    m("active_params_b", "parameters (active)", Unit::BillionParams),
    m("tokens_t", "training tokens", Unit::TrillionTokens),
    m("chips", "chips", Unit::Count),
    m("gpu_hours", "GPU-hours", Unit::GpuHours),
    m("train_flop", "training compute", Unit::Flop),
    m("cost_usd", "training cost", Unit::Money),
    m("released", "release date", Unit::Date),
    m("amount_usd", "amount", Unit::Money),
    // Compute / lab money.
    m("capex_usd", "capital spending", Unit::Money),
    m("investment_usd", "investment", Unit::Money),
    m("hardware_spend_usd", "hardware spend", Unit::Money),
    m("opex_usd", "operating costs", Unit::Money),
    m("opex_usd_per_year", "operating costs per year", Unit::Money),
    m("funding_usd", "funding raised", Unit::Money),
    m("valuation_usd", "valuation", Unit::Money),
    m("revenue_usd", "revenue", Unit::Money),
    m("writedown_usd", "write-down", Unit::Money),
    m("market_cap_loss_usd", "market-cap loss", Unit::Money),
    m("price_usd", "price", Unit::Money),
    m("rental_usd_per_gpu_hour", "rental price per GPU-hour", Unit::Money),
    m("price_per_1k_tokens", "price per 1,000 tokens", Unit::Money),
    // Compute detail.
    m("gpu_fleet", "GPU fleet", Unit::Count),
    m("planned_chips", "planned chips", Unit::Count),
    m(
        "gpu_hours_per_t_tokens",
        "GPU-hours per trillion tokens",
        Unit::GpuHours,
    ),
    m("experts", "routed experts", Unit::Count),
    m("context_tokens", "context length", Unit::Tokens),
    m("tokens_per_day", "tokens per day", Unit::Tokens),
    m("threshold_flop", "compute threshold", Unit::Flop),
    m("train_hours", "training duration", Unit::Hours),
    m("train_days", "training duration", Unit::Days),
    m("train_months", "training duration", Unit::Months),
    // Chip fields.
    m("bf16_tflops", "peak dense BF16", Unit::Tflops),
    m("fp8_tflops", "peak dense FP8", Unit::Tflops),
    m("memory_gb", "memory", Unit::Gigabytes),
    m("mem_bw_tbs", "memory bandwidth", Unit::TbPerSec),
    m("interconnect_gbs", "GPU-GPU interconnect", Unit::GbPerSec),
    m("tdp_w", "thermal design power", Unit::Watts),
    // Relative figures.
    m("cost_ratio", "cost relative to another", Unit::Ratio),
    m("cost_share_pct", "cost as a share of another", Unit::Percent),
    m("speed_ratio", "speed relative to another", Unit::Ratio),
    m("price_ratio", "price relative to another", Unit::Ratio),
    m("saving_pct", "saving", Unit::Percent),
    m("change_pct", "change", Unit::Percent),
    m(
        "compute_multiple",
        "total compute as a multiple of the final run",
        Unit::Ratio,
    ),
    // Counts of people, things, attention.
    m("jobs", "jobs", Unit::Count),
    m("users", "users", Unit::Count),
    m("views", "views", Unit::Count),
    m("count", "count", Unit::Count),
    m("models_count", "number of models", Unit::Count),
    m("rank", "rank", Unit::Rank),
    // Dates and years.
    m("founded", "founding date", Unit::Date),
    m("date", "date", Unit::Date),
    m("year", "year", Unit::Year),
    m("birth_year", "birth year", Unit::Year),
    // Qualitative.
    m("statement", "statement", Unit::Text),
    m("capability", "capability claim", Unit::Text),
    m("licence", "licence", Unit::Text),
    m("education", "education", Unit::Text),
    m("funders", "funders", Unit::Text),
    m("arch", "architecture", Unit::Text),
    // Added for the bundled dataset (data/labs.toml).
    m("mfu_pct", "model FLOP utilisation", Unit::Percent),
    m("emissions_tco2eq", "emissions (tCO2eq)", Unit::Count),
    m("achieved_tflops_per_gpu", "achieved throughput per GPU", Unit::Tflops),
    m("build_days", "build time", Unit::Days),
    m(
        "interconnect_ratio",
        "interconnect bandwidth relative to another",
        Unit::Ratio,
    ),
    // Added for Epoch AI imports: Epoch's dataset sizes are "datapoints" (tokens, images,
    // …), not tokens; and its hardware utilisation is its own column, not necessarily MFU.
    m("dataset_datapoints", "training dataset size (datapoints)", Unit::Count),
    m("hardware_utilization_pct", "hardware utilisation", Unit::Percent),
];

/// The metric named `id`, at compile time: a record's figure field names its metric through
/// this, so a name that is not registered does not compile.
pub const fn get(id: &str) -> &'static Metric {
    let mut i = 0;
    while i < METRICS.len() {
        if same(METRICS[i].id, id) {
            return &METRICS[i];
        }
        i += 1;
    }
    panic!("no such metric")
}

/// String equality usable at compile time.
pub const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Looks a metric up by name.
pub fn find(id: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.id == id)
}

/// All metric names, for "did you mean" suggestions.
pub fn names() -> impl Iterator<Item = &'static str> {
    METRICS.iter().map(|m| m.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_names_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for m in METRICS {
            assert!(seen.insert(m.id), "duplicate metric {}", m.id);
            assert!(
                m.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{} is not snake_case",
                m.id
            );
        }
    }

    #[test]
    fn finds_known_and_rejects_unknown() {
        assert_eq!(find("cost_usd").map(|m| m.unit), Some(Unit::Money));
        assert!(find("cost").is_none());
    }
}
