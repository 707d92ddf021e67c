//! Per-query timing for the summary: a warm-up pass, then timed passes over a mix's distinct
//! queries; each query's latency (the median of its passes) weighs as often as the mix drew
//! it, so that the percentiles are those of the whole mix.

use super::Res;
use super::queries::{Mix, Query};
use std::time::{Duration, Instant};

/// Latencies of one engine on one mix.
#[derive(Debug, Clone)]
pub struct Timing {
    /// Median.
    pub p50: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Weighted mean.
    pub mean: Duration,
    /// Timed passes over the mix.
    pub passes: usize,
    /// The query with the slowest median, and that median.
    pub slowest: (Query, Duration),
    /// Each distinct query's latency (the median of its passes), in the mix's order.
    pub per_query: Vec<Duration>,
}

/// Percentiles of per-query latencies (in the mix's order) weighted by the mix.
pub fn of_latencies(mix: &Mix, latencies: &[Duration], passes: usize) -> Res<Timing> {
    let mut samples: Vec<(Duration, f64)> = latencies
        .iter()
        .zip(&mix.entries)
        .map(|(d, (_, n))| (*d, f64::from(*n)))
        .collect();
    let total: f64 = samples.iter().map(|s| s.1).sum();
    let mean = samples.iter().map(|(d, w)| d.as_secs_f64() * w).sum::<f64>() / total.max(1e-9);
    let (slow_i, slow_d) = latencies
        .iter()
        .enumerate()
        .max_by_key(|(_, d)| **d)
        .map(|(i, d)| (i, *d))
        .ok_or("empty mix")?;
    Ok(Timing {
        p50: percentile(&mut samples, 0.50),
        p99: percentile(&mut samples, 0.99),
        mean: Duration::from_secs_f64(mean),
        passes,
        slowest: (mix.entries[slow_i].0.clone(), slow_d),
        per_query: latencies.to_vec(),
    })
}

/// The best variant per query (an oracle): each distinct query's latency is the least of
/// `timings`' latencies for it. Returns the timing and, per timing, how many draws it won.
pub fn best_per_query(mix: &Mix, timings: &[&Timing]) -> Res<(Timing, Vec<u32>)> {
    let mut wins = vec![0u32; timings.len()];
    let mut best = Vec::with_capacity(mix.entries.len());
    for (i, (_, n)) in mix.entries.iter().enumerate() {
        let (k, d) = timings
            .iter()
            .enumerate()
            .map(|(k, t)| (k, t.per_query[i]))
            .min_by_key(|(_, d)| *d)
            .ok_or("no timings")?;
        wins[k] += n;
        best.push(d);
    }
    let passes = timings.iter().map(|t| t.passes).min().unwrap_or(0);
    Ok((of_latencies(mix, &best, passes)?, wins))
}

/// The weighted `p`-quantile of `samples` (duration, weight).
pub fn percentile(samples: &mut [(Duration, f64)], p: f64) -> Duration {
    samples.sort_by_key(|s| s.0);
    let total: f64 = samples.iter().map(|s| s.1).sum();
    let mut seen = 0.0;
    for (d, w) in samples.iter() {
        seen += w;
        if seen >= p * total {
            return *d;
        }
    }
    samples.last().map_or(Duration::ZERO, |s| s.0)
}

/// Times `run` on every distinct query of `mix`: one untimed warm-up pass (cut short after
/// `budget`), then timed passes, at least one and at most `max_passes`, adding passes only
/// while the timed ones took less than `budget` in all.
pub fn time_mix(
    mix: &Mix,
    max_passes: usize,
    budget: Duration,
    mut run: impl FnMut(&Query) -> Res<u64>,
) -> Res<Timing> {
    let warm = Instant::now();
    for (q, _) in &mix.entries {
        std::hint::black_box(run(q)?);
        if warm.elapsed() > budget {
            break;
        }
    }
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); mix.entries.len()];
    let started = Instant::now();
    let mut passes = 0;
    while passes < max_passes.max(1) && (passes == 0 || started.elapsed() < budget) {
        for (i, (q, _)) in mix.entries.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(run(q)?);
            per_query[i].push(t.elapsed());
        }
        passes += 1;
    }
    // Each distinct query's latency is the median of its passes (so that a scheduling hiccup
    // of this shared machine does not become the p99), weighted by its multiplicity.
    let medians: Vec<Duration> = per_query
        .iter_mut()
        .map(|times| {
            times.sort();
            times[times.len() / 2]
        })
        .collect();
    of_latencies(mix, &medians, passes)
}

/// The median of `n` runs of `f` (each returns its own measured duration).
pub fn median_of(n: usize, mut f: impl FnMut() -> Res<Duration>) -> Res<(Duration, Duration)> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n.max(1) {
        times.push(f()?);
    }
    times.sort();
    Ok((times[times.len() / 2], times[times.len() - 1]))
}

/// The middle value of `values` (the mean of the two middle ones for an even count; zero for
/// none).
pub fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    match values.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2,
    }
}

/// A duration for tables: µs below 1 ms, ms below 1 s, else s.
pub fn fmt(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1_000.0 {
        format!("{us:.0} µs")
    } else if us < 1_000_000.0 {
        format!("{:.2} ms", us / 1_000.0)
    } else {
        format!("{:.2} s", us / 1e6)
    }
}

/// `b / a` as a ratio for tables (`12.3×`; below 1 means `a` is slower).
pub fn ratio(a: Duration, b: Duration) -> String {
    let r = b.as_secs_f64() / a.as_secs_f64().max(1e-9);
    if r >= 100.0 {
        format!("{r:.0}×")
    } else if r >= 10.0 {
        format!("{r:.1}×")
    } else {
        format!("{r:.2}×")
    }
}
