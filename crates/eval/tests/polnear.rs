//! Speaker accuracy on PolNeAR dev direct quotes (see
//! `chronicle_eval::polnear` for the metric), guarded against regression.
//! Reads `../shared/data/polnear/dev` next to the repository and skips,
//! with a message, when it is absent (PolNeAR text is never copied into
//! the project).

use std::path::PathBuf;
use std::time::Instant;

use chronicle_eval::polnear::evaluate_dir;

/// Measured when this guard was set (PolNeAR dev, 84 articles): quote F1
/// QUOTE_F1_NOW, speaker accuracy SPEAKER_NOW over all paired quotes with a
/// gold source. A regression of more than 0.02 fails.
const QUOTE_F1_NOW: f64 = 0.962;
const SPEAKER_NOW: f64 = 0.850;

#[test]
fn polnear_dev_speaker_accuracy_does_not_regress() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/polnear/dev");
    if !dir.is_dir() {
        eprintln!("skipping: {} not found", dir.display());
        return;
    }
    let t = Instant::now();
    let rep = evaluate_dir(&dir).expect("PolNeAR dev loads and scores");
    eprint!("{rep}");
    eprintln!("{}", rep.to_json_line());
    eprintln!("({:.1} s)", t.elapsed().as_secs_f64());
    assert_eq!(rep.articles, 84);
    assert!(
        rep.quotes.f1() >= QUOTE_F1_NOW - 0.02,
        "direct-quote F1 {:.3} fell below {:.3}",
        rep.quotes.f1(),
        QUOTE_F1_NOW - 0.02
    );
    assert!(
        rep.speaker.value_or_zero() >= SPEAKER_NOW - 0.02,
        "speaker accuracy {:.3} fell below {:.3}",
        rep.speaker.value_or_zero(),
        SPEAKER_NOW - 0.02
    );
}
