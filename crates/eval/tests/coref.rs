//! Mention clustering on GUM dev (see `chronicle_eval::coref`): a
//! regression guard on the CoNLL F1 of the names key; skipped, with a
//! message, when `../shared` is absent.

use std::path::PathBuf;

use chronicle_eval::coref::evaluate;

/// CoNLL F1 (names key) on GUM dev when this guard was set; a drop of more
/// than 0.02 fails.
const CONLL_F1_NOW: f64 = 0.709;

#[test]
fn gum_dev_clustering_does_not_regress() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud/en_gum-ud-dev.conllu");
    if !path.is_file() {
        eprintln!("skipping: {} not found", path.display());
        return;
    }
    let rep = evaluate(&[path]).expect("GUM dev loads");
    eprint!("{rep}");
    eprintln!("{}", rep.to_json_line());
    assert!(rep.documents >= 30, "only {} documents", rep.documents);
    assert!(rep.names.key_clusters > 300, "key clusters lost");
    let f1 = rep.names.conll_f1();
    assert!(
        f1 >= CONLL_F1_NOW - 0.02,
        "CoNLL F1 {f1:.3} fell below {:.3}",
        CONLL_F1_NOW - 0.02
    );
}
