//! Reads criterion's median estimates for two benchmarks of one run and prints their ratio.

use std::path::PathBuf;

fn median_ns(group: &str, bench: &str) -> Option<f64> {
    // The workspace's target folder: the nearest one above the bench's crate.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .ancestors()
                .map(|dir| dir.join("target"))
                .find(|dir| dir.join("criterion").is_dir())
        })?;
    let file = target
        .join("criterion")
        .join(group)
        .join(bench)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(file).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

/// Prints the throughput of `bench` (`elements` per iteration) from its median, and whether it
/// reaches `goal` elements per second; with `baseline`, also the ratio of their medians.
#[allow(clippy::print_stdout)] // reporting is this function's job
#[allow(dead_code)] // not every bench that includes this module uses it
pub(crate) fn throughput(
    group: &str,
    bench: &str,
    baseline: Option<&str>,
    elements: f64,
    goal: f64,
) {
    let Some(median) = median_ns(group, bench) else {
        println!("{group}: no estimate for {bench} (was the run filtered?)");
        return;
    };
    let per_second = elements / (median / 1e9);
    let verdict = if per_second >= goal { "meets" } else { "BELOW" };
    let ratio = baseline
        .and_then(|baseline| median_ns(group, baseline).map(|b| (baseline, median / b)))
        .map(|(baseline, ratio)| format!("; {ratio:.2}x the time of {baseline}"))
        .unwrap_or_default();
    println!(
        "{group}: {bench} {per_second:.0} elements/s (median; {verdict} the goal of {goal:.0}/s){ratio}"
    );
}

/// Prints `ours / baseline` for the medians of one group, and whether it is within `limit`.
#[allow(clippy::print_stdout)] // reporting is this function's job
pub(crate) fn report(group: &str, ours: &str, baseline: &str, limit: f64) {
    match (median_ns(group, ours), median_ns(group, baseline)) {
        (Some(a), Some(b)) => {
            let ratio = a / b;
            let verdict = if ratio <= limit { "within" } else { "OVER" };
            println!(
                "{group}: {ours} {:.3} ms / {baseline} {:.3} ms = {ratio:.2}x (median; {verdict} the {limit:.2}x target)",
                a / 1e6,
                b / 1e6
            );
        }
        _ => println!("{group}: no estimates to compare (was the run filtered?)"),
    }
}

/// Alternates short rounds of `baseline` and `ours` and prints the median of the per-round
/// ratios: on a shared machine, load that drifts during a run shifts both sides of a round
/// alike, where it would shift two separate criterion measurements apart.
#[allow(clippy::print_stdout)] // reporting is this function's job
#[allow(dead_code)] // not every bench that includes this module uses it
pub(crate) fn interleaved(
    name: &str,
    limit: f64,
    mut baseline: impl FnMut(),
    mut ours: impl FnMut(),
) {
    use std::time::Instant;
    const ROUNDS: usize = 201;
    const PER_ROUND: usize = 50;
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..PER_ROUND {
            f();
        }
        start.elapsed().as_secs_f64()
    };
    // Warm both up before measuring.
    time(&mut baseline);
    time(&mut ours);
    let mut ratios: Vec<f64> = (0..ROUNDS)
        .map(|round| {
            // Alternate which side goes first, so neither always runs on a warmer cache.
            if round % 2 == 0 {
                let b = time(&mut baseline);
                time(&mut ours) / b
            } else {
                let o = time(&mut ours);
                o / time(&mut baseline)
            }
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ROUNDS / 2];
    let (low, high) = (ratios[ROUNDS / 4], ratios[3 * ROUNDS / 4]);
    let verdict = if median <= limit { "within" } else { "OVER" };
    println!(
        "{name}: interleaved median ratio {median:.3}x (quartiles {low:.3}-{high:.3}, {ROUNDS} rounds of {PER_ROUND}; {verdict} the {limit:.2}x target)"
    );
}
