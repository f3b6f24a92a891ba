//! Trains the recognizer (what `chronicle train ner` wires up):
//!
//! ```text
//! cargo run -p chronicle-ner --release --example train -- \
//!     ../shared/data/conll2003 crates/ner/models \
//!     ../shared/data/whitehouse/docs.jsonl ../shared/data/news/articles.jsonl
//! ```
//!
//! Options come from the environment: `NER_EPOCHS`, `NER_PRUNE`,
//! `NER_MIN_COUNT`, `NER_CLUSTERS` (C), `NER_VOCAB`, `NER_FORCE_CLUSTERS=1`.
use std::path::PathBuf;

use chronicle_ner::{train, TrainOptions};

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        anyhow::bail!("usage: train CONLL_DIR OUT_DIR [UNLABELED.jsonl...]");
    }
    let d = TrainOptions::default();
    let mut opts = TrainOptions {
        epochs: env("NER_EPOCHS", d.epochs),
        prune: env("NER_PRUNE", d.prune),
        min_feature_count: env("NER_MIN_COUNT", d.min_feature_count),
        folds: env("NER_FOLDS", d.folds),
        force_clusters: env("NER_FORCE_CLUSTERS", 0) == 1,
        verbose: true,
        ..d
    };
    opts.clusters.clusters = env("NER_CLUSTERS", opts.clusters.clusters);
    opts.clusters.max_vocab = env("NER_VOCAB", opts.clusters.max_vocab);
    let unlabeled: Vec<PathBuf> = args[2..].iter().map(PathBuf::from).collect();
    let r = train(
        &PathBuf::from(&args[0]),
        &unlabeled,
        &PathBuf::from(&args[1]),
        &opts,
    )?;
    if let Some(c) = &r.clusters {
        println!(
            "clusters: {} tokens, {} types, {} clustered into {} (read {:.1}s, clustering {:.1}s)",
            c.tokens, c.types, c.vocab, c.clusters, c.read_seconds, c.cluster_seconds
        );
    }
    let fmt = |v: &[f64]| {
        v.iter()
            .map(|f| format!("{f:.2}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!("dev F1 by epoch, stage 1: {}", fmt(&r.dev_f1_stage1));
    println!("dev F1 by epoch, stage 2: {}", fmt(&r.dev_f1_stage2));
    println!(
        "model {}: {} features, {} bytes; trained in {:.1}s",
        r.model_path.display(),
        r.features,
        r.model_bytes,
        r.train_seconds
    );
    println!("{}", r.dev);
    println!("{}", r.test);
    println!("{}", r.dev.to_json_line());
    println!("{}", r.test.to_json_line());
    Ok(())
}
