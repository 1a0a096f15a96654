//! Reads criterion's median estimates for two benchmarks of one run and prints their ratio.

use std::path::PathBuf;

fn median_ns(group: &str, bench: &str) -> Option<f64> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let file = target
        .join("criterion")
        .join(group)
        .join(bench)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(file).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    estimates["median"]["point_estimate"].as_f64()
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
