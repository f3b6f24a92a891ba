//! Every White House readout titled "Readout of X's Call/Meeting with Y":
//! the call or meeting must be found from the body alone (see
//! `chronicle_eval::readouts`). A regression guard over the whole shared
//! file; skipped, with a message, when `../shared` is absent.

use std::path::PathBuf;
use std::time::Instant;

use chronicle_eval::readouts::evaluate_file;

/// Recall measured when this guard was set (RECALL_NOW over USED_NOW usable
/// readouts). A regression of more than 0.02 fails.
const RECALL_NOW: f64 = 0.851;
const USED_NOW: usize = 466;

#[test]
fn readout_recall_does_not_regress() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/whitehouse/docs.jsonl");
    if !path.is_file() {
        eprintln!("skipping: {} not found", path.display());
        return;
    }
    let t = Instant::now();
    let rep = evaluate_file(&path).expect("the White House file loads");
    eprint!("{rep}");
    eprintln!("{}", rep.to_json_line());
    eprintln!("({:.1} s)", t.elapsed().as_secs_f64());
    // The title parser is part of what is guarded: losing usable readouts
    // would make the recall meaningless.
    assert!(
        rep.used() >= USED_NOW - USED_NOW / 50,
        "only {} usable readouts",
        rep.used()
    );
    assert!(
        rep.overall.value_or_zero() >= RECALL_NOW - 0.02,
        "readout recall {:.3} fell below {:.3}",
        rep.overall.value_or_zero(),
        RECALL_NOW - 0.02
    );
}
